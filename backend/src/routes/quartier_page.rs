//! `/quartier/{slug}`: a quartier's public page, for residents, no sign-in. What they said as
//! published to their council (themes with counts, never under 11; quotes of people who agreed
//! to be quoted), in plain French, short sentences, large type. Only published data, no
//! identifier; cached five minutes by browsers and proxies.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse, ResponseError};

use super::html::{day_words, escape, month_words, page_with};
use crate::error::ApiError;
use crate::services::council::public::{self, PublicQuartier};
use crate::services::period::TIME_ZONE;
use crate::startup::AppState;

const CACHED: &str = "public, max-age=300";

fn said_html(page: &PublicQuartier) -> String {
    let name = escape(&page.quartier.name);
    let mut out = format!("<h1>{name} : ce que vous avez dit</h1>");
    let Some(published_at) = page.published_at else {
        out.push_str(
            "<p>Rien n'a encore été publié pour ce quartier.</p>\
<p>Quand l'équipe aura relu assez de paroles, vous les retrouverez ici.</p>",
        );
        return out;
    };
    let day = published_at.with_timezone(&TIME_ZONE).date_naive();
    out.push_str(&format!(
        "<p class=\"when\">Publié le {}.</p>",
        day_words(day)
    ));
    out.push_str("<h2>Les sujets dont vous avez parlé</h2>");
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
        out.push_str("<h2>Vos mots</h2>");
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
    out.push_str(&format!(
        "<h2>Et ensuite ?</h2><p>Le conseil citoyen de {name} lit ces paroles et les porte \
auprès de la ville.</p>"
    ));
    out
}

async fn quartier(state: web::Data<AppState>, slug: web::Path<String>) -> HttpResponse {
    let slug = slug.into_inner();
    match state
        .db(move |conn| public::quartier_page(conn, &slug))
        .await
    {
        Ok(found) => {
            let title = format!("{} : ce que vous avez dit", found.quartier.name);
            page_with(StatusCode::OK, &title, &said_html(&found), CACHED)
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
                tracing::error!(%error, "the public quartier page failed");
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

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/quartier/{slug}", web::get().to(quartier));
}
