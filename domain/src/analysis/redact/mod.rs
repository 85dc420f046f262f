//! Personal data in free text, replaced by typed placeholders (`[téléphone]`, `[nom]`…) before
//! anyone but the coordinator reads it. Prices, times, bus lines, years, street names without a
//! number, institutions and named public places are not personal data and stay.

mod names;
mod numbers;
mod places;
mod postcodes;
mod spoken;

use serde::{Deserialize, Serialize};

use super::normalise::{fold, lower, words, Word};

pub(crate) use names::place_names;

/// What kind of personal data was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PiiKind {
    Email,
    Iban,
    SocialSecurity,
    Phone,
    Plate,
    Address,
    Postcode,
    /// Building, staircase, floor or door where someone lives.
    Home,
    Name,
}

impl PiiKind {
    pub const ALL: [PiiKind; 9] = [
        PiiKind::Email,
        PiiKind::Iban,
        PiiKind::SocialSecurity,
        PiiKind::Phone,
        PiiKind::Plate,
        PiiKind::Address,
        PiiKind::Postcode,
        PiiKind::Home,
        PiiKind::Name,
    ];

    /// The placeholder written in place of the data.
    pub fn placeholder(self) -> &'static str {
        match self {
            PiiKind::Email => "[e-mail]",
            PiiKind::Iban => "[iban]",
            PiiKind::SocialSecurity => "[sécu]",
            PiiKind::Phone => "[téléphone]",
            PiiKind::Plate => "[plaque]",
            PiiKind::Address => "[adresse]",
            PiiKind::Postcode => "[code postal]",
            PiiKind::Home => "[logement]",
            PiiKind::Name => "[nom]",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PiiKind::Email => "email",
            PiiKind::Iban => "iban",
            PiiKind::SocialSecurity => "social_security",
            PiiKind::Phone => "phone",
            PiiKind::Plate => "plate",
            PiiKind::Address => "address",
            PiiKind::Postcode => "postcode",
            PiiKind::Home => "home",
            PiiKind::Name => "name",
        }
    }
}

/// One piece of personal data: its kind and byte range in the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Redaction {
    pub kind: PiiKind,
    pub start: usize,
    pub end: usize,
}

/// A text with its personal data replaced, and where each piece was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Redacted {
    pub text: String,
    /// In order, not overlapping, byte ranges of the original text.
    pub redactions: Vec<Redaction>,
}

pub(super) type Span = Redaction;

/// The words of a text with their folded forms, for the word-level scanners.
/// At least 12 letters, and nine in ten of them upper-case. Stops as soon as there are too many
/// lower-case letters for that (there are never more letters than bytes): ordinary texts are
/// decided in their first words.
fn is_shouting(text: &str) -> bool {
    let (mut lower, mut upper) = (0usize, 0usize);
    for c in text.chars() {
        if c.is_lowercase() {
            lower = lower.saturating_add(1);
            if lower.saturating_mul(10) > text.len() {
                return false;
            }
        } else if c.is_uppercase() {
            upper = upper.saturating_add(1);
        }
    }
    let letters = lower.saturating_add(upper);
    letters >= 12 && upper.saturating_mul(10) >= letters.saturating_mul(9)
}

pub(super) struct Scan<'a> {
    text: &'a str,
    words: Vec<Word<'a>>,
    folded: Vec<String>,
    /// Written in capitals (an SMS typed with caps lock): capitals then say nothing about names.
    shouting: bool,
}

impl<'a> Scan<'a> {
    pub fn new(text: &'a str) -> Scan<'a> {
        let words = words(text);
        let folded = words
            .iter()
            .map(|w| fold(&lower(w.text)).into_owned())
            .collect();
        Scan {
            text,
            words,
            folded,
            shouting: is_shouting(text),
        }
    }

    /// Whether the text is written in capitals (at least 12 letters, nine in ten upper-case).
    pub fn shouting(&self) -> bool {
        self.shouting
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Word `i`; empty past the last word.
    pub fn word(&self, i: usize) -> &'a str {
        self.words.get(i).map_or("", |w| w.text)
    }

    /// Lower-case, without accents; empty past the last word.
    pub fn folded(&self, i: usize) -> &str {
        self.folded.get(i).map_or("", String::as_str)
    }

    /// Byte offset where word `i` starts; the end of the text past the last word.
    pub fn start(&self, i: usize) -> usize {
        self.words.get(i).map_or(self.text.len(), |w| w.start)
    }

    /// Byte offset where word `i` ends; the end of the text past the last word.
    pub fn end(&self, i: usize) -> usize {
        self.words.get(i).map_or(self.text.len(), |w| w.end)
    }

    /// What stands between word `i - 1` and word `i` (before the first word for `i == 0`; empty
    /// past the end).
    pub fn gap(&self, i: usize) -> &'a str {
        let Some(word) = self.words.get(i) else {
            return "";
        };
        let from = i
            .checked_sub(1)
            .and_then(|prev| self.words.get(prev))
            .map_or(0, |prev| prev.end);
        slice(self.text, from, word.start)
    }

    pub fn is_capitalised(&self, i: usize) -> bool {
        self.word(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Punctuation or a line break before word `i`, or no word `i`: a clause ends before it.
    pub fn clause_break(&self, i: usize) -> bool {
        i >= self.len()
            || self
                .gap(i)
                .contains(['.', ',', ';', ':', '!', '?', '(', ')', '\n'])
    }

    /// First word of a sentence: the first of the text, or after `.`, `!`, `?`, `:`, a line break.
    pub fn sentence_start(&self, i: usize) -> bool {
        let Some(prev) = i.checked_sub(1) else {
            return true;
        };
        let gap = self.gap(i);
        // `M. Dupont` and `bat. A`: a dot after a one- or two-letter abbreviation is no end.
        let abbreviation =
            gap.starts_with('.') && self.word(prev).chars().count() <= 3 && !gap.contains('\n');
        (gap.contains(['.', '!', '?', ':', '\n', '…']) && !abbreviation)
            || gap.contains(['!', '?', '\n'])
    }
}

/// The scanners read text around positions they computed, and must not panic if one is off.
pub(crate) use crate::text::slice;

/// The nearest char boundary at or before `at` (the end of the text if `at` is past it).
fn floor_boundary(text: &str, at: usize) -> usize {
    (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// The nearest char boundary at or after `at` (the end of the text if `at` is past it).
fn ceil_boundary(text: &str, at: usize) -> usize {
    (at.min(text.len())..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len())
}

/// Finds the personal data in `text`, in order and without overlaps.
pub fn find(text: &str) -> Vec<Redaction> {
    let mut spans: Vec<Span> = Vec::new();
    numbers::emails(text, &mut spans);
    numbers::ibans(text, &mut spans);
    numbers::ribs_and_corsican_nirs(text, &mut spans);
    numbers::digit_runs(text, &mut spans);
    numbers::plates(text, &mut spans);
    let scan = Scan::new(text);
    spoken::spoken_phones(&scan, &mut spans);
    spoken::spoken_emails(&scan, &mut spans);
    places::addresses(&scan, &mut spans);
    places::homes(&scan, &mut spans);
    // A postcode follows an address, or the flat written after it (`…, appt 45, 44100`).
    let address_ends: Vec<usize> = spans
        .iter()
        .filter(|s| matches!(s.kind, PiiKind::Address | PiiKind::Home))
        .map(|s| s.end)
        .collect();
    postcodes::postcodes(&scan, &address_ends, &mut spans);
    names::names(&scan, &mut spans);
    resolve(text, spans)
}

/// Keeps, among overlapping spans, the one of the earlier kind (e-mails before names…), then the
/// longer; joins pieces of one home (`tour 4, au 7e`).
fn resolve(text: &str, mut spans: Vec<Span>) -> Vec<Redaction> {
    crate::order::sort_by(&mut spans, |a, b| {
        a.kind
            .cmp(&b.kind)
            .then(
                b.end
                    .saturating_sub(b.start)
                    .cmp(&a.end.saturating_sub(a.start)),
            )
            .then(a.start.cmp(&b.start))
    });
    let mut kept: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        if !kept
            .iter()
            .any(|k| k.start < span.end && span.start < k.end)
        {
            kept.push(span);
        }
    }
    crate::order::sort_by_key(&mut kept, |s| s.start);
    let mut merged: Vec<Span> = Vec::with_capacity(kept.len());
    for span in kept {
        if let Some(last) = merged.last_mut() {
            // Kept spans do not overlap, so `between` is always there; if it were not, the two
            // pieces stay apart (both still redacted).
            let joinable = last.kind == PiiKind::Home
                && span.kind == PiiKind::Home
                && text.get(last.end..span.start).is_some_and(|between| {
                    between.len() <= 6
                        && between
                            .split(|c: char| !c.is_alphanumeric())
                            .all(|w| matches!(w, "" | "au" | "et"))
                });
            if joinable {
                last.end = span.end;
                continue;
            }
        }
        merged.push(span);
    }
    merged
}

/// The kinds of personal data in `text`, each once, in the order they first appear: what the
/// phone warns about while a testimony is typed (the same finder the server redacts with).
pub fn kinds(text: &str) -> Vec<PiiKind> {
    let mut found: Vec<PiiKind> = Vec::new();
    for r in find(text) {
        if !found.contains(&r.kind) {
            found.push(r.kind);
        }
    }
    found
}

/// Replaces each piece of personal data by its placeholder.
pub fn redact(text: &str) -> Redacted {
    let redactions = find(text);
    Redacted {
        text: apply(text, &redactions),
        redactions,
    }
}

/// Writes `text` with each redaction replaced by its placeholder. Redactions come from [`find`]:
/// in order, not overlapping, on char boundaries. Were one not, it is widened to char boundaries
/// and clipped to what is left of the text: the output may lose a few characters around it, never
/// show any of the personal data.
pub(crate) fn apply(text: &str, redactions: &[Redaction]) -> String {
    let mut out = String::with_capacity(text.len().saturating_add(16));
    let mut at = 0usize;
    for r in redactions {
        let start = floor_boundary(text, r.start).max(at);
        out.push_str(slice(text, at, start));
        out.push_str(r.kind.placeholder());
        at = ceil_boundary(text, r.end).max(start);
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn red(text: &str) -> String {
        redact(text).text
    }

    #[test]
    fn texts_typed_in_capitals() {
        assert!(is_shouting(
            "LE PROPRIO DU 5 RUE DES GENETS A ENCORE MONTE LE LOYER"
        ));
        assert!(is_shouting(
            "ÇA FAIT 3 MOIS QUE L'ASCENSEUR EST EN PANNE, Mme"
        ));
        assert!(!is_shouting(
            "Le proprio du 5 rue des Genêts a encore monté le loyer"
        ));
        assert!(!is_shouting("APPELEZ MOI AU 06, merci beaucoup Mme TRAORE"));
        assert!(!is_shouting("OK MERCI"));
        assert!(!is_shouting(""));
        assert_eq!(
            red("LE PROPRIO DU 5 RUE DES GENETS A ENCORE MONTE LE LOYER. MME TRAORE"),
            "LE PROPRIO DU [adresse] A ENCORE MONTE LE LOYER. [nom]"
        );
    }

    #[test]
    fn placeholders_are_typed() {
        assert_eq!(
            red("Je m'appelle Yasmine, appelez-moi au 06 39 98 55 10, le tram passe jamais"),
            "Je m'appelle [nom], appelez-moi au [téléphone], le tram passe jamais"
        );
        assert_eq!(
            red("Mme Girard, 3 rue des Lilas Blancs."),
            "[nom], [adresse]."
        );
        assert_eq!(
            red("22 rue des Pervenches, 44300 Nantes"),
            "[adresse], [code postal] Nantes"
        );
        assert_eq!(
            red("écrivez à marc.lemoine@example.com"),
            "écrivez à [e-mail]"
        );
        assert_eq!(
            red("pour le courrier c'est 9 rue Auguste Renoir, appt 45, 44100"),
            "pour le courrier c'est [adresse], [logement], [code postal]"
        );
        assert_eq!(red("On habite tour 4, au 7e."), "On habite [logement].");
        assert_eq!(red("Bât B, 9e étage."), "[logement].");
        assert_eq!(red("la CD-456-EF est garée"), "la [plaque] est garée");
        assert_eq!(red("FR76 3000 6000 0112 3456 7890 189"), "[iban]");
        assert_eq!(red("sécu 1 85 05 78 006 084 36"), "sécu [sécu]");
    }

    #[test]
    fn traps_stay_as_written() {
        for text in [
            "Le ticket coûte 1,70 € et le pass 12 euros, 3,50 euros le repas.",
            "Le bus passe à 18h30, puis à 8 h, de 9h à 12h.",
            "La ligne 23, le C3, le tram 1 et le busway 4.",
            "En 2024 et en 2026, la démolition.",
            "La rue de la Paix et le boulevard Victor Hugo sont sales.",
            "La CAF, la mairie, France Travail et la CPAM.",
            "La médiathèque Jacques Demy et le centre commercial Atlantis.",
            "29 élèves par classe en CE1, 6 mois d'attente, 80 ans.",
            "Il y a 3 places de parking pour 200 logements.",
        ] {
            assert_eq!(red(text), text);
        }
    }

    #[test]
    fn spans_do_not_overlap_and_are_ordered() {
        let text = "Ahmed (07 53 21 45 09), 12 rue Victor Hugo, bât C, ahmed@ex.fr";
        let found = find(text);
        assert!(found.windows(2).all(|w| w[0].end <= w[1].start));
        assert_eq!(
            found.iter().map(|r| r.kind).collect::<Vec<_>>(),
            vec![
                PiiKind::Name,
                PiiKind::Phone,
                PiiKind::Address,
                PiiKind::Home,
                PiiKind::Email
            ]
        );
    }

    #[test]
    fn kinds_are_named_once_in_order() {
        assert_eq!(
            kinds("Appelez Mme Girard au 06 39 98 55 10 ou au 07 53 21 45 09"),
            vec![PiiKind::Name, PiiKind::Phone]
        );
        assert_eq!(kinds("Le tram passe jamais."), vec![]);
    }

    #[test]
    fn empty_and_plain_texts() {
        assert_eq!(
            redact(""),
            Redacted {
                text: String::new(),
                redactions: vec![]
            }
        );
        assert_eq!(red("Rien à signaler."), "Rien à signaler.");
    }
}
