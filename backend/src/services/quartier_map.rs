//! The quartier map (issue 16 §3, `routes/quartier_map.rs`): outlines uploaded as GeoJSON by
//! coordinators, matched to quartiers on their official code, simplified by the domain
//! ([`portevoix_domain::geo`]) and stored as JSON; or, while outlines are missing, one square per
//! quartier on a tile map. Screens colour the shapes with figures they already have (the
//! comparison); this service only says where each quartier is drawn.

use std::collections::BTreeMap;

use diesel::prelude::*;
use portevoix_domain::geo::{self, Outline, ParsedOutlines, MAX_TILE};
use portevoix_domain::wire::{
    MatchedOutline, OutlineReport, QuartierMap, QuartierRef, TileRequest, UnmatchedFeature,
};
use serde_json::json;

use crate::auth::AuthUser;
use crate::db::schema::quartiers;
use crate::db::{write_transaction, DbConnection};
use crate::error::ApiError;
use crate::services::audit::{self, AuditAction};

/// Largest GeoJSON file accepted (the route reads the body up to this).
pub const MAX_OUTLINES_BYTES: usize = geo::MAX_TEXT_BYTES;

type PlaceRow = (
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
);

fn places(conn: &mut DbConnection) -> Result<Vec<PlaceRow>, ApiError> {
    Ok(quartiers::table
        .select((
            quartiers::id,
            quartiers::slug,
            quartiers::name,
            quartiers::official_code,
            quartiers::outline,
            quartiers::tile_col,
            quartiers::tile_row,
        ))
        .order((quartiers::name, quartiers::id))
        .load(conn)?)
}

fn cell(col: Option<i64>, row: Option<i64>) -> Option<(u8, u8)> {
    Some((u8::try_from(col?).ok()?, u8::try_from(row?).ok()?))
}

/// `GET /api/v1/map`: every quartier's shape (outlines when each quartier has one, else tiles).
pub fn map(conn: &mut DbConnection) -> Result<QuartierMap, ApiError> {
    let shapes = places(conn)?
        .into_iter()
        .map(|(id, slug, name, _, outline, col, row)| {
            // A stored outline that no longer reads (hand-edited database) is drawn as a tile
            // rather than failing the whole map.
            let outline = outline.and_then(|text| match serde_json::from_str::<Outline>(&text) {
                Ok(outline) => Some(outline),
                Err(error) => {
                    tracing::warn!(quartier = id, %error, "unreadable stored outline");
                    None
                }
            });
            (QuartierRef { id, slug, name }, outline, cell(col, row))
        })
        .collect();
    Ok(geo::quartier_map(shapes))
}

fn fold(code: &str) -> String {
    code.trim().to_lowercase()
}

/// `PUT /api/v1/quartiers/outlines`: reads a GeoJSON FeatureCollection, stores the outline of
/// each quartier whose official code a feature carries (features sharing a code are drawn
/// together), reports the others. Nothing is stored when no feature matches.
pub fn upload_outlines(
    conn: &mut DbConnection,
    actor: &AuthUser,
    parsed: ParsedOutlines,
) -> Result<OutlineReport, ApiError> {
    actor.require_staff()?;
    write_transaction(conn, |conn| {
        let rows = places(conn)?;
        // Official codes are not unique (a quartier split over two communes may keep one
        // code): every quartier carrying a code gets the outline.
        let mut by_code: BTreeMap<String, Vec<QuartierRef>> = BTreeMap::new();
        for (id, slug, name, code, ..) in &rows {
            if let Some(code) = code.as_deref().map(fold).filter(|c| !c.is_empty()) {
                by_code.entry(code).or_default().push(QuartierRef {
                    id: *id,
                    slug: slug.clone(),
                    name: name.clone(),
                });
            }
        }
        let mut outlines: BTreeMap<i64, (QuartierRef, Outline)> = BTreeMap::new();
        let mut unmatched: Vec<UnmatchedFeature> = parsed
            .problems
            .into_iter()
            .map(|p| UnmatchedFeature {
                feature: u32::try_from(p.index).unwrap_or(u32::MAX),
                code: p.code,
                message: p.message,
            })
            .collect();
        for feature in parsed.features {
            match by_code.get(&fold(&feature.code)) {
                Some(quartiers) => {
                    for quartier in quartiers {
                        let outline = match outlines.remove(&quartier.id) {
                            Some((_, earlier)) => earlier.joined(feature.outline.clone()),
                            None => feature.outline.clone(),
                        };
                        outlines.insert(quartier.id, (quartier.clone(), outline));
                    }
                }
                None => unmatched.push(UnmatchedFeature {
                    feature: u32::try_from(feature.index).unwrap_or(u32::MAX),
                    message: format!("aucun quartier n'a le code officiel « {} »", feature.code),
                    code: Some(feature.code),
                }),
            }
        }
        if outlines.is_empty() {
            return Err(ApiError::validation(
                "no_outline_matched",
                "aucun contour ne correspond au code officiel d'un quartier (par exemple \
                 QN04401M) : rien n'a été enregistré",
                Some("features".into()),
            ));
        }
        let mut matched = Vec::new();
        for (id, (quartier, outline)) in &outlines {
            let stored = serde_json::to_string(outline).map_err(ApiError::internal)?;
            diesel::update(quartiers::table.find(*id))
                .set(quartiers::outline.eq(Some(stored)))
                .execute(conn)?;
            matched.push(MatchedOutline {
                quartier: quartier.clone(),
                points: u32::try_from(outline.points()).unwrap_or(u32::MAX),
            });
        }
        let missing: Vec<QuartierRef> = places(conn)?
            .into_iter()
            .filter(|row| row.4.is_none())
            .map(|(id, slug, name, ..)| QuartierRef { id, slug, name })
            .collect();
        audit::record(
            conn,
            actor.actor(),
            AuditAction::QuartierOutlines,
            "quartiers",
            json!({
                "matched": outlines.keys().collect::<Vec<_>>(),
                "unmatched": unmatched.len(),
            }),
        )?;
        Ok(OutlineReport {
            matched,
            unmatched,
            missing,
        })
    })
}

/// `DELETE /api/v1/quartiers/outlines`: back to the tile map.
pub fn clear_outlines(conn: &mut DbConnection, actor: &AuthUser) -> Result<(), ApiError> {
    actor.require_staff()?;
    write_transaction(conn, |conn| {
        let removed = diesel::update(quartiers::table.filter(quartiers::outline.is_not_null()))
            .set(quartiers::outline.eq(None::<String>))
            .execute(conn)?;
        audit::record(
            conn,
            actor.actor(),
            AuditAction::QuartierOutlines,
            "quartiers",
            json!({ "removed": removed }),
        )?;
        Ok(())
    })
}

/// `PUT /api/v1/quartiers/{id}/tile`: where a quartier's square sits on the tile map.
pub fn set_tile(
    conn: &mut DbConnection,
    actor: &AuthUser,
    id: i64,
    request: TileRequest,
) -> Result<QuartierMap, ApiError> {
    actor.require_staff()?;
    for (value, field) in [(request.col, "col"), (request.row, "row")] {
        if value > MAX_TILE {
            return Err(ApiError::validation(
                "invalid_tile",
                format!("une case entre 0 et {MAX_TILE}"),
                Some(field.into()),
            ));
        }
    }
    write_transaction(conn, |conn| {
        let rows = places(conn)?;
        if !rows.iter().any(|row| row.0 == id) {
            return Err(ApiError::NotFound("quartier"));
        }
        let wanted = (i64::from(request.col), i64::from(request.row));
        if let Some(other) = rows
            .iter()
            .find(|row| row.0 != id && (row.5, row.6) == (Some(wanted.0), Some(wanted.1)))
        {
            return Err(ApiError::conflict(
                "tile_taken",
                format!("cette case est déjà celle de {}", other.2),
                Some("col"),
            ));
        }
        diesel::update(quartiers::table.find(id))
            .set((
                quartiers::tile_col.eq(Some(wanted.0)),
                quartiers::tile_row.eq(Some(wanted.1)),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            actor.actor(),
            AuditAction::QuartierUpdated,
            &format!("quartier:{id}"),
            json!({ "tile": [request.col, request.row] }),
        )?;
        map(conn)
    })
}

/// Merging `from` into `into`: `into` is drawn with both outlines (when `from` had one; if
/// `into` had none, the map keeps showing squares until it gets one).
pub fn merge_outlines(conn: &mut DbConnection, from: i64, into: i64) -> Result<(), ApiError> {
    let outline_of = |conn: &mut DbConnection, id: i64| -> Result<Option<Outline>, ApiError> {
        let stored: Option<String> = quartiers::table
            .find(id)
            .select(quartiers::outline)
            .first::<Option<String>>(conn)
            .optional()?
            .flatten();
        Ok(stored.and_then(|text| serde_json::from_str(&text).ok()))
    };
    let (Some(merged), Some(kept)) = (outline_of(conn, from)?, outline_of(conn, into)?) else {
        return Ok(());
    };
    let joined = serde_json::to_string(&kept.joined(merged)).map_err(ApiError::internal)?;
    diesel::update(quartiers::table.find(into))
        .set(quartiers::outline.eq(Some(joined)))
        .execute(conn)?;
    Ok(())
}
