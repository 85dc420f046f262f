//! French text analysis of residents' words: theme suggestion, personal-data redaction,
//! sensitive-data flag and emerging topics. Pure and deterministic, so that the phone and the
//! server suggest the same thing.

pub mod classifier;
mod emerging;
pub mod learning;
pub(crate) mod normalise;
pub mod redact;
mod sensitive;
mod themes;
#[cfg(feature = "trained")]
pub mod trained;

pub use emerging::{EmergingOptions, EmergingTerm, TermCount, TermCounts};
pub use redact::{redact, PiiKind, Redacted, Redaction};
pub use sensitive::{SensitiveCategory, SensitiveReason};
pub use themes::ThemeMatch;

use std::sync::Arc;

use classifier::{Example, Reading, ThemeModel, TrainingOptions};
use serde::{Deserialize, Serialize};

use crate::codebook::Codebook;

/// Everything the analysis says about one testimony.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Analysis {
    /// 0 to 3 suggested themes, strongest first, with the words that triggered each.
    pub themes: Vec<ThemeMatch>,
    /// The text with personal data replaced by placeholders.
    pub redacted: String,
    /// Where the personal data was (byte ranges of the original text).
    pub redactions: Vec<Redaction>,
    /// The text reveals health, religion, origin, sexual orientation, political opinion or union
    /// membership: the coordinator must look at it.
    pub sensitive: bool,
    pub sensitive_reasons: Vec<SensitiveReason>,
}

impl Analysis {
    pub fn theme_codes(&self) -> Vec<&str> {
        self.themes.iter().map(|t| t.code.as_str()).collect()
    }
}

/// The analysis pipeline compiled for one codebook: build it once (stems are computed here), then
/// call it for every text. Rebuild it when the codebook changes.
#[derive(Debug, Clone)]
pub struct Analyzer {
    themes: themes::ThemeIndex,
    /// The regression that reads the rules' suggestions again (server only; [`classifier`]).
    model: Option<Arc<ThemeModel>>,
}

impl Analyzer {
    pub fn new(codebook: &Codebook) -> Analyzer {
        Analyzer {
            themes: themes::ThemeIndex::new(codebook),
            model: None,
        }
    }

    /// This analyzer with `model` reading its rules' suggestions again.
    pub fn with_model(mut self, model: Arc<ThemeModel>) -> Analyzer {
        self.model = Some(model);
        self
    }

    /// Trains a [`ThemeModel`] on `examples` over this analyzer's rules (its own model, if
    /// any, is not used).
    pub fn train_model(&self, examples: &[Example], options: TrainingOptions) -> ThemeModel {
        let readings = examples.iter().map(|e| {
            let tokens = theme_tokens(&e.text, &redact::find(&e.text));
            let rules = self.themes.suggest_tokens(&e.text, &tokens);
            (rules, tokens, e.themes.as_slice())
        });
        ThemeModel::train(self.themes.codes(), readings, options)
    }

    /// The rules' themes, read again by the model if there is one.
    fn themes_of(&self, text: &str, tokens: &[normalise::Token]) -> Vec<ThemeMatch> {
        let rules = self.themes.suggest_tokens(text, tokens);
        match &self.model {
            Some(model) => model.blend(
                text,
                &Reading {
                    rules: &rules,
                    tokens,
                },
                |code| self.themes.codes().iter().any(|c| c == code),
            ),
            None => rules,
        }
    }

    /// The analyzer of `codebook` taught by this deployment's coordinators: each
    /// `(theme code, words, evidence)` changes the weight of those words for that theme
    /// ([`learning::weight`]).
    pub fn taught<'a>(
        codebook: &Codebook,
        evidence: impl IntoIterator<Item = (&'a str, &'a str, learning::Evidence)>,
    ) -> Analyzer {
        let mut themes = themes::ThemeIndex::new(codebook);
        for (code, words, evidence) in evidence {
            let factor = learning::weight(&evidence);
            if (factor - 1.0).abs() > f32::EPSILON {
                themes.teach(code, words, factor);
            }
        }
        Analyzer {
            themes,
            model: None,
        }
    }

    /// Themes, redaction and sensitive flag in one pass. Words inside personal data never
    /// suggest a theme (`12 rue du Marché` is not about shops).
    pub fn analyse(&self, text: &str) -> Analysis {
        let redactions = redact::find(text);
        let skip: Vec<(usize, usize)> = redactions.iter().map(|r| (r.start, r.end)).collect();
        let tokens = normalise::tokenize(text, &skip);
        let themes = self.themes_of(text, &without_place_names(text, tokens.clone()));
        let sensitive_reasons = sensitive::detect(text, &tokens, &redactions);
        Analysis {
            themes,
            redacted: redact::apply(text, &redactions),
            redactions,
            sensitive: !sensitive_reasons.is_empty(),
            sensitive_reasons,
        }
    }

    /// Up to three themes for a text, strongest first, each with the words that triggered it.
    /// Cheap enough to run on every keystroke.
    pub fn suggest_themes(&self, text: &str) -> Vec<ThemeMatch> {
        let tokens = normalise::tokenize(text, &[]);
        self.themes_of(text, &without_place_names(text, tokens))
    }
}

/// The words that can suggest a theme: outside personal data and place names.
fn theme_tokens(text: &str, redactions: &[Redaction]) -> Vec<normalise::Token> {
    let skip: Vec<(usize, usize)> = redactions.iter().map(|r| (r.start, r.end)).collect();
    without_place_names(text, normalise::tokenize(text, &skip))
}

/// Drops the words of place names (`place du Commerce` is not about shops).
fn without_place_names(text: &str, mut tokens: Vec<normalise::Token>) -> Vec<normalise::Token> {
    let places = redact::place_names(text);
    if !places.is_empty() {
        tokens.retain(|t| !places.iter().any(|&(s, e)| s <= t.start && t.end <= e));
    }
    tokens
}

/// Why a text is sensitive, if it is (empty when not).
pub fn sensitive_reasons(text: &str) -> Vec<SensitiveReason> {
    let redactions = redact::find(text);
    let tokens = normalise::tokenize(text, &[]);
    sensitive::detect(text, &tokens, &redactions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyzer() -> Analyzer {
        Analyzer::new(&crate::testing::codebook())
    }

    /// The SMS word that crashed phones and servers: `rdv` expands to two tokens sharing one
    /// range, and a two-word keyword (`rendez-vous`) matched across them.
    #[test]
    fn sms_spellings_that_expand_to_several_words() {
        let a = analyzer();
        for text in [
            "j'ai un rdv",
            "RDV",
            "rdv.",
            "1 rdv",
            "un rdv à la CAF",
            "pas de rdv chez le dentiste",
            "J'ai demandé un rdv à la CAF",
            "jsuis au rdv svp stp tkt",
        ] {
            let analysis = a.analyse(text);
            assert_eq!(analysis, a.analyse(text));
            let _ = a.suggest_themes(text);
        }
        assert_eq!(
            a.analyse("pas de rdv chez le pédiatre").theme_codes(),
            a.analyse("pas de rendez-vous chez le pédiatre")
                .theme_codes()
        );
    }

    #[test]
    fn the_acceptance_example() {
        let a = analyzer()
            .analyse("Je m'appelle Yasmine, appelez-moi au 06 39 98 55 10, le tram passe jamais");
        assert!(a.theme_codes().contains(&"mobilite"));
        assert!(!a.redacted.contains("Yasmine"));
        assert!(!a.redacted.contains("06 39 98 55 10"));
        assert!(!a.sensitive);
    }

    #[test]
    fn words_inside_personal_data_suggest_no_theme() {
        let a = analyzer().analyse("J'habite 12 rue du Marché, tout va bien");
        assert!(a.themes.is_empty(), "{:?}", a.themes);
        assert_eq!(a.redacted, "J'habite [adresse], tout va bien");
    }

    #[test]
    fn place_names_suggest_no_theme() {
        let a = analyzer();
        assert_eq!(
            a.analyse("Le bus ne va plus place du Commerce")
                .theme_codes(),
            vec!["mobilite"]
        );
        assert!(a
            .suggest_themes("On se voit au centre Jacques Prévert ?")
            .is_empty());
    }

    #[test]
    fn a_named_person_makes_a_sentence_personal() {
        let a = analyzer().analyse("Karim fait le ramadan, la mosquée est loin.");
        assert!(a.sensitive);
        assert_eq!(a.sensitive_reasons[0].category, SensitiveCategory::Religion);
        assert!(!analyzer().analyse("La mosquée est loin du tram.").sensitive);
    }

    #[test]
    fn a_full_testimony() {
        let a = analyzer().analyse(
            "Mon mari a un cancer et l'hôpital est loin, sans voiture c'est compliqué d'aller aux soins. Mme Le Goff, bât C.",
        );
        assert_eq!(a.theme_codes(), vec!["sante", "mobilite"]);
        assert_eq!(a.redacted, "Mon mari a un cancer et l'hôpital est loin, sans voiture c'est compliqué d'aller aux soins. [nom], [logement].");
        assert!(a.sensitive);
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["redactions"][0]["kind"], "name");
        assert_eq!(json["sensitive_reasons"][0]["category"], "health");
    }
}

#[cfg(test)]
mod properties;
