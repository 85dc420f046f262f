//! The OpenAPI 3 document, generated from the handlers' annotations.

use actix_web::{get, HttpResponse};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{
    admin, auth, codebook, codebook_admin, compare, council, emerging, exports, followup, health,
    items, moderation, privacy, surveys, sync,
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
        admin::list_quartiers, admin::create_quartier, admin::update_quartier, admin::merge_quartiers,
        admin::list_councils, admin::create_council, admin::update_council,
        admin::list_users, admin::create_user, admin::get_user, admin::update_user,
        admin::list_devices, admin::create_enrolment, admin::revoke_device,
        surveys::list, surveys::create, surveys::get, surveys::update, surveys::publish,
        surveys::open, surveys::close, surveys::assign,
        items::create_response, items::create_testimony,
        codebook::list,
        sync::push, sync::pull, sync::check,
        emerging::emerging_topics,
        privacy::find_receipt, privacy::erase_receipt, privacy::audit, privacy::audit_export,
        privacy::processing_register, privacy::retention_preview,
        moderation::queue, moderation::get, moderation::set_themes, moderation::set_redaction,
        moderation::decide, moderation::correction, moderation::correct,
        codebook_admin::create, codebook_admin::update, codebook_admin::reanalyse,
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
