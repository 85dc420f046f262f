//! Export download links: the coordinator's screen asks for a link, the browser follows it and
//! streams the file to disk itself.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Which export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    Responses,
    Testimonies,
    Outings,
    Codebook,
}

/// `POST /api/v1/exports/links`: the same choices as the export's own query string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ExportLinkRequest {
    pub export: ExportKind,
    /// Required for `responses`; for `codebook`, adds that survey's questions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quartier_id: Option<i64>,
    /// `testimonies`: only approved ones (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_only: Option<bool>,
    /// `testimonies`: add the original, unredacted text (audited as such).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<bool>,
    /// `csv` (default), `excel`, `xlsx` or `jsonl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Cells as labels (true) or codes (false); default: labels for `excel` and `xlsx`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<bool>,
}

/// A single-use link, valid a short while: the first download spends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportLink {
    /// Path to follow, `/api/v1/exports/download/{secret}`, no header needed.
    pub url: String,
    pub expires_at: DateTime<Utc>,
}
