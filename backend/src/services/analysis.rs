//! The server's use of the domain's French text analysis: what is stored with each testimony.
//! The analyzer is compiled once per codebook state and shared; a codebook change (any theme's
//! `seq` moves) makes the next call rebuild it, on every server instance.

use std::sync::{Arc, Mutex};

use diesel::dsl::{count_star, max};
use diesel::prelude::*;
use portevoix_domain::analysis::{Analysis, Analyzer};

use crate::db::schema::themes;
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

type CodebookKey = (Option<i64>, i64);

static ANALYZER: Mutex<Option<(CodebookKey, Arc<Analyzer>)>> = Mutex::new(None);

/// The analyzer for the codebook as it is now in the database.
pub fn analyzer(conn: &mut DbConnection) -> Result<Arc<Analyzer>, ApiError> {
    let key: CodebookKey = themes::table
        .select((max(themes::seq), count_star()))
        .first(conn)?;
    if let Ok(cache) = ANALYZER.lock() {
        if let Some((cached, analyzer)) = cache.as_ref() {
            if *cached == key {
                return Ok(analyzer.clone());
            }
        }
    }
    let analyzer = Arc::new(Analyzer::new(&codebook::load(conn)?));
    if let Ok(mut cache) = ANALYZER.lock() {
        *cache = Some((key, analyzer.clone()));
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
