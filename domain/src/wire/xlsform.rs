//! What an XLSForm import says, row by row: the same report from the command line, the API and
//! the coordinators' screen (issue 15).

use serde::{Deserialize, Serialize};

use crate::survey::{QuestionType, SurveyDefinition};

/// The fate of every row of a form: imported questions, warnings on what was changed on the
/// way, and rows refused with the reason. Row numbers are the spreadsheet's (1 = first row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub title: String,
    /// Languages of the form's labels (BCP 47 codes where the column names one), the one
    /// imported first.
    pub languages: Vec<String>,
    /// Questions that could be imported.
    pub importable: usize,
    /// Questions kept in the draft (all the importable ones up to the survey limit, or those
    /// chosen).
    pub kept: usize,
    /// Every importable question, in the form's order, with `kept` saying whether it is in the
    /// draft.
    pub questions: Vec<ImportedQuestion>,
    pub warnings: Vec<ImportWarning>,
    pub refused: Vec<RefusedRow>,
    /// Codes changed to fit Porte-Voix's rules (lower case, no accents, `_`): conditions were
    /// rewritten through this table.
    pub renamed: Vec<RenamedCode>,
    /// The id of the draft made from the form; absent on a dry run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey_id: Option<i64>,
    /// On the API's dry run: the survey the form would make, its kept questions only (the
    /// builder takes translations from it into an existing survey).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<SurveyDefinition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportedQuestion {
    pub code: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    pub label: String,
    pub from_row: usize,
    pub kept: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportWarning {
    /// 0 for the form as a whole.
    pub row: usize,
    /// The column's header as written in the file, empty for the form as a whole.
    pub column: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefusedRow {
    pub row: usize,
    /// The row's XLSForm type as written (`geopoint`, `begin repeat`, `calculate`…).
    #[serde(rename = "type")]
    pub kind: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RenamedCode {
    /// `question` or `option`.
    pub of: String,
    pub from: String,
    pub to: String,
}
