//! Receipt codes: what a volunteer hands a resident so that the resident (or a coordinator)
//! can find, withdraw or erase what was recorded. Parsed once, here, for the phone and the
//! server alike.

use crate::wire::RECEIPT_CODE_LEN;

/// Letters and digits nobody confuses when reading them aloud or copying them from paper:
/// no 0/O, no 1/I/L.
pub const RECEIPT_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A receipt code in its stored form: 8 upper-case characters of [`RECEIPT_ALPHABET`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReceiptCode(String);

/// Why a typed receipt code is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("code de reçu invalide : 8 caractères (lettres et chiffres, sans 0, O, 1, I ni L)")]
pub struct InvalidReceiptCode;

impl ReceiptCode {
    /// Reads a code as a person types it: dashes, spaces and case do not matter
    /// (`k7qx-2m9d` is `K7QX2M9D`). Anything else is refused, never guessed.
    pub fn parse(typed: &str) -> Result<ReceiptCode, InvalidReceiptCode> {
        let mut code = String::with_capacity(RECEIPT_CODE_LEN);
        for c in typed.chars().filter(|c| !matches!(c, '-' | ' ')) {
            let upper = c.to_ascii_uppercase();
            let allowed = u8::try_from(upper).is_ok_and(|b| RECEIPT_ALPHABET.contains(&b));
            if !allowed || code.len() >= RECEIPT_CODE_LEN {
                return Err(InvalidReceiptCode);
            }
            code.push(upper);
        }
        if code.len() == RECEIPT_CODE_LEN {
            Ok(ReceiptCode(code))
        } else {
            Err(InvalidReceiptCode)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As printed for a person: `K7QX-2M9D`.
    pub fn display(&self) -> String {
        let (head, tail) = self.0.split_at(self.0.len() / 2);
        format!("{head}-{tail}")
    }
}

impl std::fmt::Display for ReceiptCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::testing::{any_text, config};

    #[test]
    fn typed_codes() {
        assert_eq!(
            ReceiptCode::parse("k7qx-2m9d").unwrap().as_str(),
            "K7QX2M9D"
        );
        assert_eq!(
            ReceiptCode::parse(" K7QX 2M9D ").unwrap().display(),
            "K7QX-2M9D"
        );
        assert!(ReceiptCode::parse("0000-OOOO").is_err());
        assert!(ReceiptCode::parse("ABC").is_err());
        assert!(ReceiptCode::parse("K7QX2M9DA").is_err());
        assert!(ReceiptCode::parse("K7QX2M9É").is_err());
        assert!(ReceiptCode::parse("").is_err());
    }

    fn code_char() -> impl Strategy<Value = char> {
        proptest::sample::select(RECEIPT_ALPHABET).prop_map(char::from)
    }

    proptest! {
        #![proptest_config(config())]

        /// Whatever is typed: a code or a refusal, never a panic; an accepted code is in the
        /// alphabet, parses to itself, and is what was typed without dashes, spaces and case.
        #[test]
        fn any_typed_code_parses_or_is_refused(typed in prop_oneof![
            any_text(),
            "[A-Za-z0-9 -]{0,14}",
            proptest::collection::vec(code_char(), 8).prop_map(|c| c.into_iter().collect()),
        ]) {
            if let Ok(code) = ReceiptCode::parse(&typed) {
                prop_assert_eq!(code.as_str().len(), RECEIPT_CODE_LEN);
                prop_assert!(code.as_str().bytes().all(|b| RECEIPT_ALPHABET.contains(&b)));
                prop_assert_eq!(ReceiptCode::parse(code.as_str()), Ok(code.clone()));
                prop_assert_eq!(ReceiptCode::parse(&code.display()), Ok(code.clone()));
                let bare: String = typed.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
                prop_assert_eq!(bare.to_ascii_uppercase(), code.as_str());
            }
        }

        /// Every code the phone can make is read back by the server, however it is written.
        #[test]
        fn every_code_of_the_alphabet_is_read_back(
            chars in proptest::collection::vec(code_char(), 8),
            lower in any::<bool>(),
        ) {
            let code: String = chars.into_iter().collect();
            let typed = if lower { code.to_lowercase() } else { code.clone() };
            let typed = format!("{}-{}", typed.get(..4).unwrap_or(""), typed.get(4..).unwrap_or(""));
            prop_assert_eq!(ReceiptCode::parse(&typed).map(|c| c.as_str().to_owned()), Ok(code));
        }
    }
}
