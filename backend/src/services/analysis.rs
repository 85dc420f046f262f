//! The server's use of the domain's French text analysis: what is stored with each testimony.
//! The analyzer is compiled once per codebook *content* and shared: a codebook change makes the
//! next call build a new one, on every server instance, and two databases (two test servers in
//! one process) never share an analyzer unless their codebooks are identical.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use portevoix_domain::analysis::{Analysis, Analyzer};
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
}

/// A few recent analyzers, keyed by the SHA-256 of the codebook they were built from.
const CACHED: usize = 4;
static ANALYZERS: Mutex<VecDeque<([u8; 32], Arc<Analyzer>)>> = Mutex::new(VecDeque::new());

/// The analyzer for the codebook as it is now in the database (one small query).
pub fn analyzer(conn: &mut DbConnection) -> Result<Arc<Analyzer>, ApiError> {
    let book = codebook::load(conn)?;
    let json = serde_json::to_vec(&book).map_err(ApiError::internal)?;
    let key: [u8; 32] = Sha256::digest(&json).into();
    if let Ok(cache) = ANALYZERS.lock() {
        if let Some((_, analyzer)) = cache.iter().find(|(k, _)| *k == key) {
            return Ok(analyzer.clone());
        }
    }
    let analyzer = Arc::new(Analyzer::new(&book));
    if let Ok(mut cache) = ANALYZERS.lock() {
        cache.push_front((key, analyzer.clone()));
        cache.truncate(CACHED);
    }
    Ok(analyzer)
}

pub fn analyse(conn: &mut DbConnection, text: &str) -> Result<Analysed, ApiError> {
    let full = analyzer(conn)?.analyse(text);
    Ok(Analysed {
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
    })
}
