//! Retention: raw items are purged `retention_months` after their survey closed (answer sets;
//! for a survey still open, after each answer set's capture: leaving a survey open must not
//! keep answers for ever) or after capture (testimonies, outings). Tallies are aggregates and stay: dashboards keep
//! their history without anyone's words.
//!
//! `serve` runs the purge on an interval; a lease row in `settings` (compare-and-swap) makes
//! one instance do it per interval when several share the database. Every function takes
//! `now`, so tests move the clock instead of waiting.

use chrono::Months;
use diesel::prelude::*;
use portevoix_domain::wire::{PurgeReport, SurveyStatus};

use crate::clock::to_datetime;
use crate::config::Settings;
use crate::db::schema::{
    answers, audit_log, enrolments, export_links, outings, refresh_tokens, responses, settings,
    survey_versions, surveys, testimonies, testimony_themes,
};
use crate::db::{write_transaction, DbConnection, Stored};
use crate::error::ApiError;
use crate::services::audit::{Actor, AuditAction};
use crate::services::{audit, throttle};

/// Rows deleted per transaction: short transactions let ingest go on between them.
const CHUNK: i64 = 500;
const LEASE_KEY: &str = "retention_purge_at";

/// The moment before which items are purged.
pub fn cutoff(now: i64, retention_months: i64) -> i64 {
    let months = u32::try_from(retention_months.max(0)).unwrap_or(0);
    to_datetime(now)
        .checked_sub_months(Months::new(months))
        .map_or(now, |d| d.timestamp_millis())
}

fn closed_versions(conn: &mut DbConnection, cutoff: i64) -> QueryResult<Vec<i64>> {
    survey_versions::table
        .inner_join(surveys::table)
        .filter(surveys::status.eq(Stored(SurveyStatus::Closed)))
        .filter(surveys::closed_at.lt(cutoff))
        .select(survey_versions::id)
        .load(conn)
}

/// Versions of surveys not closed (still open, or never opened): their answer sets are purged
/// one by one, `retention_months` after capture.
fn unclosed_versions(conn: &mut DbConnection) -> QueryResult<Vec<i64>> {
    survey_versions::table
        .inner_join(surveys::table)
        .filter(surveys::status.ne(Stored(SurveyStatus::Closed)))
        .select(survey_versions::id)
        .load(conn)
}

/// Ids of up to `limit` answer sets past retention: every one of a survey closed before the
/// cutoff, and those captured before it in surveys not closed.
fn expired_responses(
    conn: &mut DbConnection,
    closed: &[i64],
    unclosed: &[i64],
    cutoff: i64,
    limit: i64,
) -> QueryResult<Vec<String>> {
    responses::table
        .filter(
            responses::survey_version_id
                .eq_any(closed)
                .or(responses::survey_version_id
                    .eq_any(unclosed)
                    .and(responses::captured_at.lt(cutoff))),
        )
        .select(responses::id)
        .limit(limit)
        .load(conn)
}

/// Deletes (or counts) old answer sets, chunk by chunk.
fn purge_responses(conn: &mut DbConnection, cutoff: i64, dry_run: bool) -> Result<u64, ApiError> {
    let closed = closed_versions(conn, cutoff)?;
    let unclosed = unclosed_versions(conn)?;
    if closed.is_empty() && unclosed.is_empty() {
        return Ok(0);
    }
    if dry_run {
        let n: i64 = responses::table
            .filter(
                responses::survey_version_id
                    .eq_any(&closed)
                    .or(responses::survey_version_id
                        .eq_any(&unclosed)
                        .and(responses::captured_at.lt(cutoff))),
            )
            .count()
            .get_result(conn)?;
        return Ok(n as u64);
    }
    let mut total = 0;
    loop {
        let done = write_transaction(conn, |conn| -> Result<usize, ApiError> {
            let ids = expired_responses(conn, &closed, &unclosed, cutoff, CHUNK)?;
            diesel::delete(answers::table.filter(answers::response_id.eq_any(&ids)))
                .execute(conn)?;
            diesel::delete(responses::table.filter(responses::id.eq_any(&ids))).execute(conn)?;
            Ok(ids.len())
        })?;
        total += done as u64;
        if (done as i64) < CHUNK {
            return Ok(total);
        }
    }
}

fn purge_testimonies(conn: &mut DbConnection, cutoff: i64, dry_run: bool) -> Result<u64, ApiError> {
    if dry_run {
        let n: i64 = testimonies::table
            .filter(testimonies::captured_at.lt(cutoff))
            .count()
            .get_result(conn)?;
        return Ok(n as u64);
    }
    let mut total = 0;
    loop {
        let done = write_transaction(conn, |conn| -> Result<usize, ApiError> {
            let ids: Vec<String> = testimonies::table
                .filter(testimonies::captured_at.lt(cutoff))
                .select(testimonies::id)
                .limit(CHUNK)
                .load(conn)?;
            diesel::delete(
                testimony_themes::table.filter(testimony_themes::testimony_id.eq_any(&ids)),
            )
            .execute(conn)?;
            diesel::delete(testimonies::table.filter(testimonies::id.eq_any(&ids)))
                .execute(conn)?;
            Ok(ids.len())
        })?;
        total += done as u64;
        if (done as i64) < CHUNK {
            return Ok(total);
        }
    }
}

fn purge_outings(conn: &mut DbConnection, cutoff: i64, dry_run: bool) -> Result<u64, ApiError> {
    let old = outings::table.filter(outings::started_at.lt(cutoff));
    let n = if dry_run {
        old.count().get_result::<i64>(conn)? as u64
    } else {
        write_transaction(conn, |conn| diesel::delete(old).execute(conn))? as u64
    };
    Ok(n)
}

/// Spent sessions, used or expired enrolment codes and export links, forgotten sign-in
/// counters.
fn housekeeping(conn: &mut DbConnection, now: i64, dry_run: bool) -> Result<u64, ApiError> {
    let sessions = refresh_tokens::table.filter(refresh_tokens::expires_at.lt(now));
    let codes = enrolments::table.filter(enrolments::expires_at.lt(now));
    let links = export_links::table.filter(export_links::expires_at.lt(now));
    if dry_run {
        let a: i64 = sessions.count().get_result(conn)?;
        let b: i64 = codes.count().get_result(conn)?;
        let c: i64 = links.count().get_result(conn)?;
        return Ok((a + b + c) as u64);
    }
    write_transaction(conn, |conn| -> Result<u64, ApiError> {
        let a = diesel::delete(sessions).execute(conn)?;
        let b = diesel::delete(codes).execute(conn)?;
        let c = diesel::delete(links).execute(conn)?;
        let d = throttle::forget_stale(conn, &throttle::Policy::default(), now)?;
        Ok((a + b + c + d) as u64)
    })
}

/// Receipt codes in the audit log (erasures name the code they were asked with) are kept only
/// as long as items are: past the cutoff the entry stays, without the code.
fn redact_audit(conn: &mut DbConnection, cutoff: i64, dry_run: bool) -> Result<u64, ApiError> {
    let old = audit_log::table
        .filter(audit_log::at.lt(cutoff))
        .filter(audit_log::target.like("receipt:%"))
        .filter(audit_log::target.ne(REDACTED_RECEIPT));
    let n = if dry_run {
        old.count().get_result::<i64>(conn)? as u64
    } else {
        write_transaction(conn, |conn| {
            diesel::update(old)
                .set(audit_log::target.eq(REDACTED_RECEIPT))
                .execute(conn)
        })? as u64
    };
    Ok(n)
}

/// What replaces a receipt code in the audit log once it is past retention.
pub const REDACTED_RECEIPT: &str = "receipt:[effacé]";

/// Purges what is past retention at `now` (or only counts it, for a dry run).
pub fn purge(
    conn: &mut DbConnection,
    retention_months: i64,
    now: i64,
    dry_run: bool,
) -> Result<PurgeReport, ApiError> {
    let cutoff = cutoff(now, retention_months);
    let report = PurgeReport {
        dry_run,
        retention_months,
        cutoff: to_datetime(cutoff),
        responses: purge_responses(conn, cutoff, dry_run)?,
        testimonies: purge_testimonies(conn, cutoff, dry_run)?,
        outings: purge_outings(conn, cutoff, dry_run)?,
        housekeeping: housekeeping(conn, now, dry_run)? + redact_audit(conn, cutoff, dry_run)?,
    };
    if !dry_run && report.responses + report.testimonies + report.outings > 0 {
        write_transaction(conn, |conn| {
            audit::record(
                conn,
                Actor::System,
                AuditAction::RetentionPurge,
                "items",
                serde_json::json!({
                    "cutoff": report.cutoff,
                    "responses": report.responses,
                    "testimonies": report.testimonies,
                    "outings": report.outings,
                }),
            )
        })?;
    }
    Ok(report)
}

/// Takes the purge lease if the last purge (by any instance) is at least `interval_ms` old.
pub fn claim_lease(conn: &mut DbConnection, now: i64, interval_ms: i64) -> Result<bool, ApiError> {
    write_transaction(conn, |conn| {
        crate::on_backend!(&mut *conn, |c| diesel::insert_into(settings::table)
            .values((settings::key.eq(LEASE_KEY), settings::value.eq("0")))
            .on_conflict_do_nothing()
            .execute(c))?;
        let last: String = settings::table
            .find(LEASE_KEY)
            .select(settings::value)
            .first(conn)?;
        let last_ms: i64 = last.parse().unwrap_or(0);
        if now - last_ms < interval_ms {
            return Ok(false);
        }
        // Compare-and-swap: another instance that read the same value loses here.
        let won = diesel::update(
            settings::table
                .filter(settings::key.eq(LEASE_KEY))
                .filter(settings::value.eq(&last)),
        )
        .set(settings::value.eq(now.to_string()))
        .execute(conn)?;
        Ok(won == 1)
    })
}

/// One tick of the scheduler: purge if this instance holds the lease. `None`: another
/// instance purged recently.
pub fn run_scheduled(
    conn: &mut DbConnection,
    settings: &Settings,
    now: i64,
) -> Result<Option<PurgeReport>, ApiError> {
    let interval_ms = settings.purge_interval_minutes * 60_000;
    // A little slack so two instances started together do not both miss a tick.
    if !claim_lease(conn, now, interval_ms - interval_ms / 10)? {
        return Ok(None);
    }
    purge(conn, settings.retention_months, now, false).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutoff_counts_calendar_months() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-03-31T12:00:00Z")
            .unwrap()
            .timestamp_millis();
        let expected = chrono::DateTime::parse_from_rfc3339("2025-03-31T12:00:00Z")
            .unwrap()
            .timestamp_millis();
        assert_eq!(cutoff(now, 12), expected);
        let feb = chrono::DateTime::parse_from_rfc3339("2026-02-28T12:00:00Z")
            .unwrap()
            .timestamp_millis();
        assert_eq!(
            cutoff(now, 1),
            feb,
            "31 March minus a month is the end of February"
        );
    }
}
