//! Trust and data protection: emerging topics, erasure by receipt code, retention purge, audit
//! log. Coordinators and administrators only; nothing here reaches a council.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::analysis::EmergingTerm;

/// The period compared with the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Period {
    #[default]
    Month,
    Quarter,
}

/// A span of time, start included, end excluded, and the testimonies it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodSpan {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub testimonies: u32,
}

/// Words rising in a quartier (or everywhere) that the codebook does not cover yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmergingTopics {
    pub quartier_id: Option<i64>,
    pub period: Period,
    pub current: PeriodSpan,
    pub previous: PeriodSpan,
    pub terms: Vec<EmergingTerm>,
}

/// What a receipt code finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReceiptItemKind {
    Response,
    Testimony,
}

/// One item a resident's receipt code finds, without its content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptItem {
    pub kind: ReceiptItemKind,
    pub id: String,
    pub quartier_id: i64,
    pub place: String,
    pub captured_at: DateTime<Utc>,
    /// Surveys only.
    pub survey_id: Option<i64>,
    /// Testimonies only: `pending`, `approved`, …
    pub status: Option<super::ModerationStatus>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptLookup {
    /// The code as stored (upper case, no dash).
    pub code: String,
    pub items: Vec<ReceiptItem>,
}

/// What an erasure removed; every tally was updated in the same transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErasureReport {
    pub code: String,
    pub responses: u64,
    pub testimonies: u64,
}

/// What the retention purge removed (or would remove, for a dry run).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PurgeReport {
    pub dry_run: bool,
    pub retention_months: i64,
    /// Items captured (or surveys closed) before this moment are purged.
    pub cutoff: DateTime<Utc>,
    pub responses: u64,
    pub testimonies: u64,
    pub outings: u64,
    /// Expired sessions, used enrolment codes and stale sign-in counters.
    pub housekeeping: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// Absent for the command line and the server itself.
    pub actor_id: Option<i64>,
    pub actor_email: Option<String>,
    pub action: String,
    pub target: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub details: serde_json::Value,
}

/// Newest first; pass `next_before` as `before` for the next page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub next_before: Option<i64>,
}

/// Filters of `GET /api/v1/audit` (and its export); dates are UTC days, both ends included.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Exact action (`item.erased`) or a prefix ending with a dot (`account.`).
    pub action: Option<String>,
    pub actor_id: Option<i64>,
    /// Exact target, e.g. `user:12`.
    pub target: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Entries with a smaller id (the previous page's `next_before`).
    pub before: Option<i64>,
    /// 1 to 200, default 50.
    pub limit: Option<u64>,
}

/// `POST /api/v1/resident/*`: a resident's receipt code, in the body (never in a URL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReceiptCodeInput {
    /// As printed on the receipt, e.g. `K7QX-2M9D` (case, dashes and spaces do not matter).
    pub code: String,
}

/// One answer of a resident's answer set, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResidentAnswer {
    pub question: String,
    pub answer: String,
}

/// One item recorded about a resident, as the resident may see it: their answers in words, or
/// their words with personal data masked (as a council would read them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResidentItem {
    pub kind: ReceiptItemKind,
    /// The day it was recorded, in Nantes.
    pub recorded_on: NaiveDate,
    pub quartier: String,
    pub place: String,
    /// Answer sets: the survey's title and each answer.
    pub survey: Option<String>,
    pub answers: Vec<ResidentAnswer>,
    /// Testimonies: the text with personal data masked.
    pub text: Option<String>,
    pub status: Option<super::ModerationStatus>,
    pub consent: Option<super::Consent>,
    /// Shown as an anonymous quote to the council (approved, consent to quote).
    pub quoted: bool,
}

/// What a receipt code finds, for the resident who holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResidentRecord {
    /// The code as stored (upper case, no dash).
    pub code: String,
    pub items: Vec<ResidentItem>,
}
