//! HTTP routes: thin handlers that extract, call a service, and return JSON. One module per
//! area of the API (docs/api.md), named as its service (`services::<area>`) and its screen; the
//! OpenAPI document and the static files are not areas.

pub mod accounts;
pub mod analysis;
pub mod auth;
pub mod codebook;
pub mod compare;
pub mod corrections;
pub mod council;
pub mod exports;
pub mod followup;
pub mod health;
pub mod items;
pub mod moderation;
pub mod places;
pub mod privacy;
pub mod surveys;
pub mod sync;

pub mod openapi;
pub mod openapi_errors;
pub mod static_files;

use actix_web::web;

use crate::error::ApiError;

async fn api_not_found() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::NotFound("route"))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(health::healthz)
        .service(openapi::document)
        .service(auth::login)
        .service(auth::refresh)
        .service(auth::logout)
        .service(auth::logout_all)
        .service(auth::enrol)
        .service(auth::me)
        .service(places::list_quartiers)
        .service(places::merge_quartiers)
        .service(places::create_quartier)
        .service(places::update_quartier)
        .service(places::list_councils)
        .service(places::create_council)
        .service(places::update_council)
        .service(accounts::list_users)
        .service(accounts::create_user)
        .service(accounts::get_user)
        .service(accounts::update_user)
        .service(accounts::list_devices)
        .service(accounts::create_enrolment)
        .service(accounts::revoke_device)
        .service(surveys::list)
        .service(surveys::create)
        .service(surveys::get)
        .service(surveys::update)
        .service(surveys::publish)
        .service(surveys::open)
        .service(surveys::close)
        .service(surveys::assign)
        .service(items::create_response)
        .service(items::create_testimony)
        .service(codebook::list)
        .configure(sync::configure)
        .service(analysis::emerging_topics)
        .service(privacy::find_receipt)
        .service(privacy::erase_receipt)
        .service(privacy::audit)
        .service(privacy::audit_export)
        .service(privacy::processing_register)
        .service(privacy::retention_preview)
        .service(moderation::queue)
        .service(moderation::get)
        .service(moderation::set_themes)
        .service(moderation::set_redaction)
        .service(moderation::decide)
        .service(corrections::correction)
        .service(corrections::correct)
        .service(codebook::reanalyse)
        .service(codebook::create)
        .service(codebook::update)
        .service(followup::outings)
        .service(followup::summary)
        .service(council::home)
        .service(council::results)
        .service(council::themes)
        .service(council::quotes)
        .service(council::report)
        .service(compare::themes)
        .service(compare::questions)
        .service(exports::responses)
        .service(exports::testimonies)
        .service(exports::outings)
        .service(exports::codebook)
        // Anything else under /api is a JSON 404, never the app's index.html.
        .service(web::scope("/api").default_service(web::to(api_not_found)));
}
