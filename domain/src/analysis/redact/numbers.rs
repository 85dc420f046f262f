//! Scanners for personal data made of digits and symbols: e-mails, phone numbers,
//! social-security numbers, IBANs, licence plates. Hand-written (no regex): they run on every
//! keystroke on the phone and on every testimony at ingest.

use super::{PiiKind, Span};

fn is_alnum(c: char) -> bool {
    c.is_alphanumeric()
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

fn char_at(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

/// `local@domain.tld`, the local part made of letters, digits and `._%+-`.
pub(super) fn emails(text: &str, out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    for (at, _) in text.match_indices('@') {
        let local_ok = |b: u8| b.is_ascii_alphanumeric() || b"._%+-".contains(&b);
        let mut start = at;
        while start > 0 && local_ok(bytes[start - 1]) {
            start -= 1;
        }
        while start < at && !bytes[start].is_ascii_alphanumeric() {
            start += 1;
        }
        let domain_ok = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'.';
        let mut end = at + 1;
        while end < bytes.len() && domain_ok(bytes[end]) {
            end += 1;
        }
        while end > at + 1 && !bytes[end - 1].is_ascii_alphanumeric() {
            end -= 1;
        }
        let domain = &text[at + 1..end];
        let tld_ok = domain.rsplit_once('.').is_some_and(|(name, tld)| {
            !name.is_empty() && tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic())
        });
        if start < at && tld_ok {
            out.push(Span {
                kind: PiiKind::Email,
                start,
                end,
            });
        }
    }
}

/// A run of digit groups separated by one space, dot or dash: `06 12 34 56 78`, `+33 (0)6…`.
struct Chain {
    /// Byte range and digits of each group.
    groups: Vec<(usize, usize)>,
    plus: bool,
}

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '.' | '-' | '\u{a0}' | '\u{202f}')
}

fn read_chain(text: &str, from: usize) -> (Chain, usize) {
    let bytes = text.as_bytes();
    let mut at = from;
    let plus = bytes.get(at) == Some(&b'+');
    if plus {
        at += 1;
    }
    let mut groups: Vec<(usize, usize)> = Vec::new();
    loop {
        let start = at;
        while at < bytes.len() && bytes[at].is_ascii_digit() {
            at += 1;
        }
        if at == start {
            break;
        }
        groups.push((start, at));
        // `+33 (0)6…`: the trunk zero in brackets after the country code.
        if plus && groups.len() == 1 {
            let rest = &text[at..];
            let skip = if rest.starts_with(" (0)") {
                4
            } else if rest.starts_with("(0)") {
                3
            } else {
                0
            };
            if skip > 0 {
                groups.push((at + skip - 2, at + skip - 1));
                at += skip;
                if bytes.get(at).is_some_and(u8::is_ascii_digit) {
                    continue;
                }
            }
        }
        let Some(sep) = char_at(text, at) else { break };
        let after = at + sep.len_utf8();
        if is_separator(sep) && bytes.get(after).is_some_and(u8::is_ascii_digit) {
            at = after;
        } else {
            break;
        }
    }
    let end = groups.last().map_or(from, |g| g.1);
    (Chain { groups, plus }, end)
}

/// Phone numbers (national `0X…` in ten digits however grouped, `+33`, `0033`, other `+` codes)
/// and French social-security numbers (13 digits, or 15 with the key, starting 1, 2, 7 or 8).
pub(super) fn digit_runs(text: &str, out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let mut at = 0usize;
    while at < bytes.len() {
        let b = bytes[at];
        let starts = (b.is_ascii_digit()
            || (b == b'+' && bytes.get(at + 1).is_some_and(u8::is_ascii_digit)))
            && !char_before(text, at).is_some_and(|c| is_alnum(c) || c == '+');
        if !starts {
            at += 1;
            continue;
        }
        let (chain, end) = read_chain(text, at);
        if chain.groups.is_empty() {
            at += 1;
            continue;
        }
        let next_is_word = char_at(text, end).is_some_and(is_alnum);
        match classify(text, &chain) {
            Some((kind, used)) if !(next_is_word && used == chain.groups.len()) => {
                out.push(Span {
                    kind,
                    start: at,
                    end: chain.groups[used - 1].1,
                });
                at = chain.groups[used - 1].1;
            }
            _ => at = end.max(at + 1),
        }
    }
}

/// What the first groups of a chain are, and how many groups that takes.
fn classify(text: &str, chain: &Chain) -> Option<(PiiKind, usize)> {
    let groups = &chain.groups;
    let mut digits = String::new();
    for (used, group) in groups.iter().enumerate() {
        digits.push_str(&text[group.0..group.1]);
        let n = digits.len();
        let used = used + 1;
        let last = used == groups.len();
        if chain.plus {
            // +33 then nine digits, or +33 (0) then ten.
            let national = if digits.starts_with("330") {
                12
            } else if digits.starts_with("33") {
                11
            } else {
                0
            };
            if n == national || (national == 0 && (10..=14).contains(&n) && last) {
                return Some((PiiKind::Phone, used));
            }
        } else if digits.starts_with("00") {
            if (digits.starts_with("0033") && n == 13)
                || (!digits.starts_with("0033") && (11..=15).contains(&n) && last)
            {
                return Some((PiiKind::Phone, used));
            }
        } else if digits.starts_with('0') {
            if n == 10 && digits.as_bytes()[1] != b'0' {
                return Some((PiiKind::Phone, used));
            }
        } else if matches!(digits.as_bytes()[0], b'1' | b'2' | b'7' | b'8')
            && (n == 15 || (n == 13 && last))
            && plausible_nir(&digits)
        {
            return Some((PiiKind::SocialSecurity, used));
        }
        if n > 15 {
            break;
        }
    }
    None
}

/// Sex, year, month (01–12, or 20–42 and 50–99 for special cases) of a NIR.
fn plausible_nir(digits: &str) -> bool {
    let month: u32 = digits.get(3..5).and_then(|m| m.parse().ok()).unwrap_or(0);
    (1..=12).contains(&month) || (20..=42).contains(&month) || month >= 50
}

/// IBAN: two letters, two check digits, then 11 to 30 letters or digits, grouped by four or not.
pub(super) fn ibans(text: &str, out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let mut at = 0usize;
    while at + 4 <= bytes.len() {
        let starts = bytes[at].is_ascii_alphabetic()
            && bytes[at + 1].is_ascii_alphabetic()
            && bytes[at + 2].is_ascii_digit()
            && bytes[at + 3].is_ascii_digit()
            && !char_before(text, at).is_some_and(is_alnum)
            && (bytes[at].is_ascii_uppercase() == bytes[at + 1].is_ascii_uppercase());
        if !starts {
            at += 1;
            continue;
        }
        let mut end = at + 4;
        let mut count = 4usize;
        let mut digits = 2usize;
        loop {
            let spaced = bytes.get(end) == Some(&b' ');
            let run_start = if spaced { end + 1 } else { end };
            let mut probe = run_start;
            while probe < bytes.len() && bytes[probe].is_ascii_alphanumeric() {
                probe += 1;
            }
            let run = &text[run_start..probe];
            // Groups of four when spaced, one block otherwise; never lower-case words.
            let group_ok = !run.is_empty()
                && !run.bytes().any(|b| b.is_ascii_lowercase())
                && (!spaced || run.len() <= 4)
                && count + run.len() <= 34;
            if !group_ok {
                break;
            }
            count += run.len();
            digits += run.bytes().filter(u8::is_ascii_digit).count();
            end = probe;
        }
        if (15..=34).contains(&count)
            && digits * 2 >= count
            && !char_at(text, end).is_some_and(is_alnum)
        {
            out.push(Span {
                kind: PiiKind::Iban,
                start: at,
                end,
            });
            at = end;
        } else {
            at += 1;
        }
    }
}

/// Licence plates: `AB-123-CD` (since 2009, also with spaces or none) and the older
/// `1234 AB 44` / `123 ABC 975`.
pub(super) fn plates(text: &str, out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let boundary_before = |at: usize| !char_before(text, at).is_some_and(is_alnum);
    let boundary_after = |at: usize| !char_at(text, at).is_some_and(is_alnum);
    let count =
        |from: usize, pred: fn(&u8) -> bool| bytes[from..].iter().take_while(|b| pred(b)).count();
    let sep = |at: usize| match bytes.get(at) {
        Some(b'-') | Some(b' ') => Some(at + 1),
        _ => None,
    };
    let mut at = 0usize;
    while at < bytes.len() {
        if !text.is_char_boundary(at) || !boundary_before(at) {
            at += 1;
            continue;
        }
        // AB-123-CD
        let letters = count(at, u8::is_ascii_alphabetic);
        if letters == 2 {
            let upper = bytes[at].is_ascii_uppercase() && bytes[at + 1].is_ascii_uppercase();
            let dash = bytes.get(at + 2) == Some(&b'-');
            let p = sep(at + 2).unwrap_or(at + 2);
            if (upper || dash) && count(p, u8::is_ascii_digit) == 3 {
                let q = p + 3;
                let r = sep(q).unwrap_or(q);
                let tail_ok = count(r, u8::is_ascii_alphabetic) == 2
                    && (upper
                        == (bytes[r].is_ascii_uppercase() && bytes[r + 1].is_ascii_uppercase()))
                    && (p == at + 2) == (r == q)
                    && boundary_after(r + 2);
                if tail_ok {
                    out.push(Span {
                        kind: PiiKind::Plate,
                        start: at,
                        end: r + 2,
                    });
                    at = r + 2;
                    continue;
                }
            }
        }
        // 1234 AB 44
        let digits = count(at, u8::is_ascii_digit);
        if (1..=4).contains(&digits) {
            if let Some(p) = sep(at + digits) {
                let letters = count(p, u8::is_ascii_uppercase);
                let all_alpha = count(p, u8::is_ascii_alphabetic);
                if (1..=3).contains(&letters) && letters == all_alpha {
                    if let Some(q) =
                        sep(p + letters).filter(|&q| bytes.get(q - 1) == bytes.get(at + digits))
                    {
                        let dept = count(q, u8::is_ascii_digit);
                        if (dept == 2 || dept == 3) && boundary_after(q + dept) {
                            out.push(Span {
                                kind: PiiKind::Plate,
                                start: at,
                                end: q + dept,
                            });
                            at = q + dept;
                            continue;
                        }
                    }
                }
            }
        }
        at += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(scan: fn(&str, &mut Vec<Span>), text: &str) -> Vec<(PiiKind, String)> {
        let mut out = Vec::new();
        scan(text, &mut out);
        out.into_iter()
            .map(|s| (s.kind, text[s.start..s.end].to_owned()))
            .collect()
    }

    fn texts(scan: fn(&str, &mut Vec<Span>), text: &str) -> Vec<String> {
        found(scan, text).into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn emails() {
        assert_eq!(
            texts(super::emails, "écrivez à marc.lemoine@example.com."),
            vec!["marc.lemoine@example.com"]
        );
        assert_eq!(
            texts(super::emails, "(jo_99+asso@mail.nantes-asso.fr)"),
            vec!["jo_99+asso@mail.nantes-asso.fr"]
        );
        assert!(texts(super::emails, "rdv @ la mairie, ou @home").is_empty());
    }

    #[test]
    fn phones_in_every_french_form() {
        for phone in [
            "06 12 34 56 78",
            "0612345678",
            "06.12.34.56.78",
            "06-12-34-56-78",
            "02 40 41 90 00",
            "+33 6 12 34 56 78",
            "+33612345678",
            "+33 (0)6 12 34 56 78",
            "0033 6 12 34 56 78",
            "07 53 21 45 09",
            "+212 6 12 34 56 78",
            "061 234 5678",
        ] {
            let text = format!("appelez le {phone}, merci");
            assert_eq!(
                found(digit_runs, &text),
                vec![(PiiKind::Phone, phone.to_owned())],
                "{phone}"
            );
        }
    }

    #[test]
    fn numbers_that_are_not_phones() {
        for text in [
            "ça coûte 12 €, 3,50 euros",
            "de 18h30 à 20h",
            "la ligne 23 et le C3",
            "en 2024 et 2025",
            "le 12/03/2024",
            "29 élèves par classe",
            "1 200 000 euros",
            "appelez le 3949",
        ] {
            assert!(found(digit_runs, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn social_security_numbers() {
        for nir in [
            "1 85 05 78 006 084 36",
            "185057800608436",
            "2 94 03 75 120 005 22",
            "2940375120005",
        ] {
            let text = format!("mon numéro de sécu {nir}.");
            assert_eq!(
                found(digit_runs, &text),
                vec![(PiiKind::SocialSecurity, nir.to_owned())],
                "{nir}"
            );
        }
    }

    #[test]
    fn ibans() {
        assert_eq!(
            texts(
                super::ibans,
                "RIB : FR76 3000 6000 0112 3456 7890 189, merci"
            ),
            vec!["FR76 3000 6000 0112 3456 7890 189"]
        );
        assert_eq!(
            texts(super::ibans, "iban FR7630006000011234567890189"),
            vec!["FR7630006000011234567890189"]
        );
        assert_eq!(
            texts(super::ibans, "BE68 5390 0754 7034"),
            vec!["BE68 5390 0754 7034"]
        );
        assert!(texts(super::ibans, "le CE12 et la ligne C3 en 2024").is_empty());
        assert_eq!(
            texts(super::ibans, "FR76 3000 6000 0112 3456 7890 189 merci"),
            vec!["FR76 3000 6000 0112 3456 7890 189"]
        );
    }

    #[test]
    fn plates() {
        assert_eq!(
            texts(super::plates, "immatriculée CD-456-EF reste"),
            vec!["CD-456-EF"]
        );
        assert_eq!(texts(super::plates, "plaque AB 123 CD."), vec!["AB 123 CD"]);
        assert_eq!(texts(super::plates, "plaque AB123CD"), vec!["AB123CD"]);
        assert_eq!(
            texts(super::plates, "une vieille 1234 AB 44 et une 123 ABC 975"),
            vec!["1234 AB 44", "123 ABC 975"]
        );
        assert_eq!(texts(super::plates, "ab-123-cd"), vec!["ab-123-cd"]);
    }

    #[test]
    fn numbers_that_are_not_plates() {
        for text in [
            "la ligne C3, le tram 1",
            "12 MAI 2024",
            "en CE1 et CM2",
            "3 km à 18h",
            "le 12 AB",
            "ab 123 cd ef",
        ] {
            assert!(texts(super::plates, text).is_empty(), "{text}");
        }
    }
}
