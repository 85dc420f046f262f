//! What coordinators use to review testimonies, edit the codebook and follow outings, and what
//! a volunteer sends back when asked for a correction.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{AgeBand, Consent, ModerationStatus};

/// Who put a theme on a testimony.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ThemeSource {
    /// Picked on the phone.
    Volunteer,
    /// Suggested by the analysis; `matched` says which words triggered it.
    Suggested,
    /// Set or confirmed by a coordinator.
    Coordinator,
}

impl ThemeSource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Volunteer => "volunteer",
            Self::Suggested => "suggested",
            Self::Coordinator => "coordinator",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Volunteer, Self::Suggested, Self::Coordinator]
            .into_iter()
            .find(|s| s.as_str() == value)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemTheme {
    pub code: String,
    pub label: String,
    pub source: ThemeSource,
    /// The words of the text that triggered the suggestion (kept when a coordinator confirms).
    pub matched: Vec<String>,
    pub retired: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VolunteerRef {
    pub id: i64,
    pub display_name: String,
}

/// A testimony in the review queue (coordinators only: it carries the original text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewItem {
    pub id: Uuid,
    /// Changes with every edit; send it back as `expected_seq` to refuse stale edits.
    pub seq: i64,
    pub quartier_id: i64,
    pub place: String,
    pub captured_at: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
    /// What the volunteer wrote down. Never shown to councils.
    pub text: String,
    /// What councils may see once approved.
    pub redacted_text: String,
    /// True once a coordinator edited the redaction (re-analysis leaves it alone).
    pub redaction_edited: bool,
    pub sensitive: bool,
    /// The automatic analysis failed when the testimony arrived: no theme was suggested and the
    /// redacted text is a placeholder. Theme it and write the redacted text by hand.
    #[serde(default)]
    pub analysis_failed: bool,
    pub consent: Consent,
    pub age_band: Option<AgeBand>,
    pub status: ModerationStatus,
    /// The reason of a rejection or the request sent with "à corriger".
    pub moderation_message: Option<String>,
    pub moderated_by: Option<i64>,
    pub moderated_at: Option<DateTime<Utc>>,
    pub volunteer: VolunteerRef,
    pub outing_id: Option<Uuid>,
    pub themes: Vec<ItemTheme>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewPage {
    pub items: Vec<ReviewItem>,
    /// Matching testimonies in all pages.
    pub total: u64,
    pub offset: u64,
    pub limit: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewOrder {
    /// Oldest capture first (the queue).
    #[default]
    Oldest,
    Newest,
}

/// Filters of `GET /api/v1/moderation/testimonies`; dates are UTC days, both ends included.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct ReviewQuery {
    pub quartier_id: Option<i64>,
    pub status: Option<ModerationStatus>,
    /// Theme code.
    pub theme: Option<String>,
    /// The volunteer who collected it.
    pub user_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub sensitive: Option<bool>,
    #[serde(default)]
    pub order: ReviewOrder,
    /// 1 to 100, default 25.
    pub limit: Option<u64>,
    #[serde(default)]
    pub offset: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// Visible to councils (redacted, aggregated, quoted if consented).
    Approve,
    /// Never shown; `message` (the reason) required.
    Reject,
    /// "À corriger": `message` goes to the volunteer's phone.
    NeedsCorrection,
    /// Back to the queue (withdraws an approval).
    Reopen,
}

/// `POST /api/v1/moderation/testimonies/{id}/decision`. `themes` and `redacted_text`, when
/// given, are applied in the same step (edit and approve with one key).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub decision: DecisionKind,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub themes: Option<Vec<String>>,
    #[serde(default)]
    pub redacted_text: Option<String>,
    /// Approving a testimony flagged sensitive needs this set to `true`.
    #[serde(default)]
    pub confirm_sensitive: bool,
    #[serde(default)]
    pub expected_seq: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ThemesUpdate {
    /// 0 to 3 theme codes; they become the testimony's themes, confirmed by the coordinator.
    pub themes: Vec<String>,
    #[serde(default)]
    pub expected_seq: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RedactionUpdate {
    pub redacted_text: String,
    #[serde(default)]
    pub expected_seq: Option<i64>,
}

/// What the owner's phone shows for a testimony sent back "à corriger".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CorrectionRequest {
    pub id: Uuid,
    pub status: ModerationStatus,
    pub message: Option<String>,
    pub text: String,
    pub quartier_id: i64,
    pub place: String,
    pub captured_at: DateTime<Utc>,
    /// Theme codes currently on the testimony.
    pub themes: Vec<String>,
}

/// `POST /api/v1/testimonies/{id}/correction` by the volunteer who collected it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CorrectionInput {
    pub text: String,
    /// Replaces the volunteer's own themes when given.
    #[serde(default)]
    pub themes: Option<Vec<String>>,
}

/// `POST /api/v1/themes/proposals`: a proposed keyword the coordinator accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeywordAcceptance {
    /// As proposed (`words` of the proposal).
    pub words: String,
    pub theme: String,
}

/// A theme as the codebook editor sends it. Codes never change once created.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ThemeInput {
    /// Only read on creation: lowercase letters, digits and `_`.
    #[serde(default)]
    pub code: Option<String>,
    pub label: String,
    /// The label in English: absent leaves it as it is (none on creation), empty removes it
    /// (the French label is shown then).
    #[serde(default)]
    pub label_en: Option<String>,
    pub keywords: Vec<String>,
    #[serde(default)]
    pub related: Vec<String>,
    #[serde(default)]
    pub retired: bool,
}

/// Re-analysis touches testimonies awaiting a decision (pending, à corriger) only: approved
/// ones were confirmed by a person and are counted; their themes and redaction stay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReanalysisReport {
    pub analysed: u64,
    /// Testimonies whose suggestions, redaction or sensitive flag changed.
    pub changed: u64,
}

/// One outing as the coordinator's follow-up lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutingReport {
    pub id: Uuid,
    pub volunteer: VolunteerRef,
    pub quartier_id: i64,
    pub place: String,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    /// Whole minutes; absent while the outing is not ended.
    pub duration_minutes: Option<i64>,
    pub approached: i64,
    pub answered: i64,
    /// Answer sets and testimonies recorded during this outing.
    pub responses: i64,
    pub testimonies: i64,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutingPage {
    pub items: Vec<OutingReport>,
    pub total: u64,
    pub offset: u64,
    pub limit: u64,
}

/// Totals per volunteer and quartier over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowupRow {
    pub volunteer: VolunteerRef,
    pub quartier_id: i64,
    pub outings: i64,
    pub minutes: i64,
    pub approached: i64,
    pub answered: i64,
    pub responses: i64,
    pub testimonies: i64,
    pub last_outing_at: DateTime<Utc>,
}

/// Filters of the follow-up endpoints; dates are UTC days, both ends included.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct FollowupQuery {
    pub user_id: Option<i64>,
    pub quartier_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// 1 to 200, default 50 (list only).
    pub limit: Option<u64>,
    #[serde(default)]
    pub offset: u64,
}
