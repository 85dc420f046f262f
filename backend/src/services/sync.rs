//! The phone's view of the server: what changed since its cursor, and which ids it holds.

use std::collections::HashSet;

use diesel::prelude::*;
use portevoix_domain::wire::{
    DeviceSurvey, ItemKind, ItemStatus, ModerationStatus, PullResponse, PushItem, SurveyStatus,
    Tombstone, TombstoneEntity,
};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::db::models::SurveyRow;
use crate::db::schema::{outings, responses, surveys, testimonies, themes, tombstones};
use crate::db::{DbConnection, Stored};
use crate::error::ApiError;
use crate::services::items::{self, Rejection};
use crate::services::{codebook, places, sequence, surveys as survey_service};

pub const MAX_CHECK_IDS: usize = 5000;

/// Everything that changed for the caller since `cursor` (0: everything).
pub fn pull(
    conn: &mut DbConnection,
    actor: &AuthUser,
    cursor: i64,
    notice: &str,
) -> Result<PullResponse, ApiError> {
    actor.require_collector()?;
    if cursor < 0 {
        return Err(ApiError::bad_request(
            "invalid_cursor",
            "curseur invalide",
            Some("cursor".into()),
        ));
    }
    // Read first: every change numbered up to here is committed (numbers are taken under a
    // row lock held until commit), so the next pull from `current` misses nothing.
    let current = sequence::current(conn)?;
    let changed: Vec<SurveyRow> = surveys::table
        .filter(surveys::status.eq(Stored(SurveyStatus::Open)))
        .filter(surveys::seq.gt(cursor))
        .filter(surveys::seq.le(current))
        .select(SurveyRow::as_select())
        .load(conn)?;
    let mut device_surveys = Vec::with_capacity(changed.len());
    for row in changed {
        if let Some(version) = survey_service::latest_version(conn, row.id)? {
            device_surveys.push(DeviceSurvey {
                survey_id: row.id,
                version: survey_service::to_version(version)?,
                quartier_ids: survey_service::assigned_quartiers(conn, row.id)?,
            });
        }
    }
    let changed_quartiers: HashSet<i64> = crate::db::schema::quartiers::table
        .filter(crate::db::schema::quartiers::seq.gt(cursor))
        .filter(crate::db::schema::quartiers::seq.le(current))
        .select(crate::db::schema::quartiers::id)
        .load::<i64>(conn)?
        .into_iter()
        .collect();
    let quartiers = if changed_quartiers.is_empty() {
        Vec::new()
    } else {
        places::list_quartiers(conn)?
            .into_iter()
            .filter(|q| changed_quartiers.contains(&q.id))
            .collect()
    };
    let changed_themes: HashSet<String> = themes::table
        .filter(themes::seq.gt(cursor))
        .filter(themes::seq.le(current))
        .select(themes::code)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let themes = if changed_themes.is_empty() {
        Vec::new()
    } else {
        codebook::list(conn)?
            .into_iter()
            .filter(|t| changed_themes.contains(&t.code))
            .collect()
    };
    let items = testimonies::table
        .filter(testimonies::user_id.eq(actor.id))
        .filter(testimonies::seq.gt(cursor))
        .filter(testimonies::seq.le(current))
        .select((
            testimonies::id,
            testimonies::status,
            testimonies::moderation_message,
        ))
        .load::<(String, ModerationStatus, Option<String>)>(conn)?
        .into_iter()
        .filter_map(|(id, status, message)| {
            Some(ItemStatus {
                id: Uuid::parse_str(&id).ok()?,
                kind: ItemKind::Testimony,
                status,
                message,
            })
        })
        .collect();
    // Shared things (surveys, themes, quartiers) concern every phone; an erased item only its
    // owner's. Item tombstones from before owners were recorded go to nobody.
    let tombstones = tombstones::table
        .filter(tombstones::seq.gt(cursor))
        .filter(tombstones::seq.le(current))
        .filter(
            tombstones::user_id.eq(actor.id).or(tombstones::user_id
                .is_null()
                .and(tombstones::entity.ne_all(TombstoneEntity::ITEMS.map(Stored)))),
        )
        .order(tombstones::seq)
        .select((tombstones::entity, tombstones::entity_id))
        .load::<(TombstoneEntity, String)>(conn)?
        .into_iter()
        .map(|(entity, id)| Tombstone {
            entity: entity.as_str().to_owned(),
            id,
        })
        .collect();
    Ok(PullResponse {
        cursor: current,
        surveys: device_surveys,
        quartiers,
        themes,
        items,
        tombstones,
        information_notice: notice.to_owned(),
    })
}

/// Which of `ids` the server holds for the caller (after a reinstall or a lost answer).
pub fn check(
    conn: &mut DbConnection,
    actor: &AuthUser,
    ids: &[Uuid],
) -> Result<Vec<Uuid>, ApiError> {
    actor.require_collector()?;
    if ids.len() > MAX_CHECK_IDS {
        return Err(ApiError::PayloadTooLarge(format!(
            "{MAX_CHECK_IDS} identifiants au plus par vérification"
        )));
    }
    let wanted: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    let mut present: HashSet<String> = HashSet::new();
    for chunk in wanted.chunks(items::LOOKUP_CHUNK) {
        present.extend(
            responses::table
                .filter(responses::user_id.eq(actor.id))
                .filter(responses::id.eq_any(chunk))
                .select(responses::id)
                .load::<String>(conn)?,
        );
        present.extend(
            testimonies::table
                .filter(testimonies::user_id.eq(actor.id))
                .filter(testimonies::id.eq_any(chunk))
                .select(testimonies::id)
                .load::<String>(conn)?,
        );
        present.extend(
            outings::table
                .filter(outings::user_id.eq(actor.id))
                .filter(outings::id.eq_any(chunk))
                .select(outings::id)
                .load::<String>(conn)?,
        );
    }
    Ok(ids
        .iter()
        .filter(|id| present.contains(&id.to_string()))
        .copied()
        .collect())
}

/// Parses one pushed item on its own, so a malformed item is rejected alone.
pub fn parse_item(value: serde_json::Value) -> (Option<Uuid>, Result<PushItem, Rejection>) {
    let id = value
        .get("item")
        .and_then(|i| i.get("id"))
        .and_then(|v| v.as_str())
        .and_then(|s| Uuid::parse_str(s).ok());
    match serde_json::from_value::<PushItem>(value) {
        Ok(item) => (Some(item.id()), Ok(item)),
        Err(error) => {
            let message = error.to_string();
            let field = ["missing field `", "unknown field `", "unknown variant `"]
                .iter()
                .find_map(|marker| {
                    let start = message.find(marker)? + marker.len();
                    message[start..]
                        .find('`')
                        .map(|end| message[start..start + end].to_owned())
                });
            (
                id,
                Err(Rejection {
                    code: "malformed_item",
                    message: format!("élément illisible : {message}"),
                    field,
                }),
            )
        }
    }
}
