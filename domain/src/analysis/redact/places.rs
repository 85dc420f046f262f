//! Where someone lives: street addresses with a number, building / staircase / floor / door,
//! postcodes. A street named without a number (`rue de la Paix`) is a place everyone shares and
//! stays.

use super::{PiiKind, Scan, Span};
use crate::analysis::normalise::is_stop_word;

/// Street types, folded. These are never anything else after a house number.
const STREET_TYPES: &[&str] = &[
    "rue",
    "avenue",
    "av",
    "boulevard",
    "bd",
    "bld",
    "blvd",
    "allee",
    "impasse",
    "imp",
    "quai",
    "esplanade",
    "faubourg",
    "fg",
    "ruelle",
    "venelle",
    "sentier",
    "lotissement",
    "parvis",
    "rond",
];
/// Street types that are also common nouns (`2 cours de sport`, `3 places de parking`): they need
/// a capitalised name after them.
const AMBIGUOUS_STREET_TYPES: &[&str] = &[
    "place",
    "pl",
    "cours",
    "mail",
    "passage",
    "square",
    "route",
    "rte",
    "chemin",
    "voie",
    "villa",
    "residence",
    "cite",
    "clos",
    "cour",
    "domaine",
    "promenade",
    "hameau",
    "sente",
    "jardin",
];
/// Street types that are abbreviations, written with a dot or without (`imp. des Tanneurs`).
const ABBREVIATED_STREET_TYPES: &[&str] = &["av", "bd", "bld", "blvd", "imp", "fg", "pl", "rte"];
/// Lower-case words allowed inside a street name.
const CONNECTORS: &[&str] = &[
    "de", "du", "des", "la", "le", "les", "l", "d", "saint", "sainte", "st", "ste",
];
const NUMBER_SUFFIXES: &[&str] = &["bis", "ter", "quater", "b", "a", "c"];

pub(super) fn is_digits(s: &str, max: usize) -> bool {
    !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())
}

/// `12 rue des Lilas Blancs`, `4 bis allée du Bois`, `3, place Aimé Césaire`, `au 5 rue jean jaurès`.
pub(super) fn addresses(scan: &Scan<'_>, out: &mut Vec<Span>) {
    let n = scan.len();
    let mut i = 0usize;
    while i < n {
        let next = i.saturating_add(1);
        // `12`, or `12b` / `4bis` written together.
        let number = scan.folded(i);
        let digits = number.bytes().take_while(u8::is_ascii_digit).count();
        // After ASCII digits: always a char boundary.
        let glued_suffix = number.get(digits..).unwrap_or(number);
        // `au vingt-deux rue Auguste Renoir`: the number in words, before a street type; not
        // the article of `une rue morte`.
        let in_words = (digits == 0 && number != "une")
            .then(|| super::spoken::number_in_words(scan, i))
            .flatten()
            .filter(|&(value, last)| {
                let street = last.saturating_add(1);
                value > 0 && scan.gap(street) == " " && STREET_TYPES.contains(&scan.folded(street))
            });
        if in_words.is_none()
            && (digits == 0
                || digits > 4
                || !(glued_suffix.is_empty() || NUMBER_SUFFIXES.contains(&glued_suffix)))
        {
            i = next;
            continue;
        }
        let mut j = in_words.map_or(next, |(_, last)| last.saturating_add(1));
        if j < n
            && NUMBER_SUFFIXES.contains(&scan.folded(j))
            && scan.gap(j).trim().is_empty()
            && scan.folded(j).len() > 1
        {
            j = j.saturating_add(1);
        }
        if j >= n || !matches!(scan.gap(j).trim(), "" | ",") {
            i = next;
            continue;
        }
        // `au 2 de la rue des Vignes`, `au 5 du boulevard…`, `au 3 de l'avenue…`.
        if let Some(street) = street_after_de(scan, j) {
            j = street;
        }
        let kind = scan.folded(j);
        let strict = STREET_TYPES.contains(&kind);
        if !strict && !AMBIGUOUS_STREET_TYPES.contains(&kind) {
            i = next;
            continue;
        }
        // `rond-point`
        let mut k = j.saturating_add(1);
        if kind == "rond" {
            if k < n && scan.folded(k) == "point" {
                k = k.saturating_add(1);
            } else {
                i = next;
                continue;
            }
        }
        let (mut last, mut capitalised, mut lowercase) = (None, false, 0usize);
        while k < n && k <= j.saturating_add(8) {
            let gap = scan.gap(k);
            // `imp. des Tanneurs`, `av. Jean Jaurès`: the dot of an abbreviated street type.
            let abbreviated =
                k == j.saturating_add(1) && ABBREVIATED_STREET_TYPES.contains(&kind) && gap == ". ";
            if !abbreviated
                && (!gap
                    .chars()
                    .all(|c| c == ' ' || c == '-' || c == '\'' || c == '’')
                    || gap.is_empty())
            {
                break;
            }
            let folded = scan.folded(k);
            // In a text written in capitals, every word is capitalised: the street's name ends
            // at the first stop word that cannot be part of it (`5 RUE DES GENETS A ENCORE…`).
            if scan.shouting() && is_stop_word(folded) && !CONNECTORS.contains(&folded) {
                break;
            }
            // `6 avenue des Pins côté Saint-Herblain`: where the street is, not its name.
            if !scan.is_capitalised(k) && ENDS_A_STREET.contains(&folded) {
                break;
            }
            if scan.is_capitalised(k) && !is_digits(folded, 5) {
                last = Some(k);
                capitalised = true;
            } else if CONNECTORS.contains(&folded) {
                // Kept only if a name word follows.
            } else if strict
                && lowercase < 3
                && !is_stop_word(folded)
                && folded.chars().all(char::is_alphabetic)
            {
                last = Some(k);
                lowercase = lowercase.saturating_add(1);
            } else {
                break;
            }
            k = k.saturating_add(1);
        }
        match last {
            Some(end) if strict || capitalised => {
                out.push(Span {
                    kind: PiiKind::Address,
                    start: scan.start(i),
                    end: scan.end(end),
                });
                i = end.saturating_add(1);
            }
            _ => i = next,
        }
    }
}

/// Lower-case words that end a street's name: what follows says where the street is, or when
/// (`au 17 rue du Bêle samedi`).
const ENDS_A_STREET: &[&str] = &[
    "cote", "pres", "face", "juste", "derriere", "devant", "depuis", "vers", "entre", "quartier",
    "apres", "avant", "ou", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
    "dimanche", "hier", "demain", "matin", "soir",
];

/// `de la` / `du` / `de l'` at word `j` followed by a street type: the street type's word.
fn street_after_de(scan: &Scan<'_>, j: usize) -> Option<usize> {
    let skip = match scan.folded(j) {
        "du" => 1usize,
        "de" if matches!(scan.folded(j.saturating_add(1)), "la" | "l") => 2,
        _ => return None,
    };
    let street = j.checked_add(skip)?;
    let gaps_ok =
        (j.saturating_add(1)..=street).all(|k| matches!(scan.gap(k), " " | "'" | "’" | "' "));
    let kind = scan.folded(street);
    (gaps_ok && (STREET_TYPES.contains(&kind) || AMBIGUOUS_STREET_TYPES.contains(&kind)))
        .then_some(street)
}

/// Words that mark a part of a building, folded, and whether a lone letter can follow them.
const HOME_MARKERS: &[(&str, bool)] = &[
    ("bat", true),
    ("batiment", true),
    ("escalier", true),
    ("esc", true),
    ("hall", true),
    ("entree", true),
    ("tour", true),
    ("cage", true),
    ("porte", false),
    ("appartement", false),
    ("appart", false),
    ("appt", false),
    ("apt", false),
    ("logement", false),
    ("chambre", false),
    // A caravan's pitch on a Travellers' site.
    ("emplacement", false),
    // In English: `flat 23`, `apartment 4`.
    ("flat", false),
    ("apartment", false),
];
/// After `logement 3`, `appartement 4`: a size, not a door.
const NOT_A_DOOR: &[&str] = &[
    "pieces",
    "piece",
    "chambres",
    "personnes",
    "enfants",
    "ans",
    "mois",
    "etages",
    "m2",
    "m",
    "fois",
    "semaines",
    "jours",
    "euros",
    "eur",
];
const ORDINAL_WORDS: &[&str] = &[
    "premier",
    "premiere",
    "deuxieme",
    "second",
    "seconde",
    "troisieme",
    "quatrieme",
    "cinquieme",
    "sixieme",
    "septieme",
    "huitieme",
    "neuvieme",
    "dixieme",
    "onzieme",
    "douzieme",
    "treizieme",
    "quatorzieme",
    "quinzieme",
    "seizieme",
    "dernier",
];
const LIVES: &[&str] = &[
    "habite",
    "habites",
    "habitons",
    "habitez",
    "habitent",
    "vis",
    "vit",
    "vivons",
    "vivent",
    "loge",
    "logee",
    "loges",
    "logees",
    "suis",
    "jsuis",
    "chuis",
    "jhabite",
    "jvis",
    "sommes",
    "est",
    "sont",
    "appartement",
    "appart",
    "tour",
    "bat",
    "batiment",
    "escalier",
    "immeuble",
];

/// Words for the people next door: `la voisine du 3e` says where she lives.
const NEIGHBOURS: &[&str] = &[
    "voisin",
    "voisine",
    "voisins",
    "voisines",
    "dame",
    "monsieur",
    "madame",
    "mme",
    "mr",
    "famille",
    "gens",
    "mamie",
    "papi",
    "locataire",
    "locataires",
];

/// People named by what they are rather than by name (`le garçon du 5e`, `les mecs du 3e`):
/// before `du` and a floor, where they live.
const PEOPLE_OF_A_FLOOR: &[&str] = &[
    "jeune",
    "jeunes",
    "petit",
    "petite",
    "mec",
    "mecs",
    "gars",
    "garcon",
    "garcons",
    "fils",
    "fille",
    "filles",
    "gamin",
    "gamine",
    "gamins",
    "gosse",
    "gosses",
    "enfant",
    "enfants",
    "femme",
    "homme",
    "vieux",
    "vieille",
    "type",
    "couple",
    "ceux",
    "celui",
    "celle",
    "mere",
    "pere",
    "meuf",
    "keum",
    "gens",
    "personne",
    "locataire",
    "famille",
    "dame",
    "monsieur",
];

/// What makes `au 3e …`, `du 3e …` something other than a floor: `au 3e trimestre`, `du 3e
/// âge`, `au 2e tour` (and the months: `au 1er janvier`).
const NOT_A_FLOOR_BEFORE: &[&str] = &[
    "age",
    "trimestre",
    "semestre",
    "arrondissement",
    "rang",
    "round",
    "tour",
    "jour",
    "jours",
    "mois",
    "fois",
    "siecle",
    "prix",
    "place",
    "annee",
    "classe",
    "degre",
    "periode",
    "etape",
    "rappel",
    "relance",
    "appel",
    "lettre",
    "courrier",
    "dose",
    "vaccin",
    "confinement",
    "mandat",
    "essai",
    "match",
    "but",
    "cycle",
    "edition",
    "saison",
    "episode",
    "chapitre",
    "partie",
    "acte",
    "semaine",
    "heure",
    "minute",
    "niveau",
    "temps",
    "choix",
    "ordre",
    "rendez",
    "rdv",
    "cours",
    "an",
    "ans",
    "volet",
    "ligne",
    "groupe",
    "enfant",
    "bebe",
    "plan",
    "tome",
    "millenaire",
    "refus",
    "proposition",
    "offre",
    "avertissement",
    "retard",
    "echec",
    "tentative",
    "impaye",
    "loyer",
    "porte",
    "quai",
    "mur",
];

/// Parts of a home before `du` and a floor: `le balcon du 15e`, `la vue du 12e`.
const PARTS_OF_A_HOME: &[&str] = &[
    "balcon",
    "fenetre",
    "fenetres",
    "vue",
    "palier",
    "appartement",
    "appart",
    "logement",
    "chambre",
    "salon",
    "cuisine",
    "porte",
];

/// Words that may follow a floor's number and still say where on it: `3e étage`, `3e gauche`.
pub(super) fn ends_a_floor(folded: &str) -> bool {
    matches!(folded, "etage" | "gauche" | "droite" | "fond")
}

/// Public buildings, folded: their floors, doors and wings are no one's home.
const PUBLIC_PLACES: &[&str] = &[
    "mairie",
    "annexe",
    "chu",
    "hopital",
    "clinique",
    "ecole",
    "college",
    "lycee",
    "gymnase",
    "mediatheque",
    "bibliotheque",
    "caf",
    "cpam",
    "prefecture",
    "piscine",
    "stade",
    "poste",
    "commissariat",
    "scolaire",
    "pharmacie",
    "theatre",
    "cinema",
    "musee",
    "universite",
    "fac",
    "ccas",
    "pmi",
    "urssaf",
    "tribunal",
    "creche",
    "centre",
    "commercial",
    "galerie",
    "maison",
    "cabinet",
    "salle",
    "accueil",
    "guichet",
    "permanence",
    "bureau",
    "zoo",
    "parking",
    "gare",
    "magasin",
    "boutique",
    "supermarche",
    "boulangerie",
    "coiffeur",
    "medecin",
    "docteur",
    "dentiste",
    "association",
    "asso",
    "secours",
    "restos",
    "fnac",
];

/// Whether, in the five words before `i`, someone is said to live there (`j'habite`, `on est`,
/// `elle est`; not `la salle est`).
fn lives_before(scan: &Scan<'_>, i: usize) -> bool {
    (i.saturating_sub(5)..i).any(|k| {
        let folded = scan.folded(k);
        says_someone_lives(folded)
            || (matches!(folded, "est" | "sont")
                && k.checked_sub(1).is_some_and(|p| {
                    matches!(scan.folded(p), "on" | "il" | "elle" | "ils" | "elles")
                }))
    })
}

/// Verbs that say someone lives somewhere (`est`, `sont` say nothing on their own: `la crèche
/// est au premier`).
fn says_someone_lives(folded: &str) -> bool {
    LIVES.contains(&folded)
        && !matches!(folded, "est" | "sont")
        && !HOME_MARKERS.iter().any(|(m, _)| *m == folded)
        && folded != "immeuble"
}

/// Whether the building part from word `from` to word `to` belongs to a public building: one
/// named just after it (`au 2e étage de la mairie`, `le bâtiment B du groupe scolaire`), or
/// shortly before in the same sentence with nobody living between (`au CHU, bâtiment Jean
/// Monnet, 3e étage`).
fn in_a_public_place(scan: &Scan<'_>, from: usize, to: usize) -> bool {
    let after = to.saturating_add(1);
    let of = matches!(scan.folded(after), "de" | "du" | "des" | "d");
    let named_after = of
        && (after.saturating_add(1)..after.saturating_add(4))
            .any(|k| PUBLIC_PLACES.contains(&scan.folded(k)) && !scan.sentence_start(k));
    let mut named_before = false;
    for k in (from.saturating_sub(6)..from).rev() {
        let folded = scan.folded(k);
        if says_someone_lives(folded) || NEIGHBOURS.contains(&folded) {
            break;
        }
        if PUBLIC_PLACES.contains(&folded) {
            named_before = true;
            break;
        }
        if scan.sentence_start(k) {
            break;
        }
    }
    named_after || named_before
}

/// `porte gauche`, `porte à droite` (word `i` is `porte`, `k` the next) where someone lives:
/// right after another part of the home, or after a verb of living. Its last word.
fn door_by_side(scan: &Scan<'_>, i: usize, k: usize, found: &[Span]) -> Option<usize> {
    if scan.folded(i) != "porte" {
        return None;
    }
    let end = if scan.folded(k) == "a" {
        k.saturating_add(1)
    } else {
        k
    };
    let beside_home = found
        .last()
        .is_some_and(|s| scan.start(i).saturating_sub(s.end) <= 12);
    let lives = lives_before(scan, i);
    (ends_a_floor(scan.folded(end))
        && scan.folded(end) != "etage"
        && (beside_home || lives)
        && !in_a_public_place(scan, i, end))
    .then_some(end)
}

/// Words after a floor that say which door on it: `au 4e petite porte à droite`.
fn names_a_door(folded: &str) -> bool {
    matches!(
        folded,
        "porte" | "petite" | "ptite" | "pte" | "grande" | "appartement" | "appart"
    )
}

/// A floor named at word `i` (`3e`, `1er`, `deuxième`, `rez-de-chaussée`, `rdc`): its last word.
fn floor_at(scan: &Scan<'_>, i: usize) -> Option<usize> {
    let folded = scan.folded(i);
    if is_ordinal_number(folded) || folded == "rdc" || ORDINAL_WORDS.contains(&folded) {
        return Some(i);
    }
    let (de, chaussee) = (i.saturating_add(1), i.saturating_add(2));
    (folded == "rez"
        && scan.folded(de) == "de"
        && scan.folded(chaussee) == "chaussee"
        && [de, chaussee]
            .iter()
            .all(|&k| matches!(scan.gap(k), "-" | " ")))
    .then_some(chaussee)
}

/// `3e`, `9ème`, `1er`, `7°`.
pub(super) fn is_ordinal_number(folded: &str) -> bool {
    let digits = folded.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&digits)
        && matches!(
            folded.get(digits..).unwrap_or(""),
            "e" | "eme" | "er" | "ere" | "ieme" | "em" | "emes"
        )
}

/// `3rd`, `8th`, `1st`, `22nd`.
fn is_english_ordinal(folded: &str) -> bool {
    let digits = folded.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&digits)
        && matches!(
            folded.get(digits..).unwrap_or(""),
            "st" | "nd" | "rd" | "th"
        )
}

/// A building, staircase, door or flat identifier: `C`, `4`, `B2`, `12`. A lone lower-case
/// letter only after `bât` / `escalier` (`l'entrée a`, `la tour a` are verbs).
fn is_identifier(scan: &Scan<'_>, k: usize, marker: &str, letter_ok: bool) -> bool {
    let word = scan.word(k);
    let folded = scan.folded(k);
    let digits = folded.bytes().filter(u8::is_ascii_digit).count();
    if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
        // `le bâtiment d'en face`, `l'escalier c'est…`: an elided word, not a letter.
        let elided = scan.gap(k.saturating_add(1)).starts_with(['\'', '’']);
        if elided {
            return false;
        }
        let lower_ok = matches!(marker, "bat" | "batiment" | "escalier" | "esc");
        return letter_ok && (word.chars().all(char::is_uppercase) || lower_ok);
    }
    let letters = folded.len().saturating_sub(digits);
    (1..=4).contains(&digits) && letters <= 1 && folded.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `bât C`, `Bât B, 9e étage`, `tour 4, au 7e`, `escalier A`, `porte 12`, `appartement n° 34`.
pub(super) fn homes(scan: &Scan<'_>, out: &mut Vec<Span>) {
    let n = scan.len();
    let mut found: Vec<Span> = Vec::new();
    for i in 0..n {
        let folded = scan.folded(i);
        let prev = i.checked_sub(1);
        let next = i.saturating_add(1);
        if let Some(&(_, letter_ok)) = HOME_MARKERS.iter().find(|(m, _)| *m == folded) {
            let mut k = next;
            // `n° 12`, `numéro 12`
            if matches!(scan.folded(k), "n" | "no" | "numero" | "num") && k.saturating_add(1) < n {
                k = k.saturating_add(1);
                if scan.folded(k) == "o" {
                    k = k.saturating_add(1);
                }
            }
            if k >= n || !scan.gap(k).trim_matches([' ', '.', ':', '°']).is_empty() {
                continue;
            }
            let after_ok = !NOT_A_DOOR.contains(&scan.folded(k.saturating_add(1)));
            let before_ok = folded != "tour"
                || !prev.is_some_and(|p| {
                    matches!(
                        scan.folded(p),
                        "un" | "premier" | "second" | "dernier" | "chaque"
                    )
                });
            // `derrière le bâtiment E` is a landmark, not where someone lives.
            let landmark = (i.saturating_sub(3)..i).any(|p| {
                matches!(
                    scan.folded(p),
                    "derriere" | "devant" | "cote" | "pres" | "face" | "autour" | "vers" | "contre"
                )
            });
            if is_identifier(scan, k, folded, letter_ok)
                && after_ok
                && before_ok
                && !landmark
                && !in_a_public_place(scan, i, k)
            {
                found.push(Span {
                    kind: PiiKind::Home,
                    start: scan.start(i),
                    end: scan.end(k),
                });
            } else if let Some(end) = door_by_side(scan, i, k, &found) {
                found.push(Span {
                    kind: PiiKind::Home,
                    start: scan.start(i),
                    end: scan.end(end),
                });
            }
        } else if let Some(o) =
            prev.filter(|&o| folded == "etage" && !in_a_public_place(scan, o, i))
        {
            if is_ordinal_number(scan.folded(o)) || ORDINAL_WORDS.contains(&scan.folded(o)) {
                found.push(Span {
                    kind: PiiKind::Home,
                    start: scan.start(o),
                    end: scan.end(i),
                });
            } else if next < n
                && is_digits(scan.folded(next), 2)
                && scan.gap(next).trim().is_empty()
            {
                found.push(Span {
                    kind: PiiKind::Home,
                    start: scan.start(i),
                    end: scan.end(next),
                });
            }
        } else if let Some(o) = prev.filter(|&o| {
            folded == "floor"
                && is_english_ordinal(scan.folded(o))
                && !in_a_public_place(scan, o, i)
        }) {
            // `on the 3rd floor`
            found.push(Span {
                kind: PiiKind::Home,
                start: scan.start(o),
                end: scan.end(i),
            });
        } else if let Some(p) = prev.filter(|&p| matches!(scan.folded(p), "au" | "du")) {
            if let Some(span) = floor_home(scan, i, p, &found) {
                found.push(span);
            }
        } else if floor_and_side(scan, i) {
            // `Mme Le Bihan, 2e gauche`, `Bât A 2e gauche`: a floor and its side.
            found.push(Span {
                kind: PiiKind::Home,
                start: scan.start(i),
                end: scan.end(next),
            });
        }
    }
    out.extend(found);
}

/// A floor's number and a side (`2e gauche`), not directions (`la 2e gauche`) nor in a public
/// building.
fn floor_and_side(scan: &Scan<'_>, i: usize) -> bool {
    let next = i.saturating_add(1);
    let directions = i
        .checked_sub(1)
        .is_some_and(|p| matches!(scan.folded(p), "la" | "le" | "a" | "prenez" | "prendre"));
    is_ordinal_number(scan.folded(i))
        && next < scan.len()
        && scan.gap(next) == " "
        && matches!(scan.folded(next), "gauche" | "droite")
        && !directions
        && !in_a_public_place(scan, i, next)
}

/// `au 7e`, `du 3e`, `au rez-de-chaussée` alone (word `i`, after `au` / `du` at `p`): a floor,
/// unless a noun follows (`au 3e trimestre`); `du 3e` only beside a neighbour or a name (`la
/// voisine du 3e`, `Mr Traoré du 3e`). The preposition stays out (guide § 1). `au 3e gauche`:
/// the side is part of where the person lives. `found`: the homes found so far, before `i`.
fn floor_home(scan: &Scan<'_>, i: usize, p: usize, found: &[Span]) -> Option<Span> {
    let n = scan.len();
    let last = floor_at(scan, i)?;
    let next = last.saturating_add(1);
    let next_folded = scan.folded(next);
    let next_close = next < n && scan.gap(next).trim().is_empty();
    if next_folded == "etage" {
        return None;
    }
    let side = next_close && ends_a_floor(next_folded);
    let near_home = found
        .last()
        .is_some_and(|s| scan.start(i).saturating_sub(s.end) <= 12)
        || (i.saturating_sub(5)..i).any(|k| LIVES.contains(&scan.folded(k)));
    let strong_person = (i.saturating_sub(4)..p).any(|k| {
        NEIGHBOURS.contains(&scan.folded(k))
            || PEOPLE_OF_A_FLOOR.contains(&scan.folded(k))
            || (k.saturating_add(1) == p && PARTS_OF_A_HOME.contains(&scan.folded(k)))
            || scan.word(k).chars().next().is_some_and(char::is_uppercase) && k > 0
    });
    // A lower-case word that may be a first name (`pierre du 3e`) is a weak cue: then any
    // meaningful word after the floor makes it something else (`une pierre du 1er mur`).
    let weak_person = !strong_person
        && p.checked_sub(1)
            .is_some_and(|k| super::names::could_be_first_name(scan.folded(k)));
    let near_person = strong_person || weak_person;
    // `jsuis au 4e ptite porte à droite`: which door, where someone lives.
    let door = next_close && names_a_door(next_folded) && (near_home || near_person);
    // Only a noun of time, rank or order says it is not a floor; a verb after it (`la dame du
    // 2e crie`, `je monte au 9e à pied`) does not.
    let next_is_noun = next_close
        && (NOT_A_FLOOR_BEFORE.contains(&next_folded)
            || crate::analysis::normalise::MONTHS.contains(&next_folded)
            || (weak_person && !is_stop_word(next_folded)))
        && !side
        && !door;
    // `au 7e` is where someone lives; `au deuxième.`, `au rez-de-chaussée.` may be anywhere (`un ticket au rez-de-chaussée.`, `la crèche est au rdc`): those need
    // someone living there, a side or a door.
    let numbered = is_ordinal_number(scan.folded(i));
    let lives_here = numbered || lives_before(scan, i);
    // `du 5e` at a clause's end or before a small word (`les barbus du 5e)`, `ça venait du 9e
    // je crois`): where someone lives; not `du 1er` (`du 1er au 15`).
    let clause_after = scan.clause_break(next) || (next_close && is_stop_word(next_folded));
    // `au` and a floor's number alone: a floor somewhere in the text, where someone lives (a
    // public building is left out below).
    let home = if scan.folded(p) == "au" {
        (near_home && lives_here) || near_person || side || door || numbered
    } else {
        near_person || (numbered && clause_after && !scan.folded(i).starts_with("1e"))
    };
    if in_a_public_place(scan, i, last) {
        return None;
    }
    // `Rose du 1er garde les enfants`: after a first name, what follows is a verb.
    let named_before = p.checked_sub(1).is_some_and(|k| {
        scan.is_capitalised(k) && super::names::could_be_first_name(scan.folded(k))
    });
    (home && (!next_is_noun || named_before)).then(|| Span {
        kind: PiiKind::Home,
        start: scan.start(i),
        end: scan.end(if side { next } else { last }),
    })
}

#[cfg(test)]
#[path = "places_tests.rs"]
mod tests;
