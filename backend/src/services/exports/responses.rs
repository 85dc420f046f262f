//! The responses export: one row per response of a survey (every version), one column per
//! question, answers as codes or as their options' labels.

use diesel::prelude::*;
use portevoix_domain::survey::SurveyDefinition;
use portevoix_domain::wire::AgeBand;
use serde_json::json;

use super::format::{RowWriter, Table, Value};
use super::labels::{self, Labels};
use super::{io_error, ExportPlan, ExportRequest, PAGE};
use crate::db::schema::{answers, responses};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::services::codebook;

const FIXED: [&str; 8] = [
    "response_id",
    "survey_id",
    "survey_version",
    "quartier",
    "place",
    "captured_at",
    "age_band",
    "outing_id",
];

/// Question codes of every version, latest version's order first, then older-only questions,
/// each with its label in the latest version that has it.
fn questions(versions: &[(i64, i32, SurveyDefinition)]) -> Vec<(String, String)> {
    let mut columns: Vec<(String, String)> = Vec::new();
    for (_, _, definition) in versions.iter().rev() {
        for question in definition.questions.iter().filter(|q| q.kind.is_answered()) {
            if !columns.iter().any(|(code, _)| code == &question.code) {
                columns.push((question.code.clone(), question.label.clone()));
            }
        }
    }
    columns
}

/// The responses' table: fixed columns, then one per question (headed by its label, made
/// unique with its code when two questions share a label).
pub fn table(plan: &ExportPlan) -> Table {
    let questions = questions(&plan.versions);
    let mut keys: Vec<String> = FIXED.map(str::to_owned).to_vec();
    keys.extend(questions.iter().map(|(code, _)| code.clone()));
    let mut table = Table::new("Réponses", keys, plan.labels);
    if plan.labels {
        table.headers.truncate(FIXED.len());
        for (code, label) in &questions {
            let shared = questions.iter().filter(|(_, l)| l == label).count() > 1;
            let label = label.trim();
            table.headers.push(if shared || label.is_empty() {
                format!("{label} ({code})")
            } else {
                label.to_owned()
            });
        }
    }
    table
}

type ResponseLine = (String, i64, String, i64, Option<AgeBand>, Option<String>);
type AnswerLine = (String, String, String, Option<f64>, Option<String>);

/// A question's stored rows for one response as one value: the number, the text, or the
/// option codes (or labels) joined by `|` in code order (whatever order the database returned
/// them in).
fn answer_value<'a>(
    mine: &'a [AnswerLine],
    question: &str,
    labels: Option<(&'a Labels, i64)>,
) -> Value<'a> {
    let matching = || mine.iter().filter(move |a| a.1 == question);
    let Some(first) = matching().next() else {
        return Value::Empty;
    };
    if let Some(n) = matching().find_map(|r| r.3) {
        return Value::Number(n);
    }
    if let Some(text) = matching().find_map(|r| r.4.as_deref()) {
        return Value::text(text);
    }
    let word = |code: &'a str| match labels {
        Some((labels, version)) => labels.answer(version, question, code),
        None => code,
    };
    if matching().nth(1).is_none() {
        return match labels {
            Some(_) => Value::text(word(first.2.as_str())),
            None => Value::code(first.2.as_str()),
        };
    }
    let mut codes: Vec<&str> = matching().map(|r| r.2.as_str()).collect();
    codes.sort_unstable();
    let words: Vec<&str> = codes.into_iter().map(word).collect();
    match labels {
        Some(_) => Value::text(words.join(" | ")),
        None => Value::code(words.join("|")),
    }
}

pub fn write(
    conn: &mut DbConnection,
    plan: &ExportPlan,
    labels: &Labels,
    quartier_id: Option<i64>,
    writer: &mut RowWriter,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, ApiError> {
    let questions: Vec<String> = questions(&plan.versions)
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    let survey_id = match &plan.request {
        ExportRequest::Responses { survey_id, .. } => *survey_id,
        _ => 0,
    };
    writer
        .json_line(&json!({
            "type": "codebook",
            "survey_id": survey_id,
            "versions": plan.versions.iter().map(|(id, version, definition)| json!({
                "survey_version_id": id, "version": version, "definition": definition,
            })).collect::<Vec<_>>(),
            "themes": codebook::list(conn)?,
        }))
        .map_err(io_error)?;
    let mut rows = 0u64;
    for (version_id, version, _) in &plan.versions {
        let mut last = String::new();
        loop {
            let mut query = responses::table
                .filter(responses::survey_version_id.eq(version_id))
                .filter(responses::id.gt(&last))
                .into_boxed();
            if let Some(q) = quartier_id {
                query = query.filter(responses::quartier_id.eq(q));
            }
            let page: Vec<ResponseLine> = query
                .order(responses::id)
                .limit(PAGE)
                .select((
                    responses::id,
                    responses::quartier_id,
                    responses::place,
                    responses::captured_at,
                    responses::age_band,
                    responses::outing_id,
                ))
                .load(conn)?;
            let Some(tail) = page.last() else { break };
            let first = std::mem::take(&mut last);
            last = tail.0.clone();
            // The same range walked again, joined to its answers, in the same order: one
            // query and a merge instead of a thousand-id `IN` list. Ordered by response only:
            // SQLite then reads each response's answers by one primary-key range (no sort).
            let mut query = answers::table
                .inner_join(responses::table)
                .filter(responses::survey_version_id.eq(version_id))
                .filter(responses::id.gt(&first))
                .filter(responses::id.le(&last))
                .into_boxed();
            if let Some(q) = quartier_id {
                query = query.filter(responses::quartier_id.eq(q));
            }
            let answers: Vec<AnswerLine> = query
                .order(responses::id)
                .select((
                    answers::response_id,
                    answers::question_code,
                    answers::option_code,
                    answers::number_value,
                    answers::text_value,
                ))
                .load(conn)?;
            let with_labels = plan.labels.then_some((labels, *version_id));
            let mut next = 0;
            for (id, quartier, place, captured_at, age_band, outing) in &page {
                let start = next;
                while answers.get(next).is_some_and(|a| &a.0 == id) {
                    next += 1;
                }
                let mine = &answers[start..next];
                let mut values: Vec<Value> = Vec::with_capacity(FIXED.len() + questions.len());
                let (quartier, age_band) = if plan.labels {
                    (
                        Value::opt_text(labels.quartier_name(*quartier)),
                        Value::opt_text(age_band.map(labels::age_band)),
                    )
                } else {
                    (
                        Value::opt_code(labels.quartier_slug(*quartier)),
                        Value::opt_code(age_band.map(AgeBand::as_str)),
                    )
                };
                values.extend([
                    Value::code(id.as_str()),
                    Value::Int(survey_id),
                    Value::Int(i64::from(*version)),
                    quartier,
                    Value::text(place.as_str()),
                    Value::Time(*captured_at),
                    age_band,
                    Value::opt_code(outing.as_deref()),
                ]);
                values.extend(questions.iter().map(|q| answer_value(mine, q, with_labels)));
                writer.row(&values).map_err(io_error)?;
            }
            rows += page.len() as u64;
            progress(rows);
        }
    }
    Ok(rows)
}
