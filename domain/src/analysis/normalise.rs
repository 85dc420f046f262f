//! French normalisation shared by theme suggestion, the sensitive-data flag and emerging topics:
//! words are cut at spaces, punctuation, hyphens and apostrophes (so elided `l'`, `j'`, `qu'`
//! become their own stop words), lower-cased, SMS spellings expanded, then stemmed with Snowball
//! French and folded to ASCII so that `sécurité`, `securite` and `Sécurité` meet.

use std::borrow::Cow;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::text::slice;

/// One word of a text, after normalisation. `start..end` is the byte range of the word it comes
/// from in the original text (several tokens share it when an SMS spelling expands, `jsuis`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    /// Lower-case, accents kept, repeated letters squeezed (`nuuul` → `nul`).
    pub lower: String,
    /// `lower` without accents.
    pub folded: String,
    /// Snowball French stem of `lower`, folded.
    pub stem: String,
    /// The same stem with its accents (`pétit` for `pétition`, not `petit`).
    pub stem_accented: String,
    pub stop: bool,
    /// Digits inside (`18h30`, `2024`, `C3`): never a theme word.
    pub numeric: bool,
    /// Starts a sentence (first word, or after `.`, `!`, `?`, a line break).
    pub sentence_start: bool,
    /// Under a negation (`pas de médecin`, `il n'y a plus de commerces`, `sans voiture`).
    pub negated: bool,
}

impl Token {
    /// A word that can carry meaning for themes and emerging topics.
    pub fn is_content(&self) -> bool {
        !self.stop && !self.numeric && self.folded.chars().count() >= 2
    }
}

/// A raw word of the original text: a maximal run of letters and digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Raw words of `text` in order: runs of letters and digits. Apostrophes, hyphens, spaces and
/// punctuation separate words.
pub(crate) fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::with_capacity(text.len().div_ceil(5));
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_word_char(c) {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push(Word {
                start: s,
                end: i,
                text: slice(text, s, i),
            });
        }
    }
    if let Some(s) = start {
        out.push(Word {
            start: s,
            end: text.len(),
            text: slice(text, s, text.len()),
        });
    }
    out
}

/// Removes accents and ligatures: `é` → `e`, `œ` → `oe`. Other characters are kept.
pub(crate) fn fold(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => out.push('a'),
            'À' | 'Â' | 'Ä' | 'Á' | 'Ã' | 'Å' => out.push('A'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'É' | 'È' | 'Ê' | 'Ë' => out.push('E'),
            'î' | 'ï' | 'í' | 'ì' => out.push('i'),
            'Î' | 'Ï' | 'Í' | 'Ì' => out.push('I'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => out.push('o'),
            'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' => out.push('O'),
            'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
            'Ù' | 'Û' | 'Ü' | 'Ú' => out.push('U'),
            'ç' => out.push('c'),
            'Ç' => out.push('C'),
            'ñ' => out.push('n'),
            'Ñ' => out.push('N'),
            'ÿ' => out.push('y'),
            'œ' => out.push_str("oe"),
            'Œ' => out.push_str("OE"),
            'æ' => out.push_str("ae"),
            'Æ' => out.push_str("AE"),
            other => out.push(other),
        }
    }
    Cow::Owned(out)
}

/// Lower-case and squeeze runs of three or more identical letters (`trooop` → `trop`): French
/// never writes a letter three times, residents typing fast often do.
pub(crate) fn lower(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut last: Option<char> = None;
    let mut run = 0usize;
    for c in word.chars().flat_map(char::to_lowercase) {
        if Some(c) == last {
            run = run.saturating_add(1);
        } else {
            run = 1;
            last = Some(c);
        }
        if run <= 2 || c.is_ascii_digit() {
            out.push(c);
        } else if run == 3 && !c.is_ascii_digit() {
            // Three identical letters: keep one.
            out.pop();
        }
    }
    out
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::French))
}

/// Snowball French stem of a lower-case word: folded to ASCII, and as stemmed (accents kept).
pub(crate) fn stem(lower: &str) -> (String, String) {
    // The Snowball rules rely on accents; stem first, fold after.
    let stemmed = stemmer().stem(lower);
    let stemmed = if stemmed.is_empty() {
        Cow::Borrowed(lower)
    } else {
        stemmed
    };
    (fold(&stemmed).into_owned(), stemmed.into_owned())
}

/// Folded stop words: articles, pronouns, elided prefixes, auxiliaries, very common verbs and
/// adverbs, courtesy words. Sorted for binary search.
static STOP_WORDS: &[&str] = &[
    "a",
    "afin",
    "ai",
    "aie",
    "aient",
    "ainsi",
    "ait",
    "alors",
    "apres",
    "as",
    "assez",
    "au",
    "aucun",
    "aucune",
    "aujourd",
    "aupres",
    "auquel",
    "aura",
    "aurai",
    "auraient",
    "aurais",
    "aurait",
    "aussi",
    "autre",
    "autres",
    "aux",
    "avaient",
    "avais",
    "avait",
    "avant",
    "avec",
    "avez",
    "avions",
    "avoir",
    "avons",
    "ayant",
    "bah",
    "beaucoup",
    "ben",
    "bien",
    "bjr",
    "bon",
    "bonjour",
    "bonne",
    "bonsoir",
    "c",
    "ca",
    "car",
    "ce",
    "ceci",
    "cela",
    "celle",
    "celles",
    "celui",
    "cependant",
    "certain",
    "certaine",
    "certaines",
    "certains",
    "ces",
    "cet",
    "cette",
    "ceux",
    "chaque",
    "chez",
    "ci",
    "comme",
    "comment",
    "d",
    "dans",
    "de",
    "deja",
    "depuis",
    "des",
    "desormais",
    "donc",
    "dont",
    "du",
    "elle",
    "elles",
    "en",
    "encore",
    "enfin",
    "ensuite",
    "entre",
    "es",
    "est",
    "et",
    "etaient",
    "etais",
    "etait",
    "etant",
    "ete",
    "etes",
    "etiez",
    "etions",
    "etre",
    "eu",
    "eux",
    "fais",
    "faisait",
    "fait",
    "faites",
    "faut",
    "fois",
    "font",
    "hein",
    "hier",
    "hui",
    "ici",
    "il",
    "ils",
    "j",
    "je",
    "jusqu",
    "ke",
    "ki",
    "l",
    "la",
    "le",
    "les",
    "leur",
    "leurs",
    "lors",
    "lorsqu",
    "lui",
    "m",
    "ma",
    "mais",
    "me",
    "meme",
    "memes",
    "merci",
    "mes",
    "moi",
    "moins",
    "mon",
    "n",
    "ne",
    "ni",
    "non",
    "nos",
    "notre",
    "nous",
    "o",
    "oh",
    "ok",
    "on",
    "ont",
    "ou",
    "oui",
    "par",
    "parce",
    "parfois",
    "pas",
    "pendant",
    "peu",
    "peut",
    "peuvent",
    "peux",
    "plus",
    "plutot",
    "pour",
    "pourquoi",
    "pourrait",
    "pu",
    "puis",
    "puisqu",
    "qu",
    "quand",
    "que",
    "quel",
    "quelle",
    "quelles",
    "quelqu",
    "quelque",
    "quelques",
    "quels",
    "qui",
    "quoi",
    "quoiqu",
    "s",
    "sa",
    "sans",
    "se",
    "sera",
    "serai",
    "seraient",
    "serait",
    "ses",
    "si",
    "sinon",
    "soit",
    "sommes",
    "son",
    "sont",
    "souvent",
    "suis",
    "sur",
    "t",
    "ta",
    "tant",
    "te",
    "tes",
    "toi",
    "ton",
    "toujours",
    "tous",
    "tout",
    "toute",
    "toutes",
    "tres",
    "trop",
    "tu",
    "un",
    "une",
    "unes",
    "uns",
    "va",
    "vais",
    "vas",
    "veut",
    "veux",
    "voila",
    "vont",
    "vos",
    "votre",
    "vous",
    "vraiment",
    "y",
    "ya",
];

pub(crate) fn is_stop_word(folded: &str) -> bool {
    STOP_WORDS.binary_search(&folded).is_ok()
}

/// Common SMS and spoken spellings, folded, with what they stand for.
pub(crate) static SMS: &[(&str, &str)] = &[
    ("appart", "appartement"),
    ("apparts", "appartements"),
    ("asso", "association"),
    ("assos", "associations"),
    ("auj", "aujourd hui"),
    ("bcp", "beaucoup"),
    ("biblio", "bibliothèque"),
    ("chui", "je suis"),
    ("ciné", "cinéma"),
    ("cine", "cinéma"),
    ("dc", "donc"),
    ("ds", "dans"),
    ("jai", "j ai"),
    ("jsp", "je sais pas"),
    ("jsuis", "je suis"),
    ("jveux", "je veux"),
    ("kan", "quand"),
    ("ke", "que"),
    ("ki", "qui"),
    ("koi", "quoi"),
    ("mm", "même"),
    ("mtn", "maintenant"),
    ("muscu", "musculation"),
    ("pb", "problème"),
    ("pbs", "problèmes"),
    ("pk", "pourquoi"),
    ("pq", "pourquoi"),
    ("pr", "pour"),
    ("proprio", "propriétaire"),
    ("proprios", "propriétaires"),
    ("qd", "quand"),
    ("rdv", "rendez vous"),
    ("resto", "restaurant"),
    ("slt", "salut"),
    ("stp", "s il te plaît"),
    ("svp", "s il vous plaît"),
    ("tjr", "toujours"),
    ("tjrs", "toujours"),
    ("tkt", "t inquiète"),
    ("tlm", "tout le monde"),
    ("tt", "tout"),
    ("vrmt", "vraiment"),
];

fn sms_expansion(folded: &str) -> Option<&'static str> {
    SMS.iter()
        .find(|(short, _)| *short == folded)
        .map(|(_, long)| *long)
}

/// Words that put what follows under a negation, folded.
fn is_negator(folded: &str) -> bool {
    matches!(
        folded,
        "ne" | "n"
            | "pas"
            | "plus"
            | "jamais"
            | "aucun"
            | "aucune"
            | "sans"
            | "manque"
            | "manquent"
            | "rien"
            | "guere"
            | "zero"
    )
}

/// Normalises a text into tokens. Ranges listed in `skip` (sorted, not overlapping: typically the
/// redacted personal data) yield no token.
pub(crate) fn tokenize(text: &str, skip: &[(usize, usize)]) -> Vec<Token> {
    let raw = words(text);
    let mut out = Vec::with_capacity(raw.len().saturating_add(4));
    let mut skip_at = 0usize;
    let mut prev_end = 0usize;
    let mut negation_left = 0u8;
    for word in raw {
        while skip.get(skip_at).is_some_and(|s| s.1 <= word.start) {
            skip_at = skip_at.saturating_add(1);
        }
        if skip.get(skip_at).is_some_and(|s| s.0 < word.end) {
            prev_end = word.end;
            continue;
        }
        let gap = slice(text, prev_end, word.start);
        let sentence_start = prev_end == 0 || gap.contains(['.', '!', '?', '\n', ';']);
        if sentence_start || gap.contains([',', ':', '(', ')']) {
            negation_left = 0;
        }
        prev_end = word.end;
        let lowered = lower(word.text);
        let folded_word = fold(&lowered).into_owned();
        let expanded = sms_expansion(&folded_word);
        let mut push = |lowered: String, folded: String, first: bool| {
            let numeric = lowered.chars().any(|c| c.is_ascii_digit());
            let stop = is_stop_word(&folded);
            let negator = is_negator(&folded);
            let (stem, stem_accented) = if stop || numeric {
                (folded.clone(), lowered.clone())
            } else {
                stem(&lowered)
            };
            let negated = !stop && negation_left > 0;
            out.push(Token {
                start: word.start,
                end: word.end,
                lower: lowered,
                folded,
                stem,
                stem_accented,
                stop,
                numeric,
                sentence_start: sentence_start && first,
                negated,
            });
            if negator {
                negation_left = 4;
            } else if !stop && negation_left > 0 {
                negation_left = negation_left.saturating_sub(1);
            }
        };
        match expanded {
            Some(long) => {
                for (i, part) in long.split(' ').enumerate() {
                    push(part.to_owned(), fold(part).into_owned(), i == 0);
                }
            }
            None => push(lowered, folded_word, true),
        }
    }
    out
}

/// Month names, folded: after a number they make it a date (`le 3 mars`, `au 1er janvier`),
/// not a bus line or a floor.
pub(crate) const MONTHS: &[&str] = &[
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        tokenize(text, &[])
            .into_iter()
            .filter(Token::is_content)
            .map(|t| t.stem)
            .collect()
    }

    #[test]
    fn stop_words_are_sorted_and_folded() {
        assert!(
            STOP_WORDS.windows(2).all(|w| w[0] < w[1]),
            "STOP_WORDS must stay sorted"
        );
        assert!(STOP_WORDS.iter().all(|w| fold(w) == *w));
    }

    #[test]
    fn elisions_become_stop_words() {
        assert_eq!(
            stems("L'humidité, j'en peux plus qu'elle parte"),
            vec!["humid", "part"]
        );
        assert_eq!(stems("l’école d’à côté"), vec!["ecol", "cot"]);
    }

    #[test]
    fn accents_and_case_do_not_matter() {
        assert_eq!(stems("SÉCURITÉ"), stems("sécurité"));
        assert_eq!(stems("Écoles"), stems("école"));
    }

    #[test]
    fn sms_spellings_expand() {
        assert_eq!(stems("jsuis au rdv"), vec!["rend"]);
        assert_eq!(
            stems("pb avec le proprio"),
            ["problem", "propriétair"]
                .iter()
                .map(|s| fold(s).into_owned())
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn repeated_letters_are_squeezed() {
        assert_eq!(lower("Nuuuul"), "nul");
        assert_eq!(lower("trooop"), "trop");
        assert_eq!(lower("Coopérative"), "coopérative");
        assert_eq!(lower("1000"), "1000");
    }

    #[test]
    fn numbers_are_not_content() {
        assert!(stems("18h30 ligne 23 en 2024").iter().all(|s| s == "lign"));
    }

    #[test]
    fn negation_marks_the_following_words() {
        let tokens = tokenize("Il n'y a plus de commerces, le marché est là", &[]);
        let commerce = tokens.iter().find(|t| t.folded == "commerces").unwrap();
        assert!(commerce.negated);
        let marche = tokens.iter().find(|t| t.folded == "marche").unwrap();
        assert!(!marche.negated);
    }

    #[test]
    fn skipped_ranges_yield_nothing() {
        let text = "Mme Lebas habite là";
        let tokens = tokenize(text, &[(0, 9)]);
        assert_eq!(tokens.first().map(|t| t.folded.as_str()), Some("habite"));
    }

    #[test]
    fn sentence_starts() {
        let tokens = tokenize("Bonjour. Ahmed est là, Karim aussi", &[]);
        let starts: Vec<&str> = tokens
            .iter()
            .filter(|t| t.sentence_start)
            .map(|t| t.folded.as_str())
            .collect();
        assert_eq!(starts, vec!["bonjour", "ahmed"]);
    }
}
