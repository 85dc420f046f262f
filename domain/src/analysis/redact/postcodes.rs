//! Postcodes: five digits (`44300`, `44 300`) where a postcode is written — beside a town,
//! after an address, announced, in brackets, or alone when it is one of the department the app
//! serves.

use super::places::is_digits;
use super::{PiiKind, Scan, Span};
use crate::analysis::normalise::is_stop_word;

/// A postcode at word `i`: `44300`, or `44 300` in two words. Its last word.
fn postcode_at(scan: &Scan<'_>, i: usize) -> Option<usize> {
    let folded = scan.folded(i);
    let dept_ok = |d: &str| {
        let dept: u32 = d.parse().unwrap_or(0);
        (1..=95).contains(&dept) || dept == 97 || dept == 98
    };
    if is_digits(folded, 5) && folded.len() == 5 {
        return folded.get(..2).filter(|d| dept_ok(d)).map(|_| i);
    }
    let next = i.checked_add(1)?;
    let rest = scan.folded(next);
    (is_digits(folded, 2)
        && folded.len() == 2
        && dept_ok(folded)
        && is_digits(rest, 3)
        && rest.len() == 3
        && scan.gap(next) == " ")
        .then_some(next)
}

/// Five digits alone that are a postcode of the department the app serves (`44…0`), where a
/// postcode is written: after a stop or a verb of writing (`… rien. 44300`, `ils ont écrit
/// 44200 au lieu de 44000`: a second soon after a first), before a stop or a small word (`au lieu`, not `euros`).
fn local_postcode(scan: &Scan<'_>, i: usize, last: usize, found: &[Span]) -> bool {
    let folded = scan.folded(i);
    if last != i || !folded.starts_with("44") || !folded.ends_with('0') {
        return false;
    }
    // `c'est écrit en gros 44000`: a verb of writing a few words before.
    let written = (i.saturating_sub(3)..i).any(|k| {
        matches!(
            scan.folded(k),
            "ecrit" | "ecrire" | "marque" | "mis" | "met" | "mets" | "indique"
        )
    });
    // `on est en 44100 et…`: a place given by its postcode.
    let in_postcode = i.checked_sub(1).is_some_and(|k| scan.folded(k) == "en");
    let next = last.saturating_add(1);
    let ends = scan.clause_break(next) || is_stop_word(scan.folded(next));
    // A second one soon after a first (`44200 au lieu de 44000`).
    let after_one = found
        .last()
        .is_some_and(|s| s.kind == PiiKind::Postcode && scan.start(i).saturating_sub(s.end) <= 16);
    (i == 0 || scan.clause_break(i) || written || after_one || in_postcode) && ends
}

/// A French postcode (`44300`, `44 300`): next to a town (`44300 Nantes`), after an address or
/// a flat (`9 rue Renoir, appt 45, 44100`; `addresses_end`: where those spans end), in brackets
/// (`(44800)`), or announced (`code postal`, `CP`, `cedex`).
pub(super) fn postcodes(scan: &Scan<'_>, addresses_end: &[usize], out: &mut Vec<Span>) {
    let n = scan.len();
    for i in 0..n {
        let Some(last) = postcode_at(scan, i) else {
            continue;
        };
        // Part of a longer number (`1 200 000`, a phone): not a postcode.
        let all_digits = |k: usize| scan.folded(k).bytes().all(|b| b.is_ascii_digit());
        // Word `k` glued to a number before it.
        let glued = |k: usize| {
            matches!(scan.gap(k), " " | "." | "-") && k.checked_sub(1).is_some_and(all_digits)
        };
        let next = last.saturating_add(1);
        if glued(i) || (next < n && glued(next) && all_digits(next)) {
            continue;
        }
        let next_town = next < n
            && matches!(scan.gap(next), " " | ", ")
            && (scan.is_capitalised(next)
                || super::names::is_known_place(scan.folded(next))
                || scan.folded(next) == "cedex");
        let after_address = addresses_end
            .iter()
            .any(|&e| scan.start(i).checked_sub(e).is_some_and(|d| d <= 3));
        let announced = (i.saturating_sub(3)..i).any(|k| matches!(scan.folded(k), "postal" | "cp"));
        // Five digits alone in brackets: `côté Saint-Herblain (44800)`.
        let bracketed = last == i
            && scan.gap(i).ends_with('(')
            && (next >= n || scan.gap(next).starts_with(')'));
        if next_town
            || after_address
            || announced
            || bracketed
            || local_postcode(scan, i, last, out)
        {
            out.push(Span {
                kind: PiiKind::Postcode,
                start: scan.start(i),
                end: scan.end(last),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Scan;
    use super::*;

    #[test]
    fn postcodes_next_to_a_town_or_announced() {
        let pc = |text: &str| {
            let scan = Scan::new(text);
            let mut out = Vec::new();
            postcodes(&scan, &[], &mut out);
            out.into_iter()
                .map(|s| text[s.start..s.end].to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(pc("44300 Nantes"), vec!["44300"]);
        assert_eq!(pc("à 44400 rezé"), vec!["44400"]);
        assert_eq!(pc("code postal 44000"), vec!["44000"]);
        assert!(pc("15000 euros de travaux").is_empty());
        assert!(pc("10000 habitants").is_empty());
        assert!(pc("1 200 000 euros").is_empty());
        assert!(pc("en 2024, 12000 personnes").is_empty());
        assert_eq!(pc("côté Saint-Herblain (44800), la mairie"), vec!["44800"]);
        assert_eq!(pc("code postal 44 300"), vec!["44 300"]);
        assert_eq!(pc("à 44 300 Nantes"), vec!["44 300"]);
        assert!(pc("44 300 euros").is_empty());
        assert!(pc("1 44 300 euros").is_empty());
        assert!(pc("(15000 euros)").is_empty());
        assert!(pc("en (2024)").is_empty());
        // Alone, a postcode of the department the app serves (44) and not an amount.
        assert_eq!(pc("Personne nous dit rien. 44300"), vec!["44300"]);
        assert_eq!(
            pc("ils avaient écrit 44200 au lieu de 44000 sur l'enveloppe"),
            vec!["44200", "44000"]
        );
        assert_eq!(pc("c'est écrit en gros 44000 et mon nom"), vec!["44000"]);
        assert_eq!(pc("On est en 44100 et le livreur refuse"), vec!["44100"]);
        assert_eq!(pc("Sur les courriers on met 44800 mais"), vec!["44800"]);
        assert!(pc("en 44000 exemplaires").is_empty());
        assert!(pc("44000 euros").is_empty());
        assert!(pc("on était 44000 au stade").is_empty());
        assert!(pc("la facture: 14300").is_empty());
    }
}
