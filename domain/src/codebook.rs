//! The theme codebook: data edited by coordinators, never hard-coded.
//!
//! CSV format (as `backend/seed/themes.fr.csv`): header `code;libelle;mots_cles`, then one theme
//! per line, keywords separated by `|`. An optional fourth column `mots_associes` lists related
//! words (synonyms, slang, other languages) that also suggest the theme; words prefixed with `~`
//! count half, words prefixed with `=` match only as written (no stemming). See
//! [`crate::analysis`] for how both are used. An optional fifth column `libelle_en` gives the
//! English label the phone shows in its English interface (empty: the French label).

use serde::{Deserialize, Serialize};

use crate::text::is_code;

pub const MAX_THEMES_PER_ITEM: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Theme {
    pub code: String,
    pub label: String,
    /// The label in English, for the English interface; absent: the French label is shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    pub keywords: Vec<String>,
    /// Related words that suggest the theme too (optional fourth CSV column).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    /// Retired themes stay on old items but are no longer suggested.
    #[serde(default)]
    pub retired: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Codebook {
    pub themes: Vec<Theme>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("ligne {line} : {message}")]
pub struct CodebookError {
    pub line: usize,
    pub message: String,
}

impl Codebook {
    /// Parses the semicolon-separated codebook. The first line is a header and is skipped.
    pub fn from_csv(input: &str) -> Result<Codebook, CodebookError> {
        let mut themes: Vec<Theme> = Vec::new();
        for (index, raw) in input.lines().enumerate().skip(1) {
            let line = index.saturating_add(1);
            let raw = raw.trim_start_matches('\u{feff}').trim();
            if raw.is_empty() {
                continue;
            }
            let fields: Vec<&str> = raw.split(';').collect();
            let (code, label, keywords, related, label_en) = match fields[..] {
                [code, label, keywords] => (code, label, keywords, "", ""),
                [code, label, keywords, related] => (code, label, keywords, related, ""),
                [code, label, keywords, related, label_en] => {
                    (code, label, keywords, related, label_en)
                }
                _ => {
                    return Err(CodebookError {
                        line,
                        message: "3 à 5 champs attendus : \
                                  code;libelle;mots_cles[;mots_associes[;libelle_en]]"
                            .into(),
                    })
                }
            };
            let code = code.trim();
            if !is_code(code) {
                return Err(CodebookError {
                    line,
                    message: format!("code de thème invalide : {code:?}"),
                });
            }
            if themes.iter().any(|t| t.code == code) {
                return Err(CodebookError {
                    line,
                    message: format!("code de thème répété : {code}"),
                });
            }
            let label = label.trim();
            if label.is_empty() {
                return Err(CodebookError {
                    line,
                    message: "libellé vide".into(),
                });
            }
            themes.push(Theme {
                code: code.to_owned(),
                label: label.to_owned(),
                label_en: Some(label_en.trim())
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned),
                keywords: split_words(keywords),
                related: split_words(related),
                retired: false,
            });
        }
        Ok(Codebook { themes })
    }

    pub fn theme(&self, code: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.code == code)
    }

    pub fn active(&self) -> impl Iterator<Item = &Theme> {
        self.themes.iter().filter(|t| !t.retired)
    }
}

impl Theme {
    /// The label for an interface in `english` or French: the French one when no English label
    /// was given.
    pub fn label_for(&self, english: bool) -> &str {
        match &self.label_en {
            Some(en) if english => en,
            _ => &self.label,
        }
    }
}

fn split_words(field: &str) -> Vec<String> {
    field
        .split('|')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_default_codebook() {
        let csv =
            "code;libelle;mots_cles\nlogement;Logement;loyer|HLM\nmobilite;Mobilités;tram| bus \n";
        let book = Codebook::from_csv(csv).unwrap();
        assert_eq!(book.themes.len(), 2);
        assert_eq!(book.themes[1].keywords, vec!["tram", "bus"]);
    }

    #[test]
    fn rejects_bad_lines_with_their_number() {
        let err = Codebook::from_csv("code;libelle;mots_cles\nlogement;Logement\n").unwrap_err();
        assert_eq!(err.line, 2);
        let err = Codebook::from_csv("h\nx;X;a\nx;Y;b\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(Codebook::from_csv("h\nBad Code;X;a\n").is_err());
        assert!(Codebook::from_csv("h\nx;X;a;b;c;d\n").is_err());
    }

    #[test]
    fn reads_the_optional_related_words() {
        let book = Codebook::from_csv(
            "code;libelle;mots_cles;mots_associes\nsport;Sport;sport;foot| ~match |\nx;X;a\n",
        )
        .unwrap();
        assert_eq!(book.themes[0].related, vec!["foot", "~match"]);
        assert!(book.themes[1].related.is_empty());
    }

    #[test]
    fn reads_the_optional_english_label() {
        let book = Codebook::from_csv(
            "code;libelle;mots_cles;mots_associes;libelle_en\nlogement;Logement;loyer;;Housing\nx;X;a;; \ny;Y;b\n",
        )
        .unwrap();
        assert_eq!(book.themes[0].label_en.as_deref(), Some("Housing"));
        assert_eq!(book.themes[0].label_for(true), "Housing");
        assert_eq!(book.themes[0].label_for(false), "Logement");
        assert_eq!(book.themes[1].label_en, None);
        assert_eq!(book.themes[1].label_for(true), "X");
        assert_eq!(book.themes[2].label_en, None);
    }

    #[test]
    fn loads_the_fixture_codebook() {
        let book = crate::testing::codebook();
        assert!(book.themes.len() >= 10);
        assert!(book
            .theme("mobilite")
            .is_some_and(|t| t.keywords.iter().any(|k| k == "tram")));
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;
        use crate::analysis::Analyzer;
        use crate::testing::{config, french_text, piece};

        fn line() -> impl Strategy<Value = String> {
            let keywords = || proptest::collection::vec(piece(), 0..6).prop_map(|k| k.join("|"));
            prop_oneof![
                4 => ("[a-z][a-z0-9_]{0,12}", piece(), keywords(), keywords())
                    .prop_map(|(c, l, k, r)| format!("{c};{l};{k};{r}")),
                2 => ("[a-z][a-z0-9_]{0,12}", piece(), keywords(), piece())
                    .prop_map(|(c, l, k, en)| format!("{c};{l};{k};;{en}")),
                1 => piece(),
                1 => any::<String>(),
            ]
        }

        proptest! {
            #![proptest_config(config())]

            /// A coordinator's CSV (or anything else) parses or gets a line-numbered error; a
            /// codebook that parses, however odd its keywords, analyses any text.
            #[test]
            fn any_codebook_csv_parses_or_names_its_line(
                lines in proptest::collection::vec(line(), 0..8),
                text in french_text(),
            ) {
                let csv = format!("code;libelle;mots_cles\n{}", lines.join("\n"));
                match Codebook::from_csv(&csv) {
                    Ok(book) => {
                        for theme in &book.themes {
                            prop_assert!(is_code(&theme.code));
                            prop_assert!(!theme.label.trim().is_empty());
                            prop_assert!(theme.label_en.as_ref().is_none_or(|l| !l.trim().is_empty()));
                        }
                        let analyzer = Analyzer::new(&book);
                        let a = analyzer.analyse(&text);
                        prop_assert!(a.themes.iter().all(|t| book.theme(&t.code).is_some()));
                    }
                    Err(e) => prop_assert!(e.line >= 2 && e.line <= csv.lines().count()),
                }
            }
        }
    }
}
