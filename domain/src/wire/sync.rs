//! The sync contract between phone and server (see docs/architecture.md).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Response,
    Testimony,
    Outing,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Response => "response",
            Self::Testimony => "testimony",
            Self::Outing => "outing",
        }
    }
}

/// One result per pushed item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PushStatus {
    /// Stored now.
    Created,
    /// Same id, same content: already stored, nothing changed.
    Duplicate,
    /// Same id, different content: the first version stays.
    Conflict,
    /// Not stored; see `code` and `message`.
    Rejected,
}

pub const MAX_PUSH_ITEMS: usize = 500;
pub const MAX_PUSH_BYTES: usize = 2 * 1024 * 1024;

/// `POST /api/v1/sync/push`. Items are parsed one by one on the server, so a malformed item is
/// rejected alone; each is `{"kind": "response"|"testimony"|"outing", "item": {…Input}}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushRequest {
    pub device_id: Option<Uuid>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub items: Vec<serde_json::Value>,
}

/// The envelope of one pushed item, once parsed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "item", rename_all = "snake_case")]
pub enum PushItem {
    Response(super::ResponseInput),
    Testimony(super::TestimonyInput),
    Outing(super::OutingInput),
}

impl PushItem {
    pub fn id(&self) -> Uuid {
        match self {
            Self::Response(r) => r.id,
            Self::Testimony(t) => t.id,
            Self::Outing(o) => o.id,
        }
    }

    pub fn kind(&self) -> ItemKind {
        match self {
            Self::Response(_) => ItemKind::Response,
            Self::Testimony(_) => ItemKind::Testimony,
            Self::Outing(_) => ItemKind::Outing,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    /// Same order and length as the request's items.
    pub results: Vec<PushResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResult {
    pub index: usize,
    /// Absent only when the item was too malformed to carry an id.
    pub id: Option<Uuid>,
    pub status: PushStatus,
    /// Machine-readable reason for `rejected` and `conflict`.
    pub code: Option<String>,
    /// French message for the volunteer.
    pub message: Option<String>,
    pub field: Option<String>,
}

/// `POST /api/v1/sync/check`: which of these ids does the server hold?
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckRequest {
    pub ids: Vec<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckResponse {
    pub present: Vec<Uuid>,
}

/// `GET /api/v1/sync/pull?cursor=N`: what changed for the caller since `cursor`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullResponse {
    /// Pass it back as `cursor` next time.
    pub cursor: i64,
    /// Open survey versions assigned to the caller's quartiers (full definitions).
    pub surveys: Vec<DeviceSurvey>,
    pub quartiers: Vec<super::Quartier>,
    pub themes: Vec<crate::codebook::Theme>,
    /// Status of the caller's own items that changed since `cursor`.
    pub items: Vec<ItemStatus>,
    /// Things withdrawn since `cursor` (closed surveys, merged quartiers, retired themes).
    pub tombstones: Vec<Tombstone>,
    /// The RGPD information notice shown before each interview.
    pub information_notice: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceSurvey {
    pub survey_id: i64,
    pub version: super::SurveyVersion,
    pub quartier_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemStatus {
    pub id: Uuid,
    pub kind: ItemKind,
    pub status: super::ModerationStatus,
    /// The coordinator's message for `needs_correction` or `rejected`.
    pub message: Option<String>,
}

/// What a tombstone says was deleted (or merged away, or erased). The wire keeps a string in
/// [`Tombstone::entity`] so that a phone ignores kinds it does not know yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TombstoneEntity {
    Survey,
    Quartier,
    Theme,
    /// An answer set erased (receipt code, retention); only its owner's phone hears of it.
    Response,
    /// A testimony erased; only its owner's phone hears of it.
    Testimony,
    /// An outing erased; only its owner's phone hears of it.
    Outing,
}

impl TombstoneEntity {
    pub const ALL: [TombstoneEntity; 6] = [
        Self::Survey,
        Self::Quartier,
        Self::Theme,
        Self::Response,
        Self::Testimony,
        Self::Outing,
    ];

    /// The captured items, whose tombstones go to their owner only.
    pub const ITEMS: [TombstoneEntity; 3] = [Self::Response, Self::Testimony, Self::Outing];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Survey => "survey",
            Self::Quartier => "quartier",
            Self::Theme => "theme",
            Self::Response => "response",
            Self::Testimony => "testimony",
            Self::Outing => "outing",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == value)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tombstone {
    /// `survey`, `quartier` or `theme`; `response` or `testimony` once erased (receipt code).
    pub entity: String,
    pub id: String,
}
