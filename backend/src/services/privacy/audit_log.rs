//! Reading the audit log: administrators browse it (newest first, keyset pages, filters) and
//! export it as CSV or JSON lines. Exporting is itself audited.

use chrono::NaiveDate;
use diesel::prelude::*;
use portevoix_domain::wire::Role;
use portevoix_domain::wire::{AuditEntry, AuditPage, AuditQuery};

use crate::auth::AuthUser;
use crate::clock::to_datetime;
use crate::db::schema::{audit_log, users};
use crate::db::{write_transaction, DbConnection};
use crate::error::ApiError;
use crate::services::audit;
use crate::services::audit::AuditAction;
use crate::services::paging::check_limit;

pub const DEFAULT_LIMIT: u64 = 50;
pub const MAX_LIMIT: u64 = 200;
const EXPORT_PAGE: i64 = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    JsonLines,
}

type Row = (
    i64,
    i64,
    Option<i64>,
    String,
    String,
    String,
    Option<String>,
);

fn day_ms(day: NaiveDate) -> i64 {
    day.and_time(chrono::NaiveTime::MIN)
        .and_utc()
        .timestamp_millis()
}

fn check(query: &AuditQuery) -> Result<(), ApiError> {
    if let (Some(from), Some(to)) = (query.from, query.to) {
        if to < from {
            return Err(ApiError::validation(
                "invalid_range",
                "la date de fin précède la date de début",
                Some("to".into()),
            ));
        }
    }
    if let Some(action) = &query.action {
        if action.is_empty() || action.len() > 100 {
            return Err(ApiError::bad_request(
                "invalid_query",
                "action : 1 à 100 caractères",
                Some("action".into()),
            ));
        }
    }
    Ok(())
}

fn load(
    conn: &mut DbConnection,
    query: &AuditQuery,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<Row>> {
    let mut q = audit_log::table
        .left_join(users::table.on(audit_log::actor_id.eq(users::id.nullable())))
        .select((
            audit_log::id,
            audit_log::at,
            audit_log::actor_id,
            audit_log::action,
            audit_log::target,
            audit_log::details,
            users::email.nullable(),
        ))
        .order(audit_log::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(action) = &query.action {
        if let Some(prefix) = action.strip_suffix('.') {
            // `account.` matches `account.created`, `account.updated`…
            let escaped = prefix
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            q = q.filter(audit_log::action.like(format!("{escaped}.%")).escape('\\'));
        } else {
            q = q.filter(audit_log::action.eq(action.clone()));
        }
    }
    if let Some(actor) = query.actor_id {
        q = q.filter(audit_log::actor_id.eq(actor));
    }
    if let Some(target) = &query.target {
        q = q.filter(audit_log::target.eq(target.clone()));
    }
    if let Some(from) = query.from {
        q = q.filter(audit_log::at.ge(day_ms(from)));
    }
    if let Some(to) = query.to.and_then(|t| t.succ_opt()) {
        q = q.filter(audit_log::at.lt(day_ms(to)));
    }
    if let Some(before) = before {
        q = q.filter(audit_log::id.lt(before));
    }
    q.load(conn)
}

fn to_entry((id, at, actor_id, action, target, details, email): Row) -> AuditEntry {
    AuditEntry {
        id,
        at: to_datetime(at),
        actor_id,
        actor_email: email,
        action,
        target,
        details: serde_json::from_str(&details).unwrap_or(serde_json::Value::Null),
    }
}

pub fn list(
    conn: &mut DbConnection,
    actor: &AuthUser,
    query: &AuditQuery,
) -> Result<AuditPage, ApiError> {
    actor.require(&[Role::Admin])?;
    check(query)?;
    let limit = check_limit(query.limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let rows = load(conn, query, query.before, limit as i64 + 1)?;
    let more = rows.len() as u64 > limit;
    let entries: Vec<AuditEntry> = rows
        .into_iter()
        .take(limit as usize)
        .map(to_entry)
        .collect();
    let next_before = if more {
        entries.last().map(|e| e.id)
    } else {
        None
    };
    Ok(AuditPage {
        entries,
        next_before,
    })
}

fn csv_field(value: &str) -> String {
    // Quote everything; a leading formula character is neutralised for spreadsheets.
    let value = crate::services::exports::format::formula_guard(value);
    format!("\"{}\"", value.replace('"', "\"\""))
}

/// Every matching entry (the query's `before` and `limit` are ignored), newest first.
pub fn export(
    conn: &mut DbConnection,
    actor: &AuthUser,
    query: &AuditQuery,
    format: ExportFormat,
) -> Result<String, ApiError> {
    actor.require(&[Role::Admin])?;
    check(query)?;
    write_transaction(conn, |conn| {
        audit::record(
            conn,
            actor.actor(),
            AuditAction::AuditExported,
            "audit_log",
            serde_json::json!({"filters": query}),
        )
    })?;
    let mut out = String::new();
    if format == ExportFormat::Csv {
        out.push_str("id,at,actor_id,actor_email,action,target,details\n");
    }
    let mut before = None;
    loop {
        let rows = load(conn, query, before, EXPORT_PAGE)?;
        let full = rows.len() as i64 == EXPORT_PAGE;
        before = rows.last().map(|r| r.0);
        for row in rows {
            let entry = to_entry(row);
            match format {
                ExportFormat::JsonLines => {
                    out.push_str(&serde_json::to_string(&entry).map_err(ApiError::internal)?);
                }
                ExportFormat::Csv => {
                    let fields = [
                        entry.id.to_string(),
                        entry.at.to_rfc3339(),
                        entry.actor_id.map(|a| a.to_string()).unwrap_or_default(),
                        entry.actor_email.unwrap_or_default(),
                        entry.action,
                        entry.target,
                        entry.details.to_string(),
                    ];
                    out.push_str(
                        &fields
                            .iter()
                            .map(|f| csv_field(f))
                            .collect::<Vec<_>>()
                            .join(","),
                    );
                }
            }
            out.push('\n');
        }
        if !full {
            return Ok(out);
        }
    }
}
