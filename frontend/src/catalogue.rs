//! What the phone needs to capture offline, as pulled from the server and kept in IndexedDB:
//! open surveys, quartiers, the theme codebook, the RGPD notice, and the pull cursor.

use portevoix_domain::codebook::Theme;
use portevoix_domain::order;
use portevoix_domain::wire::{DeviceSurvey, PullResponse, Quartier};
use serde::{Deserialize, Serialize};

use crate::idb::{self, IdbError, META};

const KEY: &str = "catalogue";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalogue {
    pub cursor: i64,
    pub surveys: Vec<DeviceSurvey>,
    pub quartiers: Vec<Quartier>,
    pub themes: Vec<Theme>,
    pub notice: String,
    pub pulled_ms: Option<f64>,
}

impl Catalogue {
    pub async fn load() -> Result<Catalogue, IdbError> {
        Ok(idb::get(META, KEY).await?.unwrap_or_default())
    }

    pub async fn save(&self) -> Result<(), IdbError> {
        idb::put(META, Some(KEY), self).await
    }

    /// Merges what changed since our cursor: upserts by id, then tombstones.
    pub fn apply(&mut self, pull: &PullResponse, now_ms: f64) {
        for survey in &pull.surveys {
            self.surveys.retain(|s| s.survey_id != survey.survey_id);
            self.surveys.push(survey.clone());
        }
        for quartier in &pull.quartiers {
            self.quartiers.retain(|q| q.id != quartier.id);
            self.quartiers.push(quartier.clone());
        }
        for theme in &pull.themes {
            self.themes.retain(|t| t.code != theme.code);
            self.themes.push(theme.clone());
        }
        for tomb in &pull.tombstones {
            match tomb.entity.as_str() {
                "survey" => self.surveys.retain(|s| s.survey_id.to_string() != tomb.id),
                "quartier" => self.quartiers.retain(|q| q.id.to_string() != tomb.id),
                "theme" => self.themes.retain(|t| t.code != tomb.id),
                _ => {}
            }
        }
        if !pull.information_notice.trim().is_empty() {
            self.notice = pull.information_notice.clone();
        }
        order::sort_by_key(&mut self.surveys, |s| s.survey_id);
        order::sort_by(&mut self.quartiers, |a, b| a.name.cmp(&b.name));
        self.cursor = pull.cursor;
        self.pulled_ms = Some(now_ms);
    }

    pub fn survey(&self, survey_id: i64) -> Option<&DeviceSurvey> {
        self.surveys.iter().find(|s| s.survey_id == survey_id)
    }

    /// The survey that holds this published version (answers name versions, not surveys).
    pub fn survey_by_version(&self, version_id: i64) -> Option<&DeviceSurvey> {
        self.surveys.iter().find(|s| s.version.id == version_id)
    }

    pub fn quartier_name(&self, id: i64) -> String {
        self.quartiers
            .iter()
            .find(|q| q.id == id)
            .map(|q| q.name.clone())
            .unwrap_or_else(|| format!("#{id}"))
    }

    pub fn active_themes(&self) -> impl Iterator<Item = &Theme> {
        self.themes.iter().filter(|t| !t.retired)
    }
}
