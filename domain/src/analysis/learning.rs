//! Learning from the coordinators (issue 14 §3). Every approval is a label: the themes the
//! analyzer suggested and the words that triggered them, against the themes the coordinator
//! kept. Per deployment, the server keeps for each (words, theme) how often the suggestion was
//! confirmed or removed, and which words of a text stood beside a theme the coordinator had to
//! add. From these counts:
//! - words that keep suggesting a theme the coordinators remove weigh less for that theme
//!   ([`weight`]; on the server only: the phone keeps the codebook's rules);
//! - words that keep standing beside a theme the coordinators add are *proposed* as new keywords
//!   of that theme in the codebook editor, to accept with one click.
//!
//! Pure counting: storing the counts is the server's business.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::themes::fold_key;
use super::{Analyzer, TermCounts, ThemeMatch};

/// How often a (words, theme) pair was confirmed, removed or added by a coordinator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Suggested because of these words, and kept.
    pub confirmed: u32,
    /// Suggested because of these words, and removed.
    pub rejected: u32,
    /// Not suggested, added by the coordinator to a text holding these words.
    pub added: u32,
}

impl Evidence {
    pub fn merge(&mut self, other: Evidence) {
        self.confirmed = self.confirmed.saturating_add(other.confirmed);
        self.rejected = self.rejected.saturating_add(other.rejected);
        self.added = self.added.saturating_add(other.added);
    }
}

/// One lesson of one decision: add `evidence` to the counts of (`words`, `theme`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lesson {
    /// The words as a key: lower case, accents folded, one space between words.
    pub words: String,
    pub theme: String,
    pub evidence: Evidence,
}

/// The key under which evidence on `words` is kept (`Préfecture` and `prefecture` meet).
pub fn evidence_key(words: &str) -> String {
    fold_key(words)
}

/// What approving `text` with the themes `chosen` teaches, given what was `suggested`.
/// Each suggested theme's words are confirmed or rejected; for each chosen theme that was not
/// suggested, every countable word and `de`-phrase of the text counts as added (personal data
/// and common words left out, as for emerging topics).
pub fn lessons(text: &str, suggested: &[ThemeMatch], chosen: &[String]) -> Vec<Lesson> {
    let mut out: BTreeMap<(String, String), Evidence> = BTreeMap::new();
    for suggestion in suggested {
        let kept = chosen.contains(&suggestion.code);
        for words in &suggestion.words {
            let key = evidence_key(words);
            if key.is_empty() {
                continue;
            }
            let evidence = out.entry((key, suggestion.code.clone())).or_default();
            if kept {
                evidence.confirmed = evidence.confirmed.saturating_add(1);
            } else {
                evidence.rejected = evidence.rejected.saturating_add(1);
            }
        }
    }
    let missed: Vec<&String> = chosen
        .iter()
        .filter(|code| !suggested.iter().any(|s| &s.code == *code))
        .collect();
    if !missed.is_empty() {
        let counts = TermCounts::from_texts([text]);
        for count in counts.terms.values() {
            let Some(form) = count.forms.keys().next() else {
                continue;
            };
            let key = evidence_key(form);
            if key.is_empty() {
                continue;
            }
            for code in &missed {
                let evidence = out.entry((key.clone(), (*code).clone())).or_default();
                evidence.added = evidence.added.saturating_add(1);
            }
        }
    }
    out.into_iter()
        .map(|((words, theme), evidence)| Lesson {
            words,
            theme,
            evidence,
        })
        .collect()
}

/// How much words weigh for a theme after the coordinators' decisions: their share of kept
/// suggestions smoothed by two kept and two removed ones, doubled, `2 (kept + 2) / (kept +
/// removed + 4)`, never above 1 (the coordinators lower a word, they do not make it louder).
/// Removed once and never kept: 0.8, so a lone word no longer suggests the theme (the threshold
/// is 1) but still counts beside another; kept as often as removed: 1 again.
pub fn weight(evidence: &Evidence) -> f32 {
    let kept = evidence.confirmed as f32;
    let removed = evidence.rejected as f32;
    (2.0 * (kept + 2.0) / (kept + removed + 4.0)).min(1.0)
}

/// Added beside a theme this many times at least before words are proposed as its keyword.
pub const PROPOSE_AFTER: u32 = 3;

/// A keyword to propose for a theme, with the decisions behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeywordProposal {
    /// The words (folded key), e.g. `prefecture` or `nids de frelons`.
    pub words: String,
    pub theme: String,
    /// Texts on which a coordinator added the theme beside these words.
    pub confirmed: u32,
}

/// Words added beside one theme at least [`PROPOSE_AFTER`] times, for that theme at least two
/// times in three of all their additions (a word added beside every theme says nothing), and
/// that the analyzer does not already read as that theme. Most confirmed first.
pub fn proposals(
    analyzer: &Analyzer,
    evidence: &BTreeMap<(String, String), Evidence>,
) -> Vec<KeywordProposal> {
    let mut added_by_words: BTreeMap<&str, u32> = BTreeMap::new();
    for ((words, _), e) in evidence {
        let total = added_by_words.entry(words.as_str()).or_default();
        *total = total.saturating_add(e.added);
    }
    let mut out: Vec<KeywordProposal> = evidence
        .iter()
        .filter(|((words, theme), e)| {
            let total = added_by_words.get(words.as_str()).copied().unwrap_or(0);
            e.added >= PROPOSE_AFTER
                && e.added.saturating_mul(3) >= total.saturating_mul(2)
                && !analyzer
                    .suggest_themes(words)
                    .iter()
                    .any(|m| &m.code == theme)
        })
        .map(|((words, theme), e)| KeywordProposal {
            words: words.clone(),
            theme: theme.clone(),
            confirmed: e.added,
        })
        .collect();
    out.sort_by(|a, b| {
        b.confirmed
            .cmp(&a.confirmed)
            .then(a.theme.cmp(&b.theme))
            .then(a.words.cmp(&b.words))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyzer() -> Analyzer {
        Analyzer::new(&crate::testing::codebook())
    }

    #[test]
    fn a_decision_confirms_rejects_and_adds() {
        let analyzer = analyzer();
        let text = "Le tram est en retard et les frelons nichent partout.";
        let suggested = analyzer.suggest_themes(text);
        let codes: Vec<&str> = suggested.iter().map(|m| m.code.as_str()).collect();
        assert_eq!(codes, vec!["mobilite"]);
        let chosen = vec!["proprete_cadre_vie".to_owned()];
        let lessons = lessons(text, &suggested, &chosen);
        let find = |words: &str, theme: &str| {
            lessons
                .iter()
                .find(|l| l.words == words && l.theme == theme)
                .map(|l| l.evidence)
        };
        let removed = Evidence {
            rejected: 1,
            ..Evidence::default()
        };
        let added = Evidence {
            added: 1,
            ..Evidence::default()
        };
        assert_eq!(find("tram", "mobilite"), Some(removed));
        assert_eq!(find("frelons", "proprete_cadre_vie"), Some(added));
        // Small words are no evidence.
        assert_eq!(find("les", "proprete_cadre_vie"), None);
        // Kept: confirmed.
        let kept = super::lessons(text, &suggested, &["mobilite".to_owned()]);
        assert_eq!(
            kept,
            vec![Lesson {
                words: "tram".into(),
                theme: "mobilite".into(),
                evidence: Evidence {
                    confirmed: 1,
                    ..Evidence::default()
                }
            }]
        );
    }

    #[test]
    fn words_removed_weigh_less_and_words_added_often_are_proposed() {
        let e = |confirmed, rejected| Evidence {
            confirmed,
            rejected,
            added: 0,
        };
        assert!((weight(&e(0, 0)) - 1.0).abs() < 1e-6);
        assert!((weight(&e(0, 1)) - 0.8).abs() < 1e-6);
        assert!((weight(&e(3, 3)) - 1.0).abs() < 1e-6);
        assert!((weight(&e(5, 0)) - 1.0).abs() < 1e-6);
        assert!(weight(&e(1, 4)) < weight(&e(1, 3)));
        let analyzer = analyzer();
        let mut evidence = BTreeMap::new();
        let add = |n: u32| Evidence {
            added: n,
            ..Evidence::default()
        };
        evidence.insert(
            ("frelons".to_owned(), "proprete_cadre_vie".to_owned()),
            add(4),
        );
        // Added beside every theme alike: no proposal.
        evidence.insert(("vraiment".to_owned(), "logement".to_owned()), add(3));
        evidence.insert(("vraiment".to_owned(), "sante".to_owned()), add(3));
        // Already read as that theme: no proposal.
        evidence.insert(("tram".to_owned(), "mobilite".to_owned()), add(5));
        let proposed = proposals(&analyzer, &evidence);
        assert_eq!(
            proposed,
            vec![KeywordProposal {
                words: "frelons".into(),
                theme: "proprete_cadre_vie".into(),
                confirmed: 4
            }]
        );
    }

    #[test]
    fn a_word_removed_once_and_never_kept_no_longer_suggests_alone() {
        let book = crate::testing::codebook();
        let text = "Le tram est en retard.";
        assert!(Analyzer::new(&book)
            .suggest_themes(text)
            .iter()
            .any(|m| m.code == "mobilite"));
        let removed = Evidence {
            rejected: 1,
            ..Evidence::default()
        };
        let taught = Analyzer::taught(&book, [("mobilite", "Tram", removed)]);
        assert!(!taught
            .suggest_themes(text)
            .iter()
            .any(|m| m.code == "mobilite"));
    }
}
