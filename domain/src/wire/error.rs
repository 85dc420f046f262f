use serde::{Deserialize, Serialize};

/// The body of every error answer: `{"error":{"code","message","field"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// Machine-readable, stable: `validation`, `not_found`, `unauthorized`, …
    pub code: String,
    /// Human-readable, in French.
    pub message: String,
    /// The input field at fault, when there is one.
    pub field: Option<String>,
}
