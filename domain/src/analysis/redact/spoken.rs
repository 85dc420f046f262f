//! Phone numbers and e-mail addresses said in words, as a resident dictates them or hides them
//! from robots: `zéro six, trente-neuf, quatre-vingt-dix-huit, douze, quarante-trois`,
//! `k.benamara arobase gmail point com`, `fatou.sow(at)free.fr`.

use super::{PiiKind, Scan, Span};

/// `zéro` to `seize`, folded.
const UNITS: [&str; 17] = [
    "zero", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
    "douze", "treize", "quatorze", "quinze", "seize",
];

fn unit(folded: &str) -> Option<u32> {
    if folded == "une" {
        return Some(1);
    }
    (0u32..)
        .zip(UNITS)
        .find(|(_, w)| *w == folded)
        .map(|(v, _)| v)
}

fn tens(folded: &str) -> Option<u32> {
    match folded {
        "vingt" | "vingts" => Some(20),
        "trente" => Some(30),
        "quarante" => Some(40),
        "cinquante" => Some(50),
        "soixante" => Some(60),
        _ => None,
    }
}

/// Whether words `k - 1` and `k` belong to one number (`trente-neuf`, `dix sept`).
fn joined(scan: &Scan<'_>, k: usize) -> bool {
    matches!(scan.gap(k), "-" | " ")
}

/// The units of a number from word `k`: `un` to `seize`, or `dix-sept` to `dix-neuf`. Their value
/// and last word.
fn units_at(scan: &Scan<'_>, k: usize) -> Option<(u32, usize)> {
    let u = unit(scan.folded(k)).filter(|&u| u > 0)?;
    let next = k.saturating_add(1);
    if u == 10 && joined(scan, next) {
        if let Some(v) = unit(scan.folded(next)).filter(|v| (7..=9).contains(v)) {
            return Some((v.saturating_add(10), next));
        }
    }
    Some((u, k))
}

/// A number from 0 to 99 in words from word `k`: its value, its last word and whether it was
/// said as one digit (`zéro`, `six`), so that `zéro six` reads `06`.
fn number_at(scan: &Scan<'_>, k: usize) -> Option<(u32, usize, bool)> {
    let next = k.saturating_add(1);
    let (ten, ten_last) = if scan.folded(k) == "quatre"
        && matches!(scan.folded(next), "vingt" | "vingts")
        && joined(scan, next)
    {
        (80, next)
    } else if let Some(t) = tens(scan.folded(k)) {
        (t, k)
    } else if scan.folded(k) == "zero" {
        return Some((0, k, true));
    } else if let Some(v) = two_digits(scan.folded(k)) {
        // `zéro six, 12, 45, soixante-dix-huit, 90`: digits and words mixed.
        return Some((v, k, false));
    } else {
        let (u, last) = units_at(scan, k)?;
        return Some((u, last, u < 10));
    };
    // `vingt et un`, `soixante et onze`.
    let mut u_at = ten_last.saturating_add(1);
    if scan.folded(u_at) == "et" && joined(scan, u_at) {
        u_at = u_at.saturating_add(1);
    }
    let max = if ten == 60 || ten == 80 { 19 } else { 9 };
    let units = joined(scan, u_at)
        .then(|| units_at(scan, u_at))
        .flatten()
        .filter(|&(u, _)| u <= max);
    Some(match units {
        Some((u, last)) => (ten.saturating_add(u), last, false),
        None => (ten, ten_last, false),
    })
}

/// A number from 1 to 99 said in words from word `i` (`vingt-deux`): its value and last word.
pub(super) fn number_in_words(scan: &Scan<'_>, i: usize) -> Option<(u32, usize)> {
    let folded = scan.folded(i);
    if two_digits(folded).is_some() || folded == "zero" {
        return None;
    }
    number_at(scan, i).map(|(value, last, _)| (value, last))
}

fn two_digits(folded: &str) -> Option<u32> {
    (folded.len() == 2 && folded.bytes().all(|b| b.is_ascii_digit()))
        .then(|| folded.parse().ok())
        .flatten()
}

/// What may stand between two numbers of a dictated phone number.
fn between_numbers(gap: &str) -> bool {
    !gap.is_empty() && gap.chars().all(|c| matches!(c, ' ' | ',' | '-' | '.'))
}

/// Ten digits starting with `zéro` and a non-zero digit, said in words.
pub(super) fn spoken_phones(scan: &Scan<'_>, out: &mut Vec<Span>) {
    let n = scan.len();
    let mut i = 0usize;
    while i < n {
        let next = i.saturating_add(1);
        if scan.folded(i) != "zero" {
            i = next;
            continue;
        }
        let mut digits = String::new();
        let mut k = i;
        let mut last = i;
        while k < n && digits.len() < 10 {
            if k > i && !between_numbers(scan.gap(k)) {
                break;
            }
            let Some((value, end, one_digit)) = number_at(scan, k) else {
                break;
            };
            if one_digit {
                digits.push(char::from_digit(value, 10).unwrap_or('0'));
            } else {
                digits.push_str(&format!("{value:02}"));
            }
            last = end;
            k = end.saturating_add(1);
        }
        let national = digits.len() == 10 && digits.get(1..2).is_some_and(|d| d != "0");
        if national {
            out.push(Span {
                kind: PiiKind::Phone,
                start: scan.start(i),
                end: scan.end(last),
            });
            i = last.saturating_add(1);
        } else {
            i = next;
        }
    }
}

/// Words standing for `@`, folded.
fn is_at(folded: &str) -> bool {
    matches!(folded, "arobase" | "arrobase" | "arobaz" | "arobas" | "at")
}

/// Words standing for a dot, folded.
fn is_dot_word(folded: &str) -> bool {
    matches!(folded, "point" | "dot")
}

/// Top-level domains a resident's address ends with.
fn is_tld(folded: &str) -> bool {
    matches!(
        folded,
        "fr" | "com"
            | "net"
            | "org"
            | "eu"
            | "be"
            | "ch"
            | "info"
            | "io"
            | "biz"
            | "re"
            | "ma"
            | "dz"
            | "tn"
            | "sn"
            | "pt"
            | "es"
            | "it"
            | "de"
            | "uk"
            | "co"
            | "me"
    )
}

/// A dot between two parts of an address, written as a sign (`.`, `[.]`, `(.)`) or a word
/// (`point`, `dot`): the word after it, if it is a part.
fn dot_then_part(scan: &Scan<'_>, k: usize) -> Option<usize> {
    let next = k.saturating_add(1);
    let sign = scan.gap(next).trim_matches([' ', '[', ']', '(', ')']) == ".";
    if sign && (!scan.gap(next).contains(' ') || scan.gap(next).contains(['[', '('])) {
        return Some(next);
    }
    let after = next.saturating_add(1);
    (is_dot_word(scan.folded(next))
        && scan.gap(next) == " "
        && scan.gap(after) == " "
        && after < scan.len())
    .then_some(after)
}

/// `@` written as a word: `arobase`, `at`, `(at)`, `[at]`.
fn at_sign(scan: &Scan<'_>, a: usize) -> bool {
    let before = scan.gap(a).trim_start_matches(' ');
    let after = scan.gap(a.saturating_add(1)).trim_end_matches(' ');
    is_at(scan.folded(a)) && matches!((before, after), ("", "") | ("(", ")") | ("[", "]")) && a > 0
}

/// E-mail addresses with `@` or dots in words: from the first word of the local part to the
/// top-level domain.
pub(super) fn spoken_emails(scan: &Scan<'_>, out: &mut Vec<Span>) {
    for a in 0..scan.len() {
        if !at_sign(scan, a) {
            continue;
        }
        // The domain: parts joined by dots, ending with a known top-level domain.
        let mut k = a.saturating_add(1);
        let mut end = None;
        while let Some(part) = dot_then_part(scan, k) {
            if is_tld(scan.folded(part)) {
                end = Some(part);
            }
            k = part;
        }
        let Some(end) = end.filter(|_| k > a) else {
            continue;
        };
        // The local part: words joined by `.`, `_`, `-` or a dot said as a word.
        let mut start = a.saturating_sub(1);
        loop {
            let glued = matches!(scan.gap(start), "." | "_" | "-");
            let prev = start.checked_sub(1);
            if glued && start > 0 {
                start = start.saturating_sub(1);
            } else if let Some(p) = prev.filter(|&p| {
                is_dot_word(scan.folded(p)) && scan.gap(start) == " " && p > 0 && scan.gap(p) == " "
            }) {
                start = p.saturating_sub(1);
            } else {
                break;
            }
        }
        out.push(Span {
            kind: PiiKind::Email,
            start: scan.start(start),
            end: scan.end(end),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<String> {
        let scan = Scan::new(text);
        let mut out = Vec::new();
        spoken_phones(&scan, &mut out);
        out.into_iter()
            .map(|s| text[s.start..s.end].to_owned())
            .collect()
    }

    fn value(text: &str) -> Option<u32> {
        let scan = Scan::new(text);
        number_at(&scan, 0)
            .filter(|(_, last, _)| last.saturating_add(1) == scan.len())
            .map(|(v, _, _)| v)
    }

    #[test]
    fn numbers_in_words() {
        for (text, v) in [
            ("zéro", 0),
            ("six", 6),
            ("douze", 12),
            ("dix-sept", 17),
            ("vingt", 20),
            ("vingt et un", 21),
            ("trente-neuf", 39),
            ("quarante-trois", 43),
            ("soixante-dix", 70),
            ("soixante et onze", 71),
            ("soixante-dix-neuf", 79),
            ("quatre-vingts", 80),
            ("quatre-vingt-un", 81),
            ("quatre-vingt-dix-huit", 98),
            ("quatre vingt quatre", 84),
        ] {
            assert_eq!(value(text), Some(v), "{text}");
        }
    }

    #[test]
    fn dictated_phone_numbers() {
        let spoken = "Zéro six, trente-neuf, quatre-vingt-dix-huit, douze, quarante-trois";
        assert_eq!(
            found(&format!("Mon numéro ? {spoken}. Vous demandez Aïcha")),
            vec![spoken]
        );
        assert_eq!(
            found("c zero sept soixante et onze zero deux dix-huit vingt merci"),
            vec!["zero sept soixante et onze zero deux dix-huit vingt"]
        );
    }

    #[test]
    fn digits_and_words_mixed() {
        let spoken = "zéro six, 12, 45, soixante-dix-huit, 90";
        assert_eq!(
            found(&format!("mon numéro c'est {spoken}, le soir")),
            vec![spoken]
        );
    }

    fn emails(text: &str) -> Vec<String> {
        let scan = Scan::new(text);
        let mut out = Vec::new();
        spoken_emails(&scan, &mut out);
        out.into_iter()
            .map(|s| text[s.start..s.end].to_owned())
            .collect()
    }

    #[test]
    fn e_mail_addresses_in_words() {
        for (text, email) in [
            (
                "mon mail c'est k.benamara arobase gmail point com, Karim",
                "k.benamara arobase gmail point com",
            ),
            (
                "fatou.sow(at)free.fr c'est mon mail",
                "fatou.sow(at)free.fr",
            ),
            (
                "nono44 [at] orange [.] fr → c Arnaud",
                "nono44 [at] orange [.] fr",
            ),
            (
                "Pour me recontacter : moussa_diallo at hotmail dot fr (Moussa",
                "moussa_diallo at hotmail dot fr",
            ),
            (
                "mon mail c nadia point h arobase hotmail point fr, vous",
                "nadia point h arobase hotmail point fr",
            ),
        ] {
            assert_eq!(emails(text), vec![email], "{text}");
        }
    }

    #[test]
    fn words_that_are_not_e_mails() {
        for text in [
            "I live at 15 rue du Bois",
            "look at the park. Com'on",
            "rendez-vous at home point final",
            "arobase",
            "c'est un point fort, at least",
        ] {
            assert!(emails(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn other_numbers_in_words_stay() {
        for text in [
            "zéro six, trente-neuf",
            "on était trente, quarante, cinquante, soixante, zéro problème",
            "zéro zéro un deux trois quatre cinq six sept huit",
            "zéro",
        ] {
            assert!(found(text).is_empty(), "{text}");
        }
    }
}
