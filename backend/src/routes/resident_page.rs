//! `/recu`: the residents' own page, plain HTML from the server (no script, no app to load,
//! any phone): type the receipt code, see what was recorded, stop being quoted, erase it all
//! (with a confirmation step). Short sentences, large type; works at 360 px and 200 % text.
//! The same services and throttle as `/api/v1/resident/*`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use base64::Engine;
use chrono::{Datelike, NaiveDate};
use portevoix_domain::month::MONTHS_FR;
use portevoix_domain::wire::{
    Consent, ErasureReport, ModerationStatus, ReceiptItemKind, ResidentItem, ResidentRecord,
};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::resident::behind_resident_throttle;
use crate::client_address::ClientAddress;
use crate::error::ApiError;
use crate::services::privacy::resident;
use crate::startup::AppState;

const STYLE: &str = "body{margin:0;font-family:system-ui,sans-serif;font-size:1.15rem;line-height:1.5;color:#111;background:#fff}\
header{background:#1d4e89;color:#fff;padding:.6rem 1rem;font-weight:700;font-size:1.25rem}\
main{max-width:40rem;margin:0 auto;padding:1rem clamp(.5rem,3vw,1rem)}\
h1{font-size:1.6rem;line-height:1.25}h2{font-size:1.25rem}\
label{display:block;font-weight:700;margin:.5rem 0 .25rem}\
input{box-sizing:border-box;width:100%;max-width:14em;font:inherit;font-size:1.2rem;letter-spacing:.04em;padding:.5rem .4rem;border:2px solid #111;border-radius:6px;text-transform:uppercase}\
button,.button{display:inline-block;font:inherit;font-weight:700;min-height:48px;padding:.5rem 1rem;margin:.5rem .5rem .5rem 0;border-radius:6px;border:2px solid #1d4e89;background:#1d4e89;color:#fff;cursor:pointer;text-decoration:none}\
button.danger{background:#9b1c1c;border-color:#9b1c1c}.button.quiet{background:#fff;color:#1d4e89}\
button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #e6a700;outline-offset:2px}\
.item{border:2px solid #c9d3de;border-radius:8px;padding:.75rem;margin:1rem 0;overflow-wrap:anywhere}\
blockquote{margin:.5rem 0;padding:.5rem .75rem;border-left:5px solid #1d4e89;background:#f3f6f9}\
dt{font-weight:700;margin-top:.4rem}dd{margin:0 0 .3rem}\
.error{color:#9b1c1c;font-weight:700}.ok{background:#e6f4ea;border-left:5px solid #1e7b34;padding:.5rem .75rem}\
@media print{header,form{display:none}}";

/// The page's CSP: no script; only its own stylesheet, by hash; forms post to itself.
fn csp() -> String {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(STYLE.as_bytes()));
    format!("default-src 'none'; style-src 'sha256-{hash}'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
}

/// Text and double-quoted attribute values (every attribute here is double-quoted).
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn day_words(day: NaiveDate) -> String {
    let month = MONTHS_FR[day.month0() as usize];
    format!("{} {month} {}", day.day(), day.year())
}

fn page(status: StatusCode, title: &str, body: &str) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header(("Content-Security-Policy", csp()))
        .insert_header(("Cache-Control", "no-store"))
        .body(format!(
            "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"robots\" content=\"noindex\"><title>{} — Porte-Voix</title><style>{STYLE}</style></head>\
<body><header>Porte-Voix</header><main>{body}</main></body></html>",
            escape(title)
        ))
}

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
    let base = state.settings.public_url.clone().unwrap_or_else(|| {
        let info = request.connection_info();
        format!("{}://{}", info.scheme(), info.host())
    });
    format!("{}/recu", base.trim_end_matches('/'))
}

/// The page's address as a QR code (SVG), for the volunteers' receipt screen: their service
/// worker keeps a copy, so it shows offline too.
async fn qr_code(state: web::Data<AppState>, request: HttpRequest) -> HttpResponse {
    let address = page_address(&state, &request);
    match qrcode::QrCode::new(address.as_bytes()) {
        Ok(code) => HttpResponse::Ok().content_type("image/svg+xml").body(
            code.render::<qrcode::render::svg::Color>()
                .min_dimensions(160, 160)
                .quiet_zone(true)
                .build(),
        ),
        Err(_) => HttpResponse::NotFound().finish(),
    }
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/recu", web::get().to(form_page))
        .route("/recu", web::post().to(answer))
        .route("/recu/qr.svg", web::get().to(qr_code));
}

#[cfg(test)]
mod tests {
    use super::*;
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
