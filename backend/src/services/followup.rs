//! Field follow-up (*suivi des volontaires*): each volunteer's outings with where, how long,
//! how many people were approached and answered, and the items recorded during them.

use std::collections::{BTreeMap, HashMap};

use diesel::dsl::count_star;
use diesel::prelude::*;
use portevoix_domain::wire::{FollowupQuery, FollowupRow, OutingPage, OutingReport, VolunteerRef};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::clock::to_datetime;
use crate::db::schema::{outings, responses, testimonies, users};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::services::paging::check_limit;
use crate::services::period::day_range;

pub const DEFAULT_LIMIT: u64 = 50;
pub const MAX_LIMIT: u64 = 200;

type Backend = <DbConnection as diesel::Connection>::Backend;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outings)]
pub struct OutingRow {
    pub id: String,
    pub user_id: i64,
    pub quartier_id: i64,
    pub place: String,
    pub started_at: i64,
    pub ended_at: Option<i64>,
    pub approached: i32,
    pub answered: i32,
    pub note: Option<String>,
}

impl OutingRow {
    pub fn minutes(&self) -> Option<i64> {
        self.ended_at
            .map(|end| (end - self.started_at).max(0) / 60_000)
    }
}

fn filtered(
    query: &FollowupQuery,
    range: (Option<i64>, Option<i64>),
) -> outings::BoxedQuery<'static, Backend> {
    let mut q = outings::table.into_boxed();
    if let Some(user) = query.user_id {
        q = q.filter(outings::user_id.eq(user));
    }
    if let Some(quartier) = query.quartier_id {
        q = q.filter(outings::quartier_id.eq(quartier));
    }
    if let Some(from) = range.0 {
        q = q.filter(outings::started_at.ge(from));
    }
    if let Some(to) = range.1 {
        q = q.filter(outings::started_at.lt(to));
    }
    q
}

/// Answer sets and testimonies recorded per outing.
pub fn items_per_outing(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, (i64, i64)>, ApiError> {
    let mut counts: HashMap<String, (i64, i64)> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(Option<String>, i64)> = responses::table
            .filter(responses::outing_id.eq_any(chunk))
            .group_by(responses::outing_id)
            .select((responses::outing_id, count_star()))
            .load(conn)?;
        for (id, n) in rows {
            if let Some(id) = id {
                counts.entry(id).or_default().0 += n;
            }
        }
        let rows: Vec<(Option<String>, i64)> = testimonies::table
            .filter(testimonies::outing_id.eq_any(chunk))
            .group_by(testimonies::outing_id)
            .select((testimonies::outing_id, count_star()))
            .load(conn)?;
        for (id, n) in rows {
            if let Some(id) = id {
                counts.entry(id).or_default().1 += n;
            }
        }
    }
    Ok(counts)
}

pub fn names(conn: &mut DbConnection, ids: &[i64]) -> Result<HashMap<i64, String>, ApiError> {
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::display_name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect())
}

fn volunteer(names: &HashMap<i64, String>, id: i64) -> VolunteerRef {
    VolunteerRef {
        id,
        display_name: names.get(&id).cloned().unwrap_or_default(),
    }
}

fn user_ids(rows: &[OutingRow]) -> Vec<i64> {
    let mut ids: Vec<i64> = rows.iter().map(|r| r.user_id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// `GET /api/v1/followup/outings`: newest first.
pub fn outings(
    conn: &mut DbConnection,
    actor: &AuthUser,
    query: FollowupQuery,
) -> Result<OutingPage, ApiError> {
    actor.require_staff()?;
    let limit = check_limit(query.limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let range = day_range(query.from, query.to)?;
    let total: i64 = filtered(&query, range).count().get_result(conn)?;
    let rows: Vec<OutingRow> = filtered(&query, range)
        .select(OutingRow::as_select())
        .order((outings::started_at.desc(), outings::id.desc()))
        .limit(limit as i64)
        .offset(i64::try_from(query.offset).unwrap_or(i64::MAX))
        .load(conn)?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let counts = items_per_outing(conn, &ids)?;
    let names = names(conn, &user_ids(&rows))?;
    let items = rows
        .into_iter()
        .map(|row| {
            let (responses, testimonies) = counts.get(&row.id).copied().unwrap_or_default();
            Ok(OutingReport {
                id: Uuid::parse_str(&row.id).map_err(ApiError::internal)?,
                volunteer: volunteer(&names, row.user_id),
                quartier_id: row.quartier_id,
                duration_minutes: row.minutes(),
                place: row.place,
                started_at: to_datetime(row.started_at),
                ended_at: row.ended_at.map(to_datetime),
                approached: i64::from(row.approached),
                answered: i64::from(row.answered),
                responses,
                testimonies,
                note: row.note,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(OutingPage {
        items,
        total: total.max(0) as u64,
        offset: query.offset,
        limit,
    })
}

/// `GET /api/v1/followup/summary`: totals per volunteer and quartier over the period.
pub fn summary(
    conn: &mut DbConnection,
    actor: &AuthUser,
    query: FollowupQuery,
) -> Result<Vec<FollowupRow>, ApiError> {
    actor.require_staff()?;
    let range = day_range(query.from, query.to)?;
    let rows: Vec<OutingRow> = filtered(&query, range)
        .select(OutingRow::as_select())
        .order(outings::started_at)
        .load(conn)?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let counts = items_per_outing(conn, &ids)?;
    let names = names(conn, &user_ids(&rows))?;
    let mut totals: BTreeMap<(i64, i64), FollowupRow> = BTreeMap::new();
    for row in rows {
        let (responses, testimonies) = counts.get(&row.id).copied().unwrap_or_default();
        let entry = totals
            .entry((row.user_id, row.quartier_id))
            .or_insert_with(|| FollowupRow {
                volunteer: volunteer(&names, row.user_id),
                quartier_id: row.quartier_id,
                outings: 0,
                minutes: 0,
                approached: 0,
                answered: 0,
                responses: 0,
                testimonies: 0,
                last_outing_at: to_datetime(row.started_at),
            });
        entry.outings += 1;
        entry.minutes += row.minutes().unwrap_or(0);
        entry.approached += i64::from(row.approached);
        entry.answered += i64::from(row.answered);
        entry.responses += responses;
        entry.testimonies += testimonies;
        entry.last_outing_at = entry.last_outing_at.max(to_datetime(row.started_at));
    }
    let mut rows: Vec<FollowupRow> = totals.into_values().collect();
    rows.sort_by(|a, b| {
        a.volunteer
            .display_name
            .cmp(&b.volunteer.display_name)
            .then(a.volunteer.id.cmp(&b.volunteer.id))
            .then(a.quartier_id.cmp(&b.quartier_id))
    });
    Ok(rows)
}
