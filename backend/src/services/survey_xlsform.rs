//! Surveys to and from XLSForm (issue 15). Import: the form is read by [`crate::xlsform`]
//! before any database work, then the draft is saved and the import audited in one step; a dry
//! run saves nothing and answers the same report. Export: the draft or a published version as
//! an `.xlsx` that ODK Collect and KoboToolbox run.

use portevoix_domain::wire::ImportReport;

use crate::auth::AuthUser;
use crate::db::{write_transaction, DbConnection};
use crate::error::ApiError;
use crate::services::audit::{self, AuditAction};
use crate::services::surveys;
use crate::xlsform::{write, Imported};

/// Saves `imported` as a new draft unless `dry_run`; the report says which draft, or on a dry
/// run carries the survey the form would make.
pub fn save(
    conn: &mut DbConnection,
    actor: &AuthUser,
    file_name: &str,
    imported: Imported,
    dry_run: bool,
) -> Result<ImportReport, ApiError> {
    actor.require_staff()?;
    let Imported {
        mut report,
        definition,
    } = imported;
    if dry_run {
        report.definition = Some(definition);
        return Ok(report);
    }
    let details = serde_json::json!({
        "file": file_name.chars().take(200).collect::<String>(),
        "importable": report.importable,
        "kept": report.kept,
        "refused": report.refused.len(),
        "languages": report.languages,
    });
    // The draft and its audit entry together, or neither.
    let survey = write_transaction(conn, |conn| {
        let survey = surveys::create(conn, actor, definition)?;
        audit::record(
            conn,
            actor.actor(),
            AuditAction::SurveyImported,
            &format!("survey:{}", survey.id),
            details,
        )?;
        Ok::<_, ApiError>(survey)
    })?;
    report.survey_id = Some(survey.id);
    Ok(report)
}

/// An exported form: its file name and bytes.
pub struct ExportedForm {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Survey `id` as an XLSForm: published version `version`, or the draft when `None`.
pub fn export(
    conn: &mut DbConnection,
    actor: &AuthUser,
    id: i64,
    version: Option<i32>,
) -> Result<ExportedForm, ApiError> {
    actor.require_staff()?;
    let (definition, version_text) = match version {
        Some(number) => {
            let found = surveys::version(conn, actor, id, number)?;
            (found.definition, number.to_string())
        }
        None => (surveys::get(conn, actor, id)?.draft, "brouillon".to_owned()),
    };
    let bytes = write::xlsform(&definition, &format!("porte_voix_{id}"), &version_text)?;
    Ok(ExportedForm {
        file_name: write::file_name(&definition.title, &version_text),
        bytes,
    })
}
