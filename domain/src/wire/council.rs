//! What councils (and coordinators preparing inter-council meetings) read: aggregates with
//! small-cell protection, approved redacted quotes, the printable report. No raw answers, no
//! original text, no volunteer identity ever travels in these types.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::month::Month;
use crate::suppression::{self, Cell};

/// Why a figure is not published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Suppressed {
    /// Fewer than 11 people: shown as "< 11".
    Small,
    /// Hidden so that a total minus the other figures cannot reveal a small one.
    Secondary,
}

/// A count (and its share) as published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figure {
    /// Absent when suppressed.
    pub count: Option<u64>,
    /// Percent of the line's total, one decimal; absent when either is suppressed.
    pub percent: Option<f64>,
    pub suppressed: Option<Suppressed>,
    /// What to print: `"42"`, `"< 11"` or `"s"`.
    pub display: String,
}

impl Figure {
    pub fn new(cell: Cell, total: Option<Cell>) -> Self {
        Self {
            count: cell.count(),
            percent: total.and_then(|t| suppression::percent(cell, t)),
            suppressed: match cell {
                Cell::Shown(_) => None,
                Cell::Small => Some(Suppressed::Small),
                Cell::Secondary => Some(Suppressed::Secondary),
            },
            display: cell.display(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuartierRef {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

/// A published survey version and how many answered in each of the council's quartiers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveySummary {
    pub survey_id: i64,
    pub survey_version_id: i64,
    pub version: i32,
    pub title: String,
    /// `open` or `closed`.
    pub status: super::SurveyStatus,
    pub published_at: DateTime<Utc>,
    pub quartiers: Vec<QuartierCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuartierCount {
    pub quartier_id: i64,
    pub responses: Figure,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThemeRef {
    pub code: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OptionRef {
    pub code: String,
    pub label: String,
}

/// `GET /api/v1/council/home`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CouncilHome {
    pub council_id: i64,
    pub council_name: String,
    pub quartiers: Vec<QuartierRef>,
    /// Latest first, at most 20.
    pub surveys: Vec<SurveySummary>,
    pub themes: Vec<ThemeRef>,
}

/// One bar of a question's chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OptionResult {
    /// Option code (`yes`/`no` for yes/no, `1`…`5` for scales); `""` is "sans réponse".
    pub code: String,
    pub label: String,
    pub figure: Figure,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionResult {
    pub code: String,
    pub label: String,
    /// The question type as in the survey definition (`single_choice`, `scale`…).
    pub kind: crate::survey::QuestionType,
    /// True for multiple choice: percentages do not add up to 100.
    pub multiple: bool,
    /// For choices, scales and yes/no: one entry per option, plus "sans réponse" for
    /// single-answer questions. For free text and numbers: only how many answered (`answered`)
    /// — their content is never published here.
    pub options: Vec<OptionResult>,
}

/// `GET /api/v1/council/surveys/{version_id}/results?quartier_id=`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyResults {
    pub survey_id: i64,
    pub survey_version_id: i64,
    pub version: i32,
    pub title: String,
    pub quartier: QuartierRef,
    pub responses: Figure,
    /// False when fewer than 11 people answered: every figure is then suppressed.
    pub publishable: bool,
    pub questions: Vec<QuestionResult>,
    /// When these figures were published to the council (absent: not a publication).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThemeSeries {
    pub code: String,
    pub label: String,
    pub retired: bool,
    /// Approved testimonies with this theme since the first month on record (suppressed).
    pub total: Figure,
    /// One figure per entry of `months`.
    pub months: Vec<Figure>,
}

/// `GET /api/v1/council/themes?quartier_id=&from=&to=`: approved testimonies per theme and month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThemesOverTime {
    pub quartier: QuartierRef,
    /// Oldest first.
    pub months: Vec<Month>,
    pub themes: Vec<ThemeSeries>,
    /// When these figures were published to the council (absent: not a publication).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<DateTime<Utc>>,
}

/// An approved testimony whose resident agreed to be quoted: redacted text, month, themes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quote {
    pub text: String,
    /// The month of capture (no day or hour: they could point at a person).
    pub month: Month,
    pub themes: Vec<ThemeRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuotePage {
    pub quartier: QuartierRef,
    pub items: Vec<Quote>,
    pub has_more: bool,
    pub offset: u64,
    pub limit: u64,
}

/// Everything the printable report shows, in one call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CouncilReport {
    pub council_name: String,
    pub quartier: QuartierRef,
    /// The period reported on, first and last month included.
    pub from: Month,
    pub to: Month,
    pub generated_at: DateTime<Utc>,
    /// The 3 latest survey versions assigned to the quartier.
    pub surveys: Vec<SurveyResults>,
    /// The period's months: the chosen themes, or all.
    pub themes: ThemesOverTime,
    /// Up to 3 quotes of the period for each chosen theme, or for each of the 4 themes with most
    /// approved testimonies.
    pub quotes: Vec<Quote>,
}

/// One quartier's line in a comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompareRow {
    pub quartier: QuartierRef,
    /// For a theme: its people over the whole series, with their share of the quartier's
    /// approved testimonies (as published); for a question: the quartier's responses.
    pub total: Figure,
    /// One figure per column of the comparison.
    pub cells: Vec<Figure>,
}

/// `GET /api/v1/compare/themes`: one theme, quartiers side by side, month by month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThemeComparison {
    pub theme: ThemeRef,
    /// Oldest first: the columns.
    pub months: Vec<Month>,
    pub rows: Vec<CompareRow>,
    /// All quartiers together (metropolitan totals), one per month.
    pub totals: Vec<Figure>,
    /// False when `raw=true` asked for exact figures (coordinators only, not for publication).
    pub suppressed: bool,
}

/// `GET /api/v1/compare/questions`: one question, quartiers side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionComparison {
    pub survey_id: i64,
    pub survey_version_id: i64,
    pub title: String,
    pub question: String,
    pub question_label: String,
    pub multiple: bool,
    /// The columns: option codes and labels (as in [`OptionResult`]).
    pub options: Vec<OptionRef>,
    /// Per quartier: `total` is its responses, cells are per option (percent of its responses).
    pub rows: Vec<CompareRow>,
    /// All quartiers together, one per option; `total` below is every response.
    pub totals: Vec<Figure>,
    pub total: Figure,
    pub suppressed: bool,
}
