//! The server's use of the domain's French text analysis: what is stored with each testimony.
//! The analyzer is compiled once per codebook *content* and shared: a codebook change makes the
//! next call build a new one, on every server instance, and two databases (two test servers in
//! one process) never share an analyzer unless their codebooks are identical.
//!
//! Its themes are the rules' suggestions read again by the regression trained on the labelled
//! testimonies of `tests/data` ([`trained::model`], issue 14 §2; the phone keeps the rules alone).
//!
//! The analyzer is also *taught*: words the coordinators keep removing weigh less for that theme
//! ([`learning`]); the key of the cache holds those words too.
//!
//! Below it, [`emerging`] (`GET /api/v1/analysis/emerging`) builds on the same analyzer, and
//! [`learning`] keeps what the coordinators' decisions teach.

pub mod emerging;
pub mod learning;

use std::collections::VecDeque;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};

use portevoix_domain::analysis::{trained, Analysis, Analyzer};
use portevoix_domain::codebook::Codebook;
use sha2::{Digest, Sha256};

use crate::db::DbConnection;
use crate::error::ApiError;
use crate::services::codebook;

pub struct ThemeSuggestion {
    pub code: String,
    pub words: Vec<String>,
}

pub struct Analysed {
    pub redacted: String,
    pub sensitive: bool,
    pub themes: Vec<ThemeSuggestion>,
    pub full: Analysis,
    /// The analysis failed: nothing suggested, the redacted text is [`FAILED_PLACEHOLDER`].
    pub failed: bool,
}

/// What stands as the redacted text of a testimony whose analysis failed, until a coordinator
/// writes it: never the original text, which may hold personal data.
pub const FAILED_PLACEHOLDER: &str =
    "[texte à relire : l'analyse automatique a échoué, à rédiger par la coordination]";

impl Analysed {
    /// A failed analysis: no theme, a placeholder, sensitive so that it is looked at.
    pub fn failed() -> Analysed {
        Analysed {
            redacted: FAILED_PLACEHOLDER.to_owned(),
            sensitive: true,
            themes: Vec::new(),
            full: Analysis {
                themes: Vec::new(),
                redacted: FAILED_PLACEHOLDER.to_owned(),
                redactions: Vec::new(),
                sensitive: true,
                sensitive_reasons: Vec::new(),
            },
            failed: true,
        }
    }
}

/// A few recent analyzers, keyed by the SHA-256 of the codebook and the taught words they
/// were built from.
const CACHED: usize = 4;
static ANALYZERS: Mutex<VecDeque<([u8; 32], Arc<Analyzer>)>> = Mutex::new(VecDeque::new());

/// The analyzer for the codebook as it is now in the database, taught by the coordinators'
/// decisions (two small queries).
pub fn analyzer(conn: &mut DbConnection) -> Result<Arc<Analyzer>, ApiError> {
    let book = codebook::load(conn)?;
    let lowered = learning::lowered(conn)?;
    cached(&book, &lowered)
}

/// Trains the theme model on a thread of its own while the server starts, so that the first
/// testimony after a start does not wait for it (about 0.7 s in a release build). Should the
/// thread not start, the first analysis trains it, as before.
pub fn warm_up() {
    let started = std::thread::Builder::new()
        .name("theme-model".into())
        .spawn(|| {
            let begun = std::time::Instant::now();
            let model = trained::model();
            tracing::info!(
                themes = model.codes().len(),
                ms = begun.elapsed().as_millis() as u64,
                "theme model trained"
            );
        });
    if let Err(error) = started {
        tracing::warn!(%error, "theme model not trained ahead: the first analysis will");
    }
}

/// The analyzer of the codebook alone, untaught: what the coordinators' decisions are measured
/// against (so that a lowered word keeps collecting evidence and can recover).
pub fn codebook_analyzer(conn: &mut DbConnection) -> Result<Arc<Analyzer>, ApiError> {
    cached(&codebook::load(conn)?, &[])
}

fn cached(book: &Codebook, lowered: &[learning::Taught]) -> Result<Arc<Analyzer>, ApiError> {
    let json = serde_json::to_vec(&(book, lowered)).map_err(ApiError::internal)?;
    let key: [u8; 32] = Sha256::digest(&json).into();
    if let Ok(cache) = ANALYZERS.lock() {
        if let Some((_, analyzer)) = cache.iter().find(|(k, _)| *k == key) {
            return Ok(analyzer.clone());
        }
    }
    let analyzer = Arc::new(
        Analyzer::taught(
            book,
            lowered
                .iter()
                .map(|(words, theme, evidence)| (theme.as_str(), words.as_str(), *evidence)),
        )
        .with_model(trained::model()),
    );
    if let Ok(mut cache) = ANALYZERS.lock() {
        cache.push_front((key, analyzer.clone()));
        cache.truncate(CACHED);
    }
    Ok(analyzer)
}

/// The analysis of a testimony's text as stored. If it panics (a bug met this text), the
/// testimony is still stored, marked [`Analysed::failed`]: nothing is lost because a
/// suggestion failed, and nobody sees the unredacted text by mistake.
pub fn analyse(conn: &mut DbConnection, text: &str) -> Result<Analysed, ApiError> {
    Ok(analyse_with(&*analyzer(conn)?, text, false))
}

/// [`analyse`] with an analyzer at hand; `inject_panic` is the tests' item-level fault.
pub fn analyse_with(analyzer: &Analyzer, text: &str, inject_panic: bool) -> Analysed {
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        if inject_panic {
            panic!("fault injected in the analysis");
        }
        analysed(analyzer.analyse(text))
    }));
    outcome.unwrap_or_else(|panic| {
        let cause = panic
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("panic");
        tracing::error!(cause, "the analysis of a testimony panicked");
        Analysed::failed()
    })
}

/// What is stored of an analysis.
pub fn analysed(full: Analysis) -> Analysed {
    Analysed {
        redacted: full.redacted.clone(),
        sensitive: full.sensitive,
        themes: full
            .themes
            .iter()
            .map(|t| ThemeSuggestion {
                code: t.code.clone(),
                words: t.words.clone(),
            })
            .collect(),
        full,
        failed: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::setup::DEFAULT_CODEBOOK_CSV;

    /// The server's analyzer is the rules read again by the trained regression: a polite
    /// mention of the tram is no theme for the labellers (and so for the server), although the
    /// rules alone suggest mobility.
    #[test]
    fn the_server_reads_the_rules_again_with_the_trained_model() {
        let book = Codebook::from_csv(DEFAULT_CODEBOOK_CSV).unwrap();
        let polite = "Aucun problème avec le tram, merci, bonne journée";
        assert_eq!(
            Analyzer::new(&book).analyse(polite).theme_codes(),
            vec!["mobilite"]
        );
        let server = cached(&book, &[]).unwrap();
        assert!(server.analyse(polite).themes.is_empty());
        let damp = server.analyse(
            "les radiateurs sont froids et les murs sont noirs de moisissure dans la chambre du petit",
        );
        assert_eq!(damp.theme_codes().first(), Some(&"logement"));
        assert!(damp.themes[0].words.iter().any(|w| w == "moisissure"));
    }
}
