//! Numbers as people type them on a phone. The field keeps the raw text (`2,`, `-`, `0.`) and
//! only this module turns it into a value, so a half-typed number is never re-rendered into
//! another one (`2.5` used to become `52`).

/// The value of what was typed, if it is a whole number: optional sign (`-`, `+` or `−`),
/// digits with one decimal separator (`.` or `,`: `2,5`, `2.5`, `,5`, `2.`), spaces between
/// digit groups allowed (`1 200`, including no-break spaces). `None` for anything else: empty,
/// a lone sign or separator, letters, exponents, `inf`/`NaN`, two separators.
pub fn parse(raw: &str) -> Option<f64> {
    let mut text = String::with_capacity(raw.len());
    let mut chars = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'))
        .peekable();
    match chars.peek() {
        Some('-' | '−') => {
            text.push('-');
            chars.next();
        }
        Some('+') => {
            chars.next();
        }
        _ => {}
    }
    let mut digits = 0usize;
    let mut separators = 0usize;
    for c in chars {
        match c {
            '0'..='9' => {
                digits = digits.saturating_add(1);
                text.push(c);
            }
            '.' | ',' => {
                separators = separators.saturating_add(1);
                text.push('.');
            }
            _ => return None,
        }
    }
    if digits == 0 || separators > 1 {
        return None;
    }
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// A number as a French or English reader writes it: `2,5` / `2.5`, no trailing `.0`.
pub fn show(n: f64, french: bool) -> String {
    let text = if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    };
    if french {
        text.replace('.', ",")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_people_type() {
        assert_eq!(parse("2.5"), Some(2.5));
        assert_eq!(parse("2,5"), Some(2.5));
        assert_eq!(parse("0.5"), Some(0.5));
        assert_eq!(parse(",5"), Some(0.5));
        assert_eq!(parse("2."), Some(2.0));
        assert_eq!(parse("2,"), Some(2.0));
        assert_eq!(parse("-3"), Some(-3.0));
        assert_eq!(parse("−3"), Some(-3.0));
        assert_eq!(parse("+4"), Some(4.0));
        assert_eq!(parse(" 1 200 "), Some(1200.0));
        assert_eq!(parse("1\u{202f}200,75"), Some(1200.75));
        assert_eq!(parse("007"), Some(7.0));
    }

    #[test]
    fn not_numbers() {
        for text in [
            "", " ", "-", "+", ".", ",", "-.", "2.5.1", "2,5,", "1e5", "inf", "NaN", "abc",
            "2 ans", "--3", "3-", "½", "٣",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn shown_in_each_language() {
        assert_eq!(show(2.5, true), "2,5");
        assert_eq!(show(2.5, false), "2.5");
        assert_eq!(show(-3.0, true), "-3");
        assert_eq!(show(10.0, false), "10");
    }
}
