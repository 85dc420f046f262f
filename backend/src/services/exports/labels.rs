//! What the exports' codes mean in French, for exports asked "with labels" (`labels=true`, the
//! default of the two spreadsheet formats): quartiers by name, answer options, age bands,
//! statuses and consents in words, themes by label, and French column headers. Codes stay in
//! the codebook sheet of an `.xlsx` and in the codebook export.

use std::collections::HashMap;

use diesel::prelude::*;
use portevoix_domain::survey::SurveyDefinition;
use portevoix_domain::wire::{AgeBand, Consent, ModerationStatus};

use crate::db::schema::{quartiers, themes};
use crate::db::DbConnection;
use crate::error::ApiError;

pub fn age_band(band: AgeBand) -> &'static str {
    match band {
        AgeBand::Under18 => "moins de 18 ans",
        AgeBand::From18To24 => "18 à 24 ans",
        AgeBand::From25To39 => "25 à 39 ans",
        AgeBand::From40To59 => "40 à 59 ans",
        AgeBand::From60To74 => "60 à 74 ans",
        AgeBand::From75 => "75 ans et plus",
    }
}

pub fn status(status: ModerationStatus) -> &'static str {
    match status {
        ModerationStatus::Pending => "à modérer",
        ModerationStatus::Approved => "publiée",
        ModerationStatus::Rejected => "refusée",
        ModerationStatus::NeedsCorrection => "à corriger",
    }
}

pub fn consent(consent: Consent) -> &'static str {
    match consent {
        Consent::Quote => "citation anonyme acceptée",
        Consent::CountOnly => "comptée seulement",
    }
}

/// A yes/no answer's code in words (`yes` → `oui`); any other code as it is.
pub fn yes_no(code: &str) -> &str {
    match code {
        "yes" => "oui",
        "no" => "non",
        other => other,
    }
}

/// French header of a fixed column; the key itself for any column not listed.
pub fn header(key: &str) -> &str {
    match key {
        "response_id" => "Identifiant de la réponse",
        "survey_id" => "Enquête",
        "survey_version" => "Version",
        "quartier" => "Quartier",
        "place" => "Lieu",
        "captured_at" => "Recueillie le",
        "age_band" => "Tranche d'âge",
        "outing_id" => "Sortie",
        "testimony_id" => "Identifiant de la parole",
        "status" => "Statut",
        "consent" => "Consentement",
        "sensitive" => "Donnée sensible",
        "themes" => "Thèmes",
        "redacted_text" => "Texte anonymisé",
        "text" => "Texte original",
        "volunteer_id" => "N° du volontaire",
        "volunteer" => "Volontaire",
        "started_at" => "Début",
        "ended_at" => "Fin",
        "duration_minutes" => "Durée (minutes)",
        "approached" => "Personnes abordées",
        "answered" => "Personnes ayant répondu",
        "responses" => "Réponses",
        "testimonies" => "Paroles",
        "note" => "Note",
        "kind" => "Nature",
        "code" => "Code",
        "label" => "Libellé",
        "type" => "Type",
        "option_code" => "Code de l'option",
        "option_label" => "Libellé de l'option",
        other => other,
    }
}

/// The names and labels an export looks codes up in, read once per export.
#[derive(Debug, Default)]
pub struct Labels {
    quartiers: HashMap<i64, (String, String)>,
    themes: HashMap<String, String>,
    /// Per survey version id: question code → option code → label.
    options: HashMap<i64, HashMap<String, HashMap<String, String>>>,
}

impl Labels {
    pub fn load(
        conn: &mut DbConnection,
        versions: &[(i64, i32, SurveyDefinition)],
    ) -> Result<Self, ApiError> {
        let quartiers = quartiers::table
            .select((quartiers::id, quartiers::slug, quartiers::name))
            .load::<(i64, String, String)>(conn)?
            .into_iter()
            .map(|(id, slug, name)| (id, (slug, name)))
            .collect();
        let themes = themes::table
            .select((themes::code, themes::label))
            .load::<(String, String)>(conn)?
            .into_iter()
            .collect();
        let options = versions
            .iter()
            .map(|(id, _, definition)| {
                let questions = definition
                    .questions
                    .iter()
                    .filter_map(|q| {
                        let options = q.kind.options()?;
                        Some((
                            q.code.clone(),
                            options
                                .iter()
                                .map(|o| (o.code.clone(), o.label.clone()))
                                .collect(),
                        ))
                    })
                    .collect();
                (*id, questions)
            })
            .collect();
        Ok(Self {
            quartiers,
            themes,
            options,
        })
    }

    pub fn quartier_slug(&self, id: i64) -> Option<&str> {
        self.quartiers.get(&id).map(|q| q.0.as_str())
    }

    pub fn quartier_name(&self, id: i64) -> Option<&str> {
        self.quartiers.get(&id).map(|q| q.1.as_str())
    }

    /// Every quartier as (slug, name), by name.
    pub fn quartier_list(&self) -> Vec<(&str, &str)> {
        let mut list: Vec<(&str, &str)> = self
            .quartiers
            .values()
            .map(|(slug, name)| (slug.as_str(), name.as_str()))
            .collect();
        list.sort_by(|a, b| a.1.cmp(b.1));
        list
    }

    /// A theme's label, or its code if the codebook no longer has it.
    pub fn theme<'a>(&'a self, code: &'a str) -> &'a str {
        self.themes.get(code).map_or(code, String::as_str)
    }

    /// An answer code of a question of a survey version in words: the option's label, `oui`
    /// or `non`, or the code itself (scale points, codes of a removed option).
    pub fn answer<'a>(&'a self, version_id: i64, question: &str, code: &'a str) -> &'a str {
        self.options
            .get(&version_id)
            .and_then(|questions| questions.get(question))
            .and_then(|options| options.get(code))
            .map_or_else(|| yes_no(code), String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fixed_column_has_a_french_header() {
        for key in ["response_id", "captured_at", "redacted_text", "approached"] {
            assert_ne!(header(key), key);
        }
        assert_eq!(header("q_transport"), "q_transport");
    }

    #[test]
    fn answers_without_an_option_read_as_words_or_as_they_are() {
        let labels = Labels::default();
        assert_eq!(labels.answer(1, "q1", "yes"), "oui");
        assert_eq!(labels.answer(1, "q1", "4"), "4");
        assert_eq!(labels.theme("logement"), "logement");
    }
}
