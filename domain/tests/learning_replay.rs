//! Issue 14 §3: replaying half of a labelled set as the coordinators' decisions raises the
//! theme F1 on the other half. The set is the development half written and labelled blind to the
//! rules (`tests/data/testimonies.unseen-dev.jsonl`, with the first 40 items of
//! `testimonies.dev.jsonl`); the locked half is not read here.

// A test: a malformed data file should stop it loudly.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use portevoix_domain::analysis::learning::{lessons, proposals, Evidence};
use portevoix_domain::analysis::Analyzer;
use portevoix_domain::codebook::Codebook;

struct Item {
    text: String,
    themes: Vec<String>,
}

fn items() -> Vec<Item> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data");
    ["testimonies.unseen-dev.jsonl", "testimonies.dev.jsonl"]
        .iter()
        .flat_map(|name| {
            std::fs::read_to_string(format!("{dir}/{name}"))
                .unwrap()
                .lines()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            Item {
                text: v["text"].as_str().unwrap().to_owned(),
                themes: v["themes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t.as_str().unwrap().to_owned())
                    .collect(),
            }
        })
        .collect()
}

/// Micro-averaged theme F1 of `analyzer` on `items`.
fn f1(analyzer: &Analyzer, items: &[&Item]) -> f64 {
    let (mut tp, mut fp, mut fn_) = (0u32, 0u32, 0u32);
    for item in items {
        let suggested: Vec<String> = analyzer
            .suggest_themes(&item.text)
            .into_iter()
            .map(|m| m.code)
            .collect();
        for code in &suggested {
            if item.themes.contains(code) {
                tp += 1;
            } else {
                fp += 1;
            }
        }
        fn_ += item
            .themes
            .iter()
            .filter(|c| !suggested.contains(c))
            .count() as u32;
    }
    let precision = f64::from(tp) / f64::from((tp + fp).max(1));
    let recall = f64::from(tp) / f64::from((tp + fn_).max(1));
    2.0 * precision * recall / (precision + recall).max(f64::EPSILON)
}

#[test]
fn replaying_half_the_decisions_raises_f1_on_the_other_half() {
    let book = Codebook::from_csv(include_str!("../fixtures/themes.fr.csv")).unwrap();
    let base = Analyzer::new(&book);
    let all = items();
    assert!(all.len() >= 200, "{} items", all.len());
    let replayed: Vec<&Item> = all.iter().step_by(2).collect();
    let held_out: Vec<&Item> = all.iter().skip(1).step_by(2).collect();

    // The coordinators' decisions on the first half: the gold themes, against what was suggested.
    let mut evidence: BTreeMap<(String, String), Evidence> = BTreeMap::new();
    for item in &replayed {
        let suggested = base.suggest_themes(&item.text);
        for lesson in lessons(&item.text, &suggested, &item.themes) {
            evidence
                .entry((lesson.words, lesson.theme))
                .or_default()
                .merge(lesson.evidence);
        }
    }
    let lowered = evidence
        .values()
        .filter(|e| e.rejected > e.confirmed)
        .count();
    assert!(lowered > 0, "the replay lowered nothing");
    // The coordinator accepts every proposal in the codebook editor.
    let proposed = proposals(&base, &evidence);
    let mut taught_book = book.clone();
    for proposal in &proposed {
        if let Some(theme) = taught_book
            .themes
            .iter_mut()
            .find(|t| t.code == proposal.theme)
        {
            theme.keywords.push(proposal.words.clone());
        }
    }
    let taught = Analyzer::taught(
        &taught_book,
        evidence
            .iter()
            .map(|((words, theme), e)| (theme.as_str(), words.as_str(), *e)),
    );

    let before = f1(&base, &held_out);
    let after = f1(&taught, &held_out);
    println!(
        "held-out F1 {before:.3} → {after:.3}; {lowered} words lowered, {} proposals accepted",
        proposed.len()
    );
    assert!(
        after > before + 0.01,
        "F1 on the held-out half: {before:.3} before, {after:.3} after"
    );
}
