//! What volunteers capture: answer sets, testimonies and outings. Each carries an id made on the
//! phone (UUIDv7) that stays its idempotency key for life.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::survey::Answers;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AgeBand {
    #[serde(rename = "under_18")]
    Under18,
    #[serde(rename = "18_24")]
    From18To24,
    #[serde(rename = "25_39")]
    From25To39,
    #[serde(rename = "40_59")]
    From40To59,
    #[serde(rename = "60_74")]
    From60To74,
    #[serde(rename = "75_plus")]
    From75,
}

impl AgeBand {
    pub const ALL: [AgeBand; 6] = [
        AgeBand::Under18,
        AgeBand::From18To24,
        AgeBand::From25To39,
        AgeBand::From40To59,
        AgeBand::From60To74,
        AgeBand::From75,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AgeBand::Under18 => "under_18",
            AgeBand::From18To24 => "18_24",
            AgeBand::From25To39 => "25_39",
            AgeBand::From40To59 => "40_59",
            AgeBand::From60To74 => "60_74",
            AgeBand::From75 => "75_plus",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == value)
    }
}

/// How a resident's words may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Consent {
    /// May be quoted, anonymised, once approved.
    Quote,
    /// Counted in themes only; never shown as a quote.
    CountOnly,
}

impl Consent {
    pub fn as_str(self) -> &'static str {
        match self {
            Consent::Quote => "quote",
            Consent::CountOnly => "count_only",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Consent::Quote, Consent::CountOnly]
            .into_iter()
            .find(|c| c.as_str() == value)
    }
}

pub const MAX_PLACE_CHARS: usize = 120;
pub const MAX_TESTIMONY_CHARS: usize = 4000;
pub const MAX_NOTE_CHARS: usize = 1000;
pub const RECEIPT_CODE_LEN: usize = 8;

/// One answer set to a published survey version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResponseInput {
    pub id: Uuid,
    pub survey_version_id: i64,
    pub quartier_id: i64,
    pub place: String,
    pub captured_at: DateTime<Utc>,
    #[serde(default)]
    pub age_band: Option<AgeBand>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub answers: Answers,
    #[serde(default)]
    pub outing_id: Option<Uuid>,
    #[serde(default)]
    pub device_id: Option<Uuid>,
    /// Short code handed to the resident so they can later ask for erasure.
    #[serde(default)]
    pub receipt_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TestimonyInput {
    pub id: Uuid,
    pub quartier_id: i64,
    pub place: String,
    pub captured_at: DateTime<Utc>,
    pub text: String,
    pub consent: Consent,
    #[serde(default)]
    pub age_band: Option<AgeBand>,
    /// Themes the volunteer picked or confirmed on the phone (codes).
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub outing_id: Option<Uuid>,
    #[serde(default)]
    pub device_id: Option<Uuid>,
    #[serde(default)]
    pub receipt_code: Option<String>,
}

/// A field session: where, when, how many people approached and how many answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OutingInput {
    pub id: Uuid,
    pub quartier_id: i64,
    pub place: String,
    pub started_at: DateTime<Utc>,
    #[serde(default)]
    pub ended_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub approached: u32,
    #[serde(default)]
    pub answered: u32,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub device_id: Option<Uuid>,
}

/// Where an item stands on the server, as the phone shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ModerationStatus {
    /// Received, waiting for a coordinator.
    Pending,
    Approved,
    Rejected,
    /// Sent back to the volunteer with a message ("à corriger").
    NeedsCorrection,
}

impl ModerationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::NeedsCorrection => "needs_correction",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            Self::Pending,
            Self::Approved,
            Self::Rejected,
            Self::NeedsCorrection,
        ]
        .into_iter()
        .find(|s| s.as_str() == value)
    }
}

/// The server's answer to a single-item create.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemAck {
    pub id: Uuid,
    pub status: super::PushStatus,
}

/// A testimony as a coordinator reviews it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Testimony {
    pub id: Uuid,
    pub quartier_id: i64,
    pub place: String,
    pub captured_at: DateTime<Utc>,
    pub text: String,
    pub redacted_text: String,
    pub consent: Consent,
    pub age_band: Option<AgeBand>,
    pub themes: Vec<String>,
    pub sensitive: bool,
    pub status: ModerationStatus,
    pub moderation_message: Option<String>,
    pub user_id: i64,
}
