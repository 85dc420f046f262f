//! `/api/v1/themes`: the theme codebook.

use actix_web::{get, web};
use portevoix_domain::codebook::Theme;
use portevoix_domain::wire::ErrorBody;

use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::services::codebook;
use crate::startup::AppState;

/// The codebook, retired themes included (they stay on old items).
#[utoipa::path(tag = "themes", security(("bearer" = [])), responses((status = 200, body = Vec<Theme>), (status = 401, body = ErrorBody)))]
#[get("/api/v1/themes")]
pub async fn list(state: web::Data<AppState>, _auth: AuthUser) -> ApiResult<web::Json<Vec<Theme>>> {
    Ok(web::Json(state.db(codebook::list).await?))
}
