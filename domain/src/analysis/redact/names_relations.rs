//! Names said beside who the person is: before (`Ludo, le voisin du dessus`) or after, set off
//! by commas (`le gamin du 4e, Timéo, fait du violon`, `l'infirmière du centre, Claire, elle
//! est top`).

use super::super::Scan;
use super::{
    after_place_noun, could_be_first_name, is_known_place, is_upper_word, lists, name_word,
    push_name, Span, NOT_A_NAME_BEFORE_COMMA,
};

/// A name followed by who that person is: `Ludo, le voisin du dessus`, `Pierre, ma voisine`.
pub(super) fn name_before_relation(
    scan: &Scan<'_>,
    i: usize,
    out: &mut Vec<Span>,
) -> Option<usize> {
    let folded = scan.folded(i);
    let (det, relation) = (i.saturating_add(1), i.saturating_add(2));
    let named = name_word(scan, i)
        && scan.word(i).chars().count() > 1
        && !is_known_place(folded)
        && !NOT_A_NAME_BEFORE_COMMA.contains(&folded)
        && !after_place_noun(scan, i);
    if !(named
        && scan.gap(det) == ", "
        && matches!(
            scan.folded(det),
            "le" | "la" | "mon" | "ma" | "notre" | "son" | "sa"
        )
        && scan.gap(relation) == " "
        && lists().relations.contains(scan.folded(relation)))
    {
        return None;
    }
    push_name(scan, out, i, i);
    Some(det)
}

/// A capitalised name set off by a comma a few words after a relation or a person named by what
/// they are, in the same sentence, and closed by a comma, a stop or a pronoun taking it up:
/// `le gamin du 4e, Timéo, il…`, `une fille de 2 ans, Jade, et…`, `un gars qui vend en bas,
/// Steeve, tout le monde sait`. Even a name that is also a word (`Claire`, `Jade`).
pub(super) fn name_after_relation(scan: &Scan<'_>, i: usize, out: &mut Vec<Span>) -> Option<usize> {
    let folded = scan.folded(i);
    let known = could_be_first_name(folded);
    let named = name_word(scan, i)
        && scan.word(i).chars().count() > 1
        && (known || !is_upper_word(scan.word(i)))
        && !is_known_place(folded)
        && !NOT_A_NAME_BEFORE_COMMA.contains(&folded);
    if !named || scan.sentence_start(i) || !scan.gap(i).trim().ends_with(',') {
        return None;
    }
    // A known first name up to nine words after; a name the list does not have only right
    // after who the person is and where (`le gamin du 4e, Timéo`), not after a clause (`ma mère
    // a 86 ans, Alzheimer`, `la conseillère d'orientation, c'était trop tard, Affelnet`).
    let mut k = i;
    let mut person = false;
    for step in 0..9 {
        let Some(prev) = k.checked_sub(1) else { break };
        if scan.sentence_start(k) && k != i {
            break;
        }
        k = prev;
        let word = scan.folded(k);
        if lists().relations.contains(word) || PERSONS.contains(&word) {
            person = true;
            break;
        }
        let only_where = step < 3
            && (matches!(word, "du" | "de" | "d" | "des" | "la" | "le" | "l" | "au")
                || word.starts_with(|c: char| c.is_ascii_digit()));
        if !known && !only_where {
            break;
        }
    }
    let next = i.saturating_add(1);
    let closed = next >= scan.len()
        || scan
            .gap(next)
            .trim()
            .starts_with([',', '.', '!', '?', ';', ')'])
        || (scan.gap(next) == " " && matches!(scan.folded(next), "il" | "elle"));
    if !(person && closed && !after_place_noun(scan, i)) {
        return None;
    }
    push_name(scan, out, i, i);
    Some(next)
}

/// People named by what they are (beside the relations of `liens.fr.txt`).
const PERSONS: &[&str] = &[
    "gars",
    "mec",
    "type",
    "dame",
    "monsieur",
    "madame",
    "jeune",
    "vieux",
    "vieille",
    "garcon",
    "homme",
    "benevole",
    "benevoles",
    "livreur",
    "facteur",
    "pharmacien",
    "pharmacienne",
    "docteur",
    "dentiste",
    "boulanger",
    "boulangere",
    "coiffeur",
    "coiffeuse",
    "epicier",
];
