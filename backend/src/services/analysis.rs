//! The server's use of the domain's text analysis: what is stored with each testimony.

use crate::db::DbConnection;
use crate::error::ApiError;

pub struct ThemeSuggestion {
    pub code: String,
    pub words: Vec<String>,
}

pub struct Analysed {
    pub redacted: String,
    pub sensitive: bool,
    pub themes: Vec<ThemeSuggestion>,
}

/// Placeholder until the domain analysis lands: redacts nothing, suggests nothing.
pub fn analyse(_conn: &mut DbConnection, text: &str) -> Result<Analysed, ApiError> {
    Ok(Analysed {
        redacted: text.to_owned(),
        sensitive: false,
        themes: Vec::new(),
    })
}
