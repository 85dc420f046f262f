//! HTTP routes: thin handlers that extract, call a service, and return JSON.

pub mod admin;
pub mod auth;
pub mod codebook;
pub mod codebook_admin;
pub mod compare;
pub mod council;
pub mod emerging;
pub mod exports;
pub mod followup;
pub mod health;
pub mod items;
pub mod moderation;
pub mod openapi;
pub mod openapi_errors;
pub mod privacy;
pub mod static_files;
pub mod surveys;
pub mod sync;

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
        .service(admin::list_quartiers)
        .service(admin::merge_quartiers)
        .service(admin::create_quartier)
        .service(admin::update_quartier)
        .service(admin::list_councils)
        .service(admin::create_council)
        .service(admin::update_council)
        .service(admin::list_users)
        .service(admin::create_user)
        .service(admin::get_user)
        .service(admin::update_user)
        .service(admin::list_devices)
        .service(admin::create_enrolment)
        .service(admin::revoke_device)
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
        .service(emerging::emerging_topics)
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
        .service(moderation::correction)
        .service(moderation::correct)
        .service(codebook_admin::reanalyse)
        .service(codebook_admin::create)
        .service(codebook_admin::update)
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
