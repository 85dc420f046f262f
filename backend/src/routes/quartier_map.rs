//! The quartier map (issue 16 §3): where each quartier is drawn (`GET /api/v1/map`, any
//! signed-in account), the outlines coordinators upload as GeoJSON, and the tile map's squares.
//! Use cases in `services::quartier_map`; drawn by `components/map.rs`.

use actix_web::{delete, get, put, web, HttpResponse};
use portevoix_domain::geo::{self, GeoError};
use portevoix_domain::wire::{ErrorBody, OutlineReport, QuartierMap, TileRequest};

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::services::quartier_map::{self, MAX_OUTLINES_BYTES};
use crate::startup::AppState;

/// Every quartier's shape: outlines when each quartier has one, else one square per quartier.
#[utoipa::path(tag = "places", security(("bearer" = [])),
    responses((status = 200, body = QuartierMap), (status = 401, body = ErrorBody)))]
#[get("/api/v1/map")]
pub async fn map(state: web::Data<AppState>, _auth: AuthUser) -> ApiResult<web::Json<QuartierMap>> {
    state.json(quartier_map::map).await
}

/// The body, up to 5 MiB, read only once the caller is known to be staff.
async fn geojson_text(payload: web::Payload) -> Result<String, ApiError> {
    let body = payload
        .to_bytes_limited(MAX_OUTLINES_BYTES)
        .await
        .map_err(|_| {
            ApiError::PayloadTooLarge(format!(
                "fichier trop volumineux (limite {MAX_OUTLINES_BYTES} octets)"
            ))
        })?
        .map_err(|e| {
            ApiError::bad_request("invalid_body", format!("corps illisible : {e}"), None)
        })?;
    String::from_utf8(body.to_vec()).map_err(|_| {
        ApiError::bad_request("invalid_json", "le fichier n'est pas du texte UTF-8", None)
    })
}

/// Upload quartier outlines: a GeoJSON FeatureCollection (WGS 84, or Lambert-93 with its `crs`),
/// each feature's `properties.official_code` (or `code_qp`) naming a quartier's official code.
/// Up to 5 MiB, `application/json` or `application/geo+json`. Simplified on the server;
/// features that match no quartier are reported, not stored.
#[utoipa::path(tag = "places", security(("bearer" = [])), request_body = Object,
    responses((status = 200, body = OutlineReport), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/api/v1/quartiers/outlines")]
pub async fn upload_outlines(
    state: web::Data<AppState>,
    auth: AuthUser,
    payload: web::Payload,
) -> ApiResult<web::Json<OutlineReport>> {
    // Refused before a byte of the file is read or parsed.
    auth.require_staff()?;
    let text = geojson_text(payload).await?;
    // Parsing and simplification run on the blocking pool, before a connection is taken.
    let parsed = web::block(move || geo::parse_outlines(&text))
        .await
        .map_err(ApiError::internal)?
        .map_err(|error| match error {
            GeoError::NotJson(_) => ApiError::bad_request("invalid_json", error.to_string(), None),
            _ => ApiError::validation("invalid_geojson", error.to_string(), None),
        })?;
    state
        .json(move |conn| quartier_map::upload_outlines(conn, &auth, parsed))
        .await
}

/// Remove every outline: the map goes back to tiles.
#[utoipa::path(tag = "places", security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody)))]
#[delete("/api/v1/quartiers/outlines")]
pub async fn clear_outlines(state: web::Data<AppState>, auth: AuthUser) -> ApiResult<HttpResponse> {
    state
        .db(move |conn| quartier_map::clear_outlines(conn, &auth))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Place a quartier's square on the tile map (columns and rows 0–19).
#[utoipa::path(tag = "places", security(("bearer" = [])), request_body = TileRequest,
    params(("id" = i64, Path)),
    responses((status = 200, body = QuartierMap), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/api/v1/quartiers/{id}/tile")]
pub async fn set_tile(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
    body: web::Json<TileRequest>,
) -> ApiResult<web::Json<QuartierMap>> {
    let id = id.into_inner();
    state
        .json(move |conn| quartier_map::set_tile(conn, &auth, id, body.into_inner()))
        .await
}
