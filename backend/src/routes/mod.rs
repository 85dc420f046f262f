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
pub mod html;
pub mod items;
pub mod moderation;
pub mod places;
pub mod privacy;
pub mod publications;
pub mod quartier_map;
pub mod quartier_page;
pub mod resident;
pub mod resident_page;
pub mod survey_xlsform;
pub mod surveys;
pub mod sync;

pub mod openapi;
pub mod openapi_errors;
pub mod static_files;

use actix_web::dev::{ServiceFactory, ServiceRequest};
use actix_web::{web, App};
use utoipa_actix_web::{AppExt, UtoipaApp};

use crate::error::ApiError;

pub(crate) async fn api_not_found() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::NotFound("route"))
}

/// Every API operation, listed once: this list both mounts the handlers and collects their
/// `#[utoipa::path]` documentation into the OpenAPI document, so a route cannot be served
/// undocumented or documented unserved.
fn operations<T>(app: UtoipaApp<T>) -> UtoipaApp<T>
where
    T: ServiceFactory<ServiceRequest, Config = (), Error = actix_web::Error, InitError = ()>,
{
    app.service(health::healthz)
        .service(auth::login)
        .service(auth::refresh)
        .service(auth::logout)
        .service(auth::logout_all)
        .service(auth::enrol)
        .service(auth::me)
        .service(places::list_quartiers)
        .service(places::merge_quartiers)
        // Before `/api/v1/quartiers/{id}`, which would take "outlines" for an id.
        .service(quartier_map::upload_outlines)
        .service(quartier_map::clear_outlines)
        .service(quartier_map::set_tile)
        .service(quartier_map::map)
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
        .service(survey_xlsform::import)
        .service(survey_xlsform::export)
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
        .service(sync::push_scope())
        .service(sync::pull)
        .service(sync::check)
        .service(analysis::emerging_topics)
        .service(privacy::find_receipt)
        .service(privacy::erase_receipt)
        .service(resident::record)
        .service(resident::withdraw_consent)
        .service(resident::erase)
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
        .service(codebook::proposals)
        .service(codebook::accept_proposal)
        .service(codebook::create)
        .service(codebook::update)
        .service(followup::outings)
        .service(followup::summary)
        .service(council::home)
        .service(council::results)
        .service(council::themes)
        .service(council::quotes)
        .service(council::report)
        .service(council::answers)
        .service(council::answer)
        .service(council::decide_answer)
        .service(publications::board)
        .service(publications::publish)
        .service(compare::themes)
        .service(compare::questions)
        .service(exports::responses)
        .service(exports::testimonies)
        .service(exports::outings)
        .service(exports::codebook)
        .service(exports::create_link)
        .service(exports::download)
}

/// Mounts the API on `app`: the operations, the OpenAPI document built from them, and a JSON
/// 404 for anything else under `/api` (never the app's `index.html`).
pub fn mount<T>(app: App<T>) -> App<T>
where
    T: ServiceFactory<ServiceRequest, Config = (), Error = actix_web::Error, InitError = ()>,
{
    let (app, document) =
        operations(app.into_utoipa_app().openapi(openapi::base())).split_for_parts();
    app.app_data(web::Data::new(openapi::complete(document)))
        .service(openapi::document)
        .configure(resident_page::configure)
        .configure(quartier_page::configure)
        .service(web::scope("/api").default_service(web::to(api_not_found)))
}
