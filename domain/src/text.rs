//! Small text rules shared by every free-text field.

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
    fn clean() {
        assert_eq!(clean_optional(Some("  a ")), Some("a".into()));
        assert_eq!(clean_optional(Some("   ")), None);
        assert_eq!(char_len("élève"), 5);
    }
}
