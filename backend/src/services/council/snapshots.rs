//! Publications as stored: the protected figures a council reads, frozen at a date. Reading
//! and writing them only; who may publish and when is `services::publications`, who may read
//! which quartier is [`super::scope`].

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use portevoix_domain::month::Month;
use portevoix_domain::wire::{PublicationKind, SurveyResults, ThemesOverTime};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::db::schema::publications;
use crate::db::stored::Stored;
use crate::db::DbConnection;
use crate::error::ApiError;

/// One stored publication.
#[derive(Debug, Clone, Queryable)]
pub struct Snapshot {
    pub id: i64,
    pub kind: PublicationKind,
    pub quartier_id: i64,
    pub survey_version_id: Option<i64>,
    pub people: i64,
    pub body: String,
    pub counts: String,
    pub published_at: i64,
    pub published_by: Option<i64>,
}

/// The exact tallies a publication was drawn from, frozen with it (never shown to councils:
/// the inter-council comparison protects them again, as of the publication).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FrozenCounts {
    /// Survey: answer sets counted.
    #[serde(default)]
    pub responses: u64,
    /// Survey: (question, option, answers).
    #[serde(default)]
    pub answers: Vec<(String, String, u64)>,
    /// Themes: theme code → month → approved testimonies.
    #[serde(default)]
    pub themes: BTreeMap<String, BTreeMap<Month, u64>>,
    /// Themes: the last month the publication covers (its month in Nantes).
    #[serde(default)]
    pub until: Option<Month>,
}

type Columns = (
    publications::id,
    publications::kind,
    publications::quartier_id,
    publications::survey_version_id,
    publications::people,
    publications::body,
    publications::counts,
    publications::published_at,
    publications::published_by,
);

const COLUMNS: Columns = (
    publications::id,
    publications::kind,
    publications::quartier_id,
    publications::survey_version_id,
    publications::people,
    publications::body,
    publications::counts,
    publications::published_at,
    publications::published_by,
);

impl Snapshot {
    pub fn published_at(&self) -> DateTime<Utc> {
        crate::clock::to_datetime(self.published_at)
    }

    fn body<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        serde_json::from_str(&self.body).map_err(|e| {
            ApiError::internal(anyhow::anyhow!("publication {} unreadable: {e}", self.id))
        })
    }

    /// The exact tallies it was drawn from.
    pub fn counts(&self) -> Result<FrozenCounts, ApiError> {
        serde_json::from_str(&self.counts).map_err(|e| {
            ApiError::internal(anyhow::anyhow!(
                "publication {} counts unreadable: {e}",
                self.id
            ))
        })
    }

    /// The survey results it froze, dated.
    pub fn survey_results(&self) -> Result<SurveyResults, ApiError> {
        let mut results: SurveyResults = self.body()?;
        results.published_at = Some(self.published_at());
        Ok(results)
    }

    /// The themes it froze (every month up to its date), dated.
    pub fn themes(&self) -> Result<ThemesOverTime, ApiError> {
        let mut themes: ThemesOverTime = self.body()?;
        themes.published_at = Some(self.published_at());
        Ok(themes)
    }
}

/// The latest publication of one survey version in one quartier.
pub fn latest_survey(
    conn: &mut DbConnection,
    version_id: i64,
    quartier_id: i64,
) -> Result<Option<Snapshot>, ApiError> {
    Ok(publications::table
        .filter(publications::kind.eq(Stored(PublicationKind::Survey)))
        .filter(publications::survey_version_id.eq(version_id))
        .filter(publications::quartier_id.eq(quartier_id))
        .order((publications::published_at.desc(), publications::id.desc()))
        .select(COLUMNS)
        .first(conn)
        .optional()?)
}

/// The latest survey publication of one version in each quartier that has one.
pub fn latest_survey_per_quartier(
    conn: &mut DbConnection,
    version_id: i64,
) -> Result<Vec<Snapshot>, ApiError> {
    let all: Vec<Snapshot> = publications::table
        .filter(publications::kind.eq(Stored(PublicationKind::Survey)))
        .filter(publications::survey_version_id.eq(version_id))
        .order((publications::published_at.desc(), publications::id.desc()))
        .select(COLUMNS)
        .load(conn)?;
    Ok(first_per_quartier(all))
}

/// The latest themes publication of each quartier that has one.
pub fn latest_themes_per_quartier(conn: &mut DbConnection) -> Result<Vec<Snapshot>, ApiError> {
    let all: Vec<Snapshot> = publications::table
        .filter(publications::kind.eq(Stored(PublicationKind::Themes)))
        .order((publications::published_at.desc(), publications::id.desc()))
        .select(COLUMNS)
        .load(conn)?;
    Ok(first_per_quartier(all))
}

/// From publications newest first: the first of each quartier.
fn first_per_quartier(newest_first: Vec<Snapshot>) -> Vec<Snapshot> {
    let mut latest: Vec<Snapshot> = Vec::new();
    for snapshot in newest_first {
        if !latest.iter().any(|s| s.quartier_id == snapshot.quartier_id) {
            latest.push(snapshot);
        }
    }
    latest
}

/// The latest themes publication of one quartier.
pub fn latest_themes(
    conn: &mut DbConnection,
    quartier_id: i64,
) -> Result<Option<Snapshot>, ApiError> {
    Ok(publications::table
        .filter(publications::kind.eq(Stored(PublicationKind::Themes)))
        .filter(publications::quartier_id.eq(quartier_id))
        .order((publications::published_at.desc(), publications::id.desc()))
        .select(COLUMNS)
        .first(conn)
        .optional()?)
}

/// The latest survey publication of each (version, quartier) among these quartiers, the most
/// recently published first.
pub fn latest_surveys_in(
    conn: &mut DbConnection,
    quartier_ids: &[i64],
) -> Result<Vec<Snapshot>, ApiError> {
    let all: Vec<Snapshot> = publications::table
        .filter(publications::kind.eq(Stored(PublicationKind::Survey)))
        .filter(publications::quartier_id.eq_any(quartier_ids))
        .order((publications::published_at.desc(), publications::id.desc()))
        .select(COLUMNS)
        .load(conn)?;
    let mut latest: Vec<Snapshot> = Vec::new();
    for snapshot in all {
        let seen = latest.iter().any(|s| {
            s.survey_version_id == snapshot.survey_version_id
                && s.quartier_id == snapshot.quartier_id
        });
        if !seen {
            latest.push(snapshot);
        }
    }
    Ok(latest)
}

/// What a new publication stores.
pub struct NewSnapshot {
    pub kind: PublicationKind,
    pub quartier_id: i64,
    pub survey_version_id: Option<i64>,
    pub people: u64,
    pub body: String,
    pub counts: FrozenCounts,
    pub published_at: i64,
    pub published_by: Option<i64>,
}

/// Stores a publication; returns its id.
pub fn insert(conn: &mut DbConnection, new: NewSnapshot) -> Result<i64, ApiError> {
    Ok(diesel::insert_into(publications::table)
        .values((
            publications::kind.eq(Stored(new.kind)),
            publications::quartier_id.eq(new.quartier_id),
            publications::survey_version_id.eq(new.survey_version_id),
            publications::people.eq(i64::try_from(new.people).unwrap_or(i64::MAX)),
            publications::body.eq(new.body),
            publications::counts
                .eq(serde_json::to_string(&new.counts).map_err(ApiError::internal)?),
            publications::published_at.eq(new.published_at),
            publications::published_by.eq(new.published_by),
        ))
        .returning(publications::id)
        .get_result(conn)?)
}

/// A themes publication cut to the months asked for: cells are protected over the whole
/// history when published, so any cut shows no hidden cell (the totals stay the whole line's).
pub fn cut_to_window(
    mut themes: ThemesOverTime,
    window: (Option<Month>, Option<Month>),
) -> ThemesOverTime {
    let keep: Vec<bool> = themes
        .months
        .iter()
        .map(|m| {
            window.0.as_ref().is_none_or(|f| m >= f) && window.1.as_ref().is_none_or(|t| m <= t)
        })
        .collect();
    themes.months = kept(std::mem::take(&mut themes.months), &keep);
    for series in &mut themes.themes {
        series.months = kept(std::mem::take(&mut series.months), &keep);
    }
    themes
}

fn kept<T>(values: Vec<T>, keep: &[bool]) -> Vec<T> {
    values
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| **k)
        .map(|(v, _)| v)
        .collect()
}
