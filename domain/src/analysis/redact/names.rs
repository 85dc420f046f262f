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

struct Lists {
    /// First names that are nothing else.
    first: HashSet<&'static str>,
    /// First names that are also words or places (Rose, Pierre, France): only with a cue.
    ambiguous: HashSet<&'static str>,
    /// Capitalised words that are not people: institutions, towns, brands, months, functions.
    not_people: HashSet<&'static str>,
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| {
        let mut lists = Lists {
            first: HashSet::new(),
            ambiguous: HashSet::new(),
            not_people: HashSet::new(),
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
        for line in NOT_PEOPLE
            .lines()
            .map(str::trim)
            .filter(|l| !l.starts_with('#'))
        {
            lists.not_people.extend(line.split_whitespace());
        }
        for word in &lists.ambiguous {
            lists.first.remove(word);
        }
        lists
    })
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
const RELATIONS: &[&str] = &[
    "voisin",
    "voisine",
    "voisins",
    "voisines",
    "fils",
    "fille",
    "filles",
    "enfant",
    "enfants",
    "mari",
    "femme",
    "epouse",
    "epoux",
    "conjoint",
    "conjointe",
    "compagnon",
    "compagne",
    "copain",
    "copine",
    "copains",
    "copines",
    "ami",
    "amie",
    "amis",
    "amies",
    "frere",
    "freres",
    "soeur",
    "soeurs",
    "cousin",
    "cousine",
    "cousins",
    "cousines",
    "neveu",
    "niece",
    "oncle",
    "tante",
    "pere",
    "mere",
    "papa",
    "maman",
    "gendre",
    "bebe",
    "fiance",
    "fiancee",
    "collegue",
    "collegues",
    "patron",
    "patronne",
    "chef",
    "gardien",
    "gardienne",
    "proprietaire",
    "proprio",
    "educateur",
    "educatrice",
    "medecin",
    "kine",
    "infirmiere",
    "infirmier",
    "prof",
    "professeure",
    "maitresse",
    "instit",
    "conseiller",
    "conseillere",
    "coach",
    "entraineur",
    "pote",
    "potes",
    "camarade",
    "coloc",
    "colocataire",
    "amoureux",
    "amoureuse",
    "cheri",
    "cherie",
    "petit",
    "petite",
    "petits",
    "petites",
    "grand",
    "grande",
    "animateur",
    "animatrice",
    "assistante",
    "assistant",
    "directrice",
    "directeur",
    "belle",
    "beau",
    "aine",
    "ainee",
    "cadet",
    "cadette",
    "jumeau",
    "jumelle",
    "jumeaux",
    "jumelles",
    "filleul",
    "filleule",
    "parrain",
    "marraine",
    "nounou",
    "ado",
    "ados",
    "gamin",
    "gamine",
    "gamins",
    "fiston",
    "benjamin",
];
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
    &["appelez"],
    &["appeler"],
    &["ecrivez", "a"],
    &["merci", "a"],
    &["grace", "a"],
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
    &["moi", "c", "est"],
    &["moi", "c"],
    &["jmappelle"],
    &["jmapelle"],
    &["signe"],
    &["nom"],
    &["prenom"],
];
/// Places and organisations: a capitalised name right after them is theirs, not a person's.
const PLACE_NOUNS: &[&str] = &[
    "mediatheque",
    "bibliotheque",
    "ludotheque",
    "ecole",
    "college",
    "lycee",
    "centre",
    "salle",
    "parc",
    "square",
    "jardin",
    "stade",
    "gymnase",
    "piscine",
    "maison",
    "espace",
    "rue",
    "avenue",
    "boulevard",
    "bd",
    "allee",
    "place",
    "impasse",
    "quai",
    "cours",
    "chemin",
    "route",
    "pont",
    "arret",
    "station",
    "gare",
    "residence",
    "cite",
    "hopital",
    "clinique",
    "clos",
    "lotissement",
    "quartier",
    "tour",
    "eglise",
    "mosquee",
    "temple",
    "synagogue",
    "chapelle",
    "cathedrale",
    "mairie",
    "marche",
    "theatre",
    "cinema",
    "musee",
    "hotel",
    "institut",
    "association",
    "asso",
    "club",
    "fondation",
    "universite",
    "fac",
    "ehpad",
    "foyer",
    "restaurant",
    "cafe",
    "bar",
    "boulangerie",
    "pharmacie",
    "cabinet",
    "groupe",
    "ligne",
    "tram",
    "bus",
    "boutique",
    "magasin",
    "supermarche",
    "salon",
    "creche",
    "halte",
    "galerie",
    "complexe",
    "terrain",
    "promenade",
    "mail",
    "parvis",
    "esplanade",
    "port",
    "ile",
    "lac",
    "bois",
    "collectif",
    "festival",
    "campus",
    "canal",
    "pole",
    "saint",
    "sainte",
    "st",
    "ste",
    "rond",
    "point",
    "entreprise",
    "societe",
    "agence",
    "journal",
    "radio",
    "chaine",
    "equipe",
    "collectif",
    "prix",
    "plan",
    "dispositif",
    "programme",
    "operation",
    "projet",
    "resto",
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
];

/// Whether word `i` may be part of a name: a capitalised word that is not an institution, town,
/// function or stop word.
fn name_word(scan: &Scan<'_>, i: usize) -> bool {
    let folded = scan.folded(i);
    scan.is_capitalised(i)
        && scan.word(i).chars().all(char::is_alphabetic)
        && !lists().not_people.contains(folded)
        && !is_stop_word(folded)
        && !PLACE_NOUNS.contains(&folded)
}

fn is_first_name(folded: &str) -> bool {
    lists().first.contains(folded)
}

/// Whether the words ending at `last` are `seq`, within one sentence.
fn ends_with(scan: &Scan<'_>, last: usize, seq: &[&str]) -> bool {
    let len = seq.len();
    last + 1 >= len && {
        let first = last + 1 - len;
        seq.iter()
            .enumerate()
            .all(|(k, w)| scan.folded(first + k) == *w)
            && (first + 1..=last).all(|k| !scan.sentence_start(k))
    }
}

/// A capitalised name right after a place noun belongs to the place.
fn after_place_noun(scan: &Scan<'_>, i: usize) -> bool {
    let mut k = i;
    for _ in 0..4 {
        if k == 0 || scan.sentence_start(k) {
            return false;
        }
        k -= 1;
        let folded = scan.folded(k);
        if PLACE_NOUNS.contains(&folded) {
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
    let mut k = start + 1;
    while k < scan.len() && k <= start + 4 {
        let gap = scan.gap(k);
        if !matches!(gap, " " | "-" | "'" | "’") || scan.sentence_start(k) {
            break;
        }
        if name_word(scan, k) || (scan.is_capitalised(k) && PARTICLES.contains(&scan.folded(k))) {
            end = k;
            k += 1;
        } else if PARTICLES.contains(&scan.folded(k))
            && k + 1 < scan.len()
            && name_word(scan, k + 1)
        {
            k += 1;
        } else {
            break;
        }
    }
    // A capitalised particle cannot end a name.
    while end > start && PARTICLES.contains(&scan.folded(end)) {
        end -= 1;
    }
    end
}

/// After a name, `, X`, `et X`, `& X`: the next names of a list (`Léo, Inès et Sami`).
fn list_continues(scan: &Scan<'_>, after: usize) -> Option<usize> {
    let k = after + 1;
    if k >= scan.len() {
        return None;
    }
    let candidate = |k: usize| {
        (k < scan.len()
            && (name_word(scan, k) || (is_first_name(scan.folded(k)) && !scan.is_capitalised(k))))
        .then_some(k)
    };
    match scan.gap(k).trim() {
        "," | "&" => candidate(k),
        "" if scan.folded(k) == "et" && scan.gap(k + 1).trim().is_empty() => candidate(k + 1),
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
            && !PLACE_NOUNS.contains(&scan.folded(i))
            && after_place_noun(&scan, i);
        if named {
            let mut end = i;
            while end + 1 < scan.len()
                && matches!(scan.gap(end + 1), " " | "-")
                && scan.is_capitalised(end + 1)
            {
                end += 1;
            }
            out.push((scan.start(i), scan.end(end)));
            i = end + 1;
        } else {
            i += 1;
        }
    }
    out
}

pub(super) fn names(scan: &Scan<'_>, out: &mut Vec<Span>) {
    let n = scan.len();
    let mut i = 0usize;
    let push = |out: &mut Vec<Span>, from: usize, to: usize| {
        out.push(Span {
            kind: PiiKind::Name,
            start: scan.start(from),
            end: scan.end(to),
        });
    };
    while i < n {
        let folded = scan.folded(i);

        // Civility titles: `Mme Morin`, `M. Ben Salah`, `Madame de la Tour`.
        if TITLES.contains(&folded) && i + 1 < n && matches!(scan.gap(i + 1), " " | ". " | ".") {
            let title_ok = folded != "m" || scan.word(i) == "M";
            let mut k = i + 1;
            while k < n
                && PARTICLES.contains(&scan.folded(k))
                && !scan.is_capitalised(k)
                && k < i + 3
            {
                k += 1;
            }
            let particle_name = k + 1 < n
                && scan.is_capitalised(k)
                && PARTICLES.contains(&scan.folded(k))
                && scan.gap(k + 1) == " "
                && name_word(scan, k + 1);
            let lower_name = SHORT_TITLES.contains(&folded)
                && k == i + 1
                && !is_stop_word(scan.folded(k))
                && scan.word(k).chars().all(char::is_alphabetic);
            if title_ok && k < n && (name_word(scan, k) || particle_name || lower_name) {
                let end = if lower_name && !scan.is_capitalised(k) {
                    k
                } else {
                    extend(scan, k)
                };
                push(out, i, end);
                i = end + 1;
                continue;
            }
        }

        let introduced = INTRODUCTIONS.iter().any(|seq| ends_with(scan, i, seq))
            && (!matches!(folded, "nom" | "prenom") || scan.gap(i + 1).contains(':'));
        let introduced = introduced || (i > 0 && scan.folded(i - 1) == "signe");
        if introduced && i + 1 < n {
            let k = i + 1;
            let gap_ok = !scan.gap(k).contains(['.', '!', '?', '\n', ',', ';']);
            let kf = scan.folded(k);
            if gap_ok && !TITLES.contains(&kf) {
                if scan.is_capitalised(k)
                    && scan.word(k).chars().all(char::is_alphabetic)
                    && !is_stop_word(kf)
                {
                    let end = extend(scan, k);
                    push(out, k, end);
                    i = list_or(scan, out, end);
                    continue;
                }
                if !is_stop_word(kf)
                    && !NOT_A_NAME_AFTER_INTRO.contains(&kf)
                    && kf.chars().all(char::is_alphabetic)
                {
                    // Lower-case: one word, and a second one when it closes the phrase.
                    let mut end = k;
                    let second = k + 1;
                    if second < n
                        && scan.gap(second) == " "
                        && !is_stop_word(scan.folded(second))
                        && !NOT_A_NAME_AFTER_INTRO.contains(&scan.folded(second))
                        && (second + 1 >= n
                            || scan
                                .gap(second + 1)
                                .trim()
                                .starts_with([',', '.', '!', '?', ';']))
                    {
                        end = second;
                    }
                    push(out, k, end);
                    i = end + 1;
                    continue;
                }
            }
        }

        // `c'est Moussa`, `je suis Karim`, `avec Sami`: a known first name.
        let soft_cue = ends_with(scan, i, &["c", "est"])
            || ends_with(scan, i, &["je", "suis"])
            || folded == "avec";
        // `ma fille Emma`, `mes enfants Léo et Inès`, `le gardien, Karim`
        let relation =
            RELATIONS.contains(&folded) && i > 0 && DETERMINERS.contains(&scan.folded(i - 1));
        let call = CALLS.iter().any(|seq| ends_with(scan, i, seq));
        if (relation || call || soft_cue) && i + 1 < n {
            let k = i + 1;
            let gap = scan.gap(k).trim();
            let kf = scan.folded(k);
            let close = (gap.is_empty() || (gap == "," && relation)) && !scan.sentence_start(k);
            let known = is_first_name(kf) || lists().ambiguous.contains(kf);
            let accepted = if soft_cue {
                name_word(scan, k) && is_first_name(kf)
            } else {
                name_word(scan, k) || (is_first_name(kf) && !is_stop_word(kf))
            };
            if close && accepted && (known || scan.is_capitalised(k)) {
                let end = if scan.is_capitalised(k) {
                    extend(scan, k)
                } else {
                    k
                };
                push(out, k, end);
                i = list_or(scan, out, end);
                continue;
            }
        }

        // A known first name on its own, capitalised, not naming a place.
        if scan.is_capitalised(i)
            && !after_place_noun(scan, i)
            && !lists().not_people.contains(folded)
        {
            let known = is_first_name(folded);
            let ambiguous = lists().ambiguous.contains(folded);
            let end = extend(scan, i);
            let with_surname = end > i;
            if known || (ambiguous && with_surname && !scan.sentence_start(i)) {
                // `DURAND Sophie`: an upper-case surname before.
                let upper_before = i > 0
                    && scan.gap(i) == " "
                    && is_upper_word(scan.word(i - 1))
                    && !lists().not_people.contains(scan.folded(i - 1));
                let start = if upper_before { i - 1 } else { i };
                push(out, start, end);
                i = list_or(scan, out, end);
                continue;
            }
        }
        i += 1;
    }
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
    end + 1
}

#[cfg(test)]
mod tests {
    use super::super::Scan;
    use super::*;

    fn found(text: &str) -> Vec<String> {
        let scan = Scan::new(text);
        let mut out = Vec::new();
        names(&scan, &mut out);
        out.into_iter()
            .map(|s| text[s.start..s.end].to_owned())
            .collect()
    }

    #[test]
    fn place_names_are_found() {
        let text =
            "Le bus ne dessert plus la place du Commerce ni le gymnase Jean Vilar. Marché fermé.";
        let found: Vec<&str> = place_names(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(found, vec!["Commerce", "Jean Vilar"]);
    }

    #[test]
    fn lists_load() {
        assert!(is_first_name("moussa") && is_first_name("ines") && is_first_name("sophie"));
        assert!(!is_first_name("rose"), "ambiguous names need a cue");
        assert!(is_known_place("nantes"));
    }

    #[test]
    fn introductions() {
        assert_eq!(
            found("Je m'appelle Sophie Durand, mon numéro"),
            vec!["Sophie Durand"]
        );
        assert_eq!(
            found("je m’appelle nadia je suis diabétique"),
            vec!["nadia"]
        );
        assert_eq!(found("Moi c'est Julien Marchand."), vec!["Julien Marchand"]);
        assert_eq!(found("jm'appelle kevin martin."), vec!["kevin martin"]);
        assert_eq!(found("Mon nom est Traoré."), vec!["Traoré"]);
        assert_eq!(found("Nom : Lefebvre"), vec!["Lefebvre"]);
        assert_eq!(found("elle s'appelle Bintou"), vec!["Bintou"]);
        assert_eq!(found("c'est Moussa qui s'en occupe"), vec!["Moussa"]);
        assert_eq!(found("Signé Roger Dupuis"), vec!["Roger Dupuis"]);
        assert_eq!(found("slt moi c nadia jhabite ici"), vec!["nadia"]);
        assert_eq!(
            found("C'est Sébastien Leroy, du quartier"),
            vec!["Sébastien Leroy"]
        );
    }

    #[test]
    fn civility_titles() {
        assert_eq!(found("Moi c'est Mme Morin, 06"), vec!["Mme Morin"]);
        assert_eq!(found("Mme Le Goff habite là"), vec!["Mme Le Goff"]);
        assert_eq!(
            found("M. Ben Salah et Madame de la Fontaine"),
            vec!["M. Ben Salah", "Madame de la Fontaine"]
        );
        assert_eq!(found("voir avec mme morin"), vec!["mme morin"]);
        assert_eq!(found("le docteur Kouassi"), vec!["docteur Kouassi"]);
        assert!(found("Madame la Maire, Monsieur le Maire, bonjour Madame").is_empty());
    }

    #[test]
    fn family_and_neighbours() {
        assert_eq!(found("Mon fils Lucas s'ennuie"), vec!["Lucas"]);
        assert_eq!(found("Ma fille Emma s'est fait"), vec!["Emma"]);
        assert_eq!(found("mon voisin Kevin Martin crie"), vec!["Kevin Martin"]);
        assert_eq!(
            found("mes enfants Léo et Inès adorent"),
            vec!["Léo", "Inès"]
        );
        assert_eq!(
            found("mes petits-enfants Yanis, Sami et Lina"),
            vec!["Yanis", "Sami", "Lina"]
        );
        assert_eq!(found("ma voisine, Rose, passe"), vec!["Rose"]);
        assert_eq!(found("ma fille emma est malade"), vec!["emma"]);
        assert_eq!(found("le gardien Karim est sympa"), vec!["Karim"]);
    }

    #[test]
    fn first_names_alone_and_calls() {
        assert_eq!(
            found("Ahmed (07 53 21 45 09) s'occupe de l'association"),
            vec!["Ahmed"]
        );
        assert_eq!(found("Demandez à Moussa, c'est lui"), vec!["Moussa"]);
        assert_eq!(found("Contactez Traoré au local"), vec!["Traoré"]);
        assert_eq!(
            found("on en a parlé avec Fatou Diallo"),
            vec!["Fatou Diallo"]
        );
        assert_eq!(found("la fille de Karim"), vec!["Karim"]);
        assert_eq!(found("DURAND Sophie a appelé"), vec!["DURAND Sophie"]);
        assert_eq!(found("Jean-Pierre est venu"), vec!["Jean-Pierre"]);
    }

    #[test]
    fn places_and_institutions_are_not_people() {
        for text in [
            "La médiathèque Jacques Demy est fermée",
            "le centre commercial Atlantis",
            "France Travail et France Services",
            "la CAF, la mairie et Nantes Métropole",
            "au lycée Albert Camus",
            "rue Jean Jaurès, place Aimé Césaire",
            "Rose des vents",
            "le lycée Pierre et Marie Curie",
            "à Saint-Herblain",
            "Bonjour Madame",
            "Le tram passe à Commerce",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }
}
