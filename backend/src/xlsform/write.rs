//! A survey definition → an XLSForm workbook that pyxform (the XLSForm reference
//! implementation) converts for ODK Collect and KoboToolbox, and that [`super::import`] reads
//! back into the same definition. Column names are the question codes, so exports of
//! responses keep matching.
//!
//! | Porte-Voix | XLSForm |
//! |---|---|
//! | intro | a `note` named `intro` before the first question |
//! | single / multiple choice | `select_one` / `select_multiple` of a list named after the question; `max_choices` as `count-selected(.) <= N` |
//! | yes / no | `select_one` of a `yes`/`no` list |
//! | scale (smiley) | `range` 1–5 by 1 (appearance `smiley`) |
//! | short / long text | `text` (long: appearance `multiline`); `max_chars` as `string-length(.) <= N` |
//! | number | `integer` or `decimal`; bounds as `. >= min and . <= max` |
//! | `show_if` | `relevant`: `selected(${q}, 'v') or …` (`${q} = v` for a scale) |
//! | hint | `hint::Français (fr)` (and `hint::Arabic (ar)`…) |
//! | other languages | `label::Arabic (ar)` columns beside `label::Français (fr)` (the title's translations have no place in XLSForm and are not written) |

use portevoix_domain::survey::{QuestionKind, SurveyDefinition, Translations};
use rust_xlsxwriter::{Workbook, XlsxError};

use crate::error::ApiError;

/// The label column's language, as XLSForm recommends writing it (name and code).
pub const FRENCH_LABEL: &str = "label::Français (fr)";
const YES_NO_LIST: &str = "oui_non";

const SURVEY_HEADERS: [&str; 9] = [
    "type",
    "name",
    FRENCH_LABEL,
    "required",
    "relevant",
    "constraint",
    "appearance",
    "parameters",
    "hint::Français (fr)",
];

/// `label::Arabic (ar)`, `hint::Arabic (ar)`: a column of a survey's other language, named as
/// XLSForm recommends.
fn language_column(base: &str, code: &str) -> String {
    let name = match code.split('-').next().unwrap_or(code) {
        "ar" => "Arabic",
        "en" => "English",
        "tr" => "Turkish",
        "pt" => "Portuguese",
        "es" => "Spanish",
        "wo" => "Wolof",
        "zdj" => "Comorian",
        "de" => "German",
        "it" => "Italian",
        "ro" => "Romanian",
        "ru" => "Russian",
        "sw" => "Swahili",
        "zh" => "Chinese",
        "bm" => "Bambara",
        "snk" => "Soninke",
        "ta" => "Tamil",
        _ => code,
    };
    format!("{base}::{name} ({code})")
}

/// One survey row, in [`SURVEY_HEADERS`] order, then its label in each other language.
#[derive(Default)]
struct Row {
    kind: String,
    name: String,
    label: String,
    translations: Translations,
    hint: String,
    hint_translations: Translations,
    required: bool,
    relevant: String,
    constraint: String,
    appearance: String,
    parameters: String,
}

fn number(n: f64) -> String {
    format!("{n}")
}

/// `wanted`, or `wanted_pv`… if a question already has that code (list names and row names
/// must not collide with the questions' own).
fn free_name(definition: &SurveyDefinition, wanted: &str) -> String {
    let mut name = wanted.to_owned();
    while definition.questions.iter().any(|q| q.code == name) {
        name.push_str("_pv");
    }
    name
}

/// `Vie du quartier`, version 2 → `vie_du_quartier-v2.xlsx` (ASCII, for any disk and header).
pub fn file_name(title: &str, version: &str) -> String {
    let stem = super::codes::normalise(title, "enquete");
    let version = super::codes::normalise(version, "v");
    if version.starts_with("v_") {
        format!("{stem}-{}.xlsx", version.replacen("v_", "v", 1))
    } else {
        format!("{stem}-{version}.xlsx")
    }
}

/// The workbook's bytes. `form_id` and `version` go to the settings sheet.
pub fn xlsform(
    definition: &SurveyDefinition,
    form_id: &str,
    version: &str,
) -> Result<Vec<u8>, ApiError> {
    build(definition, form_id, version).map_err(ApiError::internal)
}

fn build(
    definition: &SurveyDefinition,
    form_id: &str,
    version: &str,
) -> Result<Vec<u8>, XlsxError> {
    let yes_no = free_name(definition, YES_NO_LIST);
    let mut rows: Vec<Row> = Vec::new();
    let mut choices: Vec<([String; 3], Translations)> = Vec::new();
    if let Some(intro) = definition.intro.as_ref().filter(|i| !i.trim().is_empty()) {
        rows.push(Row {
            kind: "note".into(),
            name: free_name(definition, "intro"),
            label: intro.clone(),
            translations: definition.intro_translations.clone(),
            ..Row::default()
        });
    }
    let mut uses_yes_no = false;
    for question in &definition.questions {
        let mut row = Row {
            name: question.code.clone(),
            label: question.label.clone(),
            translations: question.translations.clone(),
            hint: question.hint.clone().unwrap_or_default(),
            hint_translations: question.hint_translations.clone(),
            required: question.required,
            relevant: question
                .show_if
                .as_ref()
                .map(|r| super::relevant::relevant(r, definition))
                .unwrap_or_default(),
            ..Row::default()
        };
        match &question.kind {
            QuestionKind::SingleChoice { options }
            | QuestionKind::MultipleChoice { options, .. } => {
                let multiple = matches!(question.kind, QuestionKind::MultipleChoice { .. });
                row.kind = format!(
                    "{} {}",
                    if multiple {
                        "select_multiple"
                    } else {
                        "select_one"
                    },
                    question.code
                );
                for option in options {
                    choices.push((
                        [
                            question.code.clone(),
                            option.code.clone(),
                            option.label.clone(),
                        ],
                        option.translations.clone(),
                    ));
                }
                if let QuestionKind::MultipleChoice {
                    max_choices: Some(max),
                    ..
                } = question.kind
                {
                    row.constraint = format!("count-selected(.) <= {max}");
                }
            }
            QuestionKind::YesNo => {
                row.kind = format!("select_one {yes_no}");
                uses_yes_no = true;
            }
            QuestionKind::Scale { smiley } => {
                row.kind = "range".into();
                row.parameters = "start=1 end=5 step=1".into();
                if *smiley {
                    row.appearance = "smiley".into();
                }
            }
            QuestionKind::Date => row.kind = "date".into(),
            QuestionKind::Note => row.kind = "note".into(),
            QuestionKind::ShortText { max_chars } | QuestionKind::LongText { max_chars } => {
                row.kind = "text".into();
                if matches!(question.kind, QuestionKind::LongText { .. }) {
                    row.appearance = "multiline".into();
                }
                if let Some(max) = max_chars {
                    row.constraint = format!("string-length(.) <= {max}");
                }
            }
            QuestionKind::Number { min, max, integer } => {
                row.kind = if *integer { "integer" } else { "decimal" }.into();
                row.constraint = [
                    min.map(|m| format!(". >= {}", number(m))),
                    max.map(|m| format!(". <= {}", number(m))),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" and ");
            }
        }
        rows.push(row);
    }
    if uses_yes_no {
        choices.push((
            [yes_no.clone(), "yes".into(), "Oui".into()],
            Translations::new(),
        ));
        choices.push(([yes_no, "no".into(), "Non".into()], Translations::new()));
    }

    let mut book = Workbook::new();
    let survey = book.add_worksheet();
    survey.set_name("survey")?;
    let languages = &definition.languages;
    let extra = |first: u16| (first..).zip(languages.iter());
    for (column, header) in (0u16..).zip(SURVEY_HEADERS) {
        survey.write_string(0, column, header)?;
    }
    let first_extra = SURVEY_HEADERS.len() as u16;
    let first_hint = first_extra.saturating_add(languages.len() as u16);
    for (column, code) in extra(first_extra) {
        survey.write_string(0, column, language_column("label", code))?;
    }
    for (column, code) in extra(first_hint) {
        survey.write_string(0, column, language_column("hint", code))?;
    }
    for (line, row) in (1u32..).zip(&rows) {
        let cells = [
            row.kind.as_str(),
            row.name.as_str(),
            row.label.as_str(),
            if row.required { "yes" } else { "" },
            row.relevant.as_str(),
            row.constraint.as_str(),
            row.appearance.as_str(),
            row.parameters.as_str(),
            row.hint.as_str(),
        ];
        for (column, cell) in (0u16..).zip(cells) {
            if !cell.is_empty() {
                survey.write_string(line, column, cell)?;
            }
        }
        for (column, code) in extra(first_extra) {
            if let Some(text) = row.translations.get(code).filter(|t| !t.trim().is_empty()) {
                survey.write_string(line, column, text)?;
            }
        }
        for (column, code) in extra(first_hint) {
            if let Some(text) = row
                .hint_translations
                .get(code)
                .filter(|t| !t.trim().is_empty())
            {
                survey.write_string(line, column, text)?;
            }
        }
    }
    let sheet = book.add_worksheet();
    sheet.set_name("choices")?;
    for (column, header) in (0u16..).zip(["list_name", "name", FRENCH_LABEL]) {
        sheet.write_string(0, column, header)?;
    }
    for (column, code) in extra(3) {
        sheet.write_string(0, column, language_column("label", code))?;
    }
    for (line, (choice, translations)) in (1u32..).zip(&choices) {
        for (column, cell) in (0u16..).zip(choice) {
            sheet.write_string(line, column, cell)?;
        }
        for (column, code) in extra(3) {
            if let Some(text) = translations.get(code).filter(|t| !t.trim().is_empty()) {
                sheet.write_string(line, column, text)?;
            }
        }
    }
    let settings = book.add_worksheet();
    settings.set_name("settings")?;
    for (column, (header, value)) in (0u16..).zip([
        ("form_title", definition.title.as_str()),
        ("form_id", form_id),
        ("version", version),
        ("default_language", "Français (fr)"),
    ]) {
        settings.write_string(0, column, header)?;
        settings.write_string(1, column, value)?;
    }
    book.save_to_buffer()
}

#[cfg(test)]
#[path = "round_trip_tests.rs"]
mod round_trip_tests;
