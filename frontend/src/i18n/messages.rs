//! Messages built from a machine code: survey answer errors (the domain's `AnswerErrorCode`),
//! the server's reasons for refusing an item (`PushResult::code`) and the API client's errors.
//! The server's French `message` stays for its logs and API users; the phone says it in the
//! volunteer's language.

use portevoix_domain::survey::{
    AnswerErrorCode, Question, QuestionKind, MAX_DATE_YEAR, MIN_DATE_YEAR, SCALE_MAX, SCALE_MIN,
};
use portevoix_domain::wire::{MAX_NOTE_CHARS, MAX_PLACE_CHARS, MAX_TESTIMONY_CHARS};

use super::Lang;
use crate::api::ApiError;
use crate::number;

fn num(lang: Lang, n: f64) -> String {
    number::show(n, lang == Lang::Fr)
}

/// "A whole number between 0 and 10": what a number question accepts, shown under the field
/// and as its error.
pub fn number_rule(lang: Lang, min: Option<f64>, max: Option<f64>, integer: bool) -> String {
    let fr = lang == Lang::Fr;
    let what = match (fr, integer) {
        (true, true) => "Un nombre entier",
        (true, false) => "Un nombre",
        (false, true) => "A whole number",
        (false, false) => "A number",
    };
    match (min, max) {
        (Some(lo), Some(hi)) if fr => {
            format!("{what} entre {} et {}.", num(lang, lo), num(lang, hi))
        }
        (Some(lo), Some(hi)) => format!("{what} between {} and {}.", num(lang, lo), num(lang, hi)),
        (Some(lo), None) if fr => format!("{what} supérieur ou égal à {}.", num(lang, lo)),
        (Some(lo), None) => format!("{what} of at least {}.", num(lang, lo)),
        (None, Some(hi)) if fr => format!("{what} inférieur ou égal à {}.", num(lang, hi)),
        (None, Some(hi)) => format!("{what} of at most {}.", num(lang, hi)),
        (None, None) => format!("{what}."),
    }
}

/// The text typed in a number field is not a number (`2,5,1`, `abc`, a lone `-`).
pub fn not_a_number(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "Écrivez un nombre, par exemple 2,5 ou -3.",
        Lang::En => "Type a number, for example 2.5 or -3.",
    }
}

/// An answer refused by `SurveyDefinition::validate_answers`, in the volunteer's language.
pub fn answer_error(lang: Lang, code: AnswerErrorCode, question: &Question) -> String {
    let fr = lang == Lang::Fr;
    match (code, &question.kind) {
        (AnswerErrorCode::Required, _) if fr => "Réponse obligatoire.".into(),
        (AnswerErrorCode::Required, _) => "An answer is required.".into(),
        (AnswerErrorCode::TooManyChoices, QuestionKind::MultipleChoice { max_choices, .. }) => {
            let max = max_choices.unwrap_or(0);
            if fr {
                format!("{max} choix au plus.")
            } else {
                format!("At most {max} choices.")
            }
        }
        (AnswerErrorCode::TooLong, kind) => {
            let max = kind.max_chars().unwrap_or(0);
            if fr {
                format!("{max} caractères au plus.")
            } else {
                format!("At most {max} characters.")
            }
        }
        (
            AnswerErrorCode::OutOfRange | AnswerErrorCode::NotInteger,
            QuestionKind::Number { min, max, integer },
        ) => number_rule(lang, *min, *max, *integer),
        (AnswerErrorCode::OutOfRange, QuestionKind::Scale { .. }) if fr => {
            format!("Une note de {SCALE_MIN} à {SCALE_MAX}.")
        }
        (AnswerErrorCode::OutOfRange, QuestionKind::Scale { .. }) => {
            format!("A mark from {SCALE_MIN} to {SCALE_MAX}.")
        }
        (AnswerErrorCode::InvalidDate, _) if fr => {
            format!("Une date du calendrier, entre {MIN_DATE_YEAR} et {MAX_DATE_YEAR}.")
        }
        (AnswerErrorCode::InvalidDate, _) => {
            format!("A calendar date, between {MIN_DATE_YEAR} and {MAX_DATE_YEAR}.")
        }
        _ if fr => "Réponse invalide : choisissez de nouveau.".into(),
        _ => "Invalid answer: please answer again.".into(),
    }
}

/// Why the server refused an item, from its `code`. Unknown codes (a newer server) fall back
/// to the server's own words in French, and to a generic sentence with the code in English.
pub fn refusal(lang: Lang, code: &str, server_message: &str) -> String {
    let fr = lang == Lang::Fr;
    let known: Option<(&str, String)> = match code {
        "time_in_future" => Some((
            "date de saisie dans le futur : vérifiez l'heure du téléphone",
            "capture time in the future: check the phone's clock".into(),
        )),
        "time_too_old" => Some((
            "date de saisie invalide (avant 2020)",
            "invalid capture time (before 2020)".into(),
        )),
        "invalid_place" => {
            return if fr {
                format!("lieu : 1 à {MAX_PLACE_CHARS} caractères")
            } else {
                format!("place: 1 to {MAX_PLACE_CHARS} characters")
            }
        }
        "invalid_text" => {
            return if fr {
                format!("texte : 1 à {MAX_TESTIMONY_CHARS} caractères")
            } else {
                format!("text: 1 to {MAX_TESTIMONY_CHARS} characters")
            }
        }
        "note_too_long" => {
            return if fr {
                format!("note : {MAX_NOTE_CHARS} caractères au plus")
            } else {
                format!("note: {MAX_NOTE_CHARS} characters at most")
            }
        }
        "invalid_receipt_code" => Some(("code de reçu invalide", "invalid receipt code".into())),
        "foreign_device" => Some((
            "cet appareil n'est pas le vôtre ou a été révoqué",
            "this device is not yours or was revoked".into(),
        )),
        "unknown_survey_version" => Some((
            "version d'enquête inconnue",
            "unknown survey version".into(),
        )),
        "survey_not_open" => Some((
            "cette enquête n'est pas ouverte",
            "this survey is not open".into(),
        )),
        "quartier_not_assigned" => Some((
            "cette enquête n'est pas affectée à ce quartier",
            "this survey is not assigned to this quartier".into(),
        )),
        "invalid_answer" => Some((
            "une réponse ne respecte pas les règles de l'enquête",
            "an answer does not follow the survey's rules".into(),
        )),
        "too_many_themes" => Some(("3 thèmes au plus", "3 themes at most".into())),
        "unknown_theme" => Some(("thème inconnu", "unknown theme".into())),
        "unknown_quartier" => Some(("quartier inconnu", "unknown quartier".into())),
        "ended_before_start" => Some((
            "la fin précède le début",
            "the end is before the start".into(),
        )),
        "invalid_count" => Some((
            "nombre de personnes invraisemblable",
            "implausible number of people".into(),
        )),
        "conflict" => Some((
            "le serveur a déjà un autre élément sous ce numéro",
            "the server already holds another item under this id".into(),
        )),
        "too_large" => Some(("envoi trop volumineux", "item too large to send".into())),
        "foreign_outing" => Some((
            "cette sortie n'est pas la vôtre",
            "this outing is not yours".into(),
        )),
        "item_failed" | "refused_by_database" => Some((
            "le serveur n'a pas pu enregistrer cette saisie ; elle reste sur le téléphone, \
             signalez-le à la coordination",
            "the server could not store this item; it stays on the phone, tell your coordinator"
                .into(),
        )),
        "not_awaiting_correction" => Some((
            "ce témoignage n'attend plus de correction (la coordination a déjà décidé)",
            "this testimony no longer awaits a correction (the coordinator already decided)".into(),
        )),
        _ => None,
    };
    match known {
        Some((french, _)) if fr => french.to_owned(),
        Some((_, english)) => english,
        None if fr && !server_message.is_empty() => server_message.to_owned(),
        None if fr => format!("refusé par le serveur ({code})"),
        None => format!("refused by the server ({code})"),
    }
}

/// An API client error, for the sync line.
pub fn api_error(lang: Lang, error: &ApiError) -> String {
    let fr = lang == Lang::Fr;
    match error {
        ApiError::Network(_) if fr => "pas de réseau ou serveur injoignable".into(),
        ApiError::Network(_) => "no network or server unreachable".into(),
        ApiError::Unauthorized if fr => "session expirée".into(),
        ApiError::Unauthorized => "session expired".into(),
        ApiError::TooLarge if fr => "envoi trop volumineux".into(),
        ApiError::TooLarge => "too much to send at once".into(),
        ApiError::Server(status) if fr => format!("serveur indisponible ({status})"),
        ApiError::Server(status) => format!("server unavailable ({status})"),
        ApiError::Decode(_) if fr => "réponse du serveur illisible".into(),
        ApiError::Decode(_) => "unreadable answer from the server".into(),
        ApiError::Refused(429, _) if fr => "trop d'essais : réessayez dans quelques minutes".into(),
        ApiError::Refused(429, _) => "too many attempts: try again in a few minutes".into(),
        ApiError::Refused(_, detail) => refusal(lang, &detail.code, &detail.message),
    }
}

/// Storage figures: "12,3 Mo / 2 000 Mo" or "12.3 MB / 2000 MB".
pub fn megabytes(lang: Lang, usage: f64, quota: f64) -> String {
    match lang {
        Lang::Fr => format!("{:.1} Mo / {:.0} Mo", usage / 1e6, quota / 1e6).replace('.', ","),
        Lang::En => format!("{:.1} MB / {:.0} MB", usage / 1e6, quota / 1e6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_rules_in_both_languages() {
        assert_eq!(
            number_rule(Lang::Fr, Some(0.0), Some(10.0), true),
            "Un nombre entier entre 0 et 10."
        );
        assert_eq!(
            number_rule(Lang::En, Some(-2.5), None, false),
            "A number of at least -2.5."
        );
        assert_eq!(
            number_rule(Lang::Fr, None, Some(2.5), false),
            "Un nombre inférieur ou égal à 2,5."
        );
    }

    #[test]
    fn refusals_from_codes() {
        assert_eq!(
            refusal(Lang::Fr, "quartier_not_assigned", "x"),
            "cette enquête n'est pas affectée à ce quartier"
        );
        assert_eq!(
            refusal(Lang::En, "quartier_not_assigned", "cette enquête…"),
            "this survey is not assigned to this quartier"
        );
        assert_eq!(
            refusal(Lang::Fr, "new_code", "message du serveur"),
            "message du serveur"
        );
        assert_eq!(
            refusal(Lang::En, "new_code", "message du serveur"),
            "refused by the server (new_code)"
        );
    }
}
