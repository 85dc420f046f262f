//! The residents' server-rendered pages (`/recu`, `/quartier/{slug}`): one style sheet (allowed
//! by its hash, no script), escaping, and the page around a body. Plain HTML that any phone
//! shows: short sentences, large type, readable at 360 px and 200 % text.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use base64::Engine;
use chrono::{Datelike, NaiveDate};
use portevoix_domain::month::{Month, MONTHS_FR};
use sha2::{Digest, Sha256};

pub const STYLE: &str = "body{margin:0;font-family:system-ui,sans-serif;font-size:1.15rem;line-height:1.5;color:#111;background:#fff}\
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
.themes{padding-left:0;list-style:none}.themes li{margin:.4rem 0;overflow-wrap:anywhere}.when{color:#444;font-size:1rem;margin-top:0}\
h2 .picto{vertical-align:-.35em;margin-right:.4rem;color:#1d4e89}.step{display:flex;gap:.5rem;align-items:flex-start}.step .picto{flex:none;color:#1d4e89}\
.poster h1{font-size:2.2rem}.poster .themes{font-size:1.5rem}.address{font-size:1.3rem;font-weight:700;overflow-wrap:anywhere}\
@media print{header,form{display:none}@page{size:A4;margin:15mm}body{font-size:14pt}.poster h1{font-size:30pt}.poster .themes{font-size:20pt}}";

/// The page's CSP: no script; only its own stylesheet, by hash; forms post to itself.
pub fn csp() -> String {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(STYLE.as_bytes()));
    format!("default-src 'none'; style-src 'sha256-{hash}'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
}

/// Text and double-quoted attribute values (every attribute here is double-quoted).
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A page nobody should keep (`no-store`): the residents' own records.
pub fn page(status: StatusCode, title: &str, body: &str) -> HttpResponse {
    page_with(status, title, body, "no-store")
}

/// A page with its `Cache-Control`.
pub fn page_with(status: StatusCode, title: &str, body: &str, cache: &str) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header(("Content-Security-Policy", csp()))
        .insert_header(("Cache-Control", cache))
        .body(format!(
            "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"robots\" content=\"noindex\"><title>{} — Porte-Voix</title><style>{STYLE}</style></head>\
<body><header>Porte-Voix</header><main>{body}</main></body></html>",
            escape(title)
        ))
}

/// « 1 décembre 2026 ».
pub fn day_words(day: NaiveDate) -> String {
    let month = MONTHS_FR
        .get(day.month0() as usize)
        .copied()
        .unwrap_or_default();
    format!("{} {month} {}", day.day(), day.year())
}

/// « décembre 2026 ».
pub fn month_words(month: Month) -> String {
    let name = MONTHS_FR
        .get(usize::from(month.month()).saturating_sub(1))
        .copied()
        .unwrap_or_default();
    format!("{name} {}", month.year())
}

/// The address residents reach `path` at: the configured public address, or the one this
/// request came to.
pub fn public_address(
    state: &crate::startup::AppState,
    request: &HttpRequest,
    path: &str,
) -> String {
    let base = state.settings.public_url.clone().unwrap_or_else(|| {
        let info = request.connection_info();
        format!("{}://{}", info.scheme(), info.host())
    });
    format!("{}{path}", base.trim_end_matches('/'))
}

/// `text` as a QR code (SVG), or 404 when it cannot be one.
pub fn qr_svg(text: &str) -> HttpResponse {
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => HttpResponse::Ok().content_type("image/svg+xml").body(
            code.render::<qrcode::render::svg::Color>()
                .min_dimensions(160, 160)
                .quiet_zone(true)
                .build(),
        ),
        Err(_) => HttpResponse::NotFound().finish(),
    }
}
