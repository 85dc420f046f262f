//! What councils answer residents, theme by theme: written by a council member (or a
//! coordinator previewing the council), approved or not by the coordination, then shown on the
//! quartier's public page (the latest approved answer of each theme).

use diesel::prelude::*;
use portevoix_domain::council_answer::check_answer;
use portevoix_domain::wire::{
    AnswerDecision, AnswerStatus, CouncilAnswer, CouncilAnswerInput, QuartierRef, Role, ThemeRef,
};
use serde_json::json;

use super::scope;
use crate::auth::AuthUser;
use crate::clock::{now_ms, to_datetime};
use crate::db::schema::{council_answers, quartiers, themes};
use crate::db::stored::Stored;
use crate::db::{write_transaction, DbConnection};
use crate::error::ApiError;
use crate::services::audit::{self, AuditAction};

type Backend = <DbConnection as diesel::Connection>::Backend;

type Row = (
    i64,
    i64,
    String,
    AnswerStatus,
    Option<String>,
    String,
    i64,
    Option<i64>,
    String,
    String,
    String,
);

fn load(
    conn: &mut DbConnection,
    filter: impl FnOnce(
        council_answers::BoxedQuery<'static, Backend>,
    ) -> council_answers::BoxedQuery<'static, Backend>,
) -> Result<Vec<CouncilAnswer>, ApiError> {
    let ids: Vec<i64> = filter(council_answers::table.into_boxed())
        .select(council_answers::id)
        .load(conn)?;
    let rows: Vec<Row> = council_answers::table
        .inner_join(quartiers::table)
        .inner_join(themes::table)
        .filter(council_answers::id.eq_any(&ids))
        .order((
            council_answers::written_at.desc(),
            council_answers::id.desc(),
        ))
        .select((
            council_answers::id,
            council_answers::quartier_id,
            council_answers::answer,
            council_answers::status,
            council_answers::changed,
            council_answers::theme_code,
            council_answers::written_at,
            council_answers::decided_at,
            themes::label,
            quartiers::slug,
            quartiers::name,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                quartier_id,
                answer,
                status,
                changed,
                code,
                written,
                decided,
                label,
                slug,
                name,
            )| CouncilAnswer {
                id,
                quartier: QuartierRef {
                    id: quartier_id,
                    slug,
                    name,
                },
                theme: ThemeRef { code, label },
                answer,
                changed,
                status,
                written_at: to_datetime(written),
                decided_at: decided.map(to_datetime),
            },
        )
        .collect())
}

/// `POST /api/v1/council/answers`: a council's answer on one theme of one of its quartiers,
/// waiting for the coordination's approval.
pub fn submit(
    conn: &mut DbConnection,
    actor: &AuthUser,
    council: Option<i64>,
    input: CouncilAnswerInput,
) -> Result<CouncilAnswer, ApiError> {
    let scope = scope(conn, actor, council)?;
    let quartier = scope.quartier(conn, input.quartier_id)?;
    let known: i64 = themes::table
        .find(&input.theme)
        .filter(themes::retired.eq(false))
        .count()
        .get_result(conn)?;
    if known == 0 {
        return Err(ApiError::validation(
            "unknown_theme",
            format!("thème inconnu : {}", input.theme),
            Some("theme".into()),
        ));
    }
    let checked = check_answer(&input.answer, input.changed.as_deref()).map_err(|problem| {
        ApiError::validation(
            "invalid_answer",
            problem.message(),
            Some(problem.field().into()),
        )
    })?;
    let id = write_transaction(conn, |conn| {
        diesel::insert_into(council_answers::table)
            .values((
                council_answers::quartier_id.eq(quartier.id),
                council_answers::theme_code.eq(&input.theme),
                council_answers::answer.eq(&checked.answer),
                council_answers::changed.eq(&checked.changed),
                council_answers::status.eq(Stored(AnswerStatus::Submitted)),
                council_answers::written_by.eq(actor.actor().user_id()),
                council_answers::written_at.eq(now_ms()),
            ))
            .returning(council_answers::id)
            .get_result::<i64>(conn)
            .map_err(ApiError::from)
    })?;
    one(conn, id)
}

fn one(conn: &mut DbConnection, id: i64) -> Result<CouncilAnswer, ApiError> {
    load(conn, |q| q.filter(council_answers::id.eq(id)))?
        .into_iter()
        .next()
        .ok_or(ApiError::NotFound("réponse"))
}

/// `GET /api/v1/council/answers?quartier_id=`: a quartier's answers, newest first. Council
/// members and coordinators previewing the council; coordinators without `quartier_id` get
/// every answer waiting for approval and every answer now on a public page (the latest
/// approved one of each quartier and theme), which they may take down.
pub fn list(
    conn: &mut DbConnection,
    actor: &AuthUser,
    council: Option<i64>,
    quartier_id: Option<i64>,
) -> Result<Vec<CouncilAnswer>, ApiError> {
    match quartier_id {
        Some(quartier_id) => {
            let scope = scope(conn, actor, council)?;
            let quartier = scope.quartier(conn, quartier_id)?;
            load(conn, |q| {
                q.filter(council_answers::quartier_id.eq(quartier.id))
            })
        }
        None => {
            actor.require_staff()?;
            let mut listed: Vec<CouncilAnswer> = Vec::new();
            for answer in load(conn, |q| {
                q.filter(council_answers::status.ne(Stored(AnswerStatus::Rejected)))
            })? {
                let on_page = |a: &CouncilAnswer| a.status == AnswerStatus::Approved;
                let superseded = on_page(&answer)
                    && listed.iter().any(|a| {
                        on_page(a)
                            && a.quartier.id == answer.quartier.id
                            && a.theme.code == answer.theme.code
                    });
                if !superseded {
                    listed.push(answer);
                }
            }
            Ok(listed)
        }
    }
}

/// `POST /api/v1/council/answers/{id}/decision` (coordinators): approved answers go on the
/// quartier's public page; an approved answer may still be taken down (refused), which is
/// final; nothing else is decided twice.
pub fn decide(
    conn: &mut DbConnection,
    actor: &AuthUser,
    id: i64,
    decision: AnswerDecision,
) -> Result<CouncilAnswer, ApiError> {
    actor.require(&[Role::Admin, Role::Coordinator])?;
    write_transaction(conn, |conn| {
        let current = one(conn, id)?;
        let withdrawn = current.status == AnswerStatus::Approved && !decision.approve;
        if current.status != AnswerStatus::Submitted && !withdrawn {
            return Err(ApiError::conflict(
                "already_decided",
                "cette réponse a déjà été approuvée ou refusée",
                None,
            ));
        }
        let status = if decision.approve {
            AnswerStatus::Approved
        } else {
            AnswerStatus::Rejected
        };
        diesel::update(council_answers::table.find(id))
            .set((
                council_answers::status.eq(Stored(status)),
                council_answers::decided_by.eq(actor.actor().user_id()),
                council_answers::decided_at.eq(now_ms()),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            actor.actor(),
            AuditAction::CouncilAnswerDecided,
            &format!("council_answer:{id}"),
            json!({"status": status.as_str(), "withdrawn": withdrawn, "quartier_id": current.quartier.id, "theme": current.theme.code}),
        )?;
        one(conn, id)
    })
}

/// The latest approved answer of each theme of a quartier, for its public page.
pub fn approved_for(
    conn: &mut DbConnection,
    quartier_id: i64,
) -> Result<Vec<CouncilAnswer>, ApiError> {
    let all = load(conn, |q| {
        q.filter(council_answers::quartier_id.eq(quartier_id))
            .filter(council_answers::status.eq(Stored(AnswerStatus::Approved)))
    })?;
    let mut latest: Vec<CouncilAnswer> = Vec::new();
    for answer in all {
        if !latest.iter().any(|a| a.theme.code == answer.theme.code) {
            latest.push(answer);
        }
    }
    Ok(latest)
}
