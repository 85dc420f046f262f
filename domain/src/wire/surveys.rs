use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::survey::SurveyDefinition;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SurveyStatus {
    Draft,
    Open,
    Closed,
}

impl SurveyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Open => "open",
            Self::Closed => "closed",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Draft, Self::Open, Self::Closed]
            .into_iter()
            .find(|s| s.as_str() == value)
    }
}

/// A survey as coordinators see it: the draft being edited and its published versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Survey {
    pub id: i64,
    pub status: SurveyStatus,
    pub draft: SurveyDefinition,
    /// Latest published version, if any: the one volunteers answer.
    pub current_version: Option<SurveyVersion>,
    pub quartier_ids: Vec<i64>,
    pub updated_at: DateTime<Utc>,
}

/// An immutable published version. Answers always name the version they answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyVersion {
    pub id: i64,
    pub survey_id: i64,
    pub version: i32,
    pub definition: SurveyDefinition,
    pub published_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SurveyAssignment {
    pub quartier_ids: Vec<i64>,
}
