//! `/quartier/{slug}`: a quartier's public page, for residents, no sign-in. What they said as
//! published to their council (themes with counts, never under 11; quotes of people who agreed
//! to be quoted), in plain French, short sentences, large type. Only published data, no
//! identifier; cached five minutes by browsers and proxies; at most
//! [`crate::startup::PUBLIC_PAGES_PER_MINUTE`] requests per address and minute (429 after).
//! `/quartier/{slug}/affiche` is the A4 poster for a building's hall or a market stall, with a
//! QR code to the page (`/quartier/{slug}/qr.svg`).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};

use super::html::{day_words, escape, month_words, page_with, public_address, qr_svg};
use crate::client_address::ClientAddress;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::services::council::public::{self, PublicQuartier};
use crate::services::period::TIME_ZONE;
use crate::startup::AppState;

const CACHED: &str = "public, max-age=300";

/// Pictograms beside the headings and the three steps of an answer, for readers more at ease
/// with pictures than with words: decorative (the words say the same), drawn inline.
#[derive(Clone, Copy)]
enum Picto {
    /// A speech bubble: what residents said.
    Said,
    /// Quotation marks: residents' own words.
    Words,
    /// A megaphone (a porte-voix): the council answers.
    Answers,
    /// A tick: what changed.
    Changed,
}

fn picto(kind: Picto) -> &'static str {
    match kind {
        Picto::Said => "<svg class=\"picto\" viewBox=\"0 0 24 24\" width=\"32\" height=\"32\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linejoin=\"round\" aria-hidden=\"true\" focusable=\"false\"><path d=\"M4 4h16v11H10l-5 4v-4H4z\"/></svg>",
        Picto::Words => "<svg class=\"picto\" viewBox=\"0 0 24 24\" width=\"32\" height=\"32\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linejoin=\"round\" aria-hidden=\"true\" focusable=\"false\"><path d=\"M5 7h5v6l-2 4H6l1-4H5zM14 7h5v6l-2 4h-2l1-4h-2z\"/></svg>",
        Picto::Answers => "<svg class=\"picto\" viewBox=\"0 0 24 24\" width=\"32\" height=\"32\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\" aria-hidden=\"true\" focusable=\"false\"><path d=\"M3 10v4h3l8 5V5l-8 5zM17 9a4 4 0 0 1 0 6M7 14l1 5h2\"/></svg>",
        Picto::Changed => "<svg class=\"picto\" viewBox=\"0 0 24 24\" width=\"32\" height=\"32\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"3\" stroke-linejoin=\"round\" stroke-linecap=\"round\" aria-hidden=\"true\" focusable=\"false\"><path d=\"M4 12l5 5L20 6\"/></svg>",
    }
}

fn said_html(page: &PublicQuartier) -> String {
    let name = escape(&page.quartier.name);
    let mut out = format!("<h1>{name} : ce que vous avez dit</h1>");
    let Some(published_at) = page.published_at else {
        out.push_str(
            "<p>Rien n'a encore été publié pour ce quartier.</p>\
<p>Quand l'équipe aura relu assez de paroles, vous les retrouverez ici.</p>",
        );
        out.push_str(&answers_html(page));
        return out;
    };
    let day = published_at.with_timezone(&TIME_ZONE).date_naive();
    out.push_str(&format!(
        "<p class=\"when\">Publié le {}.</p>",
        day_words(day)
    ));
    out.push_str(&format!(
        "<h2>{}Les sujets dont vous avez parlé</h2>",
        picto(Picto::Said)
    ));
    if page.themes.is_empty() {
        out.push_str("<p>Pas encore assez de paroles pour montrer des sujets.</p>");
    } else {
        out.push_str("<ul class=\"themes\">");
        for theme in &page.themes {
            out.push_str(&format!(
                "<li><strong>{}</strong> : {} personnes en ont parlé.</li>",
                escape(&theme.label),
                theme.testimonies
            ));
        }
        out.push_str("</ul>");
    }
    if page.hidden_themes {
        out.push_str(
            "<p>D'autres sujets ont été cités par moins de 11 personnes. \
On ne les montre pas, pour que personne ne soit reconnu.</p>",
        );
    }
    if !page.quotes.is_empty() {
        out.push_str(&format!("<h2>{}Vos mots</h2>", picto(Picto::Words)));
        for quote in &page.quotes {
            out.push_str(&format!(
                "<figure class=\"item\"><blockquote>{}</blockquote><figcaption>{}</figcaption></figure>",
                escape(&quote.text),
                month_words(quote.month)
            ));
        }
        out.push_str(
            "<p>Ces personnes ont accepté d'être citées. Leur nom et ce qui permettrait de les \
reconnaître ont été retirés.</p>",
        );
    }
    out.push_str(&answers_html(page));
    out.push_str(&format!(
        "<h2>Et ensuite ?</h2><p>Le conseil citoyen de {name} lit ces paroles et les porte \
auprès de la ville.</p>"
    ));
    out
}

/// « Vous avez dit… / Le conseil répond… / Ce qui a changé… », theme by theme.
fn answers_html(page: &PublicQuartier) -> String {
    if page.answers.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<h2>{}Ce que le conseil citoyen répond</h2>",
        picto(Picto::Answers)
    );
    for answer in &page.answers {
        let said = page
            .themes
            .iter()
            .find(|t| t.label == answer.theme.label)
            .map_or_else(
                || "Des habitant·es en ont parlé.".to_owned(),
                |t| format!("{} personnes en ont parlé.", t.testimonies),
            );
        out.push_str(&format!(
            "<section class=\"item\"><h3>{}</h3><p class=\"step\">{}<span><strong>Vous avez dit…</strong> {said}</span></p>\
<p class=\"step\">{}<span><strong>Le conseil répond…</strong> {}</span></p>",
            escape(&answer.theme.label),
            picto(Picto::Said),
            picto(Picto::Answers),
            escape(&answer.answer)
        ));
        if let Some(changed) = &answer.changed {
            out.push_str(&format!(
                "<p class=\"step\">{}<span><strong>Ce qui a changé…</strong> {}</span></p>",
                picto(Picto::Changed),
                escape(changed)
            ));
        }
        out.push_str("</section>");
    }
    out
}

/// The page's answer to a flood from one address.
fn too_many(retry_after: u64) -> HttpResponse {
    let mut response = page_with(
        StatusCode::TOO_MANY_REQUESTS,
        "Trop de demandes",
        "<h1>Trop de demandes</h1><p>Réessayez dans une minute.</p>",
        "no-store",
    );
    if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&retry_after.to_string()) {
        response
            .headers_mut()
            .insert(actix_web::http::header::RETRY_AFTER, value);
    }
    response
}

/// Loads a quartier's public data and renders it with `render`, behind the rate limit; an
/// unknown quartier is a 404 page.
async fn public_page(
    state: &AppState,
    address: &str,
    slug: String,
    render: impl FnOnce(&PublicQuartier) -> (String, String),
) -> HttpResponse {
    if let Err(retry_after) = state.public_rate.allow(address, now_ms()) {
        return too_many(retry_after);
    }
    match state
        .db(move |conn| public::quartier_page(conn, &slug))
        .await
    {
        Ok(found) => {
            let (title, body) = render(&found);
            page_with(StatusCode::OK, &title, &body, CACHED)
        }
        Err(ApiError::NotFound(_)) => page_with(
            StatusCode::NOT_FOUND,
            "Quartier introuvable",
            "<h1>Quartier introuvable</h1><p>Vérifiez l'adresse de la page.</p>",
            CACHED,
        ),
        Err(error) => {
            let status = error.status_code();
            if status.is_server_error() {
                tracing::error!(%error, "a public quartier page failed");
            }
            page_with(
                status,
                "Page indisponible",
                "<h1>Page indisponible</h1><p>Réessayez dans quelques minutes.</p>",
                "no-store",
            )
        }
    }
}

async fn quartier(
    state: web::Data<AppState>,
    ClientAddress(address): ClientAddress,
    slug: web::Path<String>,
) -> HttpResponse {
    public_page(&state, &address, slug.into_inner(), |found| {
        (
            format!("{} : ce que vous avez dit", found.quartier.name),
            said_html(found),
        )
    })
    .await
}

/// The A4 poster: the quartier, the three themes most named, and the page's address with its
/// QR code, in type readable from a few steps away.
fn poster_html(found: &PublicQuartier, address: &str) -> String {
    let name = escape(&found.quartier.name);
    let mut out = format!(
        "<div class=\"poster\"><h1>{name} : vous avez parlé, voici ce qu'on a entendu</h1>"
    );
    if found.themes.is_empty() {
        out.push_str("<p>Les premières paroles seront bientôt publiées.</p>");
    } else {
        out.push_str("<ul class=\"themes\">");
        for theme in found.themes.iter().take(3) {
            out.push_str(&format!(
                "<li><strong>{}</strong> : {} personnes</li>",
                escape(&theme.label),
                theme.testimonies
            ));
        }
        out.push_str("</ul>");
    }
    out.push_str(&format!(
        "<p>Tout lire, et ce que le conseil citoyen en fait :</p>\
<p><img src=\"/quartier/{}/qr.svg\" alt=\"QR code vers la page du quartier\" width=\"220\" height=\"220\"></p>\
<p class=\"address\">{}</p></div>",
        escape(&found.quartier.slug),
        escape(address)
    ));
    out
}

async fn poster(
    state: web::Data<AppState>,
    request: HttpRequest,
    ClientAddress(client): ClientAddress,
    slug: web::Path<String>,
) -> HttpResponse {
    let slug = slug.into_inner();
    let address = public_address(&state, &request, &format!("/quartier/{slug}"));
    public_page(&state, &client, slug, |found| {
        (
            format!("Affiche — {}", found.quartier.name),
            poster_html(found, &address),
        )
    })
    .await
}

async fn qr_code(
    state: web::Data<AppState>,
    request: HttpRequest,
    ClientAddress(client): ClientAddress,
    slug: web::Path<String>,
) -> HttpResponse {
    if let Err(retry_after) = state.public_rate.allow(&client, now_ms()) {
        return too_many(retry_after);
    }
    let slug = slug.into_inner();
    if !slug
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return HttpResponse::NotFound().finish();
    }
    qr_svg(&public_address(
        &state,
        &request,
        &format!("/quartier/{slug}"),
    ))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/quartier/{slug}", web::get().to(quartier))
        .route("/quartier/{slug}/affiche", web::get().to(poster))
        .route("/quartier/{slug}/qr.svg", web::get().to(qr_code));
}
