//! Exports for coordinators (HTTP and `portevoix export`): responses (one row per response,
//! one column per question), testimonies (approved only or all, with themes), outings, and the
//! codebook that explains the codes (survey versions, questions, options, themes).
//!
//! Rows are read in pages by keyset (`id > last ORDER BY id`), written out and dropped, inside
//! one read transaction (a consistent snapshot), so memory stays flat whatever the size.
//! [`prepare`] checks the request and writes the audit entry before the first byte is sent.
//! The dialects (CSV, Excel, JSON lines, `.xlsx`) are [`format`]; codes or labels, [`labels`];
//! the single-use download links the browser follows, [`links`].

pub mod format;
pub mod labels;
pub mod links;
mod responses;
mod tables;
mod xlsx;

use std::io::Write;

use diesel::prelude::*;
use portevoix_domain::survey::SurveyDefinition;
use portevoix_domain::wire::ModerationStatus;
use serde_json::json;

use crate::auth::AuthUser;
use crate::db::schema::{
    outings, quartiers, survey_versions, surveys, tally_responses, testimonies,
};
use crate::db::write_transaction;
use crate::db::{is_postgres, DbConnection, Stored};
use crate::error::ApiError;
use crate::services::audit;
use crate::services::audit::AuditAction;
use crate::services::exports::format::{Format, RowWriter};
use crate::services::exports::labels::Labels;

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
    /// Cells hold labels (names, options' labels, words) instead of codes.
    pub labels: bool,
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

/// Checks an export request without running it (when a download link is made).
pub fn check(
    conn: &mut DbConnection,
    actor: &AuthUser,
    request: &ExportRequest,
) -> Result<(), ApiError> {
    actor.require_staff()?;
    match request {
        ExportRequest::Responses {
            survey_id,
            quartier_id,
        } => {
            check_quartier(conn, *quartier_id)?;
            versions_of(conn, *survey_id)?;
        }
        ExportRequest::Testimonies { quartier_id, .. } | ExportRequest::Outings { quartier_id } => {
            check_quartier(conn, *quartier_id)?;
        }
        ExportRequest::Codebook { survey_id } => {
            if let Some(id) = survey_id {
                versions_of(conn, *id)?;
            }
        }
    }
    Ok(())
}

/// Checks the request, counts the rows and records the export in the audit log.
pub fn prepare(
    conn: &mut DbConnection,
    actor: &AuthUser,
    request: ExportRequest,
    format: Format,
    labels: Option<bool>,
) -> Result<ExportPlan, ApiError> {
    actor.require_staff()?;
    let labels = labels.unwrap_or_else(|| format.labels_by_default());
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
        map.insert("labels".into(), labels.into());
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
        labels,
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
        let labels = Labels::load(conn, &plan.versions)?;
        let mut writer =
            RowWriter::new(out, plan.format, tables::first_table(plan)).map_err(io_error)?;
        let rows = match &plan.request {
            ExportRequest::Responses { quartier_id, .. } => {
                responses::write(conn, plan, &labels, *quartier_id, &mut writer, progress)?
            }
            ExportRequest::Testimonies {
                approved_only,
                quartier_id,
                original,
            } => tables::write_testimonies(
                conn,
                (plan.labels, &labels),
                (*approved_only, *quartier_id, *original),
                &mut writer,
                progress,
            )?,
            ExportRequest::Outings { quartier_id } => tables::write_outings(
                conn,
                (plan.labels, &labels),
                *quartier_id,
                &mut writer,
                progress,
            )?,
            ExportRequest::Codebook { .. } => {
                tables::write_codebook(conn, &plan.versions, &labels, &mut writer)?
            }
        };
        // A workbook with labels says what each label's code is, on a second sheet.
        let is_codebook = matches!(plan.request, ExportRequest::Codebook { .. });
        if writer.has_sheets() && plan.labels && !is_codebook {
            writer
                .next_table(tables::codebook_table(true))
                .map_err(io_error)?;
            tables::write_codebook(conn, &plan.versions, &labels, &mut writer)?;
        }
        writer.finish().map_err(io_error)?;
        Ok(rows)
    })
}

pub(crate) fn io_error(error: std::io::Error) -> ApiError {
    ApiError::internal(anyhow::anyhow!("export interrupted: {error}"))
}
