//! Searching residents' words the way people type a search: case, accents, ligatures and the
//! apostrophe's two spellings do not matter (`pediatre` finds `pédiatre`, `L’ECOLE` finds
//! `l'école`), runs of spaces and line breaks count as one space. Used by the councils' quote
//! search, over the redacted texts.

/// A search query, folded once; `None` from [`SearchKey::new`] when there is nothing to look for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchKey(String);

impl SearchKey {
    /// The query folded by [`fold_for_search`]; `None` if nothing is left (empty, spaces only).
    pub fn new(query: &str) -> Option<SearchKey> {
        let key = fold_for_search(query);
        (!key.is_empty()).then_some(SearchKey(key))
    }

    /// Whether `text`, folded the same way, contains the query.
    pub fn found_in(&self, text: &str) -> bool {
        fold_for_search(text).contains(&self.0)
    }
}

/// Lower case without accents or ligatures (`Œuvre` → `oeuvre`), typographic apostrophes as
/// `'`, combining marks dropped (a decomposed `é` folds as the composed one), every run of
/// white space as one space, none at either end.
pub fn fold_for_search(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if is_combining_mark(c) {
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'î' | 'ï' | 'í' | 'ì' => out.push('i'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => out.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
            'ç' => out.push('c'),
            'ñ' => out.push('n'),
            'ÿ' => out.push('y'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            '’' | '‘' | 'ʼ' | '´' | '`' => out.push('\''),
            other => out.push(other),
        }
    }
    out
}

/// Combining diacritical marks (U+0300–U+036F), as a decomposed `e` + `◌́` carries them.
fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::testing::{any_text, config, french_text};

    #[test]
    fn accents_case_apostrophes_and_spaces_do_not_matter() {
        let text = "Le pédiatre de l’école\nest parti, l'Œuvre   de la CAF aussi.";
        for query in [
            "pediatre",
            "PÉDIATRE",
            "Pédiatre",
            "l'ecole",
            "L’ÉCOLE EST",
            "oeuvre",
            "de la caf",
            "  caf  ",
            "parti, l'oeuvre de",
        ] {
            let key = SearchKey::new(query).unwrap_or_else(|| panic!("{query}"));
            assert!(key.found_in(text), "{query}");
        }
        for query in ["dentiste", "pediatres", "ecolee"] {
            let key = SearchKey::new(query).unwrap_or_else(|| panic!("{query}"));
            assert!(!key.found_in(text), "{query}");
        }
        assert!(SearchKey::new("e\u{301}cole").is_some_and(|k| k.found_in(text)));
        assert_eq!(SearchKey::new("   \n "), None);
        assert_eq!(SearchKey::new(""), None);
    }

    /// Splits `text` at two character boundaries chosen by `a` and `b`.
    fn substring(text: &str, a: usize, b: usize) -> &str {
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let (i, j) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
        &text[i.min(j)..i.max(j)]
    }

    proptest! {
        #![proptest_config(config())]

        /// Any piece of a text finds that text, whatever the text holds.
        #[test]
        fn every_piece_of_a_text_finds_it(text in any_text(), a in any::<usize>(), b in any::<usize>()) {
            let piece = substring(&text, a, b);
            if let Some(key) = SearchKey::new(piece) {
                prop_assert!(key.found_in(&text), "{piece:?} in {text:?}");
            }
        }

        /// Typed without accents, in capitals, a piece of French text still finds it.
        #[test]
        fn a_piece_typed_without_accents_finds_it(text in french_text(), a in any::<usize>(), b in any::<usize>()) {
            let piece = substring(&text, a, b);
            let bare = crate::analysis::normalise::fold(piece);
            let typed = bare.to_uppercase();
            // Only where capitals come back as the same letters (not `ß` → `SS`, `µ` → `Μ`).
            let round_trip = fold_for_search(&typed) == fold_for_search(&bare);
            if let (Some(key), true) = (SearchKey::new(&typed), round_trip) {
                prop_assert!(key.found_in(&text), "{typed:?} in {text:?}");
            }
        }

        /// Folding twice is folding once.
        #[test]
        fn folding_twice_changes_nothing(text in any_text()) {
            let once = fold_for_search(&text);
            prop_assert_eq!(fold_for_search(&once), once);
        }
    }
}
