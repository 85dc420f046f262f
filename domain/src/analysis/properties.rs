//! Properties of the analysis on texts nobody wrote the rules for (see `crate::testing`):
//! it never panics, gives the same answer twice, returns ranges on char boundaries, and the
//! redacted text keeps every word that is not personal data, in order.

use proptest::prelude::*;

use super::{redact, sensitive_reasons, Analyzer, TermCounts};
use crate::analysis::normalise::words;
use crate::analysis::EmergingOptions;
use crate::testing::{any_text, codebook, config, french_text};
use std::sync::OnceLock;

fn analyzer() -> &'static Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER.get_or_init(|| Analyzer::new(&codebook()))
}

/// The rules read again by a regression trained on the 40 first labelled testimonies (the
/// server's path, `classifier`).
fn modelled() -> &'static Analyzer {
    static MODELLED: OnceLock<Analyzer> = OnceLock::new();
    MODELLED.get_or_init(|| {
        let rules = Analyzer::new(&codebook());
        let examples = super::classifier::parse_examples(include_str!(
            "../../../tests/data/testimonies.dev.jsonl"
        ));
        let model = rules.train_model(&examples, super::classifier::TrainingOptions::default());
        rules.with_model(std::sync::Arc::new(model))
    })
}

/// The words of `text` outside every range, in order.
fn words_outside(text: &str, ranges: &[(usize, usize)]) -> Vec<String> {
    words(text)
        .into_iter()
        .filter(|w| !ranges.iter().any(|&(s, e)| w.start < e && s < w.end))
        .map(|w| w.text.to_owned())
        .collect()
}

/// Whether `needles` occur in `haystack` in this order.
fn in_order(haystack: &str, needles: &[String]) -> Result<(), String> {
    let mut at = 0;
    for needle in needles {
        match haystack
            .get(at..)
            .and_then(|rest| rest.find(needle.as_str()))
        {
            Some(found) => at += found + needle.len(),
            None => {
                return Err(format!(
                    "{needle:?} missing after byte {at} of {haystack:?}"
                ))
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn analyse_is_total_and_deterministic(text in any_text()) {
        let a = analyzer().analyse(&text);
        prop_assert_eq!(&a, &analyzer().analyse(&text));
        prop_assert!(a.themes.len() <= crate::codebook::MAX_THEMES_PER_ITEM);
        for theme in &a.themes {
            prop_assert!(!theme.words.is_empty());
            for w in &theme.words {
                prop_assert!(text.contains(w.as_str()), "{:?} not in the text", w);
            }
        }
        let mut last_end = 0;
        for r in &a.redactions {
            prop_assert!(r.start < r.end && r.end <= text.len(), "{:?}", r);
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{:?}", r);
            prop_assert!(r.start >= last_end, "overlapping or unsorted {:?}", a.redactions);
            last_end = r.end;
        }
        prop_assert_eq!(a.sensitive, !a.sensitive_reasons.is_empty());
        for reason in &a.sensitive_reasons {
            prop_assert!(text.contains(reason.words.as_str()));
        }
    }

    #[test]
    fn redaction_keeps_every_other_word_in_order(text in any_text()) {
        let r = redact(&text);
        prop_assert_eq!(&r, &redact(&text));
        let ranges: Vec<(usize, usize)> = r.redactions.iter().map(|x| (x.start, x.end)).collect();
        if let Err(e) = in_order(&r.text, &words_outside(&text, &ranges)) {
            return Err(TestCaseError::fail(e));
        }
        // Nothing outside the ranges is removed: the redacted text is as long as the original
        // minus the ranges plus their placeholders.
        let kept: usize = text.len() - ranges.iter().map(|(s, e)| e - s).sum::<usize>();
        let placeholders: usize = r.redactions.iter().map(|x| x.kind.placeholder().len()).sum();
        prop_assert_eq!(r.text.len(), kept + placeholders);
    }

    #[test]
    fn warning_kinds_are_the_redacted_kinds_once(text in any_text()) {
        // The phone's warning while typing names exactly what the server will redact.
        let kinds = redact::kinds(&text);
        let found = redact::find(&text);
        for kind in &kinds {
            prop_assert!(found.iter().any(|r| r.kind == *kind));
            prop_assert_eq!(kinds.iter().filter(|k| *k == kind).count(), 1);
        }
        prop_assert!(found.iter().all(|r| kinds.contains(&r.kind)));
    }

    #[test]
    fn theme_suggestion_while_typing_never_panics(text in french_text()) {
        // The phone suggests on every keystroke: every prefix of the text, char by char.
        let mut typed = String::new();
        for c in text.chars().take(300) {
            typed.push(c);
            let themes = analyzer().suggest_themes(&typed);
            prop_assert!(themes.len() <= crate::codebook::MAX_THEMES_PER_ITEM);
        }
    }

    #[test]
    fn sensitive_flag_is_total_and_deterministic(text in any_text()) {
        let reasons = sensitive_reasons(&text);
        prop_assert_eq!(&reasons, &sensitive_reasons(&text));
        for reason in &reasons {
            prop_assert!(text.contains(reason.words.as_str()));
        }
    }

    #[test]
    fn emerging_terms_are_total(
        current in proptest::collection::vec(french_text(), 0..5),
        previous in proptest::collection::vec(french_text(), 0..5),
        min_texts in 0u32..4,
        limit in 0usize..30,
    ) {
        let options = EmergingOptions { min_texts, min_ratio: 2.0, limit };
        let now = TermCounts::from_texts(current.iter().map(String::as_str));
        let before = TermCounts::from_texts(previous.iter().map(String::as_str));
        let terms = analyzer().emerging_terms(&now, &before, &options);
        prop_assert!(terms.len() <= limit);
        prop_assert_eq!(&terms, &analyzer().emerging_terms(&now, &before, &options));
        for t in &terms {
            prop_assert!(t.current as usize <= current.len());
            prop_assert!((0.0..=1.0).contains(&t.current_share));
            prop_assert!(!t.forms.is_empty());
        }
    }

    #[test]
    fn the_regression_is_total_deterministic_and_explained(text in any_text()) {
        let a = modelled().analyse(&text);
        prop_assert_eq!(&a, &modelled().analyse(&text));
        prop_assert!(a.themes.len() <= crate::codebook::MAX_THEMES_PER_ITEM);
        for theme in &a.themes {
            prop_assert!(!theme.words.is_empty());
            prop_assert!((0.0..=1.0).contains(&theme.confidence()));
            for w in &theme.words {
                prop_assert!(text.contains(w.as_str()), "{:?} not in the text", w);
            }
        }
        prop_assert_eq!(a.redacted, analyzer().analyse(&text).redacted);
    }
}
