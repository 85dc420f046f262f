//! Emerging topics: per quartier and period, words and two-word phrases whose use rises compared
//! with the previous period and that no theme of the codebook covers yet, so coordinators see new
//! subjects (`trottinettes`, `punaises de lit`, `point de deal`) before they add them to the
//! codebook. A phrase is two content words joined by `de`, `d'`, `du` or `des`, with no
//! punctuation between them; a word that is mostly said inside a rising phrase is shown as the
//! phrase only.
//!
//! Counting is separate from comparing: the server can keep [`TermCounts`] per (quartier, period)
//! up to date at ingest and compare two of them when asked.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::normalise::{tokenize, Token};
use super::{redact, Analyzer};
use crate::text::slice;

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

/// The small words that join a phrase's two words: `punaises de lit`, `bord du canal`,
/// `coupures d'eau`. Two words side by side (`tigres piquent`) or joined by another word
/// (`piquent au bord`) are too often a verb and its object to stand for a subject.
const LINKS: &[&str] = &["d", "de", "des", "du"];

/// The two-word phrases of a text: keys `stem stem`, forms as written (lower case, one space
/// between words). Redacted words (absent from `tokens`) and punctuation break a phrase.
fn phrases(text: &str, tokens: &[Token]) -> Vec<(String, String)> {
    tokens
        .windows(3)
        .filter_map(|window| {
            let [first, link, second] = window else {
                return None;
            };
            let joined = countable(first)
                && LINKS.contains(&link.folded.as_str())
                && countable(second)
                && !second.sentence_start
                && first.end <= link.start
                && link.end <= second.start
                && slice(text, first.end, second.start)
                    .chars()
                    .all(|c| c.is_alphabetic() || c.is_whitespace() || matches!(c, '\'' | '’'));
            joined.then(|| {
                let form = slice(text, first.start, second.end)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase();
                (format!("{} {}", first.stem, second.stem), form)
            })
        })
        .collect()
}

impl TermCounts {
    /// Counts one text. Personal data is left out: a name must never surface as a topic.
    pub fn add_text(&mut self, text: &str) {
        let skip: Vec<(usize, usize)> = redact::find(text)
            .iter()
            .map(|r| (r.start, r.end))
            .collect();
        let tokens = tokenize(text, &skip);
        let mut seen: BTreeSet<String> = BTreeSet::new();
        for token in tokens.iter().filter(|t| countable(t)) {
            self.count(&mut seen, token.stem.clone(), token.lower.clone());
        }
        for (key, form) in phrases(text, &tokens) {
            self.count(&mut seen, key, form);
        }
        self.texts = self.texts.saturating_add(1);
    }

    /// One use of `key` written `form`; a text counts once per key.
    fn count(&mut self, seen: &mut BTreeSet<String>, key: String, form: String) {
        let count = self.terms.entry(key.clone()).or_default();
        let written = count.forms.entry(form).or_default();
        *written = written.saturating_add(1);
        if seen.insert(key) {
            count.texts = count.texts.saturating_add(1);
        }
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

/// A word or a two-word phrase on the rise that no theme covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmergingTerm {
    /// The word's stem, or a phrase's two stems separated by a space (`punais lit`).
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
            if count.texts < options.min_texts || stem.split(' ').any(|s| self.themes.covers(s)) {
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
        // A word said mostly inside a rising phrase is shown as the phrase.
        let phrases: Vec<(Vec<String>, u32)> = found
            .iter()
            .filter(|(_, t)| t.stem.contains(' '))
            .map(|(_, t)| (t.stem.split(' ').map(str::to_owned).collect(), t.current))
            .collect();
        found.retain(|(_, t)| {
            t.stem.contains(' ')
                || !phrases
                    .iter()
                    .any(|(words, n)| words.contains(&t.stem) && n.saturating_mul(2) >= t.current)
        });
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
    fn phrases_rise_as_phrases_and_take_the_place_of_their_words() {
        let current = [
            "Des nids de frelons dans tout le parc.",
            "On a encore vu des nids de frelons, c'est dangereux.",
            "Les nids de frelons reviennent chaque été.",
            "Mon voisin a trouvé deux Nids  de frelons.",
            "Un nid d'oiseau sur le balcon.",
        ];
        let previous = ["Le tram est en retard.", "Rien à signaler."];
        let found = analyzer().emerging_in_texts(&current, &previous, &EmergingOptions::default());
        let stems: Vec<&str> = found.iter().map(|t| t.stem.as_str()).collect();
        // `nid` (5 texts) and `frelon` (4) are said inside the phrase (4): only the phrase shows.
        assert_eq!(stems, vec!["nid frelon"]);
        assert_eq!(found[0].forms, vec!["nids de frelons"]);
        assert_eq!((found[0].current, found[0].previous), (4, 0));
    }

    #[test]
    fn punctuation_names_and_covered_words_break_or_cover_a_phrase() {
        let counts = TermCounts::from_texts([
            // A comma between the words: no phrase.
            "Des punaises, lit défait.",
            // A name between the words is redacted: no phrase across it.
            "Les frelons de Monsieur Dupont sont revenus.",
            // Two small words between them, or none: not a phrase.
            "Un nid de la chenilles.",
            "Les moustiques tigres piquent.",
        ]);
        assert!(!counts.terms.contains_key("punais lit"));
        assert!(!counts.terms.keys().any(|k| k.starts_with("frelon ")));
        assert!(!counts.terms.contains_key("nid chenill"));
        assert!(!counts.terms.keys().any(|k| k.starts_with("moustiqu ")));
        // Without punctuation, they join.
        let joined = TermCounts::from_texts(["Des punaises de lit."]);
        assert_eq!(joined.terms["punais lit"].forms["punaises de lit"], 1);
        let deal = [
            "Un point de deal en bas de chez moi.",
            "Le point de deal a bougé.",
            "Encore un point de deal.",
        ];
        let found = analyzer().emerging_in_texts(&deal, &[], &EmergingOptions::default());
        // `deal` is a keyword of tranquillité publique: the phrase is covered too.
        assert!(found.iter().all(|t| !t.stem.contains("deal")), "{found:?}");
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
