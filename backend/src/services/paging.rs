//! Page sizes: the one rule for a `limit` query parameter.

use crate::error::ApiError;

/// `limit` or its default, refused (`invalid_limit`, field `limit`) outside `1..=max`.
pub fn check_limit(limit: Option<u64>, default: u64, max: u64) -> Result<u64, ApiError> {
    let limit = limit.unwrap_or(default);
    if limit == 0 || limit > max {
        return Err(ApiError::bad_request(
            "invalid_limit",
            format!("limit : entre 1 et {max}"),
            Some("limit".into()),
        ));
    }
    Ok(limit)
}
