//! Property-test inputs that look like what residents really write (oral and SMS French,
//! elisions, prices, addresses, phone numbers, names) mixed with what a keyboard, a copy-paste
//! or a hostile client can send (combining marks, emoji, right-to-left scripts, controls, very
//! long words, 4,000-character texts). Every function that reads a person's text is tested
//! with these.
//!
//! Cases per property: 2,000 by default (the test command), `PORTEVOIX_FUZZ_CASES` for more
//! (`cargo xtask fuzz-domain --minutes N` runs them with a fresh random seed each round).

use proptest::prelude::*;

use crate::analysis::normalise::SMS;
use crate::codebook::Codebook;

/// The domain's own copy of the codebook the server seeds (`backend/seed/themes.fr.csv` when
/// it was taken): the tests' expectations do not move when the seed is edited.
pub const CODEBOOK_CSV: &str = include_str!("../fixtures/themes.fr.csv");

pub fn codebook() -> Codebook {
    Codebook::from_csv(CODEBOOK_CSV).unwrap_or_else(|e| panic!("seed codebook: {e:?}"))
}

/// The proptest configuration of every property on people's text.
pub fn config() -> ProptestConfig {
    let cases = std::env::var("PORTEVOIX_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    ProptestConfig {
        cases,
        // Long runs search far; shrinking must still end.
        max_shrink_iters: 10_000,
        ..ProptestConfig::default()
    }
}

const COMMON: &[&str] = &[
    "je",
    "j'ai",
    "j’ai",
    "on",
    "il",
    "elle",
    "ils",
    "nous",
    "vous",
    "c'est",
    "c’est",
    "y a",
    "il n'y a plus",
    "pas de",
    "jamais",
    "sans",
    "le",
    "la",
    "les",
    "l'école",
    "d'abord",
    "qu'il",
    "au",
    "aux",
    "du",
    "des",
    "à",
    "et",
    "mais",
    "donc",
    "trop",
    "très",
    "vraiment",
    "quartier",
    "voisins",
    "seul",
    "aides",
    "prix",
    "école",
    "enfants",
    "mairie",
    "CAF",
    "la CPAM",
    "France Travail",
    "Pôle emploi",
    "maison de quartier",
    "médiathèque",
    "marché",
    "square",
    "ascenseur",
    "en panne",
    "depuis",
    "mois",
    "semaine",
    "soir",
    "nuit",
    "après 20 h",
    "le C6",
    "la ligne 11",
    "le busway",
    "tram 1",
    "Bellevue",
    "Malakoff",
    "Nantes Nord",
    "Dervallières",
    "Breil",
    "rendez-vous",
    "médecin",
    "pédiatre",
    "loyer",
    "punaises de lit",
    "point de deal",
    "rodéos",
    "bruit",
    "poubelles",
    "rats",
    "humidité",
    "moisissure",
    "radiateurs froids",
    "condensation",
    "béquilles",
    "sous dialyse",
    "ramadan",
    "mosquée",
    "mon copain",
    "titre de séjour",
    "préfecture",
    "quand je donne mon nom",
    "ça va",
    "ouf",
    "bah",
    "genre",
    "wesh",
    "frère",
    "grave",
    "chelou",
    "relou",
    "ouais",
    "nan",
    "ok",
];

const NUMBERS: &[&str] = &[
    "06 12 34 56 78",
    "0612345678",
    "+33 6 12 34 56 78",
    "06.12.34.56.78",
    "06-12-34-56-78",
    "12 rue de la Paix",
    "4 bis allée des Tilleuls",
    "44100",
    "bât C 3e étage",
    "apt 12",
    "3,50 €",
    "12€",
    "2 euros",
    "18h30",
    "8h",
    "2024",
    "1er",
    "3e",
    "20 %",
    "1 rdv",
    "2.5",
    "-3",
    "FR76 3000 6000 0112 3456 7890 189",
    "AB-123-CD",
    "1 85 05 78 006 084 36",
    "karim.b@gmail.com",
    "x@y",
    "@home",
    "#quartier",
    "10/12/2026",
    "0",
    "00000000000000",
];

const NAMES: &[&str] = &[
    "Mme Le Goff",
    "M. Martin",
    "mon voisin Kevin Martin",
    "je m'appelle Yasmine",
    "Yasmine",
    "Karim",
    "Mamadou Diallo",
    "Nguyen",
    "O'Connor",
    "Jean-Pierre",
    "Zoé",
    "Aïcha",
    "Ngozi",
    "Élodie",
    "madame Fatou",
    "Dr Benali",
];

const HOSTILE: &[&str] = &[
    "\u{0}",
    "\u{1}",
    "\u{7}",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{9f}",
    "\u{202e}",
    "\u{202d}",
    "\u{2066}",
    "\u{2069}",
    "\u{200b}",
    "\u{200d}",
    "\u{200e}",
    "\u{200f}",
    "\u{feff}",
    "\u{fffd}",
    "\u{fffe}",
    "e\u{301}",
    "a\u{308}\u{308}\u{308}",
    "\u{301}",
    "🙂",
    "👍🏽",
    "👨‍👩‍👧",
    "🇫🇷",
    "مرحبا بكم في الحي",
    "شكرا",
    "שלום",
    "Merhaba",
    "Olá",
    "ﷺ",
    "ﬁ",
    "Ǆ",
    "ß",
    "İ",
    "ǅ",
    "ᾈ",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "\t",
    "\r\n",
    "\r",
    "\n\n",
    "...",
    "!!!",
    "??",
    "’",
    "«",
    "»",
    "—",
    "–",
    "-",
    "'",
    "''",
    "(",
    ")",
    "[nom]",
    "\"",
    "\\",
    "%s",
    "{}",
    "<script>",
];

/// One piece of a text: a word or phrase of ordinary or SMS French, a number, a name, or
/// something hostile, or any short Unicode string.
pub fn piece() -> impl Strategy<Value = String> {
    let sms: Vec<String> = SMS
        .iter()
        .flat_map(|(short, _)| {
            [
                (*short).to_owned(),
                short.to_uppercase(),
                format!("{short}."),
                format!("1 {short}"),
            ]
        })
        .collect();
    let keywords: Vec<String> = CODEBOOK_CSV
        .lines()
        .skip(1)
        .filter_map(|line| line.split(';').nth(2))
        .flat_map(|words| words.split('|').map(str::to_owned).collect::<Vec<_>>())
        .collect();
    let own =
        |list: &'static [&'static str]| proptest::sample::select(list).prop_map(str::to_owned);
    prop_oneof![
        4 => own(COMMON),
        3 => proptest::sample::select(sms),
        3 => proptest::sample::select(keywords),
        2 => own(NUMBERS),
        2 => own(NAMES),
        2 => own(HOSTILE),
        1 => "\\PC{1,12}",
        1 => any::<String>().prop_map(|s| s.chars().take(16).collect()),
        1 => "[a-zàéèêîôûç]{30,200}",
    ]
}

const SEPARATORS: &[&str] = &[
    " ", " ", " ", " ", ", ", ". ", "! ", " ? ", "\n", "'", "-", "", "  ", " : ", "; ", "…",
];

/// A testimony-like text: 1 to 60 pieces with separators.
pub fn french_text() -> impl Strategy<Value = String> {
    proptest::collection::vec((piece(), proptest::sample::select(SEPARATORS)), 0..60).prop_map(
        |parts| {
            parts
                .into_iter()
                .flat_map(|(p, s)| [p, s.to_owned()])
                .collect()
        },
    )
}

/// Texts of every size up to a 4,000-character testimony, and arbitrary strings.
pub fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => french_text(),
        1 => french_text().prop_map(|t| {
            let mut long = String::new();
            while long.chars().count() < 4_000 && !t.is_empty() {
                long.push_str(&t);
                long.push(' ');
            }
            long.chars().take(4_000).collect()
        }),
        1 => any::<String>(),
    ]
}
