//! Scanners for personal data made of digits and symbols: e-mails, phone numbers,
//! social-security numbers, IBANs, licence plates. Hand-written (no regex): they run on every
//! keystroke on the phone and on every testimony at ingest.
//!
//! They walk the text by byte offset; every read goes through `get`, so an offset that is past
//! the end or inside a character reads as nothing rather than panicking. The offsets they return
//! follow ASCII bytes, so they are always char boundaries.

use super::{PiiKind, Span};

fn is_alnum(c: char) -> bool {
    c.is_alphanumeric()
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().next_back()
}

fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// How many bytes from `from` on satisfy `pred` (none past the end).
fn count(bytes: &[u8], from: usize, pred: fn(&u8) -> bool) -> usize {
    bytes
        .get(from..)
        .map_or(0, |rest| rest.iter().take_while(|b| pred(b)).count())
}

/// Social networks, by the start of their names.
const NETWORKS: &[&str] = &[
    "insta", "snap", "tiktok", "facebook", "twitter", "whatsapp", "telegram",
];

/// `local@domain.tld`, the local part made of letters, digits and `._%+-`.
pub(super) fn emails(text: &str, out: &mut Vec<Span>) {
    let local_ok = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let domain_ok = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
    for (at, _) in text.match_indices('@') {
        let before = text.get(..at).unwrap_or("");
        let after = text
            .get(at..)
            .and_then(|rest| rest.strip_prefix('@'))
            .unwrap_or("");
        // The run of local-part characters just before `@`, from its first letter or digit.
        let local = before
            .rsplit(|c: char| !local_ok(c))
            .next()
            .unwrap_or("")
            .trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
        // The run of domain characters just after `@`, up to its last letter or digit.
        let domain = after
            .split(|c: char| !domain_ok(c))
            .next()
            .unwrap_or("")
            .trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
        let tld_ok = domain.rsplit_once('.').is_some_and(|(name, tld)| {
            !name.is_empty() && tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic())
        });
        if !local.is_empty() && tld_ok {
            out.push(Span {
                kind: PiiKind::Email,
                start: at.saturating_sub(local.len()),
                end: at.saturating_add(1).saturating_add(domain.len()),
            });
        } else if !char_before(text, at).is_some_and(is_alnum) {
            // `@lea_portboyd`: a handle on a social network names a person.
            let handle = after
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.'))
                .count();
            let name = after.get(..handle).unwrap_or("").trim_end_matches('.');
            // `@home` is a word; `@fatou44`, `@lea_portboyd` or a handle next to the network's
            // name are people.
            let marked = name.contains(['_', '.']) || name.bytes().any(|b| b.is_ascii_digit());
            let around = text
                .get(super::floor_boundary(text, at.saturating_sub(40))..)
                .unwrap_or("")
                .chars()
                .take(100)
                .collect::<String>()
                .to_lowercase();
            let network = NETWORKS.iter().any(|n| around.contains(n));
            // `@instagram`, `@Nantes_Metropole`: a network or an institution, not a person.
            let institution = name
                .split(['_', '.'])
                .filter(|part| !part.is_empty())
                .all(|part| {
                    let part = part.to_lowercase();
                    super::names::is_known_place(&part)
                        || NETWORKS.iter().any(|n| part.starts_with(n))
                });
            let handle = name.len();
            if handle >= 3 && (marked || network) && !institution {
                out.push(Span {
                    kind: PiiKind::Name,
                    start: at,
                    end: at.saturating_add(1).saturating_add(handle),
                });
            }
        }
    }
}

/// A run of digit groups separated by one space, dot, dash or slash: `06 12 34 56 78`,
/// `06/12/34/56/78`, `+33 (0)6…`.
struct Chain {
    /// Byte range of each group.
    groups: Vec<(usize, usize)>,
    plus: bool,
}

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '.' | '-' | '/' | '\u{a0}' | '\u{202f}')
}

fn read_chain(text: &str, from: usize) -> (Chain, usize) {
    let bytes = text.as_bytes();
    let plus = bytes.get(from) == Some(&b'+');
    let mut at = if plus { from.saturating_add(1) } else { from };
    let mut groups: Vec<(usize, usize)> = Vec::new();
    loop {
        let start = at;
        at = at.saturating_add(count(bytes, at, u8::is_ascii_digit));
        if at == start {
            break;
        }
        groups.push((start, at));
        // `+33 (0)6…`: the trunk zero in brackets after the country code.
        if plus && groups.len() == 1 {
            let rest = text.get(at..).unwrap_or("");
            // (bytes to skip, offset of the zero)
            let bracket = if rest.starts_with(" (0)") {
                Some((4, 2))
            } else if rest.starts_with("(0)") {
                Some((3, 1))
            } else {
                None
            };
            if let Some((skip, zero)) = bracket {
                let zero = at.saturating_add(zero);
                groups.push((zero, zero.saturating_add(1)));
                at = at.saturating_add(skip);
                if bytes.get(at).is_some_and(u8::is_ascii_digit) {
                    continue;
                }
            }
        }
        let Some(sep) = char_at(text, at) else { break };
        let after = at.saturating_add(sep.len_utf8());
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
    while let Some(&b) = bytes.get(at) {
        let next = at.saturating_add(1);
        let starts = (b.is_ascii_digit()
            || (b == b'+' && bytes.get(next).is_some_and(u8::is_ascii_digit)))
            && !char_before(text, at).is_some_and(|c| is_alnum(c) || c == '+');
        if !starts {
            at = next;
            continue;
        }
        let (chain, end) = read_chain(text, at);
        if chain.groups.is_empty() {
            at = next;
            continue;
        }
        let next_is_word = char_at(text, end).is_some_and(is_alnum);
        match classify(text, &chain) {
            Some(found) if !(next_is_word && found.used == chain.groups.len()) => {
                out.push(Span {
                    kind: found.kind,
                    start: at,
                    end: found.end,
                });
                at = found.end;
            }
            _ => at = end.max(next),
        }
    }
}

/// What the first groups of a chain are.
struct Classified {
    kind: PiiKind,
    /// How many groups it takes.
    used: usize,
    /// Where the last of them ends.
    end: usize,
}

fn classify(text: &str, chain: &Chain) -> Option<Classified> {
    let groups = &chain.groups;
    let mut digits = String::new();
    for (used, &(start, end)) in (1..).zip(groups) {
        digits.push_str(text.get(start..end).unwrap_or(""));
        let n = digits.len();
        let last = used == groups.len();
        let found = |kind| Some(Classified { kind, used, end });
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
                return found(PiiKind::Phone);
            }
        } else if digits.starts_with("00") {
            if (digits.starts_with("0033") && n == 13)
                || (!digits.starts_with("0033") && (11..=15).contains(&n) && last)
            {
                return found(PiiKind::Phone);
            }
        } else if digits.starts_with('0') {
            // The second digit is not `0` here: `00…` is the branch above.
            if n == 10 {
                return found(PiiKind::Phone);
            }
        } else if digits.starts_with(['1', '2', '7', '8'])
            && (n == 15 || (n == 13 && last))
            && plausible_nir(&digits)
        {
            return found(PiiKind::SocialSecurity);
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
    while let Some(head) = bytes.get(at..at.saturating_add(4)) {
        let glued = matches!(head, [a, b, c, d]
            if a.is_ascii_alphabetic()
                && b.is_ascii_alphabetic()
                && c.is_ascii_digit()
                && d.is_ascii_digit()
                && a.is_ascii_uppercase() == b.is_ascii_uppercase());
        // `FR 76 1558 …`: the country code apart from its check digits (upper case only).
        let spaced = matches!(bytes.get(at..at.saturating_add(5)), Some([a, b, b' ', c, d])
            if a.is_ascii_uppercase() && b.is_ascii_uppercase() && c.is_ascii_digit() && d.is_ascii_digit());
        if !(glued || spaced) || char_before(text, at).is_some_and(is_alnum) {
            at = at.saturating_add(1);
            continue;
        }
        let mut end = at.saturating_add(if spaced { 5 } else { 4 });
        let mut count = 4usize;
        let mut digits = 2usize;
        loop {
            let spaced = bytes.get(end) == Some(&b' ');
            let run_start = if spaced { end.saturating_add(1) } else { end };
            let run = bytes.get(run_start..).map_or(&[][..], |rest| {
                let len = rest
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
                rest.get(..len).unwrap_or_default()
            });
            // Groups of four when spaced, one block otherwise; never lower-case words.
            let group_ok = !run.is_empty()
                && !run.iter().any(u8::is_ascii_lowercase)
                && (!spaced || run.len() <= 4)
                && count.checked_add(run.len()).is_some_and(|c| c <= 34);
            if !group_ok {
                break;
            }
            count = count.saturating_add(run.len());
            digits = digits.saturating_add(run.iter().filter(|b| b.is_ascii_digit()).count());
            end = run_start.saturating_add(run.len());
        }
        if (15..=34).contains(&count)
            && digits.saturating_mul(2) >= count
            && !char_at(text, end).is_some_and(is_alnum)
        {
            out.push(Span {
                kind: PiiKind::Iban,
                start: at,
                end,
            });
            at = end;
        } else {
            at = at.saturating_add(1);
        }
    }
}

/// One group of a grouped number: how many characters, and which.
#[derive(Clone, Copy)]
enum Group {
    Digits(usize),
    /// Digits or upper-case letters (an account number).
    Alnum(usize),
    /// A Corsican department in a social-security number: `2A` or `2B`.
    Corsica,
}

/// Whether `groups` are written from `at`, each after one optional space, dot or dash: where
/// they end. Optional groups at the end (`optional` of them) are taken when they are there.
fn grouped(text: &str, at: usize, groups: &[Group], optional: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut end = at;
    let required = groups.len().saturating_sub(optional);
    for (n, group) in groups.iter().enumerate() {
        let sep = usize::from(n > 0 && matches!(bytes.get(end), Some(b' ' | b'.' | b'-')));
        let from = end.saturating_add(sep);
        let (len, ok): (usize, fn(&u8) -> bool) = match group {
            Group::Digits(len) => (*len, u8::is_ascii_digit),
            Group::Alnum(len) => (*len, |b| b.is_ascii_digit() || b.is_ascii_uppercase()),
            Group::Corsica => (2, |b| b.is_ascii_digit() || matches!(b, b'A' | b'B')),
        };
        let run_ok = bytes
            .get(from..from.saturating_add(len))
            .is_some_and(|run| run.len() == len && run.iter().all(ok));
        let corsica_ok = !matches!(group, Group::Corsica)
            || matches!(
                bytes.get(from..from.saturating_add(2)),
                Some([b'2', b'A' | b'B'])
            );
        if !run_ok || !corsica_ok {
            if n >= required {
                break;
            }
            return None;
        }
        end = from.saturating_add(len);
    }
    (!char_at(text, end).is_some_and(is_alnum)).then_some(end)
}

/// French bank details written as a RIB (`30004 00550 00012345678 40`: bank, branch, account,
/// key) and social-security numbers of people born in Corsica (`1 69 02 2A 004 051 88`).
pub(super) fn ribs_and_corsican_nirs(text: &str, out: &mut Vec<Span>) {
    use Group::{Alnum, Corsica, Digits};
    const RIB: [Group; 4] = [Digits(5), Digits(5), Alnum(11), Digits(2)];
    const NIR: [Group; 7] = [
        Digits(1),
        Digits(2),
        Digits(2),
        Corsica,
        Digits(3),
        Digits(3),
        Digits(2),
    ];
    let bytes = text.as_bytes();
    let mut at = 0usize;
    while let Some(&b) = bytes.get(at) {
        let starts = b.is_ascii_digit() && !char_before(text, at).is_some_and(is_alnum);
        let found = if starts {
            grouped(text, at, &RIB, 0)
                .map(|end| (PiiKind::Iban, end))
                .or_else(|| {
                    grouped(text, at, &NIR, 1)
                        .filter(|_| matches!(b, b'1' | b'2'))
                        .map(|end| (PiiKind::SocialSecurity, end))
                })
        } else {
            None
        };
        match found {
            Some((kind, end)) => {
                out.push(Span {
                    kind,
                    start: at,
                    end,
                });
                at = end;
            }
            None => at = at.saturating_add(1),
        }
    }
}

/// A `-` or space at `at`: the offset after it.
fn plate_separator(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at) {
        Some(b'-' | b' ') => Some(at.saturating_add(1)),
        _ => None,
    }
}

fn upper_pair(bytes: &[u8], at: usize) -> bool {
    bytes
        .get(at..at.saturating_add(2))
        .is_some_and(|pair| pair.len() == 2 && pair.iter().all(u8::is_ascii_uppercase))
}

/// Two letters at `at` that a plate may hold and that are not a short word or a unit: plates
/// have no I, O or U (`en 150 km` is a distance).
fn plate_letters(bytes: &[u8], at: usize) -> bool {
    let Some(pair) = bytes.get(at..at.saturating_add(2)) else {
        return false;
    };
    let pair = pair.to_ascii_lowercase();
    const WORDS: &[&[u8]] = &[
        b"en", b"et", b"le", b"la", b"de", b"se", b"ne", b"me", b"te", b"ma", b"ta", b"sa", b"ce",
        b"es", b"ca", b"ya", b"km", b"kg", b"mg", b"ml", b"cm", b"mm", b"gr", b"kw", b"mn", b"hz",
        b"ms", b"mb", b"gb", b"eh", b"ah", b"ha", b"he",
    ];
    !pair.iter().any(|b| matches!(b, b'i' | b'o' | b'u')) && !WORDS.contains(&pair.as_slice())
}

/// Whether the words just before `at` announce a licence plate (`immatriculée`, `la plaque`).
fn plate_announced(text: &str, at: usize) -> bool {
    let from = super::floor_boundary(text, at.saturating_sub(32));
    let before = text.get(from..at).unwrap_or("").to_ascii_lowercase();
    ["immatricul", "immat ", "plaque"]
        .iter()
        .any(|cue| before.contains(cue))
}

/// `AB-123-CD` (also with spaces or none, or lower-case with dashes; lower-case with spaces or
/// none when announced: `immatriculée fx 903 ld`) at `at`: where it ends.
fn modern_plate(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if count(bytes, at, u8::is_ascii_alphabetic) != 2 {
        return None;
    }
    let upper = upper_pair(bytes, at);
    let after_letters = at.checked_add(2)?;
    let dash = bytes.get(after_letters) == Some(&b'-');
    let p = plate_separator(bytes, after_letters).unwrap_or(after_letters);
    if count(bytes, p, u8::is_ascii_digit) != 3 {
        return None;
    }
    // `gh512tr` in one word: nothing else is written so.
    let glued = p == after_letters;
    if !(upper || dash || (plate_letters(bytes, at) && (glued || plate_announced(text, at)))) {
        return None;
    }
    let q = p.checked_add(3)?;
    let r = plate_separator(bytes, q).unwrap_or(q);
    let end = r.checked_add(2)?;
    let tail_ok = count(bytes, r, u8::is_ascii_alphabetic) == 2
        && (upper || dash || plate_letters(bytes, r))
        && upper == upper_pair(bytes, r)
        && (p == after_letters) == (r == q)
        && !char_at(text, end).is_some_and(is_alnum);
    tail_ok.then_some(end)
}

/// `1234 AB 44` / `123 ABC 975` at `at`: where it ends.
fn old_plate(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let digits = count(bytes, at, u8::is_ascii_digit);
    if !(1..=4).contains(&digits) {
        return None;
    }
    let first_sep = at.checked_add(digits)?;
    let p = plate_separator(bytes, first_sep)?;
    let letters = count(bytes, p, u8::is_ascii_uppercase);
    if !(1..=3).contains(&letters) || letters != count(bytes, p, u8::is_ascii_alphabetic) {
        return None;
    }
    // The same separator both times.
    let second_sep = p.checked_add(letters)?;
    let q = plate_separator(bytes, second_sep)
        .filter(|_| bytes.get(second_sep) == bytes.get(first_sep))?;
    let dept = count(bytes, q, u8::is_ascii_digit);
    let end = q.checked_add(dept)?;
    ((dept == 2 || dept == 3) && !char_at(text, end).is_some_and(is_alnum)).then_some(end)
}

/// Licence plates: `AB-123-CD` (since 2009, also with spaces or none) and the older
/// `1234 AB 44` / `123 ABC 975`.
pub(super) fn plates(text: &str, out: &mut Vec<Span>) {
    let mut at = 0usize;
    while at < text.len() {
        if text.is_char_boundary(at) && !char_before(text, at).is_some_and(is_alnum) {
            if let Some(end) = modern_plate(text, at).or_else(|| old_plate(text, at)) {
                out.push(Span {
                    kind: PiiKind::Plate,
                    start: at,
                    end,
                });
                at = end;
                continue;
            }
        }
        at = at.saturating_add(1);
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
            "06/39/98/60/25",
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
            "le 12/03/2024 à 14h, 3/4 des gens, 1/2 heure",
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
    fn handles_on_social_networks() {
        assert_eq!(
            found(super::emails, "Suivez @lea_portboyd sur insta, c'est"),
            vec![(PiiKind::Name, "@lea_portboyd".to_owned())]
        );
        assert_eq!(
            found(super::emails, "écrivez à @moussa.d."),
            vec![(PiiKind::Name, "@moussa.d".to_owned())]
        );
        assert!(found(super::emails, "rdv @ 18h, @ la mairie, @a, @home").is_empty());
        assert!(found(
            super::emails,
            "vu sur @instagram, twitter @Nantes_Metropole"
        )
        .is_empty());
        assert_eq!(
            found(super::emails, "sur snap c @fatou"),
            vec![(PiiKind::Name, "@fatou".to_owned())]
        );
    }

    #[test]
    fn ribs_and_corsican_social_security_numbers() {
        assert_eq!(
            found(
                super::ribs_and_corsican_nirs,
                "Mon RIB : 30004 00550 00012345678 40, titulaire"
            ),
            vec![(PiiKind::Iban, "30004 00550 00012345678 40".to_owned())]
        );
        assert_eq!(
            found(
                super::ribs_and_corsican_nirs,
                "sécu de mon mari : 1 69 02 2A 004 051 88. La CPAM"
            ),
            vec![(PiiKind::SocialSecurity, "1 69 02 2A 004 051 88".to_owned())]
        );
        assert_eq!(
            texts(super::ribs_and_corsican_nirs, "né en Corse 169022A00405188"),
            vec!["169022A00405188"]
        );
        for text in [
            "44300 Nantes 44000 et 12345678901",
            "le 1 69 02 2C 004 051",
            "3 69 02 2A 004 051 88",
            "30004 00550 0001234 40",
        ] {
            assert!(
                found(super::ribs_and_corsican_nirs, text).is_empty(),
                "{text}"
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
            texts(
                super::ibans,
                "les boissons : FR 76 1558 9447 1207 6543 2109 811."
            ),
            vec!["FR 76 1558 9447 1207 6543 2109 811"]
        );
        assert!(texts(super::ibans, "à LA 12 rue, EN 2024 on verra").is_empty());
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
        assert_eq!(
            texts(
                super::plates,
                "la Golf immatriculée fx 903 ld fait des rodéos"
            ),
            vec!["fx 903 ld"]
        );
        assert_eq!(
            texts(super::plates, "j'ai noté la plaque: gh512kl"),
            vec!["gh512kl"]
        );
        assert_eq!(
            texts(super::plates, "une 206 noire gh512tr, personne"),
            vec!["gh512tr"]
        );
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
            "on a fait en 150 km le trajet",
            "le km150km",
            "la plaque de cuisson, il y a en 150 km",
        ] {
            assert!(texts(super::plates, text).is_empty(), "{text}");
        }
    }
}
