//! The OpenAPI 3 document, generated from the handlers' annotations as `routes::mount` mounts
//! them (one list of operations, `routes::operations`).

use actix_web::{get, web, HttpResponse};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

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
    modifiers(&BearerAuth),
)]
struct ApiDoc;

/// The document before any operation is added: title, version, the bearer scheme.
pub fn base() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The document once `routes::mount` has collected the operations: adds the error answers
/// every operation shares (`openapi_errors`).
pub fn complete(mut collected: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    DocumentedErrors.modify(&mut collected);
    collected
}

#[get("/api/v1/openapi.json")]
pub async fn document(collected: web::Data<utoipa::openapi::OpenApi>) -> HttpResponse {
    HttpResponse::Ok().json(collected.get_ref())
}
