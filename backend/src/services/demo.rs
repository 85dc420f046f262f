//! `portevoix seed --demo`: demo accounts, two open surveys and invented answers, so a
//! newcomer sees a living app: six months of answers and of testimonies, most of Bellevue's
//! approved, so the council's charts and quotes show figures (every cell a council sees needs
//! at least 11 people). Everything here is made up.

use chrono::{Duration, Utc};
use diesel::prelude::*;
use portevoix_domain::survey::{AnswerValue, Answers, SurveyDefinition};
use portevoix_domain::wire::{
    Consent, Decision, DecisionKind, NewUser, OutingInput, PublicationKind, PublicationRequest,
    PushItem, ResponseInput, Role, TestimonyInput,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::db::schema::{quartiers, users};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::services::{accounts, moderation, places, publications, surveys};

pub const COORDINATOR: (&str, &str) = ("coordination@demo.porte-voix.local", "demo-coordination");
pub const VOLUNTEER: (&str, &str) = ("benevole@demo.porte-voix.local", "demo-benevole");
pub const COUNCIL: (&str, &str) = ("conseil.bellevue@demo.porte-voix.local", "demo-conseil");

/// Answer sets per survey, spread over its quartiers and the last [`MONTHS`] months.
pub const ANSWERS_PER_SURVEY: usize = 240;
/// How far back the invented field work goes.
const MONTHS: i64 = 6;
/// How many times each testimony below is heard in Bellevue each month (reworded), so that the
/// first themes pass 11 in every month and the others stay under it, as in a real quartier.
const HEARD_PER_MONTH: [usize; 12] = [14, 12, 8, 6, 3, 3, 6, 3, 3, 4, 4, 2];
/// How residents start a sentence: the same words are rarely said twice alike.
const OPENINGS: [&str; 5] = [
    "",
    "Franchement, ",
    "Je vous le dis : ",
    "Ça fait longtemps que ça dure. ",
    "Comme beaucoup de voisins, je trouve ça dur : ",
];

const TESTIMONIES: &[&str] = &[
    "Le tram est souvent bondé le matin, on attend parfois trois passages.",
    "Il y a de l'humidité dans les appartements de la tour, le bailleur ne répond pas.",
    "Les poubelles débordent le week-end, il faudrait plus de passages.",
    "Les jeunes n'ont pas d'endroit à eux le soir depuis que la salle a fermé.",
    "La maison de quartier fait du bon travail, les ateliers couture sont pleins.",
    "Pour les papiers de la CAF il faut tout faire sur internet, ma mère n'y arrive pas.",
    "On manque de médecins, il faut trois semaines pour un rendez-vous.",
    "Le marché du dimanche fait vivre le quartier, c'est là qu'on se croise.",
    "Les travaux de la place durent depuis des mois et personne ne nous explique rien.",
    "Le soir il y a des rodéos de motos, on n'arrive pas à dormir.",
    "Il faudrait des bancs et de l'ombre près de l'arrêt de bus.",
    "Mon fils cherche un stage, la mission locale l'aide beaucoup.",
];

fn survey_definitions() -> Vec<SurveyDefinition> {
    let transport = serde_json::json!({
        "title": "Se déplacer dans le quartier",
        "intro": "Trois minutes sur vos trajets de tous les jours.",
        "questions": [
            {"code": "mode", "label": "Comment vous déplacez-vous le plus souvent ?", "type": "single_choice", "required": true,
             "options": [{"code": "tram", "label": "Tram ou busway"}, {"code": "bus", "label": "Bus"},
                         {"code": "pied", "label": "À pied"}, {"code": "velo", "label": "À vélo"}, {"code": "voiture", "label": "En voiture"}]},
            {"code": "attente", "label": "Attendez-vous souvent plus de 10 minutes ?", "type": "yes_no",
             "show_if": {"question": "mode", "any_of": ["tram", "bus"]}},
            {"code": "securite", "label": "Vous sentez-vous en sécurité aux arrêts le soir ?", "type": "scale", "smiley": true, "required": true},
            {"code": "ameliorer", "label": "Qu'est-ce qui changerait vos trajets ?", "type": "multiple_choice", "max_choices": 2,
             "options": [{"code": "frequence", "label": "Plus de passages"}, {"code": "eclairage", "label": "Plus d'éclairage"},
                         {"code": "trottoirs", "label": "Des trottoirs praticables"}, {"code": "abris", "label": "Des abris et des bancs"}]},
            {"code": "idee", "label": "Une idée à transmettre au conseil citoyen ?", "type": "long_text"}
        ]
    });
    let vivre = serde_json::json!({
        "title": "Vivre ensemble au quartier",
        "questions": [
            {"code": "voisins", "label": "Connaissez-vous vos voisins ?", "type": "single_choice", "required": true,
             "options": [{"code": "beaucoup", "label": "Beaucoup"}, {"code": "quelques", "label": "Quelques-uns"}, {"code": "aucun", "label": "Aucun"}]},
            {"code": "fete", "label": "Êtes-vous venu·e à la dernière fête de quartier ?", "type": "yes_no", "required": true},
            {"code": "satisfaction", "label": "Aimez-vous vivre ici ?", "type": "scale", "smiley": true, "required": true}
        ]
    });
    [transport, vivre]
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect()
}

fn random_answers(definition: &SurveyDefinition, rng: &mut StdRng) -> Answers {
    let mut answers = Answers::new();
    for question in &definition.questions {
        if !question.kind.is_answered()
            || !definition.is_shown(question, &answers)
            || (!question.required && rng.gen_bool(0.3))
        {
            continue;
        }
        use portevoix_domain::survey::QuestionKind as K;
        let value = match &question.kind {
            K::SingleChoice { options } => {
                AnswerValue::Text(options[rng.gen_range(0..options.len())].code.clone())
            }
            K::MultipleChoice { options, .. } => {
                let first = rng.gen_range(0..options.len());
                let mut codes = vec![options[first].code.clone()];
                if rng.gen_bool(0.5) {
                    let second = (first + 1) % options.len();
                    codes.push(options[second].code.clone());
                }
                AnswerValue::Many(codes)
            }
            K::Scale { .. } => AnswerValue::Number(f64::from(rng.gen_range(1..=5))),
            K::YesNo => AnswerValue::Bool(rng.gen_bool(0.6)),
            K::ShortText { .. } | K::LongText { .. } => {
                AnswerValue::Text("Plus de bancs et d'arbres.".into())
            }
            K::Number { .. } => AnswerValue::Number(3.0),
            K::Note => continue,
            K::Date => AnswerValue::Text(format!(
                "2026-{:02}-{:02}",
                rng.gen_range(1..=12),
                rng.gen_range(1..=28)
            )),
        };
        answers.insert(question.code.clone(), value);
    }
    answers
}

fn quartier(conn: &mut DbConnection, slug: &str) -> Result<i64, ApiError> {
    quartiers::table
        .filter(quartiers::slug.eq(slug))
        .select(quartiers::id)
        .first(conn)
        .optional()?
        .ok_or(ApiError::NotFound("quartier"))
}

/// All or nothing: one transaction.
pub fn seed(conn: &mut DbConnection) -> Result<String, ApiError> {
    crate::db::write_transaction(conn, seed_all)
}

fn seed_all(conn: &mut DbConnection) -> Result<String, ApiError> {
    let exists: i64 = users::table
        .filter(users::email.eq(COORDINATOR.0))
        .count()
        .get_result(conn)?;
    if exists > 0 {
        return Ok("demo data already present: nothing to do".into());
    }
    let system = AuthUser::system();
    let bellevue_council = places::list_councils(conn)?
        .into_iter()
        .find(|c| c.name == "Conseil citoyen de Bellevue")
        .map(|c| c.id);
    let mut user =
        |email: &str, password: &str, name: &str, role: Role, council_id: Option<i64>| {
            let input = NewUser {
                email: email.into(),
                display_name: name.into(),
                role,
                password: Some(password.into()),
                council_id,
                expires_on: None,
            };
            accounts::create_user(conn, &system, input).map(|u| u.id)
        };
    user(
        COORDINATOR.0,
        COORDINATOR.1,
        "Camille (coordination)",
        Role::Coordinator,
        None,
    )?;
    let volunteer_id = user(
        VOLUNTEER.0,
        VOLUNTEER.1,
        "Yanis (service civique)",
        Role::Volunteer,
        None,
    )?;
    user(
        COUNCIL.0,
        COUNCIL.1,
        "Mme Diallo (conseil de Bellevue)",
        Role::CouncilMember,
        bellevue_council,
    )?;

    let slugs = [
        ["bellevue", "dervallieres", "malakoff"],
        ["breil", "nantes-nord", "bellevue"],
    ];
    let mut rng = StdRng::seed_from_u64(44);
    let volunteer = AuthUser {
        id: volunteer_id,
        role: Role::Volunteer,
        council_id: None,
        device_id: None,
    };
    let mut items = Vec::new();
    let mut to_publish: Vec<(i64, Vec<i64>)> = Vec::new();
    for (definition, slugs) in survey_definitions().into_iter().zip(slugs) {
        let quartier_ids: Vec<i64> = slugs
            .iter()
            .map(|s| quartier(conn, s))
            .collect::<Result<_, _>>()?;
        let survey = surveys::create(conn, &system, definition.clone())?;
        surveys::assign(conn, &system, survey.id, quartier_ids.clone())?;
        let published = surveys::publish(conn, &system, survey.id)?;
        surveys::set_status(
            conn,
            &system,
            survey.id,
            portevoix_domain::wire::SurveyStatus::Open,
        )?;
        let version = published
            .current_version
            .map(|v| v.id)
            .ok_or(ApiError::NotFound("version"))?;
        to_publish.push((version, quartier_ids.clone()));
        for n in 0..ANSWERS_PER_SURVEY {
            let quartier_id = quartier_ids[n % quartier_ids.len()];
            items.push(Ok(PushItem::Response(ResponseInput {
                id: Uuid::now_v7(),
                survey_version_id: version,
                quartier_id,
                place: ["marché", "sortie d'école", "arrêt de tram"][n % 3].into(),
                captured_at: Utc::now() - Duration::hours(rng.gen_range(1..24 * 30 * MONTHS)),
                age_band: None,
                answers: random_answers(&definition, &mut rng),
                outing_id: None,
                device_id: None,
                receipt_code: None,
            })));
        }
    }
    let bellevue = quartier(conn, "bellevue")?;
    let malakoff = quartier(conn, "malakoff")?;
    // Bellevue's testimonies, approved below; a few in Malakoff left for review.
    let mut to_approve = Vec::new();
    for month in 0..MONTHS {
        for (n, (text, heard)) in TESTIMONIES.iter().zip(HEARD_PER_MONTH).enumerate() {
            for k in 0..heard {
                let id = Uuid::now_v7();
                let opening = OPENINGS[(n + k + month as usize) % OPENINGS.len()];
                let text = if opening.is_empty() || opening.ends_with(". ") {
                    format!("{opening}{text}")
                } else {
                    let mut chars = text.chars();
                    let first: String = chars
                        .next()
                        .into_iter()
                        .flat_map(char::to_lowercase)
                        .collect();
                    format!("{opening}{first}{}", chars.as_str())
                };
                items.push(Ok(testimony(
                    id,
                    bellevue,
                    text,
                    Utc::now()
                        - Duration::days(30 * month + rng.gen_range(0..28))
                        - Duration::hours(rng.gen_range(0..12)),
                    (n + k) % 4 != 3,
                )));
                to_approve.push(id);
            }
        }
    }
    for (n, text) in TESTIMONIES.iter().enumerate().take(6) {
        items.push(Ok(testimony(
            Uuid::now_v7(),
            malakoff,
            (*text).into(),
            Utc::now() - Duration::days(n as i64 * 3),
            true,
        )));
    }
    items.push(Ok(PushItem::Outing(OutingInput {
        id: Uuid::now_v7(),
        quartier_id: bellevue,
        place: "marché de Bellevue".into(),
        started_at: Utc::now() - Duration::hours(3),
        ended_at: Some(Utc::now() - Duration::hours(1)),
        approached: 42,
        answered: 27,
        note: Some("Beaucoup de monde, bon accueil.".into()),
        device_id: None,
    })));
    let count = items.len();
    crate::services::items::ingest_batch(
        conn,
        &volunteer,
        items,
        &crate::services::items::ItemFaults::NONE,
    )?;
    // The coordinator's review, with the themes the analysis suggested; the last few stay in
    // the queue so the review screen has work to show.
    let keep_for_review = 5;
    let approved = to_approve.len().saturating_sub(keep_for_review);
    for id in &to_approve[..approved] {
        let decision = Decision {
            decision: DecisionKind::Approve,
            message: None,
            themes: None,
            redacted_text: None,
            confirm_sensitive: true,
            expected_seq: None,
        };
        moderation::decide(conn, &system, *id, decision)?;
    }
    // What the councils read: each survey's results in its quartiers, and the themes.
    let publish = |conn: &mut DbConnection, kind, survey_version_id, quartier_id| {
        let request = PublicationRequest {
            kind,
            survey_version_id,
            quartier_id,
        };
        publications::publish(conn, &system, request).map(|_| 1usize)
    };
    let mut published = 0;
    for (version, quartier_ids) in to_publish {
        for quartier_id in quartier_ids {
            published += publish(conn, PublicationKind::Survey, Some(version), quartier_id)?;
        }
    }
    for quartier_id in [bellevue, malakoff] {
        published += publish(conn, PublicationKind::Themes, None, quartier_id)?;
    }
    Ok(format!(
        "demo data created: {count} items, 2 open surveys, {approved} testimonies approved, {published} publications for the councils\n  coordinator: {} / {}\n  volunteer:   {} / {}\n  council:     {} / {}",
        COORDINATOR.0, COORDINATOR.1, VOLUNTEER.0, VOLUNTEER.1, COUNCIL.0, COUNCIL.1
    ))
}

/// An invented testimony, captured at `at`, quotable or only counted.
fn testimony(
    id: Uuid,
    quartier_id: i64,
    text: String,
    at: chrono::DateTime<Utc>,
    quotable: bool,
) -> PushItem {
    PushItem::Testimony(TestimonyInput {
        id,
        quartier_id,
        place: "marché".into(),
        captured_at: at,
        text,
        consent: if quotable {
            Consent::Quote
        } else {
            Consent::CountOnly
        },
        age_band: None,
        themes: Vec::new(),
        outing_id: None,
        device_id: None,
        receipt_code: None,
    })
}
