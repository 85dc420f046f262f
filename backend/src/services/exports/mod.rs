//! Exports for coordinators (HTTP and `portevoix export`): responses (one row per response,
//! one column per question), testimonies (approved only or all, with themes), outings, and the
//! codebook that explains the codes (survey versions, questions, options, themes).
//!
//! Rows are read in pages by keyset (`id > last ORDER BY id`), written out and dropped, inside
//! one read transaction (a consistent snapshot), so memory stays flat whatever the size.
//! [`prepare`] checks the request and writes the audit entry before the first byte is sent.
//! The dialects (CSV, Excel, JSON lines) are [`format`].

pub mod format;

use std::collections::HashMap;
use std::io::Write;

use diesel::prelude::*;
use portevoix_domain::survey::SurveyDefinition;
use portevoix_domain::wire::{AgeBand, Consent, ModerationStatus};
use serde_json::json;

use crate::auth::AuthUser;
use crate::db::schema::{
    answers, outings, quartiers, responses, survey_versions, surveys, tally_responses, testimonies,
    testimony_themes, themes, users,
};
use crate::db::write_transaction;
use crate::db::{is_postgres, DbConnection, Stored};
use crate::error::ApiError;
use crate::services::audit::AuditAction;
use crate::services::exports::format::{Format, RowWriter, Value};
use crate::services::{audit, codebook, followup};

/// Rows per page: big enough to amortise queries, small enough to keep memory flat.
pub const PAGE: i64 = 1000;

#[derive(Debug, Clone, PartialEq)]
pub enum ExportRequest {
    Responses {
        survey_id: i64,
        quartier_id: Option<i64>,
    },
    Testimonies {
        approved_only: bool,
        quartier_id: Option<i64>,
        /// Also the original (unredacted) text: audited as such.
        original: bool,
    },
    Outings {
        quartier_id: Option<i64>,
    },
    Codebook {
        survey_id: Option<i64>,
    },
}

impl ExportRequest {
    fn name(&self) -> &'static str {
        match self {
            Self::Responses { .. } => "responses",
            Self::Testimonies { .. } => "testimonies",
            Self::Outings { .. } => "outings",
            Self::Codebook { .. } => "codebook",
        }
    }

    fn audit_action(&self) -> AuditAction {
        match self {
            Self::Responses { .. } => AuditAction::ExportResponses,
            Self::Testimonies { .. } => AuditAction::ExportTestimonies,
            Self::Outings { .. } => AuditAction::ExportOutings,
            Self::Codebook { .. } => AuditAction::ExportCodebook,
        }
    }
}

/// A checked export, ready to stream.
#[derive(Debug, Clone)]
pub struct ExportPlan {
    pub request: ExportRequest,
    pub format: Format,
    /// Rows expected (for progress bars); exact unless items arrive meanwhile.
    pub expected_rows: u64,
    pub filename: String,
    versions: Vec<(i64, i32, SurveyDefinition)>,
}

fn check_quartier(conn: &mut DbConnection, id: Option<i64>) -> Result<(), ApiError> {
    if let Some(id) = id {
        let found: i64 = quartiers::table.find(id).count().get_result(conn)?;
        if found == 0 {
            return Err(ApiError::validation(
                "unknown_quartier",
                "quartier inconnu",
                Some("quartier_id".into()),
            ));
        }
    }
    Ok(())
}

fn versions_of(
    conn: &mut DbConnection,
    survey_id: i64,
) -> Result<Vec<(i64, i32, SurveyDefinition)>, ApiError> {
    let found: i64 = surveys::table.find(survey_id).count().get_result(conn)?;
    if found == 0 {
        return Err(ApiError::NotFound("enquête"));
    }
    survey_versions::table
        .filter(survey_versions::survey_id.eq(survey_id))
        .order(survey_versions::version)
        .select((
            survey_versions::id,
            survey_versions::version,
            survey_versions::definition,
        ))
        .load::<(i64, i32, String)>(conn)?
        .into_iter()
        .map(|(id, version, definition)| {
            Ok((
                id,
                version,
                serde_json::from_str(&definition).map_err(ApiError::internal)?,
            ))
        })
        .collect()
}

/// Checks the request, counts the rows and records the export in the audit log.
pub fn prepare(
    conn: &mut DbConnection,
    actor: &AuthUser,
    request: ExportRequest,
    format: Format,
) -> Result<ExportPlan, ApiError> {
    actor.require_staff()?;
    let mut versions = Vec::new();
    let (expected_rows, details, target) = match &request {
        ExportRequest::Responses {
            survey_id,
            quartier_id,
        } => {
            check_quartier(conn, *quartier_id)?;
            versions = versions_of(conn, *survey_id)?;
            let ids: Vec<i64> = versions.iter().map(|v| v.0).collect();
            let mut query = tally_responses::table
                .filter(tally_responses::survey_version_id.eq_any(&ids))
                .select(tally_responses::responses)
                .into_boxed();
            if let Some(q) = quartier_id {
                query = query.filter(tally_responses::quartier_id.eq(*q));
            }
            let counts: Vec<i64> = query.load(conn)?;
            (
                counts.into_iter().sum::<i64>(),
                json!({"quartier_id": quartier_id}),
                format!("survey:{survey_id}"),
            )
        }
        ExportRequest::Testimonies {
            approved_only,
            quartier_id,
            original,
        } => {
            check_quartier(conn, *quartier_id)?;
            let mut query = testimonies::table.into_boxed();
            if *approved_only {
                query = query.filter(testimonies::status.eq(Stored(ModerationStatus::Approved)));
            }
            if let Some(q) = quartier_id {
                query = query.filter(testimonies::quartier_id.eq(*q));
            }
            let count: i64 = query.count().get_result(conn)?;
            (
                count,
                json!({"approved_only": approved_only, "quartier_id": quartier_id, "original_text": original}),
                "testimonies".to_owned(),
            )
        }
        ExportRequest::Outings { quartier_id } => {
            check_quartier(conn, *quartier_id)?;
            let mut query = outings::table.into_boxed();
            if let Some(q) = quartier_id {
                query = query.filter(outings::quartier_id.eq(*q));
            }
            let count: i64 = query.count().get_result(conn)?;
            (
                count,
                json!({"quartier_id": quartier_id}),
                "outings".to_owned(),
            )
        }
        ExportRequest::Codebook { survey_id } => {
            if let Some(id) = survey_id {
                versions = versions_of(conn, *id)?;
            }
            (0, json!({"survey_id": survey_id}), "codebook".to_owned())
        }
    };
    let name = request.name();
    let action = request.audit_action();
    let mut details = details;
    if let Some(map) = details.as_object_mut() {
        map.insert("format".into(), format.as_str().into());
    }
    write_transaction(conn, |conn| {
        audit::record(conn, actor.actor(), action, &target, details)
    })?;
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M");
    Ok(ExportPlan {
        filename: format!("portevoix-{name}-{stamp}{}", format.file_ending()),
        expected_rows: expected_rows.max(0) as u64,
        request,
        format,
        versions,
    })
}

/// Streams the export to `out`, calling `progress` with the rows written so far after each
/// page. Returns the number of rows.
pub fn write(
    conn: &mut DbConnection,
    plan: &ExportPlan,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, ApiError> {
    conn.transaction(|conn| {
        if is_postgres(conn) {
            diesel::sql_query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(conn)?;
        }
        match &plan.request {
            ExportRequest::Responses { quartier_id, .. } => {
                write_responses(conn, plan, *quartier_id, out, progress)
            }
            ExportRequest::Testimonies {
                approved_only,
                quartier_id,
                original,
            } => write_testimonies(
                conn,
                plan.format,
                (*approved_only, *quartier_id, *original),
                out,
                progress,
            ),
            ExportRequest::Outings { quartier_id } => {
                write_outings(conn, plan.format, *quartier_id, out, progress)
            }
            ExportRequest::Codebook { .. } => write_codebook(conn, plan, out),
        }
    })
}

fn io_error(error: std::io::Error) -> ApiError {
    ApiError::internal(anyhow::anyhow!("export interrupted: {error}"))
}

fn quartier_slugs(conn: &mut DbConnection) -> Result<HashMap<i64, String>, ApiError> {
    Ok(quartiers::table
        .select((quartiers::id, quartiers::slug))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect())
}

/// Question codes of every version, latest version's order first, then older-only questions.
fn question_columns(versions: &[(i64, i32, SurveyDefinition)]) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    for (_, _, definition) in versions.iter().rev() {
        for question in &definition.questions {
            if !columns.contains(&question.code) {
                columns.push(question.code.clone());
            }
        }
    }
    columns
}

type ResponseLine = (String, i64, String, i64, Option<AgeBand>, Option<String>);
type AnswerLine = (String, String, String, Option<f64>, Option<String>);
/// id, quartier, place, captured_at, status, consent, age band, sensitive, redacted, text.
type TestimonyLine = (
    String,
    i64,
    String,
    i64,
    ModerationStatus,
    Consent,
    Option<AgeBand>,
    bool,
    String,
    String,
);

/// A question's stored rows for one response as one value: the number, the text, or the
/// option codes joined by `|` in code order (whatever order the database returned them in).
fn answer_value<'a>(mine: &'a [AnswerLine], question: &str) -> Value<'a> {
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
    if matching().nth(1).is_none() {
        return Value::code(first.2.as_str());
    }
    let mut codes: Vec<&str> = matching().map(|r| r.2.as_str()).collect();
    codes.sort_unstable();
    Value::code(codes.join("|"))
}

fn write_responses(
    conn: &mut DbConnection,
    plan: &ExportPlan,
    quartier_id: Option<i64>,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, ApiError> {
    let slugs = quartier_slugs(conn)?;
    let questions = question_columns(&plan.versions);
    let mut columns: Vec<String> = [
        "response_id",
        "survey_id",
        "survey_version",
        "quartier",
        "place",
        "captured_at",
        "age_band",
        "outing_id",
    ]
    .map(str::to_owned)
    .to_vec();
    columns.extend(questions.iter().cloned());
    let mut writer = RowWriter::new(out, plan.format, columns).map_err(io_error)?;
    if let ExportRequest::Responses { survey_id, .. } = &plan.request {
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
    }
    let survey_id = match &plan.request {
        ExportRequest::Responses { survey_id, .. } => *survey_id,
        _ => 0,
    };
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
            let mut next = 0;
            for (id, quartier, place, captured_at, age_band, outing) in &page {
                let start = next;
                while answers.get(next).is_some_and(|a| &a.0 == id) {
                    next += 1;
                }
                let mine = &answers[start..next];
                let mut values: Vec<Value> = Vec::with_capacity(8 + questions.len());
                values.extend([
                    Value::code(id.as_str()),
                    Value::Int(survey_id),
                    Value::Int(i64::from(*version)),
                    Value::opt_code(slugs.get(quartier).map(String::as_str)),
                    Value::text(place.as_str()),
                    Value::Time(*captured_at),
                    Value::opt_code(age_band.map(AgeBand::as_str)),
                    Value::opt_code(outing.as_deref()),
                ]);
                values.extend(questions.iter().map(|q| answer_value(mine, q)));
                writer.row(&values).map_err(io_error)?;
            }
            rows += page.len() as u64;
            progress(rows);
        }
    }
    Ok(rows)
}

fn write_testimonies(
    conn: &mut DbConnection,
    format: Format,
    (approved_only, quartier_id, original): (bool, Option<i64>, bool),
    out: &mut dyn Write,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, ApiError> {
    let slugs = quartier_slugs(conn)?;
    let mut columns: Vec<String> = [
        "testimony_id",
        "quartier",
        "place",
        "captured_at",
        "status",
        "consent",
        "age_band",
        "sensitive",
        "themes",
        "redacted_text",
    ]
    .map(str::to_owned)
    .to_vec();
    if original {
        columns.push("text".into());
    }
    let mut writer = RowWriter::new(out, format, columns).map_err(io_error)?;
    writer
        .json_line(&json!({"type": "codebook", "themes": codebook::list(conn)?}))
        .map_err(io_error)?;
    let mut rows = 0u64;
    let mut last = String::new();
    loop {
        let mut query = testimonies::table
            .filter(testimonies::id.gt(&last))
            .into_boxed();
        if approved_only {
            query = query.filter(testimonies::status.eq(Stored(ModerationStatus::Approved)));
        }
        if let Some(q) = quartier_id {
            query = query.filter(testimonies::quartier_id.eq(q));
        }
        let page: Vec<TestimonyLine> = query
            .order(testimonies::id)
            .limit(PAGE)
            .select((
                testimonies::id,
                testimonies::quartier_id,
                testimonies::place,
                testimonies::captured_at,
                testimonies::status,
                testimonies::consent,
                testimonies::age_band,
                testimonies::sensitive,
                testimonies::redacted_text,
                testimonies::text,
            ))
            .load(conn)?;
        let Some(tail) = page.last() else { break };
        last = tail.0.clone();
        let ids: Vec<&String> = page.iter().map(|r| &r.0).collect();
        let mut themes_of: HashMap<String, Vec<String>> = HashMap::new();
        for (id, code) in testimony_themes::table
            .filter(testimony_themes::testimony_id.eq_any(&ids))
            .order((testimony_themes::testimony_id, testimony_themes::theme_code))
            .select((testimony_themes::testimony_id, testimony_themes::theme_code))
            .load::<(String, String)>(conn)?
        {
            themes_of.entry(id).or_default().push(code);
        }
        for (id, quartier, place, at, status, consent, age, sensitive, redacted, text) in &page {
            let mut values = vec![
                Value::code(id.as_str()),
                Value::opt_code(slugs.get(quartier).map(String::as_str)),
                Value::text(place.as_str()),
                Value::Time(*at),
                Value::code(status.as_str()),
                Value::code(consent.as_str()),
                Value::opt_code(age.map(AgeBand::as_str)),
                Value::Bool(*sensitive),
                Value::code(themes_of.remove(id).unwrap_or_default().join("|")),
                Value::text(redacted.as_str()),
            ];
            if original {
                values.push(Value::text(text.as_str()));
            }
            writer.row(&values).map_err(io_error)?;
            rows += 1;
        }
        progress(rows);
    }
    Ok(rows)
}

fn write_outings(
    conn: &mut DbConnection,
    format: Format,
    quartier_id: Option<i64>,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, ApiError> {
    let slugs = quartier_slugs(conn)?;
    let names: HashMap<i64, String> = users::table
        .select((users::id, users::display_name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let columns = [
        "outing_id",
        "volunteer_id",
        "volunteer",
        "quartier",
        "place",
        "started_at",
        "ended_at",
        "duration_minutes",
        "approached",
        "answered",
        "responses",
        "testimonies",
        "note",
    ]
    .map(str::to_owned)
    .to_vec();
    let mut writer = RowWriter::new(out, format, columns).map_err(io_error)?;
    let mut rows = 0u64;
    let mut last = String::new();
    loop {
        let mut query = outings::table.filter(outings::id.gt(&last)).into_boxed();
        if let Some(q) = quartier_id {
            query = query.filter(outings::quartier_id.eq(q));
        }
        let page: Vec<followup::OutingRow> = query
            .order(outings::id)
            .limit(PAGE)
            .select(followup::OutingRow::as_select())
            .load(conn)?;
        let Some(tail) = page.last() else { break };
        last = tail.id.clone();
        let ids: Vec<String> = page.iter().map(|o| o.id.clone()).collect();
        let counts = followup::items_per_outing(conn, &ids)?;
        for outing in page {
            let (responses, testimonies) = counts.get(&outing.id).copied().unwrap_or_default();
            let minutes = outing.minutes();
            writer
                .row(&[
                    Value::code(outing.id.as_str()),
                    Value::Int(outing.user_id),
                    Value::opt_text(names.get(&outing.user_id).map(String::as_str)),
                    Value::opt_code(slugs.get(&outing.quartier_id).map(String::as_str)),
                    Value::text(outing.place.as_str()),
                    Value::Time(outing.started_at),
                    outing.ended_at.map_or(Value::Empty, Value::Time),
                    minutes.map_or(Value::Empty, Value::Int),
                    Value::Int(i64::from(outing.approached)),
                    Value::Int(i64::from(outing.answered)),
                    Value::Int(responses),
                    Value::Int(testimonies),
                    Value::opt_text(outing.note.as_deref()),
                ])
                .map_err(io_error)?;
            rows += 1;
        }
        progress(rows);
    }
    Ok(rows)
}

/// What the codes of the other exports mean: one row per question option of each version of
/// the survey (if one is named), then one row per theme.
fn write_codebook(
    conn: &mut DbConnection,
    plan: &ExportPlan,
    out: &mut dyn Write,
) -> Result<u64, ApiError> {
    let columns = [
        "kind",
        "survey_version",
        "code",
        "label",
        "type",
        "option_code",
        "option_label",
    ]
    .map(str::to_owned)
    .to_vec();
    let mut writer = RowWriter::new(out, plan.format, columns).map_err(io_error)?;
    let mut rows = 0u64;
    for (_, version, definition) in &plan.versions {
        for question in &definition.questions {
            let kind = question.kind.question_type().as_str();
            let options: Vec<(String, String)> = match question.kind.rule_values() {
                Some(values) => {
                    let labels = question.kind.options();
                    values
                        .into_iter()
                        .map(|code| {
                            let label = labels
                                .and_then(|opts| opts.iter().find(|o| o.code == code))
                                .map_or_else(|| code.clone(), |o| o.label.clone());
                            (code, label)
                        })
                        .collect()
                }
                None => vec![(String::new(), String::new())],
            };
            for (code, label) in options {
                writer
                    .row(&[
                        Value::code("question"),
                        Value::Int(i64::from(*version)),
                        Value::code(question.code.as_str()),
                        Value::text(question.label.as_str()),
                        Value::code(kind),
                        Value::code(code),
                        Value::text(label),
                    ])
                    .map_err(io_error)?;
                rows += 1;
            }
        }
    }
    let all: Vec<(String, String, String, bool)> = themes::table
        .order(themes::position)
        .select((
            themes::code,
            themes::label,
            themes::keywords,
            themes::retired,
        ))
        .load(conn)?;
    for (code, label, keywords, retired) in all {
        writer
            .row(&[
                Value::code("theme"),
                Value::Empty,
                Value::code(code),
                Value::text(label),
                Value::code(if retired { "retired" } else { "active" }),
                Value::Empty,
                Value::text(keywords),
            ])
            .map_err(io_error)?;
        rows += 1;
    }
    Ok(rows)
}
