//! People's names. Residents name themselves (`je m'appelle`, `moi c'est`), their family and
//! neighbours (`ma fille Emma`, `mes enfants Léo et Inès`), use civility titles (`Mme Le Goff`),
//! or just say a first name (`Ahmed s'en occupe`). Places and institutions named after people
//! (`la médiathèque Jacques Demy`, `France Travail`) are not people.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::{PiiKind, Scan, Span};
use crate::analysis::normalise::is_stop_word;

const FIRST_NAMES: &str = include_str!("../../../data/prenoms.fr.txt");
const NOT_PEOPLE: &str = include_str!("../../../data/non-personnes.fr.txt");
const RELATIONS: &str = include_str!("../../../data/liens.fr.txt");
const PLACE_NOUNS: &str = include_str!("../../../data/lieux.fr.txt");

struct Lists {
    /// First names that are nothing else.
    first: HashSet<&'static str>,
    /// First names that are also words or places (Rose, Pierre, France): only with a cue.
    ambiguous: HashSet<&'static str>,
    /// Capitalised words that are not people: institutions, towns, brands, months, functions.
    not_people: HashSet<&'static str>,
    /// Family, neighbours, work: after a determiner, a name is expected (`ma fille Emma`).
    relations: HashSet<&'static str>,
    /// Places and organisations: a capitalised name right after them is theirs, not a person's.
    place_nouns: HashSet<&'static str>,
}

/// The words of a list file, comment lines (`#`) left out.
fn list_words(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| {
        let mut lists = Lists {
            first: HashSet::new(),
            ambiguous: HashSet::new(),
            not_people: list_words(NOT_PEOPLE).collect(),
            relations: list_words(RELATIONS).collect(),
            place_nouns: list_words(PLACE_NOUNS).collect(),
        };
        for line in FIRST_NAMES
            .lines()
            .map(str::trim)
            .filter(|l| !l.starts_with('#'))
        {
            match line.strip_prefix('!') {
                Some(rest) => lists.ambiguous.extend(rest.split_whitespace()),
                None => lists.first.extend(line.split_whitespace()),
            }
        }
        for word in &lists.ambiguous {
            lists.first.remove(word);
        }
        lists
    })
}

fn is_place_noun(folded: &str) -> bool {
    lists().place_nouns.contains(folded)
}

/// A town, quartier, institution or brand of the list (folded).
pub(crate) fn is_known_place(folded: &str) -> bool {
    lists().not_people.contains(folded)
}

const TITLES: &[&str] = &[
    "m",
    "mr",
    "mme",
    "mmes",
    "mlle",
    "mlles",
    "madame",
    "monsieur",
    "mademoiselle",
    "messieurs",
    "dr",
    "docteur",
    "docteure",
    "pr",
    "professeur",
    "maitre",
];
/// Titles after which even a lower-case word is a name (`mme morin`).
const SHORT_TITLES: &[&str] = &["mr", "mme", "mlle"];
const DETERMINERS: &[&str] = &[
    "mon",
    "ma",
    "mes",
    "ton",
    "ta",
    "tes",
    "son",
    "sa",
    "ses",
    "notre",
    "nos",
    "votre",
    "vos",
    "leur",
    "leurs",
    "le",
    "la",
    "les",
    "l",
    "un",
    "une",
    "des",
    "du",
    "au",
    "aux",
    "petit",
    "petite",
    "petits",
    "petites",
    "grand",
    "grande",
    "jeune",
    "ex",
    "meilleur",
    "meilleure",
    "nouveau",
    "nouvelle",
    "vieux",
    "vieille",
    "autre",
    "belle",
    "beau",
];
/// Words after which a name is expected.
const CALLS: &[&[&str]] = &[
    &["demandez", "a"],
    &["demander", "a"],
    &["demande", "a"],
    &["parlez", "a"],
    &["parler", "a"],
    &["en", "a"],
    &["voir", "avec"],
    &["voyez", "avec"],
    &["contactez"],
    &["contacter"],
    &["joindre"],
    &["joignez"],
    &["appelez"],
    &["appeler"],
    &["ecrivez", "a"],
    &["merci", "a"],
    &["grace", "a"],
];
/// Family titles that are written as part of a name, without a determiner (`Tata Mimi`).
const HONORIFICS: &[&str] = &[
    "tata", "tatie", "tati", "tantine", "tonton", "mamie", "mami", "papi", "papy", "meme", "pepe",
];
/// Introductions: what follows is the speaker's (or someone's) name.
const INTRODUCTIONS: &[&[&str]] = &[
    &["m", "appelle"],
    &["m", "apelle"],
    &["s", "appelle"],
    &["s", "apelle"],
    &["jm", "appelle"],
    &["je", "me", "nomme"],
    &["se", "nomme"],
    &["mon", "nom", "est"],
    &["mon", "nom", "c", "est"],
    &["mon", "prenom", "est"],
    &["mon", "prenom", "c", "est"],
    &["le", "nom", "c", "est"],
    &["le", "prenom", "c", "est"],
    &["my", "name", "is"],
    &["moi", "c", "est"],
    &["moi", "c"],
    &["jmappelle"],
    &["jmapelle"],
    &["signe"],
    &["nom"],
    &["prenom"],
];
/// Words that may stand between a place noun and its name (`centre commercial Atlantis`).
const PLACE_FILLERS: &[&str] = &[
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "l",
    "d",
    "commercial",
    "commerciale",
    "municipal",
    "municipale",
    "sportif",
    "sportive",
    "culturel",
    "culturelle",
    "social",
    "sociale",
    "public",
    "publique",
    "grand",
    "grande",
    "petit",
    "petite",
    "nouveau",
    "nouvelle",
    "ancien",
    "ancienne",
    "medical",
    "medicale",
    "scolaire",
    "socioculturel",
    "aquatique",
    "omnisport",
    "omnisports",
    "et",
];
/// Particles inside a surname (`Le Goff`, `Ben Salah`, `de la Tour`).
const PARTICLES: &[&str] = &[
    "de", "du", "des", "le", "la", "l", "d", "ben", "ibn", "el", "al", "van", "von", "da", "di",
    "dos", "ould", "bou", "abou", "mac", "mc",
];
/// Lower-case words that never follow an introduction as a name.
const NOT_A_NAME_AFTER_INTRO: &[&str] = &[
    "habitant",
    "habitante",
    "habitante",
    "et",
    "depuis",
    "ici",
    "pareil",
    "pareille",
    "bien",
    "pas",
    "comme",
    "tout",
    "rien",
    "aussi",
    "la",
    "le",
    // `chez moi c'est petit`, `moi c'est mort`, `my name is not important`.
    "petit",
    "petite",
    "grand",
    "grande",
    "calme",
    "mort",
    "bon",
    "nul",
    "mieux",
    "pire",
    "simple",
    "normal",
    "complique",
    "not",
];

/// Whether word `i` may be part of a name: a capitalised word that is not an institution, town,
/// function or stop word.
fn name_word(scan: &Scan<'_>, i: usize) -> bool {
    let folded = scan.folded(i);
    scan.is_capitalised(i)
        && scan.word(i).chars().all(char::is_alphabetic)
        && !lists().not_people.contains(folded)
        && !is_stop_word(folded)
        && !is_place_noun(folded)
}

fn is_first_name(folded: &str) -> bool {
    lists().first.contains(folded)
}

/// Whether the words ending at `last` are `seq`, within one sentence.
fn ends_with(scan: &Scan<'_>, last: usize, seq: &[&str]) -> bool {
    let Some(first) = last
        .checked_add(1)
        .and_then(|after| after.checked_sub(seq.len()))
    else {
        return false;
    };
    seq.iter()
        .zip(first..=last)
        .all(|(w, k)| scan.folded(k) == *w)
        && (first..=last).skip(1).all(|k| !scan.sentence_start(k))
}

/// A capitalised name right after a place noun belongs to the place.
fn after_place_noun(scan: &Scan<'_>, i: usize) -> bool {
    let mut k = i;
    for _ in 0..4 {
        // `un éduc de rue, Karim, …`: after a comma, a person in apposition.
        if scan.sentence_start(k) || scan.gap(k).contains(',') {
            return false;
        }
        // Not the first word: `sentence_start(0)` is true.
        let Some(prev) = k.checked_sub(1) else {
            return false;
        };
        k = prev;
        let folded = scan.folded(k);
        if is_place_noun(folded) {
            return true;
        }
        if !PLACE_FILLERS.contains(&folded) && !scan.is_capitalised(k) {
            return false;
        }
    }
    false
}

/// Extends a name from word `start` over following capitalised words, particles and hyphenated
/// parts (`Jean-Pierre Le Goff`): returns the last word.
fn extend(scan: &Scan<'_>, start: usize) -> usize {
    let mut end = start;
    let mut k = start.saturating_add(1);
    while k < scan.len() && k <= start.saturating_add(4) {
        let gap = scan.gap(k);
        if !matches!(gap, " " | "-" | "'" | "’") || scan.sentence_start(k) {
            break;
        }
        let next = k.saturating_add(1);
        if name_word(scan, k) || (scan.is_capitalised(k) && PARTICLES.contains(&scan.folded(k))) {
            end = k;
            k = next;
        } else if PARTICLES.contains(&scan.folded(k)) && next < scan.len() && name_word(scan, next)
        {
            k = next;
        } else {
            break;
        }
    }
    // A capitalised particle cannot end a name.
    while end > start && PARTICLES.contains(&scan.folded(end)) {
        end = end.saturating_sub(1);
    }
    end
}

/// After a name, `, X`, `et X`, `& X`: the next names of a list (`Léo, Inès et Sami`).
fn list_continues(scan: &Scan<'_>, after: usize) -> Option<usize> {
    let k = after.saturating_add(1);
    if k >= scan.len() {
        return None;
    }
    // One letter is no name in a list (`Grace Okafor, I live…`).
    let candidate = |k: usize| {
        (k < scan.len()
            && scan.folded(k).len() > 1
            && (name_word(scan, k) || (is_first_name(scan.folded(k)) && !scan.is_capitalised(k))))
        .then_some(k)
    };
    let next = k.saturating_add(1);
    match scan.gap(k).trim() {
        "," | "&" => candidate(k),
        "" if scan.folded(k) == "et" && scan.gap(next).trim().is_empty() => candidate(next),
        _ => None,
    }
}

/// Byte ranges of proper names of places (`place du Commerce`, `gymnase Jean Vilar`): their
/// words say nothing about the subject of a testimony.
pub(crate) fn place_names(text: &str) -> Vec<(usize, usize)> {
    let scan = Scan::new(text);
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut i = 0usize;
    while i < scan.len() {
        let named = scan.is_capitalised(i)
            && !scan.sentence_start(i)
            && !is_place_noun(scan.folded(i))
            && after_place_noun(&scan, i);
        if named {
            let mut end = i;
            loop {
                let next = end.saturating_add(1);
                if next < scan.len()
                    && matches!(scan.gap(next), " " | "-")
                    && scan.is_capitalised(next)
                {
                    end = next;
                } else {
                    break;
                }
            }
            out.push((scan.start(i), scan.end(end)));
            i = end.saturating_add(1);
        } else {
            i = i.saturating_add(1);
        }
    }
    out
}

/// A name rule: tried at word `i`; when it recognises a name there, it pushes its span(s) and
/// returns the word to go on from.
type NameRule = fn(&Scan<'_>, usize, &mut Vec<Span>) -> Option<usize>;

/// Public functions: the person named right after one, in that function, is a public figure
/// (guide § 5: `la maire, Johanna Rolland` is not marked).
const PUBLIC_FUNCTIONS: &[&str] = &[
    "maire",
    "ministre",
    "depute",
    "deputee",
    "senateur",
    "senatrice",
    "prefet",
    "prefete",
];

/// `la maire, Johanna Rolland`, `le ministre Untel`: skipped, not marked.
fn public_figure(scan: &Scan<'_>, i: usize, _out: &mut Vec<Span>) -> Option<usize> {
    let next = i.saturating_add(1);
    let public = PUBLIC_FUNCTIONS.contains(&scan.folded(i))
        && i.checked_sub(1)
            .is_some_and(|p| matches!(scan.folded(p), "le" | "la" | "l" | "notre" | "votre"));
    (public && matches!(scan.gap(next), " " | ", ") && name_word(scan, next))
        .then(|| extend(scan, next).saturating_add(1))
}

/// The rules, tried in this order at each word: the first that matches wins.
const NAME_RULES: [NameRule; 9] = [
    public_figure,
    family_name,
    titled_name,
    introduced_name,
    cued_first_name,
    known_first_name,
    first_name_of_a_floor,
    name_before_relation,
    name_after_relation,
];

pub(super) fn names(scan: &Scan<'_>, out: &mut Vec<Span>) {
    let mut i = 0usize;
    while i < scan.len() {
        i = NAME_RULES
            .iter()
            .find_map(|rule| rule(scan, i, out))
            .unwrap_or_else(|| i.saturating_add(1));
    }
}

fn push_name(scan: &Scan<'_>, out: &mut Vec<Span>, from: usize, to: usize) {
    out.push(Span {
        kind: PiiKind::Name,
        start: scan.start(from),
        end: scan.end(to),
    });
}

/// `les Kowalski d'en face`, `chez les Martin`: a surname stays singular after `les`, where a
/// group, a people or a place is plural (`les Verts`, `les Nantais`, `les Dervallières`).
fn surname_after_les(scan: &Scan<'_>, k: usize) -> bool {
    let folded = scan.folded(k);
    let word = scan.word(k);
    folded.len() >= 3
        && !folded.ends_with(['s', 'x', 'z'])
        && word.chars().filter(|c| c.is_uppercase()).count() == 1
        && !is_known_place(folded)
        && !scan.sentence_start(k)
        && name_word(scan, k)
}

/// `famille Le Goff`, `la famille Diallo`, `les Kowalski`: the surname, without the word before.
fn family_name(scan: &Scan<'_>, i: usize, out: &mut Vec<Span>) -> Option<usize> {
    let n = scan.len();
    let next = i.saturating_add(1);
    if next >= n || scan.gap(next) != " " {
        return None;
    }
    if scan.folded(i) == "les" {
        // `chez les Le Bihan`: a particle, then the name.
        let after = next.saturating_add(1);
        let particle = scan.is_capitalised(next)
            && PARTICLES.contains(&scan.folded(next))
            && scan.gap(after) == " "
            && surname_after_les(scan, after);
        if particle || surname_after_les(scan, next) {
            let end = extend(scan, if particle { after } else { next });
            push_name(scan, out, next, end);
            return Some(end.saturating_add(1));
        }
    }
    if scan.folded(i) != "famille" {
        return None;
    }
    let after = next.saturating_add(1);
    let particle_name = after < n
        && scan.is_capitalised(next)
        && PARTICLES.contains(&scan.folded(next))
        && scan.gap(after) == " "
        && name_word(scan, after);
    if !(particle_name || (scan.is_capitalised(next) && name_word(scan, next))) {
        return None;
    }
    let end = extend(scan, if particle_name { after } else { next });
    push_name(scan, out, next, end);
    Some(end.saturating_add(1))
}

/// Civility titles: `Mme Morin`, `M. Ben Salah`, `Madame de la Tour`.
fn titled_name(scan: &Scan<'_>, i: usize, out: &mut Vec<Span>) -> Option<usize> {
    let n = scan.len();
    let folded = scan.folded(i);
    let next = i.saturating_add(1);
    if !(TITLES.contains(&folded) && next < n && matches!(scan.gap(next), " " | ". " | ".")) {
        return None;
    }
    let title_ok = folded != "m" || scan.word(i) == "M";
    let mut k = next;
    while k < n
        && PARTICLES.contains(&scan.folded(k))
        && !scan.is_capitalised(k)
        && k < i.saturating_add(3)
    {
        k = k.saturating_add(1);
    }
    let after_k = k.saturating_add(1);
    let particle_name = after_k < n
        && scan.is_capitalised(k)
        && PARTICLES.contains(&scan.folded(k))
        && scan.gap(after_k) == " "
        && name_word(scan, after_k);
    // `mme diallo` in a text message, but not `Mme dit que…`, `Mme voudrait…` in a
    // volunteer's summary of a call.
    let lower_name = SHORT_TITLES.contains(&folded)
        && k == next
        && !is_stop_word(scan.folded(k))
        && !says_or_does(scan.folded(k))
        && scan.word(k).chars().all(char::is_alphabetic);
    // An elided capital before the name: `Mme N'Diaye`, `M. O'Neill`.
    let elided = k < n
        && after_k < n
        && scan.word(k).chars().count() == 1
        && scan.is_capitalised(k)
        && matches!(scan.gap(after_k), "'" | "’")
        && name_word(scan, after_k);
    if !(title_ok && k < n && (name_word(scan, k) || particle_name || lower_name || elided)) {
        return None;
    }
    let end = if elided {
        extend(scan, after_k)
    } else if lower_name && !scan.is_capitalised(k) {
        k
    } else {
        extend(scan, k)
    };
    push_name(scan, out, i, end);
    Some(end.saturating_add(1))
}

/// A verb after `Mme` / `M.` in reported speech (`Mme dit`, `Mme trouve`, `M. passait`).
fn says_or_does(folded: &str) -> bool {
    const VERBS: &[&str] = &[
        "dit",
        "disait",
        "raconte",
        "explique",
        "demande",
        "signale",
        "trouve",
        "pense",
        "estime",
        "souhaite",
        "voudrait",
        "veut",
        "aimerait",
        "indique",
        "precise",
        "ajoute",
        "regrette",
        "vient",
        "porte",
        "habite",
        "parle",
        "melange",
        "confirme",
        "prefere",
        "refuse",
        "accepte",
        "rappelle",
        "repond",
        "insiste",
        "craint",
        "sait",
        "vit",
        "travaille",
    ];
    VERBS.contains(&folded) || folded.ends_with("ait") || folded.ends_with("aient")
}

/// After an introduction (`je m'appelle`, `nom :`, `signé`): the next word(s), capitalised or
/// not.
fn introduced_name(scan: &Scan<'_>, i: usize, out: &mut Vec<Span>) -> Option<usize> {
    let n = scan.len();
    let folded = scan.folded(i);
    let next = i.saturating_add(1);
    let introduced = INTRODUCTIONS.iter().any(|seq| ends_with(scan, i, seq))
        && (!matches!(folded, "nom" | "prenom") || scan.gap(next).contains(':'));
    // `signé par Fatou Diallo` (not `il a signé l'arrêté`).
    let introduced = introduced
        || (folded == "par" && i.checked_sub(1).is_some_and(|p| scan.folded(p) == "signe"));
    // `chez moi c'est …` says what the home is like, not who speaks.
    let at_home = ends_with(scan, i, &["chez", "moi", "c", "est"]);
    let introduced = introduced && !at_home;
    if !introduced || next >= n {
        return None;
    }
    let k = next;
    let gap_ok = !scan.gap(k).contains(['.', '!', '?', '\n', ',', ';']);
    let kf = scan.folded(k);
    if !gap_ok || TITLES.contains(&kf) {
        return None;
    }
    if scan.is_capitalised(k) && scan.word(k).chars().all(char::is_alphabetic) && !is_stop_word(kf)
    {
        let end = extend(scan, k);
        push_name(scan, out, k, end);
        return Some(list_or(scan, out, end));
    }
    if is_stop_word(kf)
        || NOT_A_NAME_AFTER_INTRO.contains(&kf)
        || !kf.chars().all(char::is_alphabetic)
    {
        return None;
    }
    // Lower-case: one word, and a second one when it closes the phrase.
    let mut end = k;
    let second = k.saturating_add(1);
    let after_second = second.saturating_add(1);
    if second < n
        && scan.gap(second) == " "
        && !is_stop_word(scan.folded(second))
        && !NOT_A_NAME_AFTER_INTRO.contains(&scan.folded(second))
        && (after_second >= n
            || scan
                .gap(after_second)
                .trim()
                .starts_with([',', '.', '!', '?', ';']))
    {
        end = second;
    }
    push_name(scan, out, k, end);
    Some(end.saturating_add(1))
}

/// `c'est Moussa`, `je suis Karim`, `avec Sami` (a known first name); `ma fille Emma`,
/// `mes enfants Léo et Inès`, `le gardien, Karim` (after a relation or a call).
fn cued_first_name(scan: &Scan<'_>, i: usize, out: &mut Vec<Span>) -> Option<usize> {
    let n = scan.len();
    let folded = scan.folded(i);
    let next = i.saturating_add(1);
    // `c joão` in a text message: `c` for `c'est`.
    let sms_cue = folded == "c" && scan.word(i) == "c" && scan.gap(next) == " ";
    let soft_cue = ends_with(scan, i, &["c", "est"])
        || ends_with(scan, i, &["je", "suis"])
        || folded == "avec"
        || folded == "chez"
        || sms_cue;
    // `Tata Mimi`, `Tonton Issa`: a family title written as part of the name.
    // Only before a first name: `Mamie Nova`, `Tata Yoyo` are a brand and a song.
    let honorific = HONORIFICS.contains(&folded)
        && scan.is_capitalised(i)
        && could_be_first_name(scan.folded(next));
    let relation = lists().relations.contains(folded)
        && (honorific
            || i.checked_sub(1)
                .is_some_and(|p| DETERMINERS.contains(&scan.folded(p))));
    let call = CALLS.iter().any(|seq| ends_with(scan, i, seq));
    // `demandez marine`: a bare noun right after `demandez` is a first name, even one that is
    // also a word.
    let bare_call = matches!(folded, "demandez" | "demander")
        && (could_be_first_name(scan.folded(next))
            || (scan.is_capitalised(next) && name_word(scan, next)))
        && scan.word(next).chars().all(char::is_alphabetic);
    if !(relation || call || soft_cue || bare_call) || next >= n {
        return None;
    }
    let k = next;
    let gap = scan.gap(k).trim();
    let kf = scan.folded(k);
    let close = (gap.is_empty() || (gap == "," && relation)) && !scan.sentence_start(k);
    let known = could_be_first_name(kf);
    let accepted = if bare_call {
        true
    } else if soft_cue {
        // A known first name, capitalised or not (`c'est karim qui…`, `avec fatou`).
        (name_word(scan, k) || !scan.is_capitalised(k)) && is_first_name(kf) && !is_stop_word(kf)
    } else {
        name_word(scan, k) || (is_first_name(kf) && !is_stop_word(kf))
    };
    if !(close && accepted && (known || scan.is_capitalised(k))) {
        return None;
    }
    let end = if scan.is_capitalised(k) {
        extend(scan, k)
    } else {
        k
    };
    push_name(scan, out, k, end);
    Some(list_or(scan, out, end))
}

/// A known first name on its own, capitalised, not naming a place (with an upper-case surname
/// before it: `DURAND Sophie`).
fn known_first_name(scan: &Scan<'_>, i: usize, out: &mut Vec<Span>) -> Option<usize> {
    let folded = scan.folded(i);
    if !scan.is_capitalised(i) || after_place_noun(scan, i) || lists().not_people.contains(folded) {
        return None;
    }
    let known = is_first_name(folded);
    let ambiguous = lists().ambiguous.contains(folded);
    let end = extend(scan, i);
    let with_surname = end > i;
    if !(known || (ambiguous && with_surname && !scan.sentence_start(i))) {
        return None;
    }
    let upper_before = i.checked_sub(1).filter(|&p| {
        scan.gap(i) == " "
            && is_upper_word(scan.word(p))
            && !lists().not_people.contains(scan.folded(p))
    });
    push_name(scan, out, upper_before.unwrap_or(i), end);
    Some(list_or(scan, out, end))
}

/// A first name, even one that is also a word or in lower case, right before the floor where
/// that person lives: `Rose du 1er`, `c pierre du 3e`.
fn first_name_of_a_floor(scan: &Scan<'_>, i: usize, out: &mut Vec<Span>) -> Option<usize> {
    let folded = scan.folded(i);
    let (du, floor) = (i.saturating_add(1), i.saturating_add(2));
    let after = floor.saturating_add(1);
    let named = could_be_first_name(folded) && scan.word(i).chars().all(char::is_alphabetic);
    // `la rose du 3e balcon`: a noun may follow the ordinal; a word that is mostly a noun
    // (`rose`, `pierre`) counts as a name only when nothing does.
    let floor_ends = scan.is_capitalised(i)
        || is_first_name(folded)
        || after >= scan.len()
        || !scan.gap(after).trim().is_empty()
        || is_stop_word(scan.folded(after))
        || super::places::ends_a_floor(scan.folded(after));
    if !(named
        && floor_ends
        && scan.folded(du) == "du"
        && scan.gap(du) == " "
        && scan.gap(floor) == " "
        && super::places::is_ordinal_number(scan.folded(floor)))
    {
        return None;
    }
    push_name(scan, out, i, i);
    Some(du)
}

/// Capitalised words that open a sentence and are no name (`Bref, le gardien…`).
const NOT_A_NAME_BEFORE_COMMA: &[&str] = &[
    "bonjour",
    "bonsoir",
    "merci",
    "salut",
    "bref",
    "voila",
    "alors",
    "enfin",
    "sinon",
    "ensuite",
    "bon",
    "oui",
    "non",
    "ok",
    "donc",
    "mais",
    "puis",
    "hier",
    "demain",
    "aujourd",
    "apres",
    "avant",
    "heureusement",
    "malheureusement",
    "franchement",
    "perso",
    "honnetement",
];

/// A known first name, or one that is also a common word (`Rose`, `Pierre`).
pub(crate) fn could_be_first_name(folded: &str) -> bool {
    is_first_name(folded) || lists().ambiguous.contains(folded)
}

fn is_upper_word(word: &str) -> bool {
    word.chars().count() >= 2 && word.chars().all(|c| c.is_alphabetic() && c.is_uppercase())
}

/// Pushes the following names of a list, if any; returns where to go on.
fn list_or(scan: &Scan<'_>, out: &mut Vec<Span>, mut end: usize) -> usize {
    while let Some(k) = list_continues(scan, end) {
        let last = if scan.is_capitalised(k) {
            extend(scan, k)
        } else {
            k
        };
        out.push(Span {
            kind: PiiKind::Name,
            start: scan.start(k),
            end: scan.end(last),
        });
        end = last;
    }
    end.saturating_add(1)
}

#[path = "names_relations.rs"]
mod relations;
use relations::{name_after_relation, name_before_relation};

#[cfg(test)]
#[path = "names_tests.rs"]
mod tests;
