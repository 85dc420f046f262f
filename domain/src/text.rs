//! Small text rules shared by every free-text field, and the one rule for text at the door:
//! what a phone saves and what the server stores are cleaned the same way ([`clean_text`]).

/// Where a text goes: one line (a place, a name, a short answer) or a long text (a testimony,
/// a note) in which line breaks and tabs are the writer's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Line,
    Long,
}

/// Characters removed from every text: C0 and C1 controls and DEL (a NUL fails a PostgreSQL
/// statement; the others are invisible or corrupt what a reader sees), bidirectional embeddings,
/// overrides and isolates (they reorder what is displayed: `U+202E` makes `txt.exe` read
/// `exe.txt`), the byte-order mark / zero-width no-break space, and Unicode non-characters.
/// Left-to-right and right-to-left marks (`U+200E`, `U+200F`, `U+061C`) stay: Arabic and
/// Hebrew writers need them and they cannot reorder a run.
fn is_removed(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'
        | '\u{fdd0}'..='\u{fdef}')
        || (u32::from(c) & 0xfffe) == 0xfffe
}

/// Cleans a person's text before it is saved (on the phone) or stored (on the server):
/// Unicode NFC (`e` + combining acute becomes `é`, so search, analysis and tallies see one
/// spelling), line ends as `\n`, the characters of [`is_removed`] dropped, and for
/// [`TextKind::Line`] line breaks and tabs turned into spaces. Nothing else changes: no trim,
/// no case change, so a phone and the server agree on every byte.
///
/// NFC needs Unicode tables that weigh on the phone's download, so it is the `nfc` feature (on
/// by default; the server has it). Without it this is [`clean_text_before_nfc`] and the caller
/// composes the result itself: the PWA uses the browser's `String.prototype.normalize("NFC")`.
pub fn clean_text(value: &str, kind: TextKind) -> String {
    let kept = clean_text_before_nfc(value, kind);
    #[cfg(feature = "nfc")]
    {
        nfc(kept)
    }
    #[cfg(not(feature = "nfc"))]
    {
        kept
    }
}

/// Every rule of [`clean_text`] but NFC: NFC of this is exactly [`clean_text`] (composition
/// comes after removal: a removed character between a letter and its accent must not leave them
/// apart, and cleaning twice gives the same text; NFC never brings back a removed character, a
/// line break or a tab).
pub fn clean_text_before_nfc(value: &str, kind: TextKind) -> String {
    let mut kept = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' | '\t' if kind == TextKind::Line => kept.push(' '),
            '\r' => kept.push('\n'),
            '\n' | '\t' => kept.push(c),
            c if is_removed(c) => {}
            c => kept.push(c),
        }
    }
    kept
}

#[cfg(feature = "nfc")]
fn nfc(text: String) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text
    } else {
        text.nfc().collect()
    }
}

/// `text[start..end]`, or `""` when the range is empty, reversed, past the end or not on char
/// boundaries. Analysis code keeps byte ranges of words; several tokens can share one range
/// (an SMS spelling expands to two words), so "the gap between two tokens" may be reversed.
pub fn slice(text: &str, start: usize, end: usize) -> &str {
    text.get(start..end).unwrap_or("")
}

/// Whether [`clean_text`] would change this text.
pub fn is_clean(value: &str, kind: TextKind) -> bool {
    clean_text(value, kind) == value
}

/// Trims a user-supplied string and returns `None` when nothing is left.
pub fn clean_optional(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Length in characters (not bytes): what a person counts on screen.
pub fn char_len(value: &str) -> usize {
    value.chars().count()
}

/// A slug: lowercase ASCII letters, digits and dashes, 1–64 characters, no leading/trailing dash.
pub fn is_slug(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 64
        && !value.starts_with('-')
        && !value.ends_with('-')
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A code used for questions, options and themes: `[a-z0-9_]{1,40}` starting with a letter.
pub fn is_code(value: &str) -> bool {
    value.len() <= 40
        && value.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("nantes-nord"));
        assert!(!is_slug("Nantes"));
        assert!(!is_slug("-x"));
        assert!(!is_slug(""));
        assert!(!is_slug("é"));
    }

    #[test]
    fn codes() {
        assert!(is_code("q1"));
        assert!(is_code("tranquillite_securite"));
        assert!(!is_code("1q"));
        assert!(!is_code("Q1"));
        assert!(!is_code(""));
    }

    #[test]
    fn text_at_the_door() {
        assert_eq!(clean_text("a\u{0}b", TextKind::Long), "ab");
        #[cfg(feature = "nfc")]
        assert_eq!(clean_text("e\u{301}cole", TextKind::Long), "école");
        assert_eq!(clean_text("x\u{202e}gpj.exe", TextKind::Line), "xgpj.exe");
        assert_eq!(
            clean_text("un\r\ndeux\rtrois\tquatre", TextKind::Long),
            "un\ndeux\ntrois\tquatre"
        );
        assert_eq!(clean_text("un\r\ndeux\tx", TextKind::Line), "un deux x");
        assert_eq!(
            clean_text("\u{feff}مرحبا\u{200f}", TextKind::Line),
            "مرحبا\u{200f}"
        );
        assert_eq!(
            clean_text("\u{85}\u{9f}\u{7f}ok\u{fffe}", TextKind::Line),
            "ok"
        );
        assert!(is_clean("J'ai un rdv à la CAF 🙂", TextKind::Line));
    }

    /// The rules without NFC (what the phone runs before the browser composes): the same
    /// removals, line ends and tabs; only composition is left to the caller.
    #[test]
    fn text_at_the_door_before_nfc() {
        let before = |v: &str, kind| clean_text_before_nfc(v, kind);
        assert_eq!(before("a\u{0}b", TextKind::Long), "ab");
        assert_eq!(before("e\u{301}cole", TextKind::Long), "e\u{301}cole");
        assert_eq!(before("e\u{0}\u{301}", TextKind::Long), "e\u{301}");
        assert_eq!(before("x\u{202e}gpj.exe", TextKind::Line), "xgpj.exe");
        assert_eq!(
            before("un\r\ndeux\rtrois\tquatre", TextKind::Long),
            "un\ndeux\ntrois\tquatre"
        );
        assert_eq!(before("un\r\ndeux\tx", TextKind::Line), "un deux x");
        assert_eq!(
            before("\u{feff}مرحبا\u{200f}", TextKind::Line),
            "مرحبا\u{200f}"
        );
        assert_eq!(before("\u{85}\u{9f}\u{7f}ok\u{fffe}", TextKind::Line), "ok");
        #[cfg(not(feature = "nfc"))]
        assert_eq!(clean_text("e\u{301}\u{0}", TextKind::Line), "e\u{301}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn cleaned_text_is_clean_and_stable(text in "\\PC*|[\\x00-\\x{200}\\x{2000}-\\x{2070}\\x{fe00}-\\x{ffff}]{0,40}") {
            for kind in [TextKind::Line, TextKind::Long] {
                let once = clean_text(&text, kind);
                proptest::prop_assert_eq!(clean_text(&once, kind), once.clone());
                proptest::prop_assert!(!once.chars().any(|c| is_removed(c) || c == '\r'));
                if kind == TextKind::Line {
                    proptest::prop_assert!(!once.contains(['\n', '\t']));
                }
                // The phone's path (rules here, NFC by the browser) gives the server's text.
                #[cfg(feature = "nfc")]
                {
                    use unicode_normalization::UnicodeNormalization;
                    let phone: String = clean_text_before_nfc(&text, kind).nfc().collect();
                    proptest::prop_assert_eq!(phone, once.clone());
                }
                #[cfg(not(feature = "nfc"))]
                proptest::prop_assert_eq!(clean_text_before_nfc(&text, kind), once.clone());
            }
        }
    }

    #[test]
    fn clean() {
        assert_eq!(clean_optional(Some("  a ")), Some("a".into()));
        assert_eq!(clean_optional(Some("   ")), None);
        assert_eq!(char_len("élève"), 5);
    }
}
