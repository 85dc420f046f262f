//! A person's texts with a length rule, parsed once, here, for the phone and the server alike:
//! cleaned as at the door ([`clean_text`]), trimmed, then measured in characters. A value of
//! these types is never empty nor too long.

use serde::{Deserialize, Serialize};

use crate::text::{char_len, clean_text, TextKind};
use crate::wire::{MAX_PLACE_CHARS, MAX_TESTIMONY_CHARS};

/// Why a text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("texte vide")]
    Empty,
    #[error("texte trop long : {max} caractères au plus")]
    TooLong { max: usize },
}

fn parse(raw: &str, kind: TextKind, max: usize) -> Result<String, TextError> {
    let cleaned = clean_text(raw, kind);
    let text = cleaned.trim();
    if text.is_empty() {
        Err(TextError::Empty)
    } else if char_len(text) > max {
        Err(TextError::TooLong { max })
    } else {
        Ok(text.to_owned())
    }
}

macro_rules! person_text {
    ($(#[$doc:meta])* $name:ident, $kind:expr, $max:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// At most this many characters, after cleaning and trimming.
            pub const MAX_CHARS: usize = $max;

            /// Cleans, trims and checks what a person typed.
            pub fn parse(raw: &str) -> Result<$name, TextError> {
                parse(raw, $kind, $max).map($name)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = TextError;

            fn try_from(raw: String) -> Result<$name, TextError> {
                $name::parse(&raw)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }
    };
}

person_text!(
    /// A testimony as stored (and its redacted or corrected versions): a long text, line breaks
    /// kept, 1 to [`MAX_TESTIMONY_CHARS`] characters.
    TestimonyText,
    TextKind::Long,
    MAX_TESTIMONY_CHARS
);

person_text!(
    /// Where an answer or a testimony was collected ("marché de Bellevue"): one line, 1 to
    /// [`MAX_PLACE_CHARS`] characters.
    Place,
    TextKind::Line,
    MAX_PLACE_CHARS
);

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::testing::{any_text, config, french_text};
    use crate::text::is_clean;

    #[test]
    fn texts_are_cleaned_trimmed_and_measured() {
        assert_eq!(
            Place::parse("  marché \t Bellevue\n").unwrap().as_str(),
            "marché \t Bellevue".replace('\t', " ")
        );
        assert_eq!(Place::parse(" \n\t "), Err(TextError::Empty));
        assert_eq!(Place::parse("\u{202e}"), Err(TextError::Empty));
        assert_eq!(
            Place::parse(&"x".repeat(MAX_PLACE_CHARS + 1)),
            Err(TextError::TooLong {
                max: MAX_PLACE_CHARS
            })
        );
        assert!(Place::parse(&"é".repeat(MAX_PLACE_CHARS)).is_ok());
        let text = TestimonyText::parse(" Le tram\r\npasse jamais. ").unwrap();
        assert_eq!(text.as_str(), "Le tram\npasse jamais.");
        assert!(TestimonyText::parse(&"a".repeat(MAX_TESTIMONY_CHARS)).is_ok());
        assert!(TestimonyText::parse(&format!("  {}  ", "a".repeat(MAX_TESTIMONY_CHARS))).is_ok());
        assert_eq!(
            TestimonyText::parse(&"a".repeat(MAX_TESTIMONY_CHARS + 1)),
            Err(TextError::TooLong {
                max: MAX_TESTIMONY_CHARS
            })
        );
        assert_eq!(TestimonyText::parse(""), Err(TextError::Empty));
    }

    #[test]
    fn texts_travel_as_strings() {
        let json = serde_json::to_string(&Place::parse("marché").unwrap()).unwrap();
        assert_eq!(json, "\"marché\"");
        assert_eq!(
            serde_json::from_str::<Place>("\" marché \"")
                .unwrap()
                .as_str(),
            "marché"
        );
        assert!(serde_json::from_str::<TestimonyText>("\"  \"").is_err());
    }

    fn check<T>(
        raw: &str,
        kind: TextKind,
        max: usize,
        parsed: Result<T, TextError>,
        as_str: impl Fn(&T) -> &str,
    ) -> Result<(), TestCaseError> {
        let cleaned = clean_text(raw, kind);
        let expected = cleaned.trim();
        match parsed {
            Ok(value) => {
                let text = as_str(&value);
                prop_assert_eq!(text, expected);
                prop_assert!(!text.is_empty() && char_len(text) <= max);
                prop_assert!(is_clean(text, kind));
                prop_assert_eq!(text.trim(), text);
            }
            Err(TextError::Empty) => prop_assert!(expected.is_empty()),
            Err(TextError::TooLong { max: m }) => {
                prop_assert_eq!(m, max);
                prop_assert!(char_len(expected) > max);
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(config())]

        /// Whatever a person types: a value or a refusal, never a panic. An accepted value is
        /// the cleaned, trimmed text, within its bounds, and parses to itself; a refusal says
        /// truly why.
        #[test]
        fn any_text_parses_or_is_refused(raw in prop_oneof![
            any_text(),
            french_text(),
            "[ a-z\t\n]{0,130}",
        ]) {
            let place = Place::parse(&raw);
            check(&raw, TextKind::Line, MAX_PLACE_CHARS, place.clone(), Place::as_str)?;
            if let Ok(place) = place {
                prop_assert_eq!(Place::parse(place.as_str()), Ok(place.clone()));
            }
            let text = TestimonyText::parse(&raw);
            check(&raw, TextKind::Long, MAX_TESTIMONY_CHARS, text.clone(), TestimonyText::as_str)?;
            if let Ok(text) = text {
                prop_assert_eq!(TestimonyText::parse(text.as_str()), Ok(text.clone()));
            }
        }
    }
}
