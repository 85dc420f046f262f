//! French text analysis of residents' words: theme suggestion, personal-data redaction,
//! sensitive-data flag and emerging topics. Pure and deterministic, so that the phone and the
//! server suggest the same thing.

mod normalise;
mod themes;

pub use themes::ThemeMatch;

use crate::codebook::Codebook;

/// The analysis pipeline compiled for one codebook: build it once (stems are computed here), then
/// call it for every text.
#[derive(Debug, Clone)]
pub struct Analyzer {
    themes: themes::ThemeIndex,
}

impl Analyzer {
    pub fn new(codebook: &Codebook) -> Analyzer {
        Analyzer {
            themes: themes::ThemeIndex::new(codebook),
        }
    }

    /// Up to three themes for a text, strongest first, each with the words that triggered it.
    pub fn suggest_themes(&self, text: &str) -> Vec<ThemeMatch> {
        self.themes.suggest(text, &[])
    }
}
