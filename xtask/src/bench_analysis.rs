//! `cargo xtask bench analysis [--data FILE] [--codebook FILE] [--runs N] [--rules]`: scores the
//! French analysis on labelled testimonies (JSON lines with `id`, `text`, `themes`, `pii` [{type,
//! text}], `sensitive`) and measures its throughput on one thread. Themes are read as the server
//! reads them (the rules, then the trained regression) unless `--rules`; a development text is
//! read by a model trained without it (5 folds), the locked half by the model trained on all.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use portevoix_domain::analysis::classifier::TrainingOptions;
use portevoix_domain::analysis::{trained, Analysis, Analyzer};
use portevoix_domain::codebook::Codebook;
use serde_json::Value;

struct Item {
    id: String,
    text: String,
    themes: Vec<String>,
    pii: Vec<(String, String)>,
    sensitive: bool,
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

fn load(path: &Path) -> anyhow::Result<Vec<Item>> {
    let data =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut items = Vec::new();
    for (index, line) in data
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let v: Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}", path.display(), index + 1))?;
        let Some(text) = v["text"].as_str() else {
            bail!("{}:{}: no text", path.display(), index + 1)
        };
        let pii = v["pii"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| {
                Some((
                    p["type"].as_str()?.to_owned(),
                    p["text"].as_str()?.to_owned(),
                ))
            })
            .collect();
        items.push(Item {
            id: v["id"]
                .as_str()
                .map_or_else(|| v["id"].to_string(), str::to_owned),
            text: text.to_owned(),
            themes: strings(&v["themes"]),
            pii,
            sensitive: v["sensitive"].as_bool().unwrap_or(false),
        });
    }
    Ok(items)
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

#[derive(Default)]
struct Scores {
    theme_tp: usize,
    theme_fp: usize,
    theme_fn: usize,
    /// Per PII type: (caught, total).
    pii: BTreeMap<String, (usize, usize)>,
    words: usize,
    words_removed: usize,
    sensitive_tp: usize,
    sensitive_fp: usize,
    sensitive_fn: usize,
}

fn score(item: &Item, analysis: &Analysis, scores: &mut Scores, verbose: bool) {
    let got = analysis.theme_codes();
    let tp = got
        .iter()
        .filter(|c| item.themes.iter().any(|t| t == *c))
        .count();
    scores.theme_tp += tp;
    scores.theme_fp += got.len() - tp;
    scores.theme_fn += item.themes.len() - tp;
    if verbose && (tp != got.len() || tp != item.themes.len()) {
        println!(
            "  themes {}: expected {:?}, got {:?}",
            item.id, item.themes, got
        );
    }

    // PII: caught when its text no longer appears in the redacted output.
    let mut pii_ranges: Vec<(usize, usize)> = Vec::new();
    for (kind, text) in &item.pii {
        let entry = scores.pii.entry(kind.clone()).or_default();
        entry.1 += 1;
        if analysis.redacted.contains(text.as_str()) {
            if verbose {
                println!("  missed {kind} in {}: {text:?}", item.id);
            }
        } else {
            entry.0 += 1;
        }
        pii_ranges.extend(
            item.text
                .match_indices(text.as_str())
                .map(|(s, t)| (s, s + t.len())),
        );
    }

    // Over-redaction: words outside every labelled span that a redaction swallowed.
    let mut start: Option<usize> = None;
    let bounds = item
        .text
        .char_indices()
        .chain(std::iter::once((item.text.len(), ' ')));
    for (i, c) in bounds {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            continue;
        }
        let Some(s) = start.take() else { continue };
        if pii_ranges.iter().any(|&(a, b)| a < i && s < b) {
            continue;
        }
        scores.words += 1;
        if analysis.redactions.iter().any(|r| r.start < i && s < r.end) {
            scores.words_removed += 1;
            if verbose {
                println!("  over-redacted in {}: {:?}", item.id, &item.text[s..i]);
            }
        }
    }

    match (item.sensitive, analysis.sensitive) {
        (true, true) => scores.sensitive_tp += 1,
        (false, true) => scores.sensitive_fp += 1,
        (true, false) => scores.sensitive_fn += 1,
        (false, false) => {}
    }
    if verbose && item.sensitive != analysis.sensitive {
        println!(
            "  sensitive {}: expected {}, got {:?}",
            item.id, item.sensitive, analysis.sensitive_reasons
        );
    }
}

/// Testimonies per second on this thread: median of `runs` runs of at least half a second each.
fn throughput(analyzer: &Analyzer, items: &[Item], runs: usize) -> f64 {
    let texts: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
    let mut rounds = 1usize;
    loop {
        let started = Instant::now();
        for _ in 0..rounds {
            for text in &texts {
                std::hint::black_box(analyzer.analyse(std::hint::black_box(text)));
            }
        }
        if started.elapsed() >= Duration::from_millis(100) || rounds >= 1 << 20 {
            break;
        }
        rounds *= 2;
    }
    // Scale so that one run lasts about half a second.
    let rounds = rounds * 5;
    let mut rates: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let started = Instant::now();
            for _ in 0..rounds {
                for text in &texts {
                    std::hint::black_box(analyzer.analyse(std::hint::black_box(text)));
                }
            }
            (rounds * texts.len()) as f64 / started.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    rates[rates.len() / 2]
}

/// The figures of one labelled set.
struct Figures {
    count: usize,
    theme_f1: f64,
    pii_recall: f64,
    over_redaction: f64,
    sensitive_precision: f64,
    sensitive_recall: f64,
}

/// How the themes are suggested in a run: the rules alone, or read again by the regression.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Rules,
    Model,
}

/// The analyzer of `codebook`, with the regression trained on every labelled example whose
/// text is not one of `held_out`'s.
fn analyzer_for(
    codebook: &Codebook,
    mode: Mode,
    options: TrainingOptions,
    held_out: &[&Item],
) -> Analyzer {
    let analyzer = Analyzer::new(codebook);
    if mode == Mode::Rules {
        return analyzer;
    }
    let held: HashSet<&str> = held_out.iter().map(|i| i.text.as_str()).collect();
    let examples: Vec<_> = trained::examples()
        .into_iter()
        .filter(|e| !held.contains(e.text.as_str()))
        .collect();
    let model = trained::seed_analyzer().train_model(&examples, options);
    analyzer.with_model(Arc::new(model))
}

/// The analyses of `items`, each by a model that never saw its text: `folds` models, each
/// trained without one fold (items `i` with `i % folds == fold`).
fn held_out_analyses(
    codebook: &Codebook,
    mode: Mode,
    options: TrainingOptions,
    items: &[Item],
    folds: usize,
) -> Vec<Analysis> {
    let mut out: Vec<Option<Analysis>> = vec![None; items.len()];
    for fold in 0..folds {
        let held: Vec<&Item> = items.iter().skip(fold).step_by(folds).collect();
        let analyzer = analyzer_for(codebook, mode, options, &held);
        for (i, item) in items.iter().enumerate().skip(fold).step_by(folds) {
            out[i] = Some(analyzer.analyse(&item.text));
        }
    }
    out.into_iter().flatten().collect()
}

/// Scores `items` against their `analyses`; prints the details only for a set one may tune on
/// (`show`).
fn figures(
    analyses: &[Analysis],
    name: &str,
    items: &[Item],
    show: bool,
    verbose: bool,
) -> Figures {
    let mut scores = Scores::default();
    for (item, analysis) in items.iter().zip(analyses) {
        score(item, analysis, &mut scores, show && verbose);
    }
    let precision = ratio(scores.theme_tp, scores.theme_tp + scores.theme_fp);
    let recall = ratio(scores.theme_tp, scores.theme_tp + scores.theme_fn);
    let theme_f1 = f1(precision, recall);
    println!("== {name}: {} testimonies", items.len());
    println!("themes (micro): precision {precision:.3}, recall {recall:.3}, F1 {theme_f1:.3}");
    let (mut caught, mut total) = (0, 0);
    for (kind, (c, t)) in &scores.pii {
        if show {
            println!("PII {kind}: recall {:.3} ({c}/{t})", ratio(*c, *t));
        }
        caught += c;
        total += t;
    }
    let pii_recall = ratio(caught, total);
    println!("PII overall: recall {pii_recall:.3} ({caught}/{total})");
    let over = if scores.words == 0 {
        0.0
    } else {
        scores.words_removed as f64 / scores.words as f64
    };
    println!(
        "over-redaction: {over:.4} ({} of {} non-personal words)",
        scores.words_removed, scores.words
    );
    let s_precision = ratio(
        scores.sensitive_tp,
        scores.sensitive_tp + scores.sensitive_fp,
    );
    let s_recall = ratio(
        scores.sensitive_tp,
        scores.sensitive_tp + scores.sensitive_fn,
    );
    println!(
        "sensitive: precision {s_precision:.3}, recall {s_recall:.3} ({} flagged right, {} wrongly, {} missed)",
        scores.sensitive_tp, scores.sensitive_fp, scores.sensitive_fn
    );
    Figures {
        count: items.len(),
        theme_f1,
        pii_recall,
        over_redaction: over,
        sensitive_precision: s_precision,
        sensitive_recall: s_recall,
    }
}

/// The cross-validated theme F1 of each development file on its own: the unseen set's
/// development half is written and labelled like the locked half, the training corpus is not.
fn print_theme_f1_by_file(
    analyses: &[Analysis],
    items: &[Item],
    files: &[(String, std::ops::Range<usize>)],
) {
    let parts: Vec<String> = files
        .iter()
        .map(|(name, range)| {
            let mut scores = Scores::default();
            for i in range.clone() {
                if let (Some(item), Some(analysis)) = (items.get(i), analyses.get(i)) {
                    score(item, analysis, &mut scores, false);
                }
            }
            let p = ratio(scores.theme_tp, scores.theme_tp + scores.theme_fp);
            let r = ratio(scores.theme_tp, scores.theme_tp + scores.theme_fn);
            format!("{name} {:.3} (P {p:.3}, R {r:.3})", f1(p, r))
        })
        .collect();
    println!("theme F1 by file: {}", parts.join(", "));
}

fn number<T: std::str::FromStr>(arg: Option<&String>, usage: &str) -> anyhow::Result<T> {
    arg.and_then(|a| a.parse().ok())
        .with_context(|| usage.to_owned())
}

pub fn run(args: &[String]) -> anyhow::Result<()> {
    let data_dir = crate::root().join("tests/data");
    // Tuned on, and what the regression learns from: the first 40 examples, the development half
    // of the unseen set, the blind themed set and the training corpus (their theme figures are
    // cross-validated: each text is read by a model trained without it).
    let mut dev: Vec<PathBuf> = trained::FILES
        .iter()
        .map(|(name, _)| data_dir.join(name))
        .collect();
    let mut mode = Mode::Model;
    let mut options = TrainingOptions::default();
    // Never tuned on: scored, its figures printed, its texts never shown (tests/data/locked/).
    let mut locked = Some(data_dir.join("locked/testimonies.locked.jsonl"));
    let mut codebook_path = crate::root().join("backend/seed/themes.fr.csv");
    let mut runs = 5usize;
    let mut verbose = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--data" => {
                dev = vec![PathBuf::from(args.next().context("--data FILE")?)];
                locked = None;
            }
            "--codebook" => codebook_path = PathBuf::from(args.next().context("--codebook FILE")?),
            "--runs" => {
                runs = args
                    .next()
                    .context("--runs N")?
                    .parse()
                    .context("--runs N")?
            }
            "-v" | "--verbose" => verbose = true,
            "--rules" => mode = Mode::Rules,
            // Other training options, to compare on the development data (with --no-locked).
            "--threshold" => options.threshold = number(args.next(), "--threshold X")?,
            "--c" => options.c = number(args.next(), "--c X")?,
            "--iterations" => options.iterations = number(args.next(), "--iterations N")?,
            "--min-count" => options.min_count = number(args.next(), "--min-count N")?,
            "--no-locked" => locked = None,
            "--no-pairs" => options.pairs = false,
            "--negation" => options.negation = true,
            "--prefix" => options.prefix = number(args.next(), "--prefix N")?,
            "analysis" => {}
            other => bail!(
                "unknown argument {other:?} (--data FILE, --codebook FILE, --runs N, --rules, --threshold X, --c X, --iterations N, --min-count N, --no-pairs, --negation, --prefix N, --no-locked, --verbose)"
            ),
        }
    }
    let csv = std::fs::read_to_string(&codebook_path)
        .with_context(|| format!("reading {}", codebook_path.display()))?;
    let codebook = Codebook::from_csv(&csv).with_context(|| codebook_path.display().to_string())?;
    let mut dev_items = Vec::new();
    let mut dev_files: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    for path in &dev {
        let start = dev_items.len();
        dev_items.extend(load(path)?);
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        dev_files.push((name, start..dev_items.len()));
    }
    if dev_items.is_empty() {
        bail!("no testimony in {dev:?}");
    }
    let names: Vec<String> = dev.iter().map(|p| p.display().to_string()).collect();
    let analyses = held_out_analyses(&codebook, mode, options, &dev_items, 5);
    let d = figures(
        &analyses,
        &format!("development ({})", names.join(" + ")),
        &dev_items,
        true,
        verbose,
    );
    print_theme_f1_by_file(&analyses, &dev_items, &dev_files);
    let analyzer = analyzer_for(&codebook, mode, options, &[]);
    let l = match &locked {
        Some(path) => {
            let items = load(path)?;
            let analyses: Vec<Analysis> = items.iter().map(|i| analyzer.analyse(&i.text)).collect();
            Some(figures(
                &analyses,
                &format!("locked ({}, figures only)", path.display()),
                &items,
                false,
                false,
            ))
        }
        None => None,
    };
    let rate = throughput(&analyzer, &dev_items, runs);
    println!("throughput: {rate:.0} testimonies/s on one thread (median of {runs} runs)");
    let locked_of = |f: fn(&Figures) -> f64| {
        l.as_ref()
            .map_or_else(String::new, |l| format!(" (locked {:.3})", f(l)))
    };
    println!(
        "analysis: theme F1 {:.3}{}, PII recall {:.3}{}, over-redaction {:.3}{}, sensitive recall {:.3}{}, sensitive precision {:.3}{}, {rate:.0} testimonies/s ({} development, {} locked)",
        d.theme_f1,
        locked_of(|f| f.theme_f1),
        d.pii_recall,
        locked_of(|f| f.pii_recall),
        d.over_redaction,
        locked_of(|f| f.over_redaction),
        d.sensitive_recall,
        locked_of(|f| f.sensitive_recall),
        d.sensitive_precision,
        locked_of(|f| f.sensitive_precision),
        d.count,
        l.as_ref().map_or(0, |l| l.count),
    );
    Ok(())
}
