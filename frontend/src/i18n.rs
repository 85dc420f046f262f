//! Every string the volunteer reads, one table per language. French first.

use portevoix_domain::analysis::PiiKind;
use portevoix_domain::codebook::Theme;
use portevoix_domain::wire::{AgeBand, Consent};

mod messages;
#[cfg(feature = "council")]
pub mod staff;

pub use messages::{answer_error, api_error, megabytes, not_a_number, number_rule, refusal};

/// The language of the surveys' own words (titles, questions, options, intros): coordinators
/// write them in French whatever language the interface is in, and may translate them (the
/// volunteer then picks the interview's language). Set as `lang` on them.
pub const SURVEY_LANG: &str = "fr";

/// A survey language's own name, as its speakers write it (the interview language menu).
pub fn language_name(tag: &str) -> String {
    let name = match tag.split('-').next().unwrap_or(tag) {
        "fr" => "Français",
        "ar" => "العربية",
        "en" => "English",
        "tr" => "Türkçe",
        "pt" => "Português",
        "es" => "Español",
        "wo" => "Wolof",
        "zdj" | "wni" | "swb" => "Shikomori",
        "de" => "Deutsch",
        "it" => "Italiano",
        "ro" => "Română",
        "ru" => "Русский",
        "sw" => "Kiswahili",
        "zh" => "中文",
        "bm" => "Bamanankan",
        "ff" => "Pulaar",
        "ln" => "Lingála",
        "ta" => "தமிழ்",
        "fa" => "فارسی",
        "ps" => "پښتو",
        "ckb" => "کوردی",
        "uk" => "Українська",
        "prs" => "دری",
        "ti" => "ትግርኛ",
        "so" => "Soomaali",
        _ => return tag.to_owned(),
    };
    name.to_owned()
}

/// « Yes » and « no » in a survey language, where known (the interface's words otherwise).
pub fn yes_no_words(tag: &str) -> Option<(&'static str, &'static str)> {
    Some(match tag.split('-').next().unwrap_or(tag) {
        "fr" => ("Oui", "Non"),
        "ar" => ("نعم", "لا"),
        "en" => ("Yes", "No"),
        "tr" => ("Evet", "Hayır"),
        "pt" => ("Sim", "Não"),
        "es" => ("Sí", "No"),
        "wo" => ("Waaw", "Déedéet"),
        "de" => ("Ja", "Nein"),
        "it" => ("Sì", "No"),
        "ro" => ("Da", "Nu"),
        "ru" => ("Да", "Нет"),
        "uk" => ("Так", "Ні"),
        "fa" | "prs" => ("بله", "نه"),
        _ => return None,
    })
}

/// The language a survey text is shown in for an interview in `tag`: `tag` when the text has a
/// translation there, else French (the text falls back to French; its `lang` must say so).
pub fn shown_lang(translations: &portevoix_domain::survey::Translations, tag: &str) -> String {
    if translations.get(tag).is_some_and(|t| !t.trim().is_empty()) {
        tag.to_owned()
    } else {
        SURVEY_LANG.to_owned()
    }
}

/// `dir` for a survey language's texts.
pub fn text_dir(tag: &str) -> &'static str {
    if portevoix_domain::survey::is_rtl(tag) {
        "rtl"
    } else {
        "ltr"
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub fn tr(self) -> &'static Tr {
        match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

pub struct Tr {
    pub app_name: &'static str,
    pub other_lang: &'static str,
    pub other_lang_label: &'static str,
    pub next: &'static str,
    pub previous: &'static str,
    pub save: &'static str,
    pub optional: &'static str,
    pub interview_language: &'static str,
    // sign-in
    pub signin_title: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub signin: &'static str,
    pub or_enrol: &'static str,
    pub enrol_code: &'static str,
    pub enrol_hint: &'static str,
    pub enrol: &'static str,
    pub activate_title: &'static str,
    pub activate_hint: &'static str,
    pub signin_otherwise: &'static str,
    pub signing_in: &'static str,
    pub signin_offline: &'static str,
    pub signed_in_as: &'static str,
    pub signout: &'static str,
    pub session_expired: &'static str,
    pub session_expired_reader: &'static str,
    pub signin_again: &'static str,
    // home
    pub home_title: &'static str,
    pub no_outing: &'static str,
    pub start_outing: &'static str,
    pub current_outing: &'static str,
    pub open_surveys: &'static str,
    pub no_surveys: &'static str,
    pub new_testimony: &'static str,
    pub pending: &'static str,
    pub sync_now: &'static str,
    pub sync_offline: &'static str,
    pub login_refused: &'static str,
    pub enrol_refused: &'static str,
    pub enrol_unknown: &'static str,
    pub enrol_used: &'static str,
    pub enrol_expired: &'static str,
    pub enrol_inactive: &'static str,
    pub load_failed: &'static str,
    /// A screen's code could not be loaded (`screens.rs`: no cache and no network).
    pub screen_load_failed: &'static str,
    pub pii_found: &'static str,
    pub pii_advice: &'static str,
    pub syncing: &'static str,
    pub offline: &'static str,
    pub online: &'static str,
    pub last_sync: &'static str,
    pub sync_failed: &'static str,
    pub outbox_link: &'static str,
    pub storage_low: &'static str,
    pub local_unreadable: &'static str,
    pub update_ready: &'static str,
    pub update_now: &'static str,
    pub needs_pull: &'static str,
    pub corrections_waiting: &'static str,
    // outing
    pub outing_title: &'static str,
    pub quartier: &'static str,
    pub choose: &'static str,
    pub place: &'static str,
    pub place_hint: &'static str,
    pub note: &'static str,
    pub start: &'static str,
    pub approached: &'static str,
    pub answered: &'static str,
    pub plus_one: &'static str,
    pub minus_one: &'static str,
    pub end_outing: &'static str,
    pub answered_hint: &'static str,
    pub end_question: &'static str,
    pub end_yes: &'static str,
    pub cancel: &'static str,
    // survey
    pub notice_title: &'static str,
    pub notice_default: &'static str,
    pub informed: &'static str,
    pub begin: &'static str,
    pub question_of: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub age_band: &'static str,
    pub not_said: &'static str,
    pub review: &'static str,
    pub max_choices: &'static str,
    // testimony
    pub testimony_title: &'static str,
    pub testimony_text: &'static str,
    pub testimony_hint: &'static str,
    pub consent: &'static str,
    pub themes: &'static str,
    pub themes_hint: &'static str,
    pub suggested: &'static str,
    pub characters: &'static str,
    pub text_required: &'static str,
    pub consent_required: &'static str,
    pub quartier_required: &'static str,
    pub place_required: &'static str,
    pub too_long: &'static str,
    pub draft_restored: &'static str,
    pub draft_discard: &'static str,
    // receipt
    pub saved: &'static str,
    pub receipt_title: &'static str,
    pub receipt_hint: &'static str,
    pub receipt_page: &'static str,
    pub receipt_qr: &'static str,
    pub another_answer: &'static str,
    pub home: &'static str,
    // outbox
    pub outbox_title: &'static str,
    pub state_waiting: &'static str,
    pub state_sent: &'static str,
    pub state_rejected: &'static str,
    pub state_conflict: &'static str,
    pub state_correction: &'static str,
    pub kind_response: &'static str,
    pub kind_testimony: &'static str,
    pub kind_outing: &'static str,
    pub fix: &'static str,
    pub discard: &'static str,
    pub empty_outbox: &'static str,
    pub coordinator_says: &'static str,
    pub server_says: &'static str,
    pub correction_no_copy: &'static str,
    pub correction_no_copy_offline: &'static str,
    pub retry: &'static str,
    pub correction_saved: &'static str,
    pub no_receipt: &'static str,
    pub same_receipt: &'static str,
    pub storage_used: &'static str,
    pub not_found: &'static str,
    pub preview_ok: &'static str,
}

pub static FR: Tr = Tr {
    app_name: "Porte-Voix",
    other_lang: "English",
    other_lang_label: "Switch to English",
    next: "Suivant",
    previous: "Précédent",
    save: "Enregistrer",
    optional: "facultatif",
    interview_language: "Langue de l'entretien",
    signin_title: "Connexion",
    email: "Adresse e-mail",
    password: "Mot de passe",
    signin: "Se connecter",
    or_enrol: "Ou avec le code donné par votre coordinatrice ou coordinateur",
    enrol_code: "Code d'appareil",
    enrol_hint: "8 caractères, par exemple K7QX-2M9D",
    enrol: "Enregistrer ce téléphone",
    activate_title: "Activer ce téléphone",
    activate_hint: "Ce lien vient de la coordination : il enregistre ce téléphone à votre nom, pour saisir les enquêtes et les paroles, même sans réseau.",
    signin_otherwise: "Se connecter autrement",
    signing_in: "Connexion…",
    signin_offline: "Pas de réseau : la connexion se fera quand le réseau reviendra. Vous pouvez déjà saisir.",
    signed_in_as: "Connecté·e :",
    signout: "Se déconnecter",
    session_expired: "Session expirée : les envois sont en pause. Rien n'est perdu.",
    session_expired_reader: "Session expirée : reconnectez-vous pour continuer.",
    signin_again: "Se reconnecter",
    home_title: "Accueil",
    no_outing: "Aucune sortie en cours.",
    start_outing: "Commencer une sortie",
    current_outing: "Sortie en cours",
    open_surveys: "Enquêtes flash ouvertes",
    no_surveys: "Aucune enquête ouverte pour l'instant (elles arrivent à la prochaine synchronisation).",
    new_testimony: "Recueillir une parole",
    pending: "en attente d'envoi",
    sync_now: "Envoyer maintenant",
    sync_offline: "Pas de réseau : l'envoi se fera tout seul quand le réseau reviendra. Vos saisies restent sur le téléphone.",
    login_refused: "E-mail ou mot de passe incorrect.",
    enrol_refused: "Ce code n'est pas valable (inconnu, déjà utilisé ou expiré). Demandez un nouveau code à la coordination.",
    enrol_unknown: "Code inconnu : vérifiez les 8 caractères (par exemple K7QX-2M9D) ou demandez un nouveau code à la coordination.",
    enrol_used: "Ce code a déjà servi : chaque code n'enregistre qu'un téléphone. Demandez un nouveau code à la coordination.",
    enrol_expired: "Ce code a expiré : demandez un nouveau code à la coordination.",
    enrol_inactive: "Ce compte est désactivé ou arrivé à échéance : voyez avec la coordination.",
    load_failed: "Les enquêtes et quartiers n'ont pas pu être chargés",
    screen_load_failed: "Cet écran n'a pas pu être chargé. Vérifiez le réseau, puis réessayez.",
    pii_found: "Attention, ce texte semble contenir",
    pii_advice: "Ce sera masqué à la relecture, mais mieux vaut ne pas l'écrire.",
    syncing: "Envoi en cours…",
    offline: "Hors ligne",
    online: "En ligne",
    last_sync: "Dernier envoi réussi :",
    sync_failed: "Échec de l'envoi, nouvel essai automatique.",
    outbox_link: "Voir les envois",
    storage_low: "Stockage du téléphone presque plein : envoyez vos saisies dès que possible.",
    local_unreadable: "Les saisies en attente et la sortie en cours n'ont pas pu être lues sur ce téléphone. Elles ne sont pas perdues : réessayez, ou rechargez la page.",
    update_ready: "Une nouvelle version est prête. Vos saisies sont conservées.",
    update_now: "Mettre à jour",
    needs_pull: "Connectez-vous une fois avec du réseau pour recevoir les enquêtes et quartiers.",
    corrections_waiting: "à corriger",
    outing_title: "Sortie",
    quartier: "Quartier",
    choose: "— choisir —",
    place: "Lieu",
    place_hint: "par exemple : marché de Bellevue",
    note: "Note",
    start: "Commencer",
    approached: "Personnes abordées",
    answered: "Personnes qui ont répondu",
    plus_one: "+1",
    minus_one: "−1",
    end_outing: "Terminer la sortie",
    answered_hint: "Compté tout seul à chaque enquête ou parole enregistrée pendant la sortie ; +1 pour quelqu'un qui a répondu sans être enregistré.",
    end_question: "Terminer la sortie ? Elle sera envoyée avec ses comptes et ne pourra plus être reprise.",
    end_yes: "Oui, terminer",
    cancel: "Annuler",
    notice_title: "À lire à la personne avant de commencer",
    notice_default: "Vos réponses sont anonymes : nous ne notons ni nom, ni adresse, ni contact. Elles servent au conseil citoyen de votre quartier. Vous pouvez arrêter à tout moment et demander l'effacement avec le code que je vous donnerai.",
    informed: "La personne a été informée et accepte de répondre",
    begin: "Commencer l'enquête",
    question_of: "Question",
    yes: "Oui",
    no: "Non",
    age_band: "Tranche d'âge",
    not_said: "Non précisé",
    review: "Vérifier et enregistrer",
    max_choices: "choix au plus",
    testimony_title: "Parole d'habitant·e",
    testimony_text: "Ce que la personne dit",
    testimony_hint: "Notez ses mots. Pas de nom, d'adresse ni de téléphone.",
    consent: "Accord de la personne",
    themes: "Thèmes",
    themes_hint: "Jusqu'à 3 thèmes",
    suggested: "Suggéré : ",
    characters: "caractères",
    text_required: "Le texte est obligatoire.",
    consent_required: "Choisissez l'accord de la personne.",
    quartier_required: "Choisissez un quartier.",
    place_required: "Indiquez le lieu.",
    too_long: "Texte trop long.",
    draft_restored: "Brouillon retrouvé : la saisie reprend où elle en était.",
    draft_discard: "Effacer le brouillon",
    saved: "Enregistré sur le téléphone",
    receipt_title: "Code à donner à la personne",
    receipt_hint: "Avec ce code, la personne peut demander l'effacement de ses réponses.",
    receipt_page: "Elle peut aussi tout revoir, ne plus être citée ou tout effacer elle-même sur",
    receipt_qr: "QR code de la page",
    another_answer: "Nouvelle réponse",
    home: "Accueil",
    outbox_title: "Envois",
    state_waiting: "En attente d'envoi",
    state_sent: "Envoyé",
    state_rejected: "Refusé",
    state_conflict: "Conflit",
    state_correction: "À corriger",
    kind_response: "Enquête",
    kind_testimony: "Parole",
    kind_outing: "Sortie",
    fix: "Corriger et renvoyer",
    discard: "Retirer",
    empty_outbox: "Rien en attente.",
    coordinator_says: "Message de la coordination :",
    server_says: "Raison :",
    correction_no_copy: "Le texte n'est plus sur ce téléphone : saisissez-le de nouveau.",
    correction_no_copy_offline: "Le texte n'est pas sur ce téléphone ; il faut du réseau pour le reprendre du serveur",
    retry: "Réessayer",
    correction_saved: "Correction enregistrée : elle remplacera le texte sur le serveur, sous le même numéro.",
    no_receipt: "Enregistré, sans code de reçu : ce navigateur ne fournit pas de tirage au hasard sûr (Web Crypto). La personne peut demander l'effacement au centre de ressources.",
    same_receipt: "C'est le même code qu'avant : la personne n'a rien à changer.",
    storage_used: "Stockage utilisé :",
    not_found: "Page introuvable.",
    preview_ok: "Aperçu : réponses valides. Rien n'est enregistré.",
};

pub static EN: Tr = Tr {
    app_name: "Porte-Voix",
    other_lang: "Français",
    other_lang_label: "Passer en français",
    next: "Next",
    previous: "Previous",
    save: "Save",
    optional: "optional",
    interview_language: "Interview language",
    signin_title: "Sign in",
    email: "E-mail address",
    password: "Password",
    signin: "Sign in",
    or_enrol: "Or with the code your coordinator gave you",
    enrol_code: "Device code",
    enrol_hint: "8 characters, for example K7QX-2M9D",
    enrol: "Enrol this phone",
    activate_title: "Activate this phone",
    activate_hint: "This link comes from your coordinator: it registers this phone in your name, to record surveys and testimonies, even without network.",
    signin_otherwise: "Sign in another way",
    signing_in: "Signing in…",
    signin_offline: "No network: sign-in will happen when it is back. You can already capture.",
    signed_in_as: "Signed in:",
    signout: "Sign out",
    session_expired: "Session expired: sending is paused. Nothing is lost.",
    session_expired_reader: "Session expired: sign in again to go on.",
    signin_again: "Sign in again",
    home_title: "Home",
    no_outing: "No outing in progress.",
    start_outing: "Start an outing",
    current_outing: "Current outing",
    open_surveys: "Open flash surveys",
    no_surveys: "No open survey yet (they arrive with the next sync).",
    new_testimony: "Record a testimony",
    pending: "waiting to be sent",
    sync_now: "Send now",
    sync_offline: "No network: sending will happen by itself when it is back. Your items stay on the phone.",
    login_refused: "Wrong e-mail or password.",
    enrol_refused: "This code is not valid (unknown, already used or expired). Ask your coordinator for a new one.",
    enrol_unknown: "Unknown code: check the 8 characters (for example K7QX-2M9D) or ask your coordinator for a new code.",
    enrol_used: "This code has already been used: each code enrols one phone only. Ask your coordinator for a new code.",
    enrol_expired: "This code has expired: ask your coordinator for a new code.",
    enrol_inactive: "This account is disabled or has expired: please contact your coordinator.",
    load_failed: "Surveys and quartiers could not be loaded",
    screen_load_failed: "This screen could not be loaded. Check the network, then try again.",
    pii_found: "Careful, this text seems to contain",
    pii_advice: "It will be masked for review, but better not to write it.",
    syncing: "Sending…",
    offline: "Offline",
    online: "Online",
    last_sync: "Last successful send:",
    sync_failed: "Sending failed, will retry automatically.",
    outbox_link: "See what was sent",
    storage_low: "Phone storage almost full: send your items as soon as you can.",
    local_unreadable: "The items waiting to be sent and the current outing could not be read on this phone. They are not lost: try again, or reload the page.",
    update_ready: "A new version is ready. Your items are kept.",
    update_now: "Update",
    needs_pull: "Sign in once with network to receive surveys and quartiers.",
    corrections_waiting: "to correct",
    outing_title: "Outing",
    quartier: "Quartier",
    choose: "— choose —",
    place: "Place",
    place_hint: "for example: Bellevue market",
    note: "Note",
    start: "Start",
    approached: "People approached",
    answered: "People who answered",
    plus_one: "+1",
    minus_one: "−1",
    end_outing: "End the outing",
    answered_hint: "Counted by itself for each survey or testimony saved during the outing; +1 for someone who answered without anything saved.",
    end_question: "End the outing? It will be sent with its counts and cannot be resumed.",
    end_yes: "Yes, end it",
    cancel: "Cancel",
    notice_title: "Read this to the person before starting",
    notice_default: "Your answers are anonymous: we record no name, address or contact. They are used by your quartier's citizen council. You may stop at any time and ask for erasure with the code I will give you.",
    informed: "The person was informed and agrees to answer",
    begin: "Start the survey",
    question_of: "Question",
    yes: "Yes",
    no: "No",
    age_band: "Age band",
    not_said: "Not given",
    review: "Check and save",
    max_choices: "choices at most",
    testimony_title: "Resident's words",
    testimony_text: "What the person says",
    testimony_hint: "Write their words. No name, address or phone number.",
    consent: "The person's consent",
    themes: "Themes",
    themes_hint: "Up to 3 themes",
    suggested: "Suggested: ",
    characters: "characters",
    text_required: "The text is required.",
    consent_required: "Choose the person's consent.",
    quartier_required: "Choose a quartier.",
    place_required: "Give the place.",
    too_long: "Text too long.",
    draft_restored: "Draft found: carrying on where you left off.",
    draft_discard: "Discard the draft",
    saved: "Saved on the phone",
    receipt_title: "Code to give to the person",
    receipt_hint: "With this code the person can ask for their answers to be erased.",
    receipt_page: "They can also see it all, stop being quoted or erase it all themselves at",
    receipt_qr: "QR code of the page",
    another_answer: "New answer",
    home: "Home",
    outbox_title: "Outbox",
    state_waiting: "Waiting to be sent",
    state_sent: "Sent",
    state_rejected: "Rejected",
    state_conflict: "Conflict",
    state_correction: "To correct",
    kind_response: "Survey",
    kind_testimony: "Testimony",
    kind_outing: "Outing",
    fix: "Fix and resend",
    discard: "Remove",
    empty_outbox: "Nothing waiting.",
    coordinator_says: "Coordinator's message:",
    server_says: "Reason:",
    correction_no_copy: "The text is no longer on this phone: please type it again.",
    correction_no_copy_offline: "The text is not on this phone; network is needed to get it from the server",
    retry: "Try again",
    correction_saved: "Correction saved: it will replace the text on the server, under the same number.",
    no_receipt: "Saved, without a receipt code: this browser has no secure random source (Web Crypto). The person can ask the resource centre for erasure.",
    same_receipt: "This is the same code as before: nothing changes for the person.",
    storage_used: "Storage used:",
    not_found: "Page not found.",
    preview_ok: "Preview: answers are valid. Nothing is saved.",
};

pub fn age_band(lang: Lang, band: AgeBand) -> &'static str {
    match (lang, band) {
        (Lang::Fr, AgeBand::Under18) => "Moins de 18 ans",
        (Lang::En, AgeBand::Under18) => "Under 18",
        (_, AgeBand::From18To24) => "18–24",
        (_, AgeBand::From25To39) => "25–39",
        (_, AgeBand::From40To59) => "40–59",
        (_, AgeBand::From60To74) => "60–74",
        (Lang::Fr, AgeBand::From75) => "75 ans et plus",
        (Lang::En, AgeBand::From75) => "75 and over",
    }
}

pub fn consent(lang: Lang, consent: Consent) -> &'static str {
    match (lang, consent) {
        (Lang::Fr, Consent::Quote) => "Peut être citée (anonymement)",
        (Lang::En, Consent::Quote) => "May be quoted (anonymised)",
        (Lang::Fr, Consent::CountOnly) => "Comptée seulement, jamais citée",
        (Lang::En, Consent::CountOnly) => "Counted only, never quoted",
    }
}

/// A kind of personal data, as the warning names it: "un numéro de téléphone".
pub fn pii_kind(lang: Lang, kind: PiiKind) -> &'static str {
    match (lang, kind) {
        (Lang::Fr, PiiKind::Email) => "une adresse e-mail",
        (Lang::En, PiiKind::Email) => "an e-mail address",
        (Lang::Fr, PiiKind::Iban) => "un IBAN",
        (Lang::En, PiiKind::Iban) => "a bank account number (IBAN)",
        (Lang::Fr, PiiKind::SocialSecurity) => "un numéro de sécurité sociale",
        (Lang::En, PiiKind::SocialSecurity) => "a social security number",
        (Lang::Fr, PiiKind::Phone) => "un numéro de téléphone",
        (Lang::En, PiiKind::Phone) => "a phone number",
        (Lang::Fr, PiiKind::Plate) => "une plaque d'immatriculation",
        (Lang::En, PiiKind::Plate) => "a number plate",
        (Lang::Fr, PiiKind::Address) => "une adresse",
        (Lang::En, PiiKind::Address) => "a street address",
        (Lang::Fr, PiiKind::Postcode) => "un code postal",
        (Lang::En, PiiKind::Postcode) => "a postcode",
        (Lang::Fr, PiiKind::Home) => "un logement (bâtiment, étage, porte)",
        (Lang::En, PiiKind::Home) => "a home (building, floor, door)",
        (Lang::Fr, PiiKind::Name) => "un nom",
        (Lang::En, PiiKind::Name) => "a name",
    }
}

/// "Attention, ce texte semble contenir un nom et un numéro de téléphone. …"
pub fn pii_warning(lang: Lang, kinds: &[PiiKind]) -> String {
    let names: Vec<&str> = kinds.iter().map(|k| pii_kind(lang, *k)).collect();
    let and = match lang {
        Lang::Fr => " et ",
        Lang::En => " and ",
    };
    let listed = match names.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{}{and}{last}", rest.join(", ")),
        None => String::new(),
    };
    let tr = lang.tr();
    format!("{} {listed}. {}", tr.pii_found, tr.pii_advice)
}

/// A theme's label in the interface's language, from the codebook (French when it has no
/// English label).
pub fn theme_label(lang: Lang, theme: &Theme) -> &str {
    theme.label_for(lang == Lang::En)
}

/// What a step of a 1–5 scale means, read by screen readers: "4 sur 5, plutôt bien".
pub fn scale_step(lang: Lang, n: i64) -> String {
    let (of, meanings) = match lang {
        Lang::Fr => (
            "sur",
            [
                "très mal",
                "plutôt mal",
                "moyen",
                "plutôt bien",
                "très bien",
            ],
        ),
        Lang::En => (
            "out of",
            [
                "very bad",
                "rather bad",
                "so-so",
                "rather good",
                "very good",
            ],
        ),
    };
    let meaning = usize::try_from(n - 1)
        .ok()
        .and_then(|i| meanings.get(i))
        .copied()
        .unwrap_or("");
    format!("{n} {of} 5, {meaning}")
}

/// "Question 2 / 5".
pub fn step(lang: Lang, index: usize, total: usize) -> String {
    format!("{} {} / {}", lang.tr().question_of, index + 1, total)
}

/// "7 personnes abordées, 5 ont répondu" for the home screen's outing line.
pub fn outing_counts(lang: Lang, approached: u32, answered: u32) -> String {
    match lang {
        Lang::Fr => {
            let abordees = if approached > 1 {
                "personnes abordées"
            } else {
                "personne abordée"
            };
            let repondu = if answered > 1 {
                "ont répondu"
            } else {
                "a répondu"
            };
            format!("{approached} {abordees}, {answered} {repondu}")
        }
        Lang::En => {
            let people = if approached == 1 { "person" } else { "people" };
            format!("{approached} {people} approached, {answered} answered")
        }
    }
}
