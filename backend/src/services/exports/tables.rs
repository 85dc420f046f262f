//! The testimonies, outings and codebook exports, and each export's first table.

use std::collections::HashMap;

use diesel::prelude::*;
use portevoix_domain::survey::SurveyDefinition;
use portevoix_domain::wire::{AgeBand, Consent, ModerationStatus};
use serde_json::json;

use super::format::{RowWriter, Table, Value};
use super::labels::{self, Labels};
use super::{io_error, responses, ExportPlan, ExportRequest, PAGE};
use crate::db::schema::{outings, testimonies, testimony_themes, themes, users};
use crate::db::{DbConnection, Stored};
use crate::error::ApiError;
use crate::services::{codebook, followup};

/// Whether cells hold labels, and where to find them.
pub type Words<'a> = (bool, &'a Labels);

const TESTIMONY_COLUMNS: [&str; 10] = [
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
];

const OUTING_COLUMNS: [&str; 13] = [
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
];

const CODEBOOK_COLUMNS: [&str; 7] = [
    "kind",
    "survey_version",
    "code",
    "label",
    "type",
    "option_code",
    "option_label",
];

pub fn codebook_table(labels: bool) -> Table {
    Table::new(
        "Codes",
        CODEBOOK_COLUMNS.map(str::to_owned).to_vec(),
        labels,
    )
}

/// The table an export starts with.
pub fn first_table(plan: &ExportPlan) -> Table {
    match &plan.request {
        ExportRequest::Responses { .. } => responses::table(plan),
        ExportRequest::Testimonies { original, .. } => {
            let mut keys: Vec<String> = TESTIMONY_COLUMNS.map(str::to_owned).to_vec();
            if *original {
                keys.push("text".into());
            }
            Table::new("Paroles", keys, plan.labels)
        }
        ExportRequest::Outings { .. } => Table::new(
            "Sorties",
            OUTING_COLUMNS.map(str::to_owned).to_vec(),
            plan.labels,
        ),
        ExportRequest::Codebook { .. } => codebook_table(plan.labels),
    }
}

fn quartier<'a>((with_labels, labels): Words<'a>, id: i64) -> Value<'a> {
    if with_labels {
        Value::opt_text(labels.quartier_name(id))
    } else {
        Value::opt_code(labels.quartier_slug(id))
    }
}

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

pub fn write_testimonies(
    conn: &mut DbConnection,
    words: Words,
    (approved_only, quartier_id, original): (bool, Option<i64>, bool),
    writer: &mut RowWriter,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, ApiError> {
    let (with_labels, labels) = words;
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
        for (id, quartier_id, place, at, status, consent, age, sensitive, redacted, text) in &page {
            let themes = themes_of.remove(id).unwrap_or_default();
            let (status, consent, age, themes) = if with_labels {
                let names: Vec<&str> = themes.iter().map(|c| labels.theme(c)).collect();
                (
                    Value::text(labels::status(*status)),
                    Value::text(labels::consent(*consent)),
                    Value::opt_text(age.map(labels::age_band)),
                    Value::text(names.join(", ")),
                )
            } else {
                (
                    Value::code(status.as_str()),
                    Value::code(consent.as_str()),
                    Value::opt_code(age.map(AgeBand::as_str)),
                    Value::code(themes.join("|")),
                )
            };
            let mut values = vec![
                Value::code(id.as_str()),
                quartier(words, *quartier_id),
                Value::text(place.as_str()),
                Value::Time(*at),
                status,
                consent,
                age,
                Value::Bool(*sensitive),
                themes,
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

pub fn write_outings(
    conn: &mut DbConnection,
    words: Words,
    quartier_id: Option<i64>,
    writer: &mut RowWriter,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, ApiError> {
    let names: HashMap<i64, String> = users::table
        .select((users::id, users::display_name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
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
                    quartier(words, outing.quartier_id),
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
/// the survey (if one is named), then one row per quartier, age band, status, consent and
/// theme.
pub fn write_codebook(
    conn: &mut DbConnection,
    versions: &[(i64, i32, SurveyDefinition)],
    labels: &Labels,
    writer: &mut RowWriter,
) -> Result<u64, ApiError> {
    let mut rows = 0u64;
    let mut row = |writer: &mut RowWriter, values: &[Value]| {
        rows += 1;
        writer.row(values).map_err(io_error)
    };
    for (_, version, definition) in versions {
        for question in definition.questions.iter().filter(|q| q.kind.is_answered()) {
            let kind = question.kind.question_type().as_str();
            let options: Vec<(String, String)> = match question.kind.rule_values() {
                Some(values) => {
                    let options = question.kind.options();
                    values
                        .into_iter()
                        .map(|code| {
                            let label = options
                                .and_then(|opts| opts.iter().find(|o| o.code == code))
                                .map_or_else(
                                    || labels::yes_no(&code).to_owned(),
                                    |o| o.label.clone(),
                                );
                            (code, label)
                        })
                        .collect()
                }
                None => vec![(String::new(), String::new())],
            };
            for (code, label) in options {
                row(
                    writer,
                    &[
                        Value::code("question"),
                        Value::Int(i64::from(*version)),
                        Value::code(question.code.as_str()),
                        Value::text(question.label.as_str()),
                        Value::code(kind),
                        Value::code(code),
                        Value::text(label),
                    ],
                )?;
            }
        }
    }
    let simple = |kind: &'static str, code: &'static str, label: &'static str| {
        [
            Value::code(kind),
            Value::Empty,
            Value::code(code),
            Value::text(label),
            Value::Empty,
            Value::Empty,
            Value::Empty,
        ]
    };
    for (slug, name) in labels.quartier_list() {
        row(
            writer,
            &[
                Value::code("quartier"),
                Value::Empty,
                Value::code(slug),
                Value::text(name),
                Value::Empty,
                Value::Empty,
                Value::Empty,
            ],
        )?;
    }
    for band in AgeBand::ALL {
        row(
            writer,
            &simple("age_band", band.as_str(), labels::age_band(band)),
        )?;
    }
    for status in [
        ModerationStatus::Pending,
        ModerationStatus::Approved,
        ModerationStatus::Rejected,
        ModerationStatus::NeedsCorrection,
    ] {
        row(
            writer,
            &simple("status", status.as_str(), labels::status(status)),
        )?;
    }
    for consent in [Consent::Quote, Consent::CountOnly] {
        row(
            writer,
            &simple("consent", consent.as_str(), labels::consent(consent)),
        )?;
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
        row(
            writer,
            &[
                Value::code("theme"),
                Value::Empty,
                Value::code(code),
                Value::text(label),
                Value::code(if retired { "retired" } else { "active" }),
                Value::Empty,
                Value::text(keywords),
            ],
        )?;
    }
    Ok(rows)
}
