//! `/recu`: the residents' own page, plain HTML from the server (no script, no app to load,
//! any phone): type the receipt code, see what was recorded, stop being quoted, erase it all
//! (with a confirmation step). Short sentences, large type; works at 360 px and 200 % text.
//! The same services and throttle as `/api/v1/resident/*`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use portevoix_domain::wire::{
    Consent, ErasureReport, ModerationStatus, ReceiptItemKind, ResidentItem, ResidentRecord,
};
use serde::Deserialize;

use super::html::{day_words, escape, page, public_address, qr_svg};
use super::resident::behind_resident_throttle;
use crate::client_address::ClientAddress;
use crate::error::ApiError;
use crate::services::privacy::resident;
use crate::startup::AppState;

/// The code form, with an error under the field when there is one.
fn code_form(code: &str, error: Option<&str>) -> String {
    let (described, message) = match error {
        Some(e) => (
            " aria-describedby=\"code-error\" aria-invalid=\"true\"",
            format!("<p id=\"code-error\" class=\"error\">{}</p>", escape(e)),
        ),
        None => ("", String::new()),
    };
    format!(
        "<h1>Ce que vous nous avez dit</h1>\
<p>La personne qui vous a interrogé·e vous a donné un code, par exemple <strong>K7QX-2M9D</strong>.</p>\
<p>Avec ce code, vous voyez ce qui a été noté. Vous pouvez aussi demander qu'on ne vous cite plus, ou tout effacer.</p>\
<form method=\"post\" action=\"/recu\"><label for=\"code\">Votre code</label>\
<input id=\"code\" name=\"code\" value=\"{}\" autocomplete=\"off\" autocapitalize=\"characters\" spellcheck=\"false\" required{described}>\
{message}<button name=\"action\" value=\"show\">Voir</button></form>",
        escape(code)
    )
}

fn status_words(item: &ResidentItem) -> &'static str {
    match (item.status, item.consent) {
        (Some(ModerationStatus::Pending), _) => "Pas encore relue par l'équipe.",
        (Some(ModerationStatus::NeedsCorrection), _) => "En cours de relecture par l'équipe.",
        (Some(ModerationStatus::Rejected), _) => "Pas retenue : elle n'est montrée à personne.",
        (Some(ModerationStatus::Approved), Some(Consent::Quote)) => {
            "Relue. Le conseil citoyen peut la lire, sans votre nom."
        }
        (Some(ModerationStatus::Approved), _) => {
            "Relue. Elle compte dans les thèmes, mais n'est jamais citée."
        }
        (None, _) => "",
    }
}

fn item_html(item: &ResidentItem) -> String {
    let mut out = format!(
        "<section class=\"item\"><h2>Le {}, {} ({})</h2>",
        day_words(item.recorded_on),
        escape(&item.quartier),
        escape(&item.place)
    );
    match item.kind {
        ReceiptItemKind::Response => {
            out.push_str(&format!(
                "<p>Vos réponses à l'enquête « {} » :</p><dl>",
                escape(item.survey.as_deref().unwrap_or_default())
            ));
            for answer in &item.answers {
                out.push_str(&format!(
                    "<dt>{}</dt><dd>{}</dd>",
                    escape(&answer.question),
                    escape(&answer.answer)
                ));
            }
            out.push_str("</dl><p>Elles ne sont jamais montrées une par une : seulement en totaux d'au moins 11 personnes.</p>");
        }
        ReceiptItemKind::Testimony => {
            out.push_str(&format!(
                "<p>Vos paroles (les noms, numéros et adresses sont cachés) :</p><blockquote>{}</blockquote><p>{}</p>",
                escape(item.text.as_deref().unwrap_or_default()),
                status_words(item)
            ));
        }
    }
    out.push_str("</section>");
    out
}

fn hidden_code(code: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"code\" value=\"{}\">",
        escape(code)
    )
}

fn record_html(record: &ResidentRecord, notice: Option<&str>) -> String {
    let mut out = String::from("<h1>Ce qui a été noté</h1>");
    if let Some(notice) = notice {
        out.push_str(&format!(
            "<p class=\"ok\" role=\"status\">{}</p>",
            escape(notice)
        ));
    }
    for item in &record.items {
        out.push_str(&item_html(item));
    }
    out.push_str("<h2>Ce que vous pouvez demander</h2>");
    let quotable = record
        .items
        .iter()
        .any(|i| i.consent == Some(Consent::Quote));
    if quotable {
        out.push_str(&format!(
            "<form method=\"post\" action=\"/recu\">{}<p>Ne plus citer vos paroles : elles compteront encore dans les thèmes, mais personne ne les lira.</p>\
<button name=\"action\" value=\"withdraw\">Ne plus me citer</button></form>",
            hidden_code(&record.code)
        ));
    }
    out.push_str(&format!(
        "<form method=\"post\" action=\"/recu\">{}<p>Tout effacer : vos réponses et vos paroles disparaissent, et ne comptent plus.</p>\
<button class=\"danger\" name=\"action\" value=\"erase\">Tout effacer</button></form>",
        hidden_code(&record.code)
    ));
    out
}

fn confirm_html(code: &str) -> String {
    format!(
        "<h1>Tout effacer ?</h1><p>Vos réponses et vos paroles seront effacées pour toujours. On ne pourra pas les retrouver.</p>\
<form method=\"post\" action=\"/recu\">{}<button class=\"danger\" name=\"action\" value=\"erase_confirmed\">Oui, tout effacer</button>\
<button class=\"button quiet\" name=\"action\" value=\"show\">Non, revenir</button></form>",
        hidden_code(code)
    )
}

fn erased_html(report: &ErasureReport) -> String {
    let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n > 1 { many } else { one });
    format!(
        "<h1>C'est effacé</h1><p class=\"ok\" role=\"status\">{} et {} ont été effacées.</p>\
<p>Ce code ne donne plus rien. Merci d'avoir participé.</p><p><a class=\"button quiet\" href=\"/recu\">Retour</a></p>",
        plural(report.responses, "réponse à une enquête", "réponses à des enquêtes"),
        plural(report.testimonies, "parole", "paroles")
    )
}

/// A refusal in words, on the form again.
fn refused(code: &str, error: &ApiError) -> HttpResponse {
    let (status, message) = match error {
        ApiError::Validation { .. } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "Ce code n'a pas la bonne forme : 8 lettres et chiffres (sans 0, O, 1, I ni L)."
                .to_owned(),
        ),
        ApiError::NotFound(_) => (
            StatusCode::NOT_FOUND,
            "Rien n'est noté avec ce code. Vérifiez-le lettre par lettre.".to_owned(),
        ),
        ApiError::TooManyRequests { retry_after } => (
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "Trop d'essais. Réessayez dans {} minute(s).",
                retry_after.div_ceil(60).max(1)
            ),
        ),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            "Le service ne répond pas pour l'instant. Réessayez plus tard.".to_owned(),
        ),
    };
    let mut response = page(
        status,
        "Ce que vous nous avez dit",
        &code_form(code, Some(&message)),
    );
    if let ApiError::TooManyRequests { retry_after } = error {
        if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&retry_after.to_string())
        {
            response
                .headers_mut()
                .insert(actix_web::http::header::RETRY_AFTER, value);
        }
    }
    response
}

async fn form_page() -> HttpResponse {
    page(
        StatusCode::OK,
        "Ce que vous nous avez dit",
        &code_form("", None),
    )
}

#[derive(Debug, Deserialize)]
struct Asked {
    #[serde(default)]
    code: String,
    #[serde(default)]
    action: String,
}

async fn answer(
    state: web::Data<AppState>,
    ClientAddress(address): ClientAddress,
    form: web::Form<Asked>,
) -> HttpResponse {
    let Asked { code, action } = form.into_inner();
    let shown = code.trim().to_owned();
    let title = "Ce qui a été noté";
    let outcome = match action.as_str() {
        "withdraw" => behind_resident_throttle(&state, address, code, resident::withdraw_consent)
            .await
            .map(|record| {
                record_html(
                    &record,
                    Some("C'est fait : vos paroles ne seront plus citées. Elles comptent encore dans les thèmes."),
                )
            }),
        // The confirmation step still checks the code, so a wrong one is said before, not after.
        "erase" => behind_resident_throttle(&state, address, code, resident::record)
            .await
            .map(|record| confirm_html(&record.code)),
        "erase_confirmed" => behind_resident_throttle(&state, address, code, resident::erase)
            .await
            .map(|report| erased_html(&report)),
        _ => behind_resident_throttle(&state, address, code, resident::record)
            .await
            .map(|record| record_html(&record, None)),
    };
    match outcome {
        Ok(body) => page(StatusCode::OK, title, &body),
        Err(error) => refused(&shown, &error),
    }
}

/// This page's address: the configured public URL, or the one the request came to.
fn page_address(state: &AppState, request: &HttpRequest) -> String {
    public_address(state, request, "/recu")
}

/// The page's address as a QR code (SVG), for the volunteers' receipt screen: their service
/// worker keeps a copy, so it shows offline too.
async fn qr_code(state: web::Data<AppState>, request: HttpRequest) -> HttpResponse {
    qr_svg(&page_address(&state, &request))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/recu", web::get().to(form_page))
        .route("/recu", web::post().to(answer))
        .route("/recu/qr.svg", web::get().to(qr_code));
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn unescape(text: &str) -> String {
        text.replace("&quot;", "\"")
            .replace("&gt;", ">")
            .replace("&lt;", "<")
            .replace("&amp;", "&")
    }

    proptest! {
        /// Whatever a person types as a code comes back on the page as text, never as markup.
        #[test]
        fn typed_codes_never_become_markup(code in any::<String>()) {
            let escaped = escape(&code);
            prop_assert!(!escaped.contains(['<', '>', '"']));
            prop_assert_eq!(unescape(&escaped), code.clone());
            let form = code_form(&code, Some(&code));
            prop_assert_eq!(form.matches("<input").count(), 1);
        }
    }

    #[test]
    fn days_are_written_in_french_and_text_is_escaped() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        assert_eq!(day_words(day), "1 décembre 2026");
        assert_eq!(
            escape("<b>\"l'été\"</b>"),
            "&lt;b&gt;&quot;l'été&quot;&lt;/b&gt;"
        );
    }
}
