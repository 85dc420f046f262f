//! A statistical second reading of the themes (issue 14 §2): one logistic regression per theme,
//! over what the rules found (each theme's confidence and rank) and the stems of the text's
//! meaningful words, trained on labelled testimonies. The rules alone over-suggest (a single
//! specific word adds a second or third theme) and miss themes said in words the lexicon does
//! not have; the regression learns from labelled texts how much each rule suggestion and each
//! stem is worth.
//!
//! Explainable: a theme the rules suggested keeps the rules' words; a theme the regression adds
//! carries the words of the text that weigh most for it. Deterministic: training is full-batch
//! gradient descent (Adam) from zero weights over the examples in the order given, so the same
//! examples give the same model on every machine.
//!
//! The server trains it once from the labelled files (`trained` feature); the phone keeps the
//! rules alone (the model's weights would weigh on the volunteers' download).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::normalise::Token;
use super::ThemeMatch;
use crate::codebook::MAX_THEMES_PER_ITEM;

/// One labelled testimony: its text and the themes a labeller gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub text: String,
    pub themes: Vec<String>,
}

/// How a model is trained.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainingOptions {
    /// Inverse strength of the L2 penalty (as scikit-learn's `C`).
    pub c: f32,
    pub iterations: usize,
    /// A theme is suggested when its probability is at least this.
    pub threshold: f32,
    /// Words seen in fewer training texts are not features.
    pub min_count: u32,
    /// Pairs of neighbouring meaningful words are features too (`punaises lit`).
    pub pairs: bool,
    /// A word under a negation is another feature than the same word affirmed.
    pub negation: bool,
    /// When above 0, the first `prefix` letters of each longer meaningful word are a feature
    /// too (`p:ascens` for `ascenseur` and the misspelt `ascensseur`: spellings the stemmer
    /// does not join). 0 turns it off.
    pub prefix: usize,
}

impl Default for TrainingOptions {
    fn default() -> Self {
        TrainingOptions {
            c: 3.0,
            iterations: 300,
            threshold: 0.25,
            min_count: 2,
            pairs: true,
            negation: false,
            prefix: 6,
        }
    }
}

/// The trained regressions: one weight per (feature, theme), one bias per theme.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeModel {
    codes: Vec<String>,
    features: HashMap<String, u32, FastHash>,
    /// Row-major: feature `f`, theme `t` at `f * codes.len() + t`.
    weights: Vec<f32>,
    bias: Vec<f32>,
    threshold: f32,
    pairs: bool,
    negation: bool,
    prefix: usize,
}

/// What the rules and the tokenizer saw of one text: the input of the regression.
pub(crate) struct Reading<'a> {
    pub rules: &'a [ThemeMatch],
    pub tokens: &'a [Token],
}

fn rule_features(rules: &[ThemeMatch], mut push: impl FnMut(String, f32)) {
    for (rank, found) in rules.iter().enumerate() {
        push(format!("r:{}", found.code), found.confidence());
        push(format!("k{rank}:{}", found.code), 1.0);
    }
    push("n".to_owned(), rules.len() as f32);
}

/// The word features of a text, each with the token it starts at, written into `key` one after
/// the other and handed to `each` (one buffer: this runs on every testimony).
fn word_features(
    tokens: &[Token],
    (pairs, negation, prefix): (bool, bool, usize),
    mut each: impl FnMut(usize, &str),
) {
    let mut key = String::with_capacity(40);
    let mut previous: Option<&Token> = None;
    for (i, token) in tokens.iter().enumerate().filter(|(_, t)| t.is_content()) {
        key.clear();
        key.push_str(if negation && token.negated {
            "n:"
        } else {
            "w:"
        });
        key.push_str(&token.stem);
        each(i, &key);
        if prefix > 0 && token.folded.chars().count() > prefix {
            key.clear();
            key.push_str("p:");
            key.extend(token.folded.chars().take(prefix));
            each(i, &key);
        }
        if let Some(before) = previous.filter(|_| pairs) {
            key.clear();
            key.push_str("b:");
            key.push_str(&before.stem);
            key.push(' ');
            key.push_str(&token.stem);
            each(i, &key);
        }
        previous = Some(token);
    }
}

/// The feature look-ups' hasher: keys are the model's own words, not an attacker's, so the
/// multiply-rotate of rustc's FxHash is enough and several times cheaper than SipHash.
type FastHash = BuildHasherDefault<WordHasher>;

#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word.iter_mut().zip(chunk).for_each(|(w, b)| *w = *b);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A training row: the features present and the labels (1 or 0 per theme).
type Row = (Vec<(u32, f32)>, Vec<f32>);

/// The features met while training, under provisional ids (given in the order met), and how
/// many texts have each as a word feature.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32, FastHash>,
    texts_with: Vec<u32>,
}

impl Interner {
    fn id(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = u32::try_from(self.texts_with.len()).unwrap_or(u32::MAX);
        self.ids.insert(key.to_owned(), id);
        self.texts_with.push(0);
        id
    }

    /// One more text has each of these word features (each once).
    fn count_text(&mut self, words: &[u32]) {
        for &id in words {
            if let Some(count) = self.texts_with.get_mut(id as usize) {
                *count = count.saturating_add(1);
            }
        }
    }

    /// The word features met in at least `min` texts.
    fn words_in_at_least(&self, min: u32) -> Vec<String> {
        self.ids
            .iter()
            .filter(|(_, &id)| self.texts_with.get(id as usize).is_some_and(|&n| n >= min))
            .map(|(key, _)| key.clone())
            .collect()
    }

    /// Provisional id → the feature's index in `features`, if it is one.
    fn into_final(self, features: &HashMap<String, u32, FastHash>) -> Vec<Option<u32>> {
        let mut final_of = vec![None; self.texts_with.len()];
        for (key, id) in self.ids {
            if let Some(slot) = final_of.get_mut(id as usize) {
                *slot = features.get(&key).copied();
            }
        }
        final_of
    }
}

fn row_mut(weights: &mut [f32], f: u32, themes: usize) -> Option<&mut [f32]> {
    let start = (f as usize).checked_mul(themes)?;
    weights.get_mut(start..start.checked_add(themes)?)
}

/// Adam's moments for one vector of parameters.
struct Adam {
    m: Vec<f32>,
    v: Vec<f32>,
}

impl Adam {
    const RATE: f32 = 0.1;
    const BETA1: f32 = 0.9;
    const BETA2: f32 = 0.999;

    fn new(n: usize) -> Adam {
        Adam {
            m: vec![0.0; n],
            v: vec![0.0; n],
        }
    }

    fn step(&mut self, params: &mut [f32], grad: &[f32], step: i32) {
        let c1 = 1.0 - Self::BETA1.powi(step);
        let c2 = 1.0 - Self::BETA2.powi(step);
        for ((p, g), (m, v)) in params
            .iter_mut()
            .zip(grad)
            .zip(self.m.iter_mut().zip(self.v.iter_mut()))
        {
            *m = Self::BETA1 * *m + (1.0 - Self::BETA1) * g;
            *v = Self::BETA2 * *v + (1.0 - Self::BETA2) * g * g;
            *p -= Self::RATE * (*m / c1) / ((*v / c2).sqrt() + 1e-8);
        }
    }
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

impl ThemeModel {
    /// Trains one regression per code of `codes` on `readings` (what the rules and tokenizer
    /// saw of each example, with its labels), read once, in order. Each reading is turned into
    /// its features at once and dropped: the tokens of 12,000 texts held together weighed about
    /// 90 MB at the server's start.
    pub(crate) fn train<'a>(
        codes: &[String],
        readings: impl IntoIterator<Item = (Vec<ThemeMatch>, Vec<Token>, &'a [String])>,
        options: TrainingOptions,
    ) -> ThemeModel {
        let settings = (options.pairs, options.negation, options.prefix);
        // Features under provisional ids, and in how many texts each word feature appears.
        let mut seen = Interner::default();
        let mut drafts: Vec<Row> = Vec::new();
        for (rules, tokens, labels) in readings {
            let mut x: Vec<(u32, f32)> = Vec::with_capacity(tokens.len().saturating_add(8));
            rule_features(&rules, |key, value| x.push((seen.id(&key), value)));
            let mut words: Vec<u32> = Vec::new();
            word_features(&tokens, settings, |_, key| {
                let id = seen.id(key);
                words.push(id);
                x.push((id, 1.0));
            });
            words.sort_unstable();
            words.dedup();
            seen.count_text(&words);
            // As in `vector`: a feature counts once, with the first value given.
            crate::order::sort_by_key(&mut x, |&(f, _)| f);
            x.dedup_by_key(|&mut (f, _)| f);
            let y = codes
                .iter()
                .map(|c| if labels.contains(c) { 1.0 } else { 0.0 })
                .collect();
            drafts.push((x, y));
        }
        let mut names: Vec<String> = Vec::new();
        for code in codes {
            names.push(format!("r:{code}"));
            for rank in 0..MAX_THEMES_PER_ITEM {
                names.push(format!("k{rank}:{code}"));
            }
        }
        names.push("n".to_owned());
        names.extend(seen.words_in_at_least(options.min_count));
        names.sort_unstable();
        names.dedup();
        let features: HashMap<String, u32, FastHash> = names
            .into_iter()
            .enumerate()
            .filter_map(|(i, k)| Some((k, u32::try_from(i).ok()?)))
            .collect();
        let final_of = seen.into_final(&features);
        let rows: Vec<Row> = drafts
            .into_iter()
            .map(|(x, y)| {
                let mut x: Vec<(u32, f32)> = x
                    .into_iter()
                    .filter_map(|(id, value)| Some(((*final_of.get(id as usize)?)?, value)))
                    .collect();
                crate::order::sort_by_key(&mut x, |&(f, _)| f);
                (x, y)
            })
            .collect();
        let mut model = ThemeModel {
            codes: codes.to_vec(),
            weights: vec![0.0; features.len().saturating_mul(codes.len())],
            bias: vec![0.0; codes.len()],
            features,
            threshold: options.threshold,
            pairs: options.pairs,
            negation: options.negation,
            prefix: options.prefix,
        };
        model.fit(&rows, options);
        model
    }

    /// Full-batch Adam on the penalised log-loss `C · Σ loss + ½ ‖w‖²` (bias not penalised).
    fn fit(&mut self, rows: &[Row], options: TrainingOptions) {
        let themes = self.codes.len();
        let mut adam_w = Adam::new(self.weights.len());
        let mut adam_b = Adam::new(themes);
        let mut grad_w = vec![0.0f32; self.weights.len()];
        let mut grad_b = vec![0.0f32; themes];
        let mut gs = vec![0.0f32; themes];
        for step in 1..=options.iterations {
            grad_w.fill(0.0);
            grad_b.fill(0.0);
            for (x, y) in rows {
                for ((g, z), label) in gs.iter_mut().zip(self.logits(x)).zip(y) {
                    *g = options.c * (sigmoid(z) - label);
                }
                for (gb, g) in grad_b.iter_mut().zip(&gs) {
                    *gb += g;
                }
                for &(f, value) in x {
                    if let Some(row) = row_mut(&mut grad_w, f, themes) {
                        for (gw, g) in row.iter_mut().zip(&gs) {
                            *gw += g * value;
                        }
                    }
                }
            }
            for (g, w) in grad_w.iter_mut().zip(&self.weights) {
                *g += w;
            }
            let step = i32::try_from(step).unwrap_or(i32::MAX);
            adam_w.step(&mut self.weights, &grad_w, step);
            adam_b.step(&mut self.bias, &grad_b, step);
        }
    }

    /// The weights of feature `f`, one per theme.
    fn row(&self, f: u32) -> Option<&[f32]> {
        let themes = self.codes.len();
        let start = (f as usize).checked_mul(themes)?;
        self.weights.get(start..start.checked_add(themes)?)
    }

    /// Bias plus weights of the features present, per theme.
    fn logits(&self, x: &[(u32, f32)]) -> Vec<f32> {
        let mut z = self.bias.clone();
        for &(f, value) in x {
            if let Some(row) = self.row(f) {
                for (zt, w) in z.iter_mut().zip(row) {
                    *zt += value * w;
                }
            }
        }
        z
    }

    fn vector(&self, reading: &Reading<'_>) -> Vec<(u32, f32)> {
        let mut x: Vec<(u32, f32)> = Vec::with_capacity(reading.tokens.len().saturating_add(8));
        rule_features(reading.rules, |key, value| {
            if let Some(&f) = self.features.get(&key) {
                x.push((f, value));
            }
        });
        word_features(
            reading.tokens,
            (self.pairs, self.negation, self.prefix),
            |_, key| {
                if let Some(&f) = self.features.get(key) {
                    x.push((f, 1.0));
                }
            },
        );
        // A feature counts once (a repeated word, a theme the rules name twice).
        crate::order::sort_by_key(&mut x, |&(f, _)| f);
        x.dedup_by_key(|&mut (f, _)| f);
        x
    }

    /// The codes this model has a regression for.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    /// The probability of each of the model's themes for this reading, in [`Self::codes`]
    /// order.
    pub(crate) fn probabilities(&self, reading: &Reading<'_>) -> Vec<f32> {
        let z = self.logits(&self.vector(reading));
        z.into_iter().map(sigmoid).collect()
    }

    /// The themes of a text, the rules' suggestions read again by the regression: themes at or
    /// above the threshold, most probable first, at most three; `active` says which codes the
    /// deployment's codebook still has. Rule suggestions of codes the model does not know are
    /// kept as the rules made them.
    pub(crate) fn blend(
        &self,
        text: &str,
        reading: &Reading<'_>,
        active: impl Fn(&str) -> bool,
    ) -> Vec<ThemeMatch> {
        let probabilities = self.probabilities(reading);
        let mut out: Vec<(f32, ThemeMatch)> = Vec::new();
        for (t, (&p, code)) in probabilities.iter().zip(&self.codes).enumerate() {
            if p < self.threshold || !active(code) {
                continue;
            }
            let ruled = reading.rules.iter().find(|m| &m.code == code);
            let (words, negated) = match ruled {
                Some(m) => (m.words.clone(), m.negated),
                None => (self.strongest_words(text, reading.tokens, t), false),
            };
            if words.is_empty() {
                continue;
            }
            out.push((
                p,
                ThemeMatch {
                    code: code.clone(),
                    words,
                    score: ((0.5 * p / (1.0 - p).max(1e-3)) * 100.0).round() / 100.0,
                    negated,
                },
            ));
        }
        for m in reading.rules {
            if !self.codes.contains(&m.code) {
                out.push((m.confidence(), m.clone()));
            }
        }
        crate::order::sort_by(&mut out, |(pa, a), (pb, b)| {
            pb.total_cmp(pa).then(a.code.cmp(&b.code))
        });
        out.into_iter()
            .map(|(_, m)| m)
            .take(MAX_THEMES_PER_ITEM)
            .collect()
    }

    /// Up to three words of the text that weigh most for theme `t`, as written, strongest
    /// first.
    fn strongest_words(&self, text: &str, tokens: &[Token], t: usize) -> Vec<String> {
        let mut weighed: Vec<(f32, String)> = Vec::new();
        word_features(
            tokens,
            (self.pairs, self.negation, self.prefix),
            |i, key| {
                if key.starts_with("b:") {
                    return;
                }
                let weight = self
                    .features
                    .get(key)
                    .and_then(|&f| self.row(f))
                    .and_then(|row| row.get(t))
                    .copied()
                    .unwrap_or(0.0);
                let word = tokens.get(i).and_then(|tok| text.get(tok.start..tok.end));
                if let Some(word) = word.filter(|_| weight > 0.1) {
                    if !weighed.iter().any(|(_, w)| w.eq_ignore_ascii_case(word)) {
                        weighed.push((weight, word.to_owned()));
                    }
                }
            },
        );
        crate::order::sort_by(&mut weighed, |(a, _), (b, _)| b.total_cmp(a));
        weighed.into_iter().take(3).map(|(_, w)| w).collect()
    }
}

/// Reads labelled testimonies from JSON lines (`{"text": …, "themes": [codes]}`; other fields
/// ignored, lines that are not such objects skipped).
pub fn parse_examples(jsonl: &str) -> Vec<Example> {
    jsonl
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|value| {
            let text = value.get("text")?.as_str()?.to_owned();
            let themes = value
                .get("themes")?
                .as_array()?
                .iter()
                .filter_map(|c| c.as_str().map(str::to_owned))
                .collect();
            Some(Example { text, themes })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analyzer;

    fn example(text: &str, themes: &[&str]) -> Example {
        Example {
            text: text.to_owned(),
            themes: themes.iter().map(|t| (*t).to_owned()).collect(),
        }
    }

    /// A small corpus where `ascenseur` is labelled logement although nothing in `sortie` is,
    /// and `tram` is mentioned in texts labelled with no theme at all.
    fn corpus() -> Vec<Example> {
        let mut out = Vec::new();
        for i in 0..12 {
            out.push(example(
                &format!("l'ascenseur est encore bloqué depuis {i} jours"),
                &["logement"],
            ));
            out.push(example(
                &format!("aucun souci avec le tram, merci, bonne journée {i}"),
                &[],
            ));
            out.push(example(
                &format!("le bus 11 passe pas le dimanche, {i} fois ce mois"),
                &["mobilite"],
            ));
        }
        out
    }

    fn trained() -> Analyzer {
        let rules = Analyzer::new(&crate::testing::codebook());
        let model = rules.train_model(&corpus(), TrainingOptions::default());
        rules.with_model(std::sync::Arc::new(model))
    }

    /// A misspelling the stemmer keeps apart from the word it learned (`ascensseur`) still
    /// reads as that word through its first six letters; with prefixes off it does not.
    #[test]
    fn a_misspelt_word_is_read_through_its_first_letters() {
        let rules = Analyzer::new(&crate::testing::codebook());
        let text = "l'ascensseur en panne encore";
        let with = rules
            .clone()
            .with_model(std::sync::Arc::new(
                rules.train_model(&corpus(), TrainingOptions::default()),
            ))
            .analyse(text);
        assert!(
            with.theme_codes().contains(&"logement"),
            "{:?}",
            with.themes
        );
        let off = TrainingOptions {
            prefix: 0,
            ..TrainingOptions::default()
        };
        let without = rules
            .clone()
            .with_model(std::sync::Arc::new(rules.train_model(&corpus(), off)))
            .analyse(text);
        assert!(
            !without.theme_codes().contains(&"logement"),
            "{:?}",
            without.themes
        );
    }

    #[test]
    fn learns_what_the_labels_say_and_keeps_the_words_that_explain_it() {
        let a = trained();
        let themes = a.analyse("l'ascenseur est bloqué au bâtiment C");
        assert_eq!(
            themes.theme_codes(),
            vec!["logement"],
            "{:?}",
            themes.themes
        );
        assert!(
            themes.themes[0].words.iter().any(|w| w == "ascenseur"),
            "{:?}",
            themes.themes[0].words
        );
        // The rules would suggest mobility; the labels say a polite `tram` is no theme.
        assert!(a
            .analyse("aucun souci avec le tram, merci")
            .themes
            .is_empty());
        assert_eq!(
            a.analyse("le bus 11 passe pas le dimanche").theme_codes(),
            vec!["mobilite"]
        );
    }

    #[test]
    fn confidence_reads_as_the_probability() {
        let a = trained();
        let m = &a.analyse("l'ascenseur est bloqué").themes[0];
        assert!(m.confidence() >= TrainingOptions::default().threshold);
        assert!(m.confidence() <= 1.0);
    }

    #[test]
    fn training_is_deterministic() {
        let rules = Analyzer::new(&crate::testing::codebook());
        let one = rules.train_model(&corpus(), TrainingOptions::default());
        let two = rules.train_model(&corpus(), TrainingOptions::default());
        assert_eq!(one, two);
    }

    #[test]
    fn themes_of_a_codebook_the_model_does_not_know_pass_through_and_removed_ones_go() {
        let rules = Analyzer::new(&crate::testing::codebook());
        let model = std::sync::Arc::new(rules.train_model(&corpus(), TrainingOptions::default()));
        let csv = "code;libelle;mots_cles\nvelo;Vélo;vélo|bicloo\n";
        let book = crate::codebook::Codebook::from_csv(csv).unwrap();
        let a = Analyzer::new(&book).with_model(model);
        assert_eq!(a.analyse("mon vélo a été volé").theme_codes(), vec!["velo"]);
        assert!(a.analyse("l'ascenseur est bloqué").themes.is_empty());
    }

    #[test]
    fn parses_labelled_lines_and_skips_the_rest() {
        let parsed = parse_examples(
            "{\"text\":\"a\",\"themes\":[\"logement\"]}\nnot json\n{\"text\":\"b\"}\n{\"text\":\"c\",\"themes\":[]}\n",
        );
        assert_eq!(parsed, vec![example("a", &["logement"]), example("c", &[])]);
    }
}
