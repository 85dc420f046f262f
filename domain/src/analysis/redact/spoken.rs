//! Phone numbers spelt out in words, as a resident dictates them: `zéro six, trente-neuf,
//! quatre-vingt-dix-huit, douze, quarante-trois`.

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
