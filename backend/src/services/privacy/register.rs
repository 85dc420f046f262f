//! The record of processing activities (RGPD article 30), generated from the configuration and
//! the database as it is now, in Markdown or as print-ready HTML (one stylesheet, no script).

use diesel::dsl::count_star;
use diesel::prelude::*;
use portevoix_domain::wire::Role;
use sha2::{Digest, Sha256};

use crate::clock::{now_ms, to_datetime};
use crate::config::Settings;
use crate::db::schema::{
    council_answers, councils, outings, publications, quartiers, responses, testimonies, users,
};
use crate::db::DbConnection;
use crate::error::ApiError;

/// One section: a heading and its lines (a line starting with `- ` is a list item).
struct Section {
    title: &'static str,
    lines: Vec<String>,
}

struct Register {
    generated: String,
    sections: Vec<Section>,
}

fn count_by_role(conn: &mut DbConnection) -> QueryResult<Vec<(Role, i64)>> {
    users::table
        .filter(users::active.eq(true))
        .group_by(users::role)
        .select((users::role, count_star()))
        .order(users::role)
        .load(conn)
}

fn build(conn: &mut DbConnection, settings: &Settings) -> Result<Register, ApiError> {
    let months = settings.retention_months;
    let quartier_count: i64 = quartiers::table.count().get_result(conn)?;
    let council_count: i64 = councils::table.count().get_result(conn)?;
    let response_count: i64 = responses::table.count().get_result(conn)?;
    let testimony_count: i64 = testimonies::table.count().get_result(conn)?;
    let outing_count: i64 = outings::table.count().get_result(conn)?;
    let publication_count: i64 = publications::table.count().get_result(conn)?;
    let answer_count: i64 = council_answers::table.count().get_result(conn)?;
    let roles = count_by_role(conn)?;
    let role_line = |role: Role, label: &str| {
        let n = roles
            .iter()
            .find(|(r, _)| *r == role)
            .map_or(0, |(_, n)| *n);
        format!("- {label} : {n} compte(s) actif(s)")
    };
    let dpo = settings
        .dpo_contact
        .clone()
        .unwrap_or_else(|| "à renseigner (paramètre dpo_contact)".into());
    let url = settings
        .public_url
        .clone()
        .unwrap_or_else(|| "non renseignée (paramètre public_url)".into());
    let sections = vec![
        Section {
            title: "Responsable du traitement",
            lines: vec![
                format!("- Organisme : {}", settings.controller),
                format!("- Délégué·e à la protection des données / contact : {dpo}"),
                format!("- Application : Porte-Voix, {url}"),
            ],
        },
        Section {
            title: "Finalités",
            lines: vec![
                "- Recueillir, lors d'enquêtes flash et d'animations dans l'espace public, l'avis des habitant·es des quartiers prioritaires pour les conseils citoyens.".into(),
                "- Produire des résultats agrégés par quartier et par thème, et des citations anonymisées approuvées, pour les conseils citoyens et les rencontres inter-conseils.".into(),
                "- Suivre l'activité des volontaires (sorties, nombre de personnes abordées) et gérer les comptes et appareils.".into(),
                "- Base légale : intérêt légitime de l'association (mission d'appui aux conseils citoyens) ; consentement de la personne pour la citation de ses propos.".into(),
            ],
        },
        Section {
            title: "Personnes concernées",
            lines: vec![
                "- Habitant·es interrogé·es (anonymes : aucun nom, contact, adresse exacte, photo ni position GPS précise).".into(),
                role_line(Role::Volunteer, "Volontaires (service civique)"),
                role_line(Role::Coordinator, "Chargé·es de mission"),
                role_line(Role::CouncilMember, "Conseiller·es citoyen·nes"),
                role_line(Role::Admin, "Administrateur·rices"),
                format!("- Périmètre : {quartier_count} quartier(s), {council_count} conseil(s) citoyen(s)."),
            ],
        },
        Section {
            title: "Catégories de données",
            lines: vec![
                format!("- Réponses aux enquêtes ({response_count} enregistrée(s)) : quartier, lieu (libellé libre), créneau horaire, tranche d'âge facultative, réponses, code de reçu facultatif."),
                format!("- Paroles d'habitant·es ({testimony_count} enregistrée(s)) : texte libre, version expurgée des données personnelles (téléphones, courriels, adresses, noms…), consentement (citation ou comptage seul), thèmes, indicateur de données sensibles, décision de modération."),
                format!("- Sorties ({outing_count} enregistrée(s)) : quartier, lieu, horaires, nombre de personnes abordées et ayant répondu."),
                format!("- Publications aux conseils ({publication_count} enregistrée(s)) : résultats agrégés d'un quartier figés à une date (aucune donnée individuelle), avec le ou la chargé·e de mission qui a publié."),
                format!("- Réponses des conseils citoyens ({answer_count} enregistrée(s)) : texte écrit par un·e conseiller·e sur un thème, son compte, la décision de publication et son auteur·e ; le nom n'est jamais affiché."),
                "- Comptes : adresse électronique, nom affiché, rôle, conseil, date d'expiration ; mot de passe haché (argon2id) ; appareils enrôlés et sessions.".into(),
                "- Journal d'audit : modération, exports, effacements, changements de comptes (auteur, date, objet).".into(),
                "- Données sensibles (santé, religion, origine, opinions politiques, orientation sexuelle, appartenance syndicale) : jamais demandées ; un texte libre qui en révèle est signalé au ou à la chargé·e de mission, qui l'expurge ou le rejette.".into(),
            ],
        },
        Section {
            title: "Destinataires",
            lines: vec![
                "- Chargé·es de mission et administrateur·rices de l'association : toutes les données, pour la modération et les rapports.".into(),
                "- Conseils citoyens : seulement les résultats agrégés de leurs quartiers (toute case de moins de 11 personnes masquée, avec masquage secondaire) et les citations approuvées, expurgées, dont la personne a accepté la citation ; pour la carte, le total publié d'un thème dans chaque quartier, déjà visible sur les pages publiques.".into(),
                "- Volontaires : seulement leurs propres saisies et leur statut.".into(),
                "- Public, sans compte : la page de chaque quartier (/quartier/…) et son affiche montrent les thèmes publiés (jamais un nombre inférieur à 11), les citations expurgées des personnes qui l'ont accepté et les réponses des conseils approuvées par un·e chargé·e de mission ; aucun identifiant.".into(),
                "- La personne interrogée, avec son code de reçu (/recu) : ce qui a été enregistré à son sujet.".into(),
                "- Aucun transfert hors de l'Union européenne ; aucune cession à des tiers.".into(),
            ],
        },
        Section {
            title: "Durées de conservation",
            lines: vec![
                format!("- Réponses aux enquêtes : {months} mois après la clôture de l'enquête (enquête restée ouverte : {months} mois après chaque recueil), puis effacement automatique (purge planifiée)."),
                format!("- Journal d'audit : les codes de reçu cités par les effacements sont masqués après {months} mois."),
                format!("- Paroles d'habitant·es et sorties : {months} mois après leur recueil, puis effacement automatique."),
                "- Résultats agrégés (décomptes par quartier, question, thème et mois) et publications : conservés, ils ne permettent pas d'identifier une personne.".into(),
                "- Réponses des conseils : conservées tant que le quartier existe (historique de ce que le conseil a dit) ; le lien avec le compte de l'auteur·e disparaît avec ce compte.".into(),
                format!("- Sessions : {} jours ; codes d'enrôlement : {} heures.", settings.refresh_token_days, settings.enrolment_hours),
                "- Comptes : jusqu'à leur désactivation ou leur date d'expiration (volontaires : fin de mission).".into(),
                "- Sur le téléphone : chaque saisie est effacée dès que le serveur en a accusé réception.".into(),
            ],
        },
        Section {
            title: "Droits des personnes",
            lines: vec![
                "- Un code de reçu est remis à la personne interrogée ; avec ce code, elle consulte elle-même ce qui a été enregistré (/recu), retire son accord de citation ou efface ses réponses et paroles (articles 15 à 17) ; un·e chargé·e de mission peut aussi le faire pour elle. Les décomptes sont mis à jour, chaque action est journalisée.".into(),
                "- La notice d'information est lue ou montrée avant chaque entretien.".into(),
            ],
        },
        Section {
            title: "Mesures de sécurité",
            lines: vec![
                "- Chiffrement des échanges (HTTPS, HSTS) ; mots de passe hachés (argon2id) ; limitation des tentatives de connexion par compte et par adresse.".into(),
                "- Contrôle d'accès par rôle et par conseil, vérifié à chaque requête ; révocation immédiate des appareils et comptes.".into(),
                "- Expurgation automatique des données personnelles dans les textes libres, relue par un·e chargé·e de mission avant toute diffusion.".into(),
                "- Journal d'audit ; sauvegardes (portevoix backup) ; effacement automatique à l'échéance.".into(),
            ],
        },
    ];
    Ok(Register {
        generated: to_datetime(now_ms())
            .format("%d/%m/%Y %H:%M UTC")
            .to_string(),
        sections,
    })
}

pub const TITLE: &str = "Registre des activités de traitement (article 30 du RGPD)";

pub fn markdown(conn: &mut DbConnection, settings: &Settings) -> Result<String, ApiError> {
    let register = build(conn, settings)?;
    let mut out = format!(
        "# {TITLE}\n\nTraitement : Porte-Voix — généré le {}.\n",
        register.generated
    );
    for section in register.sections {
        out.push_str(&format!("\n## {}\n\n", section.title));
        for line in section.lines {
            out.push_str(&line);
            out.push('\n');
        }
    }
    Ok(out)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The register's stylesheet; the page's CSP allows exactly this by its hash.
pub const STYLE: &str =
    "body{font-family:Georgia,serif;max-width:46em;margin:2em auto;line-height:1.45;color:#111}\
h1{font-size:1.5em}h2{font-size:1.15em;border-bottom:1px solid #999;margin-top:1.6em}\
li{margin:.25em 0}@media print{body{margin:0;max-width:none}h2{break-after:avoid}}";

/// `Content-Security-Policy` for the HTML register: no script, only its own stylesheet.
pub fn html_csp() -> String {
    use base64::Engine;
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(STYLE.as_bytes()));
    format!("default-src 'none'; style-src 'sha256-{hash}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
}

pub fn html(conn: &mut DbConnection, settings: &Settings) -> Result<String, ApiError> {
    let register = build(conn, settings)?;
    let mut out = format!(
        "<!doctype html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{TITLE}</title>\
<style>{STYLE}</style></head><body>\n<h1>{TITLE}</h1>\n<p>Traitement : Porte-Voix — généré le {}.</p>\n",
        escape(&register.generated)
    );
    for section in register.sections {
        out.push_str(&format!("<h2>{}</h2>\n", escape(section.title)));
        let (items, paragraphs): (Vec<_>, Vec<_>) =
            section.lines.iter().partition(|l| l.starts_with("- "));
        for paragraph in paragraphs {
            out.push_str(&format!("<p>{}</p>\n", escape(paragraph)));
        }
        if !items.is_empty() {
            out.push_str("<ul>\n");
            for item in items {
                out.push_str(&format!("<li>{}</li>\n", escape(&item[2..])));
            }
            out.push_str("</ul>\n");
        }
    }
    out.push_str("</body></html>\n");
    Ok(out)
}
