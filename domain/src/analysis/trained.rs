//! The theme regression the server uses ([`super::classifier`]), trained once per process on
//! the labelled testimonies kept in `tests/data/` (none of the locked half), over the rules of
//! the codebook the server seeds. Training takes well under a second in a release build.

use std::sync::{Arc, OnceLock};

use super::classifier::{parse_examples, Example, ThemeModel, TrainingOptions};
use super::Analyzer;
use crate::codebook::Codebook;

/// The labelled files the model learns from, by name (so that the bench can leave one out).
pub const FILES: [(&str, &str); 9] = [
    (
        "testimonies.dev.jsonl",
        include_str!("../../../tests/data/testimonies.dev.jsonl"),
    ),
    (
        "testimonies.unseen-dev.jsonl",
        include_str!("../../../tests/data/testimonies.unseen-dev.jsonl"),
    ),
    (
        "testimonies.themes-blind.jsonl",
        include_str!("../../../tests/data/testimonies.themes-blind.jsonl"),
    ),
    (
        "testimonies.train.jsonl",
        include_str!("../../../tests/data/testimonies.train.jsonl"),
    ),
    (
        "testimonies.train-2.jsonl",
        include_str!("../../../tests/data/testimonies.train-2.jsonl"),
    ),
    (
        "testimonies.train-3.jsonl",
        include_str!("../../../tests/data/testimonies.train-3.jsonl"),
    ),
    (
        "testimonies.train-4.jsonl",
        include_str!("../../../tests/data/testimonies.train-4.jsonl"),
    ),
    (
        "testimonies.train-5.jsonl",
        include_str!("../../../tests/data/testimonies.train-5.jsonl"),
    ),
    (
        "testimonies.train-6.jsonl",
        include_str!("../../../tests/data/testimonies.train-6.jsonl"),
    ),
];

/// The codebook the labels refer to: the one the server seeds.
pub const SEED_CODEBOOK_CSV: &str = include_str!("../../fixtures/themes.fr.csv");

/// Every labelled example of [`FILES`], in file order.
pub fn examples() -> Vec<Example> {
    FILES
        .iter()
        .flat_map(|(_, text)| parse_examples(text))
        .collect()
}

/// The analyzer of the seed codebook: the rules the model was trained over. (The seed
/// codebook always parses: the server seeds it and its tests read it; were it broken, the rules
/// would run on an empty codebook and the model would learn from the words alone.)
pub fn seed_analyzer() -> Analyzer {
    let book = Codebook::from_csv(SEED_CODEBOOK_CSV).unwrap_or_default();
    Analyzer::new(&book)
}

/// The model trained on all of [`examples`], once per process.
pub fn model() -> Arc<ThemeModel> {
    static MODEL: OnceLock<Arc<ThemeModel>> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            Arc::new(seed_analyzer().train_model(&examples(), TrainingOptions::default()))
        })
        .clone()
}
