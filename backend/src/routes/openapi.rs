//! The OpenAPI 3 document, generated from the handlers' annotations.

use actix_web::{get, HttpResponse};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{
    accounts, analysis, auth, codebook, compare, corrections, council, exports, followup, health,
    items, moderation, places, privacy, surveys, sync,
};

use super::openapi_errors::DocumentedErrors;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Porte-Voix API", version = "1", description = "Flash surveys and residents' words for citizen councils."),
    modifiers(&BearerAuth, &DocumentedErrors),
    paths(
        health::healthz,
        auth::login, auth::refresh, auth::logout, auth::logout_all, auth::enrol, auth::me,
        places::list_quartiers, places::create_quartier, places::update_quartier, places::merge_quartiers,
        places::list_councils, places::create_council, places::update_council,
        accounts::list_users, accounts::create_user, accounts::get_user, accounts::update_user,
        accounts::list_devices, accounts::create_enrolment, accounts::revoke_device,
        surveys::list, surveys::create, surveys::get, surveys::update, surveys::publish,
        surveys::open, surveys::close, surveys::assign,
        items::create_response, items::create_testimony,
        codebook::list,
        sync::push, sync::pull, sync::check,
        analysis::emerging_topics,
        privacy::find_receipt, privacy::erase_receipt, privacy::audit, privacy::audit_export,
        privacy::processing_register, privacy::retention_preview,
        moderation::queue, moderation::get, moderation::set_themes, moderation::set_redaction,
        moderation::decide,
        corrections::correction, corrections::correct,
        codebook::create, codebook::update, codebook::reanalyse,
        followup::outings, followup::summary,
        council::home, council::results, council::themes, council::quotes, council::report,
        compare::themes, compare::questions,
        exports::responses, exports::testimonies, exports::outings, exports::codebook,
    )
)]
pub struct ApiDoc;

#[get("/api/v1/openapi.json")]
pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
