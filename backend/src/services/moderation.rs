//! The review queue (`routes/moderation.rs`, the coordinators' `pages/coord/moderation.rs`).
//! Coordinators confirm themes, edit redactions and decide (approve, reject, "à corriger",
//! reopen); the volunteer's resubmission is [`crate::services::corrections`], built on the
//! reading of a testimony here. Every change bumps the testimony's `seq` (the phone's pull sees the new
//! status and message), keeps the tallies of approved testimonies in the same transaction, and
//! is written to the audit log.

use std::collections::{BTreeMap, HashMap};

use diesel::prelude::*;
use portevoix_domain::codebook::MAX_THEMES_PER_ITEM;
use portevoix_domain::text::char_len;
use portevoix_domain::values::TestimonyText;
use portevoix_domain::wire::{
    Decision, DecisionKind, ItemTheme, ModerationStatus, RedactionUpdate, ReviewItem, ReviewOrder,
    ReviewPage, ReviewQuery, ThemeSource, ThemesUpdate, VolunteerRef, MAX_TESTIMONY_CHARS,
};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::clock::{now_ms, to_datetime};
use crate::db::models::TestimonyRow;
use crate::db::schema::{testimonies, testimony_themes, themes, users};
use crate::db::{write_transaction, DbConnection, Stored};
use crate::error::ApiError;
use crate::services::analysis::learning;
use crate::services::audit::AuditAction;
use crate::services::paging::check_limit;
use crate::services::period::{day_range, month_of};
use crate::services::{audit, sequence, tallies};

pub const MAX_MESSAGE_CHARS: usize = 500;
pub const DEFAULT_LIMIT: u64 = 25;
pub const MAX_LIMIT: u64 = 100;

type Backend = <DbConnection as diesel::Connection>::Backend;
/// (testimony, theme, source, matched words, label, retired) as loaded for the queue.
type ThemeLine = (
    String,
    String,
    ThemeSource,
    String,
    Option<String>,
    Option<bool>,
);

/// Moves the tallies from what was counted (`before`: approved with these themes) to what
/// must be counted now (`after`). Unchanged themes cost no write.
fn recount(
    conn: &mut DbConnection,
    row: &TestimonyRow,
    before: Option<&[String]>,
    after: Option<&[String]>,
) -> QueryResult<()> {
    let month = month_of(row.captured_at);
    let mut deltas: BTreeMap<&str, i64> = BTreeMap::new();
    for theme in before.unwrap_or_default() {
        *deltas.entry(theme).or_default() -= 1;
    }
    for theme in after.unwrap_or_default() {
        *deltas.entry(theme).or_default() += 1;
    }
    for (theme, delta) in deltas.into_iter().filter(|(_, d)| *d != 0) {
        tallies::add_theme(conn, row.quartier_id, theme, &month, delta)?;
    }
    let delta = i64::from(after.is_some()) - i64::from(before.is_some());
    if delta != 0 {
        tallies::add_testimonies(conn, row.quartier_id, &month, delta)?;
    }
    Ok(())
}

/// Removes an approved testimony from every tally (for erasure by receipt code or purge:
/// call it in the same transaction, before deleting the row).
pub fn uncount(conn: &mut DbConnection, id: &str) -> Result<(), ApiError> {
    let row = load_row(conn, id)?;
    if row.is_approved() {
        let themes = theme_codes(conn, id)?;
        recount(conn, &row, Some(&themes), None)?;
    }
    Ok(())
}

pub(crate) fn load_row(conn: &mut DbConnection, id: &str) -> Result<TestimonyRow, ApiError> {
    testimonies::table
        .find(id)
        .select(TestimonyRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(ApiError::NotFound("témoignage"))
}

pub(crate) fn theme_codes(conn: &mut DbConnection, id: &str) -> QueryResult<Vec<String>> {
    testimony_themes::table
        .filter(testimony_themes::testimony_id.eq(id))
        .select(testimony_themes::theme_code)
        .order(testimony_themes::theme_code)
        .load(conn)
}

/// Themes of many testimonies with their labels, in one query.
fn item_themes(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, Vec<ItemTheme>>, ApiError> {
    let mut by_item: HashMap<String, Vec<ItemTheme>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<ThemeLine> = testimony_themes::table
            .left_join(themes::table.on(themes::code.eq(testimony_themes::theme_code)))
            .filter(testimony_themes::testimony_id.eq_any(chunk))
            .order((testimony_themes::testimony_id, themes::position))
            .select((
                testimony_themes::testimony_id,
                testimony_themes::theme_code,
                testimony_themes::source,
                testimony_themes::matched,
                themes::label.nullable(),
                themes::retired.nullable(),
            ))
            .load(conn)?;
        for (id, code, source, matched, label, retired) in rows {
            by_item.entry(id).or_default().push(ItemTheme {
                label: label.unwrap_or_else(|| code.clone()),
                code,
                source,
                matched: serde_json::from_str(&matched).unwrap_or_default(),
                retired: retired.unwrap_or(false),
            });
        }
    }
    Ok(by_item)
}

fn volunteer_names(conn: &mut DbConnection, ids: &[i64]) -> Result<HashMap<i64, String>, ApiError> {
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::display_name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect())
}

fn to_items(conn: &mut DbConnection, rows: Vec<TestimonyRow>) -> Result<Vec<ReviewItem>, ApiError> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut user_ids: Vec<i64> = rows.iter().map(|r| r.user_id).collect();
    user_ids.sort_unstable();
    user_ids.dedup();
    let mut themes = item_themes(conn, &ids)?;
    let names = volunteer_names(conn, &user_ids)?;
    rows.into_iter()
        .map(|row| {
            Ok(ReviewItem {
                id: Uuid::parse_str(&row.id).map_err(ApiError::internal)?,
                seq: row.seq,
                quartier_id: row.quartier_id,
                place: row.place,
                captured_at: to_datetime(row.captured_at),
                received_at: to_datetime(row.received_at),
                status: row.status,
                text: row.text,
                redacted_text: row.redacted_text,
                redaction_edited: row.redaction_edited,
                sensitive: row.sensitive,
                analysis_failed: row.analysis_failed,
                consent: row.consent,
                age_band: row.age_band,
                moderation_message: row.moderation_message,
                moderated_by: row.moderated_by,
                moderated_at: row.moderated_at.map(to_datetime),
                volunteer: VolunteerRef {
                    id: row.user_id,
                    display_name: names.get(&row.user_id).cloned().unwrap_or_default(),
                },
                outing_id: row
                    .outing_id
                    .as_deref()
                    .and_then(|o| Uuid::parse_str(o).ok()),
                themes: themes.remove(&row.id).unwrap_or_default(),
            })
        })
        .collect()
}

fn filtered<'a>(
    query: &'a ReviewQuery,
    range: (Option<i64>, Option<i64>),
) -> testimonies::BoxedQuery<'a, Backend> {
    let mut q = testimonies::table.into_boxed();
    if let Some(quartier) = query.quartier_id {
        q = q.filter(testimonies::quartier_id.eq(quartier));
    }
    if let Some(status) = query.status {
        q = q.filter(testimonies::status.eq(Stored(status)));
    }
    if let Some(user) = query.user_id {
        q = q.filter(testimonies::user_id.eq(user));
    }
    if let Some(sensitive) = query.sensitive {
        q = q.filter(testimonies::sensitive.eq(sensitive));
    }
    if let Some(theme) = &query.theme {
        q = q.filter(
            testimonies::id.eq_any(
                testimony_themes::table
                    .filter(testimony_themes::theme_code.eq(theme))
                    .select(testimony_themes::testimony_id),
            ),
        );
    }
    if let Some(from) = range.0 {
        q = q.filter(testimonies::captured_at.ge(from));
    }
    if let Some(to) = range.1 {
        q = q.filter(testimonies::captured_at.lt(to));
    }
    q
}

/// `GET /api/v1/moderation/testimonies`: the queue, filtered and paginated.
pub fn queue(
    conn: &mut DbConnection,
    actor: &AuthUser,
    query: ReviewQuery,
) -> Result<ReviewPage, ApiError> {
    actor.require_staff()?;
    let limit = check_limit(query.limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let range = day_range(query.from, query.to)?;
    let offset = i64::try_from(query.offset).unwrap_or(i64::MAX);
    let total: i64 = filtered(&query, range).count().get_result(conn)?;
    let page = filtered(&query, range).select(TestimonyRow::as_select());
    let page = match query.order {
        ReviewOrder::Oldest => page.order((testimonies::captured_at.asc(), testimonies::id.asc())),
        ReviewOrder::Newest => {
            page.order((testimonies::captured_at.desc(), testimonies::id.desc()))
        }
    };
    let rows: Vec<TestimonyRow> = page.limit(limit as i64).offset(offset).load(conn)?;
    Ok(ReviewPage {
        items: to_items(conn, rows)?,
        total: total.max(0) as u64,
        offset: query.offset,
        limit,
    })
}

pub fn get(conn: &mut DbConnection, actor: &AuthUser, id: Uuid) -> Result<ReviewItem, ApiError> {
    actor.require_staff()?;
    let row = load_row(conn, &id.to_string())?;
    to_items(conn, vec![row])?
        .pop()
        .ok_or(ApiError::NotFound("témoignage"))
}

/// Checks a set of theme codes: at most 3, known, and not retired unless already on the item.
pub(crate) fn check_themes(
    conn: &mut DbConnection,
    codes: &[String],
    current: &[String],
) -> Result<Vec<String>, ApiError> {
    let mut wanted: Vec<String> = codes.iter().map(|c| c.trim().to_owned()).collect();
    wanted.sort();
    wanted.dedup();
    if wanted.len() > MAX_THEMES_PER_ITEM {
        return Err(ApiError::validation(
            "too_many_themes",
            format!("{MAX_THEMES_PER_ITEM} thèmes au plus"),
            Some("themes".into()),
        ));
    }
    let known: HashMap<String, bool> = themes::table
        .filter(themes::code.eq_any(&wanted))
        .select((themes::code, themes::retired))
        .load::<(String, bool)>(conn)?
        .into_iter()
        .collect();
    for code in &wanted {
        match known.get(code) {
            None => {
                return Err(ApiError::validation(
                    "unknown_theme",
                    format!("thème inconnu : {code}"),
                    Some("themes".into()),
                ))
            }
            Some(true) if !current.contains(code) => {
                return Err(ApiError::validation(
                    "retired_theme",
                    format!("thème retiré : {code}"),
                    Some("themes".into()),
                ))
            }
            Some(_) => {}
        }
    }
    Ok(wanted)
}

/// Makes `codes` the testimony's themes, all confirmed by a coordinator (suggested words kept).
fn replace_themes(conn: &mut DbConnection, id: &str, codes: &[String]) -> QueryResult<()> {
    diesel::delete(
        testimony_themes::table
            .filter(testimony_themes::testimony_id.eq(id))
            .filter(testimony_themes::theme_code.ne_all(codes)),
    )
    .execute(conn)?;
    diesel::update(
        testimony_themes::table
            .filter(testimony_themes::testimony_id.eq(id))
            .filter(testimony_themes::theme_code.eq_any(codes)),
    )
    .set(testimony_themes::source.eq(Stored(ThemeSource::Coordinator)))
    .execute(conn)?;
    let present = theme_codes(conn, id)?;
    for code in codes.iter().filter(|c| !present.contains(c)) {
        diesel::insert_into(testimony_themes::table)
            .values((
                testimony_themes::testimony_id.eq(id),
                testimony_themes::theme_code.eq(code),
                testimony_themes::source.eq(Stored(ThemeSource::Coordinator)),
                testimony_themes::matched.eq("[]"),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn check_redaction(text: &str) -> Result<String, ApiError> {
    TestimonyText::parse(text)
        .map(TestimonyText::into_string)
        .map_err(|_| {
            ApiError::validation(
                "invalid_redaction",
                format!("texte expurgé : 1 à {MAX_TESTIMONY_CHARS} caractères"),
                Some("redacted_text".into()),
            )
        })
}

fn check_message(message: Option<&str>, required: bool) -> Result<Option<String>, ApiError> {
    let message = message.map(str::trim).filter(|m| !m.is_empty());
    match message {
        None if required => Err(ApiError::validation(
            "message_required",
            "un message est nécessaire (motif ou correction demandée)",
            Some("message".into()),
        )),
        Some(m) if char_len(m) > MAX_MESSAGE_CHARS => Err(ApiError::validation(
            "message_too_long",
            format!("message : {MAX_MESSAGE_CHARS} caractères au plus"),
            Some("message".into()),
        )),
        other => Ok(other.map(str::to_owned)),
    }
}

/// Loads the testimony for a change, after taking the sequence number (which serialises
/// writers), and refuses it when the coordinator's copy is stale.
fn begin_change(
    conn: &mut DbConnection,
    id: &str,
    expected_seq: Option<i64>,
) -> Result<(i64, TestimonyRow), ApiError> {
    let seq = sequence::next(conn)?;
    let row = load_row(conn, id)?;
    if expected_seq.is_some_and(|s| s != row.seq) {
        return Err(ApiError::conflict(
            "stale",
            "ce témoignage a été modifié entre-temps : rechargez-le",
            Some("expected_seq"),
        ));
    }
    Ok((seq, row))
}

/// One edit or decision, in one transaction.
struct Change {
    themes: Option<Vec<String>>,
    redacted_text: Option<String>,
    decision: Option<(DecisionKind, Option<String>, bool)>,
    expected_seq: Option<i64>,
}

fn apply(
    conn: &mut DbConnection,
    actor: &AuthUser,
    uuid: Uuid,
    change: Change,
) -> Result<ReviewItem, ApiError> {
    actor.require_staff()?;
    let id = uuid.to_string();
    let redacted = change
        .redacted_text
        .as_deref()
        .map(check_redaction)
        .transpose()?;
    write_transaction(conn, |conn| {
        let (seq, row) = begin_change(conn, &id, change.expected_seq)?;
        let before = theme_codes(conn, &id)?;
        let mut details = serde_json::Map::new();
        if let Some(codes) = &change.themes {
            let codes = check_themes(conn, codes, &before)?;
            replace_themes(conn, &id, &codes)?;
            details.insert("themes".into(), serde_json::json!(codes));
        }
        let after = theme_codes(conn, &id)?;
        if let Some(text) = &redacted {
            diesel::update(testimonies::table.find(&id))
                .set((
                    testimonies::redacted_text.eq(text),
                    testimonies::redaction_edited.eq(true),
                ))
                .execute(conn)?;
            // Never the text itself: the audit log must not hold what was redacted away.
            details.insert("redaction_chars".into(), serde_json::json!(char_len(text)));
        }
        let from = row.status;
        let mut status = from;
        let mut action = if change.themes.is_some() {
            AuditAction::TestimonyThemes
        } else {
            AuditAction::TestimonyRedaction
        };
        if let Some((kind, message, confirm_sensitive)) = &change.decision {
            let (to, needs_message, name) = match kind {
                DecisionKind::Approve => (
                    ModerationStatus::Approved,
                    false,
                    AuditAction::TestimonyApproved,
                ),
                DecisionKind::Reject => (
                    ModerationStatus::Rejected,
                    true,
                    AuditAction::TestimonyRejected,
                ),
                DecisionKind::NeedsCorrection => (
                    ModerationStatus::NeedsCorrection,
                    true,
                    AuditAction::TestimonyNeedsCorrection,
                ),
                DecisionKind::Reopen => (
                    ModerationStatus::Pending,
                    false,
                    AuditAction::TestimonyReopened,
                ),
            };
            let message = if needs_message {
                check_message(message.as_deref(), true)?
            } else {
                None
            };
            if to == ModerationStatus::Approved {
                if after.len() > MAX_THEMES_PER_ITEM {
                    return Err(ApiError::validation(
                        "too_many_themes",
                        format!(
                            "choisissez {MAX_THEMES_PER_ITEM} thèmes au plus avant d'approuver"
                        ),
                        Some("themes".into()),
                    ));
                }
                if row.sensitive && !confirm_sensitive {
                    return Err(ApiError::validation(
                        "sensitive_unconfirmed",
                        "texte signalé sensible : vérifiez l'expurgation puis confirmez",
                        Some("confirm_sensitive".into()),
                    ));
                }
            }
            diesel::update(testimonies::table.find(&id))
                .set((
                    testimonies::status.eq(Stored(to)),
                    testimonies::moderation_message.eq(&message),
                    testimonies::moderated_by.eq(actor.actor().user_id()),
                    testimonies::moderated_at.eq(now_ms()),
                ))
                .execute(conn)?;
            if to == ModerationStatus::Approved
                && from != ModerationStatus::Approved
                && !row.analysis_failed
            {
                // The approved themes are a label: what it teaches the analysis (issue 14 §3).
                learning::record(conn, &row.text, &after)?;
            }
            details.insert("from".into(), from.as_str().into());
            details.insert("to".into(), to.as_str().into());
            if let Some(message) = &message {
                details.insert("message".into(), message.as_str().into());
            }
            status = to;
            action = name;
        }
        diesel::update(testimonies::table.find(&id))
            .set(testimonies::seq.eq(seq))
            .execute(conn)?;
        let counted_before = (from == ModerationStatus::Approved).then_some(before.as_slice());
        let counted_after = (status == ModerationStatus::Approved).then_some(after.as_slice());
        recount(conn, &row, counted_before, counted_after)?;
        audit::record(
            conn,
            actor.actor(),
            action,
            &format!("testimony:{id}"),
            serde_json::Value::Object(details),
        )?;
        Ok(())
    })?;
    get(conn, actor, uuid)
}

/// `PUT /api/v1/moderation/testimonies/{id}/themes`.
pub fn set_themes(
    conn: &mut DbConnection,
    actor: &AuthUser,
    id: Uuid,
    update: ThemesUpdate,
) -> Result<ReviewItem, ApiError> {
    let change = Change {
        themes: Some(update.themes),
        redacted_text: None,
        decision: None,
        expected_seq: update.expected_seq,
    };
    apply(conn, actor, id, change)
}

/// `PUT /api/v1/moderation/testimonies/{id}/redaction`.
pub fn set_redaction(
    conn: &mut DbConnection,
    actor: &AuthUser,
    id: Uuid,
    update: RedactionUpdate,
) -> Result<ReviewItem, ApiError> {
    let change = Change {
        themes: None,
        redacted_text: Some(update.redacted_text),
        decision: None,
        expected_seq: update.expected_seq,
    };
    apply(conn, actor, id, change)
}

/// `POST /api/v1/moderation/testimonies/{id}/decision`.
pub fn decide(
    conn: &mut DbConnection,
    actor: &AuthUser,
    id: Uuid,
    decision: Decision,
) -> Result<ReviewItem, ApiError> {
    let change = Change {
        themes: decision.themes,
        redacted_text: decision.redacted_text,
        decision: Some((
            decision.decision,
            decision.message,
            decision.confirm_sensitive,
        )),
        expected_seq: decision.expected_seq,
    };
    apply(conn, actor, id, change)
}

pub fn insert_theme(
    conn: &mut DbConnection,
    id: &str,
    code: &str,
    source: ThemeSource,
    words: &[String],
) -> QueryResult<()> {
    diesel::insert_into(testimony_themes::table)
        .values((
            testimony_themes::testimony_id.eq(id),
            testimony_themes::theme_code.eq(code),
            testimony_themes::source.eq(Stored(source)),
            testimony_themes::matched
                .eq(serde_json::to_string(words).unwrap_or_else(|_| "[]".into())),
        ))
        .execute(conn)
        .map(|_| ())
}
