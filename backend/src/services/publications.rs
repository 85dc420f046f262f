//! Publishing figures to councils (`routes/publications.rs`): coordinators freeze a survey's
//! results or a quartier's themes into a dated publication, which is all councils ever read
//! (`council::snapshots`). A new publication of the same figures waits for 11 more people
//! than the last one ([`portevoix_domain::publication::may_publish`]), so that the difference
//! between two publications never gives away one interview.

use diesel::prelude::*;
use portevoix_domain::publication::{may_publish, TooSoon};
use portevoix_domain::wire::{
    Publication, PublicationBoard, PublicationKind, PublicationRequest, PublicationStatus,
    QuartierRef,
};
use serde_json::json;

use crate::auth::AuthUser;
use crate::clock::now_ms;
use crate::db::schema::{quartiers, tally_responses, tally_testimonies};
use crate::db::{write_transaction, DbConnection};
use crate::error::ApiError;
use crate::services::audit::{self, AuditAction};
use crate::services::council::snapshots::{self, FrozenCounts, NewSnapshot, Snapshot};
use crate::services::council::{dashboards, scope, timeline};

/// People the figures count now: answer sets of a version in a quartier, or approved
/// testimonies of a quartier.
fn people_now(
    conn: &mut DbConnection,
    kind: PublicationKind,
    version_id: Option<i64>,
    quartier_id: i64,
) -> Result<u64, ApiError> {
    let n: Option<i64> = match (kind, version_id) {
        (PublicationKind::Survey, Some(version)) => tally_responses::table
            .find((version, quartier_id))
            .select(tally_responses::responses)
            .first(conn)
            .optional()?,
        _ => Some(
            tally_testimonies::table
                .filter(tally_testimonies::quartier_id.eq(quartier_id))
                .select(tally_testimonies::testimonies)
                .load::<i64>(conn)?
                .into_iter()
                .map(|n| n.max(0))
                .fold(0i64, i64::saturating_add),
        ),
    };
    Ok(u64::try_from(n.unwrap_or(0)).unwrap_or(0))
}

fn quartier_ref(conn: &mut DbConnection, id: i64) -> Result<QuartierRef, ApiError> {
    quartiers::table
        .find(id)
        .select((quartiers::id, quartiers::slug, quartiers::name))
        .first::<(i64, String, String)>(conn)
        .optional()?
        .map(|(id, slug, name)| QuartierRef { id, slug, name })
        .ok_or_else(|| {
            ApiError::validation(
                "unknown_quartier",
                "quartier inconnu",
                Some("quartier_id".into()),
            )
        })
}

fn latest(
    conn: &mut DbConnection,
    kind: PublicationKind,
    version_id: Option<i64>,
    quartier_id: i64,
) -> Result<Option<Snapshot>, ApiError> {
    match (kind, version_id) {
        (PublicationKind::Survey, Some(version)) => {
            snapshots::latest_survey(conn, version, quartier_id)
        }
        _ => snapshots::latest_themes(conn, quartier_id),
    }
}

fn publication(snapshot: &Snapshot, quartier: QuartierRef, title: String) -> Publication {
    Publication {
        id: snapshot.id,
        kind: snapshot.kind,
        quartier,
        survey_version_id: snapshot.survey_version_id,
        title,
        published_at: snapshot.published_at(),
        people: u64::try_from(snapshot.people).unwrap_or(0),
    }
}

fn too_soon_message(refusal: TooSoon) -> String {
    let plural = |n: u64| if n > 1 { "s" } else { "" };
    format!(
        "pas encore : la dernière publication comptait {} personne{}, il en faut {} de plus \
         avant la suivante (aujourd'hui {})",
        refusal.published,
        plural(refusal.published),
        refusal.missing,
        refusal.now
    )
}

/// `GET /api/v1/publications?council_id=`: every survey and the themes of each of a council's
/// quartiers, with their last publication and whether they may be published now.
pub fn board(
    conn: &mut DbConnection,
    actor: &AuthUser,
    council_id: i64,
) -> Result<PublicationBoard, ApiError> {
    actor.require_staff()?;
    let scope = scope(conn, actor, Some(council_id))?;
    let ids: Vec<i64> = scope.quartiers.iter().map(|q| q.id).collect();
    let versions = dashboards::versions_for(conn, &ids, crate::services::council::HOME_SURVEYS)?;
    let mut items = Vec::new();
    for quartier in &scope.quartiers {
        let mut wanted: Vec<(PublicationKind, Option<i64>, String)> = Vec::new();
        for info in &versions {
            if dashboards::concerns(conn, info, quartier.id)? {
                let title = info.definition.title.clone();
                wanted.push((PublicationKind::Survey, Some(info.version_id), title));
            }
        }
        wanted.push((PublicationKind::Themes, None, String::new()));
        for (kind, version, title) in wanted {
            let now = people_now(conn, kind, version, quartier.id)?;
            let last = latest(conn, kind, version, quartier.id)?;
            let missing = match may_publish(last.as_ref().map(|s| s.people.max(0) as u64), now) {
                Ok(()) => 0,
                Err(refusal) => refusal.missing.max(1),
            };
            items.push(PublicationStatus {
                kind,
                survey_version_id: version,
                last: last.map(|s| publication(&s, quartier.clone(), title.clone())),
                title,
                quartier: quartier.clone(),
                people_now: now,
                missing,
            });
        }
    }
    Ok(PublicationBoard {
        council_id: scope.council_id,
        council_name: scope.council_name,
        items,
    })
}

/// `POST /api/v1/publications`: freezes the figures a council would see now, if 11 more people
/// are counted than in the last publication of the same figures (or there is none).
pub fn publish(
    conn: &mut DbConnection,
    actor: &AuthUser,
    request: PublicationRequest,
) -> Result<Publication, ApiError> {
    actor.require_staff()?;
    let version_id = match (request.kind, request.survey_version_id) {
        (PublicationKind::Survey, None) => {
            return Err(ApiError::validation(
                "survey_required",
                "précisez la version d'enquête à publier",
                Some("survey_version_id".into()),
            ))
        }
        (PublicationKind::Themes, Some(_)) => {
            return Err(ApiError::validation(
                "survey_not_expected",
                "une publication de thèmes ne porte pas sur une enquête",
                Some("survey_version_id".into()),
            ))
        }
        (_, version) => version,
    };
    write_transaction(conn, |conn| {
        let quartier = quartier_ref(conn, request.quartier_id)?;
        let now = people_now(conn, request.kind, version_id, quartier.id)?;
        let last = latest(conn, request.kind, version_id, quartier.id)?;
        may_publish(last.map(|s| s.people.max(0) as u64), now)
            .map_err(|refusal| ApiError::conflict("too_soon", too_soon_message(refusal), None))?;
        let (body, title, counts) = match version_id {
            Some(version) => {
                let info = dashboards::version_info(conn, version)?;
                if !dashboards::concerns(conn, &info, quartier.id)? {
                    return Err(ApiError::validation(
                        "survey_not_in_quartier",
                        "cette enquête ne concerne pas ce quartier",
                        Some("quartier_id".into()),
                    ));
                }
                let results = dashboards::results_for(conn, &info, quartier.clone())?;
                let (responses, tally) = dashboards::tally_of(conn, version, quartier.id)?;
                let mut answers: Vec<(String, String, u64)> = tally
                    .into_iter()
                    .map(|((question, option), n)| (question, option, n))
                    .collect();
                answers.sort();
                let counts = FrozenCounts {
                    responses,
                    answers,
                    ..FrozenCounts::default()
                };
                (serde_json::to_string(&results), results.title, counts)
            }
            None => {
                let themes = timeline::themes_for(conn, quartier.clone(), (None, None))?;
                let counts = FrozenCounts {
                    themes: timeline::theme_months(conn, quartier.id)?
                        .into_iter()
                        .map(|(theme, months)| (theme, months.into_iter().collect()))
                        .collect(),
                    until: themes.months.last().copied(),
                    ..FrozenCounts::default()
                };
                (serde_json::to_string(&themes), String::new(), counts)
            }
        };
        let body = body.map_err(ApiError::internal)?;
        let id = snapshots::insert(
            conn,
            NewSnapshot {
                kind: request.kind,
                quartier_id: quartier.id,
                survey_version_id: version_id,
                people: now,
                body,
                counts,
                published_at: now_ms(),
                published_by: actor.actor().user_id(),
            },
        )?;
        audit::record(
            conn,
            actor.actor(),
            AuditAction::PublicationMade,
            &format!("publication:{id}"),
            json!({
                "kind": request.kind.as_str(),
                "quartier_id": quartier.id,
                "survey_version_id": version_id,
                "people": now,
            }),
        )?;
        let stored = latest(conn, request.kind, version_id, quartier.id)?
            .ok_or(ApiError::NotFound("publication"))?;
        Ok(publication(&stored, quartier, title))
    })
}
