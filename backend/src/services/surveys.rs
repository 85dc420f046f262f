//! Flash surveys: drafts, immutable published versions, quartier assignment, open/close.

use diesel::prelude::*;
use portevoix_domain::survey::SurveyDefinition;
use portevoix_domain::wire::{Survey, SurveyStatus, SurveyVersion, TombstoneEntity};

use crate::auth::AuthUser;
use crate::clock::{now_ms, to_datetime};
use crate::db::models::{SurveyRow, SurveyVersionRow};
use crate::db::schema::{quartiers, survey_quartiers, survey_versions, surveys, tombstones};
use crate::db::{write_transaction, DbConnection, Stored};
use crate::error::ApiError;
use crate::services::audit::AuditAction;
use crate::services::{audit, sequence};

fn parse_definition(json: &str) -> Result<SurveyDefinition, ApiError> {
    serde_json::from_str(json).map_err(ApiError::internal)
}

fn to_json(definition: &SurveyDefinition) -> Result<String, ApiError> {
    serde_json::to_string(definition).map_err(ApiError::internal)
}

pub fn to_version(row: SurveyVersionRow) -> Result<SurveyVersion, ApiError> {
    Ok(SurveyVersion {
        id: row.id,
        survey_id: row.survey_id,
        version: row.version,
        definition: parse_definition(&row.definition)?,
        published_at: to_datetime(row.published_at),
    })
}

pub fn latest_version(
    conn: &mut DbConnection,
    survey_id: i64,
) -> Result<Option<SurveyVersionRow>, ApiError> {
    Ok(survey_versions::table
        .filter(survey_versions::survey_id.eq(survey_id))
        .order(survey_versions::version.desc())
        .select(SurveyVersionRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn assigned_quartiers(conn: &mut DbConnection, survey_id: i64) -> QueryResult<Vec<i64>> {
    survey_quartiers::table
        .filter(survey_quartiers::survey_id.eq(survey_id))
        .select(survey_quartiers::quartier_id)
        .order(survey_quartiers::quartier_id)
        .load(conn)
}

/// Version `version` of survey `survey_id` (staff only).
pub fn version(
    conn: &mut DbConnection,
    actor: &AuthUser,
    survey_id: i64,
    version: i32,
) -> Result<SurveyVersion, ApiError> {
    actor.require_staff()?;
    let row = survey_versions::table
        .filter(survey_versions::survey_id.eq(survey_id))
        .filter(survey_versions::version.eq(version))
        .select(SurveyVersionRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(ApiError::NotFound("version d'enquête"))?;
    to_version(row)
}

fn survey_row(conn: &mut DbConnection, id: i64) -> Result<SurveyRow, ApiError> {
    surveys::table
        .find(id)
        .select(SurveyRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(ApiError::NotFound("enquête"))
}

fn to_survey(conn: &mut DbConnection, row: SurveyRow) -> Result<Survey, ApiError> {
    let current_version = latest_version(conn, row.id)?.map(to_version).transpose()?;
    Ok(Survey {
        id: row.id,
        status: row.status,
        draft: parse_definition(&row.draft)?,
        current_version,
        quartier_ids: assigned_quartiers(conn, row.id)?,
        updated_at: to_datetime(row.updated_at),
    })
}

pub fn get(conn: &mut DbConnection, actor: &AuthUser, id: i64) -> Result<Survey, ApiError> {
    actor.require_staff()?;
    let row = survey_row(conn, id)?;
    to_survey(conn, row)
}

pub fn list(conn: &mut DbConnection, actor: &AuthUser) -> Result<Vec<Survey>, ApiError> {
    actor.require_staff()?;
    let rows: Vec<SurveyRow> = surveys::table
        .select(SurveyRow::as_select())
        .order(surveys::id.desc())
        .load(conn)?;
    rows.into_iter().map(|row| to_survey(conn, row)).collect()
}

/// Drafts may be incomplete; only the title is required to save one.
fn check_draft(definition: &SurveyDefinition) -> Result<(), ApiError> {
    if definition.title.trim().is_empty() || definition.title.chars().count() > 150 {
        return Err(ApiError::validation(
            "invalid_title",
            "titre : 1 à 150 caractères",
            Some("title".into()),
        ));
    }
    if definition.questions.len() > portevoix_domain::survey::MAX_QUESTIONS {
        return Err(ApiError::validation(
            "too_many_questions",
            "trop de questions",
            Some("questions".into()),
        ));
    }
    Ok(())
}

pub fn create(
    conn: &mut DbConnection,
    actor: &AuthUser,
    draft: SurveyDefinition,
) -> Result<Survey, ApiError> {
    actor.require_staff()?;
    check_draft(&draft)?;
    let json = to_json(&draft)?;
    let id = write_transaction(conn, |conn| {
        let now = now_ms();
        let id: i64 = diesel::insert_into(surveys::table)
            .values((
                surveys::status.eq(Stored(SurveyStatus::Draft)),
                surveys::draft.eq(&json),
                surveys::created_by.eq(actor.actor().user_id()),
                surveys::created_at.eq(now),
                surveys::updated_at.eq(now),
            ))
            .returning(surveys::id)
            .get_result(conn)?;
        audit::record(
            conn,
            actor.actor(),
            AuditAction::SurveyCreated,
            &format!("survey:{id}"),
            serde_json::json!({}),
        )?;
        Ok::<_, ApiError>(id)
    })?;
    get(conn, actor, id)
}

pub fn update_draft(
    conn: &mut DbConnection,
    actor: &AuthUser,
    id: i64,
    draft: SurveyDefinition,
) -> Result<Survey, ApiError> {
    actor.require_staff()?;
    check_draft(&draft)?;
    let json = to_json(&draft)?;
    write_transaction(conn, |conn| {
        let row = survey_row(conn, id)?;
        if row.status == SurveyStatus::Closed {
            return Err(ApiError::conflict(
                "survey_closed",
                "enquête close : dupliquez-la pour la modifier",
                None,
            ));
        }
        diesel::update(surveys::table.find(id))
            .set((surveys::draft.eq(&json), surveys::updated_at.eq(now_ms())))
            .execute(conn)?;
        Ok(())
    })?;
    get(conn, actor, id)
}

/// Freezes the draft as a new version. Answers keep naming the version they answered.
pub fn publish(conn: &mut DbConnection, actor: &AuthUser, id: i64) -> Result<Survey, ApiError> {
    actor.require_staff()?;
    write_transaction(conn, |conn| {
        let row = survey_row(conn, id)?;
        if row.status == SurveyStatus::Closed {
            return Err(ApiError::conflict("survey_closed", "enquête close", None));
        }
        let draft = parse_definition(&row.draft)?;
        if let Err(errors) = draft.check() {
            let first = &errors[0];
            let more = if errors.len() > 1 {
                format!(" (et {} autre(s) erreur(s))", errors.len() - 1)
            } else {
                String::new()
            };
            return Err(ApiError::validation(
                "invalid_definition",
                format!("{}{more}", first.message),
                Some(first.field.clone()),
            ));
        }
        let latest = latest_version(conn, id)?;
        if latest.as_ref().is_some_and(|v| v.definition == row.draft) {
            return Err(ApiError::conflict(
                "unchanged",
                "aucune modification depuis la dernière version",
                None,
            ));
        }
        let version = latest.map_or(1, |v| v.version + 1);
        let now = now_ms();
        diesel::insert_into(survey_versions::table)
            .values((
                survey_versions::survey_id.eq(id),
                survey_versions::version.eq(version),
                survey_versions::definition.eq(&row.draft),
                survey_versions::published_at.eq(now),
            ))
            .execute(conn)?;
        let seq = sequence::next(conn)?;
        diesel::update(surveys::table.find(id))
            .set((surveys::updated_at.eq(now), surveys::seq.eq(seq)))
            .execute(conn)?;
        audit::record(
            conn,
            actor.actor(),
            AuditAction::SurveyPublished,
            &format!("survey:{id}"),
            serde_json::json!({"version": version}),
        )?;
        Ok(())
    })?;
    get(conn, actor, id)
}

pub fn set_status(
    conn: &mut DbConnection,
    actor: &AuthUser,
    id: i64,
    status: SurveyStatus,
) -> Result<Survey, ApiError> {
    actor.require_staff()?;
    write_transaction(conn, |conn| {
        let row = survey_row(conn, id)?;
        let current = row.status;
        match (current, status) {
            (SurveyStatus::Draft | SurveyStatus::Closed, SurveyStatus::Open) => {
                if latest_version(conn, id)?.is_none() {
                    return Err(ApiError::conflict(
                        "not_published",
                        "publiez une version avant d'ouvrir l'enquête",
                        None,
                    ));
                }
                if assigned_quartiers(conn, id)?.is_empty() {
                    return Err(ApiError::conflict(
                        "no_quartier",
                        "affectez au moins un quartier avant d'ouvrir",
                        Some("quartier_ids"),
                    ));
                }
            }
            (SurveyStatus::Open, SurveyStatus::Closed) => {}
            (from, to) if from == to => return Ok(()),
            (from, to) => {
                return Err(ApiError::conflict(
                    "invalid_transition",
                    format!("passage impossible de {} à {}", from.as_str(), to.as_str()),
                    Some("status"),
                ))
            }
        }
        let now = now_ms();
        let seq = sequence::next(conn)?;
        diesel::update(surveys::table.find(id))
            .set((
                surveys::status.eq(Stored(status)),
                surveys::updated_at.eq(now),
                surveys::seq.eq(seq),
                surveys::closed_at.eq((status == SurveyStatus::Closed).then_some(now)),
            ))
            .execute(conn)?;
        if status == SurveyStatus::Closed {
            let seq = sequence::next(conn)?;
            diesel::insert_into(tombstones::table)
                .values((
                    tombstones::seq.eq(seq),
                    tombstones::entity.eq(Stored(TombstoneEntity::Survey)),
                    tombstones::entity_id.eq(id.to_string()),
                    tombstones::at.eq(now),
                ))
                .execute(conn)?;
        }
        audit::record(
            conn,
            actor.actor(),
            AuditAction::SurveyStatus,
            &format!("survey:{id}"),
            serde_json::json!({"status": status.as_str()}),
        )?;
        Ok(())
    })?;
    get(conn, actor, id)
}

pub fn assign(
    conn: &mut DbConnection,
    actor: &AuthUser,
    id: i64,
    quartier_ids: Vec<i64>,
) -> Result<Survey, ApiError> {
    actor.require_staff()?;
    let mut ids = quartier_ids;
    ids.sort_unstable();
    ids.dedup();
    write_transaction(conn, |conn| {
        survey_row(conn, id)?;
        let known: i64 = quartiers::table
            .filter(quartiers::id.eq_any(&ids))
            .count()
            .get_result(conn)?;
        if known != ids.len() as i64 {
            return Err(ApiError::validation(
                "unknown_quartier",
                "quartier inconnu",
                Some("quartier_ids".into()),
            ));
        }
        diesel::delete(survey_quartiers::table.filter(survey_quartiers::survey_id.eq(id)))
            .execute(conn)?;
        for qid in &ids {
            diesel::insert_into(survey_quartiers::table)
                .values((
                    survey_quartiers::survey_id.eq(id),
                    survey_quartiers::quartier_id.eq(qid),
                ))
                .execute(conn)?;
        }
        let seq = sequence::next(conn)?;
        diesel::update(surveys::table.find(id))
            .set((surveys::seq.eq(seq), surveys::updated_at.eq(now_ms())))
            .execute(conn)?;
        audit::record(
            conn,
            actor.actor(),
            AuditAction::SurveyAssigned,
            &format!("survey:{id}"),
            serde_json::json!({"quartier_ids": ids}),
        )?;
        Ok(())
    })?;
    get(conn, actor, id)
}
