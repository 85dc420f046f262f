//! `portevoix seed --demo`: demo accounts, open surveys and invented answers.

use crate::db::DbConnection;
use crate::error::ApiError;

pub fn seed(_conn: &mut DbConnection) -> Result<String, ApiError> {
    Err(ApiError::internal(anyhow::anyhow!(
        "demo seed not written yet"
    )))
}
