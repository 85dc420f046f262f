//! Publications: what a coordinator makes visible to a council, as a dated snapshot. Council
//! pages read publications only, never the running tallies (see [`crate::publication`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::QuartierRef;

/// What a publication shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PublicationKind {
    /// One survey version's results in one quartier.
    Survey,
    /// One quartier's approved testimonies per theme and month.
    Themes,
}

impl PublicationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Survey => "survey",
            Self::Themes => "themes",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Survey, Self::Themes]
            .into_iter()
            .find(|k| k.as_str() == value)
    }
}

/// `POST /api/v1/publications`: publish these figures to the councils of this quartier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PublicationRequest {
    pub kind: PublicationKind,
    /// Required for `survey`, refused for `themes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey_version_id: Option<i64>,
    pub quartier_id: i64,
}

/// A publication made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Publication {
    pub id: i64,
    pub kind: PublicationKind,
    pub quartier: QuartierRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey_version_id: Option<i64>,
    /// The survey's title, or empty for themes.
    pub title: String,
    pub published_at: DateTime<Utc>,
    /// People counted (answer sets or approved testimonies). Coordinators only.
    pub people: u64,
}

/// Where one set of figures stands: published or not, and whether it may be published again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicationStatus {
    pub kind: PublicationKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey_version_id: Option<i64>,
    pub title: String,
    pub quartier: QuartierRef,
    /// The last publication, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<Publication>,
    /// People counted now.
    pub people_now: u64,
    /// More people needed before the next publication (0: it may be published now).
    pub missing: u64,
}

/// `GET /api/v1/publications?council_id=`: one council's figures and where each stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicationBoard {
    pub council_id: i64,
    pub council_name: String,
    pub items: Vec<PublicationStatus>,
}

/// Where a council's answer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AnswerStatus {
    /// Written by the council, waiting for the coordination.
    Submitted,
    /// Approved: on the quartier's public page.
    Approved,
    /// Not published (the council may write another).
    Rejected,
}

impl AnswerStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Submitted, Self::Approved, Self::Rejected]
            .into_iter()
            .find(|s| s.as_str() == value)
    }
}

/// `POST /api/v1/council/answers`: what the council answers residents on one theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CouncilAnswerInput {
    pub quartier_id: i64,
    /// Theme code.
    pub theme: String,
    /// « Le conseil répond… » (1 to 1,500 characters).
    pub answer: String,
    /// « Ce qui a changé… » (optional, up to 1,500 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<String>,
}

/// A council's answer on one theme of one quartier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CouncilAnswer {
    pub id: i64,
    pub quartier: QuartierRef,
    pub theme: super::ThemeRef,
    pub answer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<String>,
    pub status: AnswerStatus,
    pub written_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<DateTime<Utc>>,
}

/// `POST /api/v1/council/answers/{id}/decision` (coordinators).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AnswerDecision {
    pub approve: bool,
}
