//! Emerging topics: per quartier and period, words whose use rises compared with the previous
//! period and that no theme of the codebook covers yet, so coordinators see new subjects
//! (`trottinettes`, `punaises`) before they add them to the codebook.
//!
//! Counting is separate from comparing: the server can keep [`TermCounts`] per (quartier, period)
//! up to date at ingest and compare two of them when asked.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::normalise::{tokenize, Token};
use super::{redact, Analyzer};

/// Frequent words of testimonies that say nothing about a subject.
const GENERIC: &[&str] = &[
    "quartier",
    "quartiers",
    "gens",
    "habitant",
    "habitants",
    "habitante",
    "ans",
    "an",
    "annee",
    "annees",
    "mois",
    "jour",
    "jours",
    "semaine",
    "semaines",
    "fois",
    "personne",
    "personnes",
    "monde",
    "chose",
    "choses",
    "truc",
    "trucs",
    "dire",
    "dit",
    "faire",
    "aller",
    "allez",
    "voir",
    "vu",
    "venir",
    "vient",
    "viennent",
    "probleme",
    "problemes",
    "besoin",
    "envie",
    "soir",
    "matin",
    "nuit",
    "temps",
    "heure",
    "heures",
    "ici",
    "avant",
    "maintenant",
    "depuis",
    "vrai",
    "grand",
    "petit",
    "petite",
    "nouveau",
    "nouvelle",
    "bon",
    "bonne",
    "mal",
    "mieux",
    "rien",
    "autre",
    "autres",
    "cote",
    "coup",
    "part",
    "moment",
    "salut",
    "madame",
    "monsieur",
    "nom",
    "ville",
    "nantes",
    "super",
    "assez",
    "manque",
    "manquer",
    "aime",
    "aimerait",
    "pense",
    "trouve",
    "sais",
    "sait",
    "savoir",
    "fallait",
    "faudrait",
    "voudrais",
    "voudrait",
    "pouvoir",
    "pouvez",
    "devons",
    "doit",
    "dois",
    "plein",
    "lot",
    "etc",
];

/// How often each word is used over a set of texts: the number of texts using it (a word repeated
/// in one testimony counts once) and the forms it was written in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TermCounts {
    /// Texts counted.
    pub texts: u32,
    /// By stem.
    pub terms: BTreeMap<String, TermCount>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TermCount {
    /// Texts using the word.
    pub texts: u32,
    /// Forms as written (lower-case), with how many times each was seen.
    pub forms: BTreeMap<String, u32>,
}

fn countable(token: &Token) -> bool {
    token.is_content()
        && token.folded.chars().count() >= 3
        && !GENERIC.contains(&token.folded.as_str())
}

impl TermCounts {
    /// Counts one text. Personal data is left out: a name must never surface as a topic.
    pub fn add_text(&mut self, text: &str) {
        let skip: Vec<(usize, usize)> = redact::find(text)
            .iter()
            .map(|r| (r.start, r.end))
            .collect();
        let tokens = tokenize(text, &skip);
        let mut seen: Vec<&str> = Vec::new();
        for token in tokens.iter().filter(|t| countable(t)) {
            let count = self.terms.entry(token.stem.clone()).or_default();
            let form = count.forms.entry(token.lower.clone()).or_default();
            *form = form.saturating_add(1);
            if !seen.contains(&token.stem.as_str()) {
                seen.push(&token.stem);
                count.texts = count.texts.saturating_add(1);
            }
        }
        self.texts = self.texts.saturating_add(1);
    }

    pub fn from_texts<'t>(texts: impl IntoIterator<Item = &'t str>) -> TermCounts {
        let mut counts = TermCounts::default();
        for text in texts {
            counts.add_text(text);
        }
        counts
    }

    /// Adds another count (another day of the same period, another quartier of a council).
    pub fn merge(&mut self, other: &TermCounts) {
        self.texts = self.texts.saturating_add(other.texts);
        for (stem, count) in &other.terms {
            let mine = self.terms.entry(stem.clone()).or_default();
            mine.texts = mine.texts.saturating_add(count.texts);
            for (form, n) in &count.forms {
                let total = mine.forms.entry(form.clone()).or_default();
                *total = total.saturating_add(*n);
            }
        }
    }
}

/// Thresholds for a word to count as emerging.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmergingOptions {
    /// Texts of the current period that must use the word.
    pub min_texts: u32,
    /// How many times more frequent (share of texts) than in the previous period.
    pub min_ratio: f64,
    /// At most this many words, strongest first.
    pub limit: usize,
}

impl Default for EmergingOptions {
    fn default() -> Self {
        EmergingOptions {
            min_texts: 3,
            min_ratio: 2.0,
            limit: 20,
        }
    }
}

/// A word on the rise that no theme covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmergingTerm {
    pub stem: String,
    /// Forms as written, most frequent first.
    pub forms: Vec<String>,
    /// Texts using it in the current period, and in the previous one.
    pub current: u32,
    pub previous: u32,
    /// Share of texts using it, current and previous period.
    pub current_share: f64,
    pub previous_share: f64,
}

impl Analyzer {
    /// Words whose share of texts rises from `previous` to `current` and that no theme of this
    /// analyzer's codebook covers (keywords, label and related words). Deterministic: strongest
    /// rise first, then more texts, then alphabetical.
    pub fn emerging_terms(
        &self,
        current: &TermCounts,
        previous: &TermCounts,
        options: &EmergingOptions,
    ) -> Vec<EmergingTerm> {
        let share = |n: u32, total: u32| {
            if total == 0 {
                0.0
            } else {
                f64::from(n) / f64::from(total)
            }
        };
        let mut found: Vec<(f64, EmergingTerm)> = Vec::new();
        for (stem, count) in &current.terms {
            if count.texts < options.min_texts || self.themes.covers(stem) {
                continue;
            }
            let before = previous.terms.get(stem).map_or(0, |c| c.texts);
            let current_share = share(count.texts, current.texts);
            let previous_share = share(before, previous.texts);
            // Half a text of smoothing: a word absent before rises from "almost never".
            let smoothed = (f64::from(before) + 0.5) / (f64::from(previous.texts) + 1.0);
            if current_share < options.min_ratio * smoothed {
                continue;
            }
            let mut forms: Vec<(&String, &u32)> = count.forms.iter().collect();
            forms.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let rise = (current_share - previous_share) * f64::from(count.texts).ln_1p();
            found.push((
                rise,
                EmergingTerm {
                    stem: stem.clone(),
                    forms: forms.into_iter().map(|(f, _)| f.clone()).collect(),
                    current: count.texts,
                    previous: before,
                    current_share,
                    previous_share,
                },
            ));
        }
        found.sort_by(|(ra, a), (rb, b)| {
            rb.total_cmp(ra)
                .then(b.current.cmp(&a.current))
                .then(a.stem.cmp(&b.stem))
        });
        found
            .into_iter()
            .take(options.limit)
            .map(|(_, t)| t)
            .collect()
    }

    /// Convenience over raw texts.
    pub fn emerging_in_texts(
        &self,
        current: &[&str],
        previous: &[&str],
        options: &EmergingOptions,
    ) -> Vec<EmergingTerm> {
        let current = TermCounts::from_texts(current.iter().copied());
        let previous = TermCounts::from_texts(previous.iter().copied());
        self.emerging_terms(&current, &previous, options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyzer() -> Analyzer {
        Analyzer::new(&crate::testing::codebook())
    }

    const PREVIOUS: &[&str] = &[
        "Les poubelles débordent encore.",
        "Le tram est souvent en retard.",
        "Il manque des médecins.",
        "Une coupure d'eau hier.",
        "Le loyer augmente.",
        "Rien à signaler.",
    ];
    const CURRENT: &[&str] = &[
        "Encore des coupures d'eau cette semaine.",
        "Les coupures durent des heures, mon fils Lucas ne peut pas se laver.",
        "Une coupure d'eau chaude, encore.",
        "Des frelons partout près de l'école.",
        "Un nid de frelons chez les voisins, Lucas en a parlé.",
        "Les frelons font peur aux enfants, les poubelles débordent.",
        "Les poubelles débordent.",
    ];

    #[test]
    fn rising_uncovered_words_come_first_with_their_forms() {
        let found = analyzer().emerging_in_texts(CURRENT, PREVIOUS, &EmergingOptions::default());
        let stems: Vec<&str> = found.iter().map(|t| t.stem.as_str()).collect();
        assert_eq!(stems, vec!["frelon", "coupur"]);
        assert_eq!(found[0].forms, vec!["frelons"]);
        assert_eq!((found[0].current, found[0].previous), (3, 0));
        assert_eq!(found[1].forms, vec!["coupures", "coupure"]);
        assert_eq!((found[1].current, found[1].previous), (3, 1));
    }

    #[test]
    fn covered_words_names_and_steady_words_are_left_out() {
        let found = analyzer().emerging_in_texts(
            CURRENT,
            PREVIOUS,
            &EmergingOptions {
                min_texts: 2,
                ..Default::default()
            },
        );
        let stems: Vec<&str> = found.iter().map(|t| t.stem.as_str()).collect();
        // `poubelles` is a keyword and `peur` too; `Lucas` is a name, redacted before counting;
        // `encore` is a stop word.
        assert!(!stems.contains(&"poubel") && !stems.contains(&"peur"));
        assert!(!stems.iter().any(|s| s.starts_with("luc")));
        assert!(!stems.contains(&"encor"));
        assert!(stems.contains(&"frelon"));
    }

    #[test]
    fn counts_merge_and_are_deterministic() {
        let mut a = TermCounts::from_texts(CURRENT[..3].iter().copied());
        a.merge(&TermCounts::from_texts(CURRENT[3..].iter().copied()));
        assert_eq!(a, TermCounts::from_texts(CURRENT.iter().copied()));
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(serde_json::from_str::<TermCounts>(&json).unwrap(), a);
        let analyzer = analyzer();
        let once = analyzer.emerging_in_texts(CURRENT, PREVIOUS, &EmergingOptions::default());
        let twice = analyzer.emerging_in_texts(CURRENT, PREVIOUS, &EmergingOptions::default());
        assert_eq!(once, twice);
    }

    #[test]
    fn nothing_rises_without_data() {
        let analyzer = analyzer();
        assert!(analyzer
            .emerging_in_texts(&[], &[], &EmergingOptions::default())
            .is_empty());
        assert!(analyzer
            .emerging_in_texts(PREVIOUS, PREVIOUS, &EmergingOptions::default())
            .is_empty());
    }
}
