//! The sensitive-data flag: a testimony that reveals someone's health, religion, origin, sexual
//! orientation, political opinion or union membership (RGPD art. 9) is flagged for the
//! coordinator, with the words that raised it. Vocabulary: `data/sensible.fr.txt`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::normalise::{tokenize, Token};
use super::redact::{PiiKind, Redaction};
use crate::text::slice;

const VOCABULARY: &str = include_str!("../../data/sensible.fr.txt");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SensitiveCategory {
    Health,
    Religion,
    Origin,
    SexualOrientation,
    PoliticalOpinion,
    TradeUnion,
}

impl SensitiveCategory {
    fn parse(code: &str) -> Option<SensitiveCategory> {
        Some(match code {
            "health" => SensitiveCategory::Health,
            "religion" => SensitiveCategory::Religion,
            "origin" => SensitiveCategory::Origin,
            "sexual_orientation" => SensitiveCategory::SexualOrientation,
            "political_opinion" => SensitiveCategory::PoliticalOpinion,
            "trade_union" => SensitiveCategory::TradeUnion,
            _ => return None,
        })
    }

    /// French label for the coordinator.
    pub fn label(self) -> &'static str {
        match self {
            SensitiveCategory::Health => "santé",
            SensitiveCategory::Religion => "religion",
            SensitiveCategory::Origin => "origine",
            SensitiveCategory::SexualOrientation => "orientation sexuelle",
            SensitiveCategory::PoliticalOpinion => "opinion politique",
            SensitiveCategory::TradeUnion => "appartenance syndicale",
        }
    }
}

/// Why a text was flagged: the category and the words as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SensitiveReason {
    pub category: SensitiveCategory,
    pub words: String,
}

#[derive(Debug)]
struct Term {
    /// Per word: folded form for stop words, `^` words and phrases; stem otherwise.
    keys: Vec<Key>,
    /// `None` for an expression that is never sensitive.
    category: Option<SensitiveCategory>,
    /// Needs a person in the sentence.
    personal: bool,
}

#[derive(Debug, PartialEq, Eq)]
enum Key {
    Stem(String),
    Form(String),
    /// Written exactly so, capitals included.
    Cased(String),
    /// Lower-case with accents (`jeûne` is not `jeune`), exactly.
    Accented(String),
}

impl Key {
    fn matches(&self, token: &Token, text: &str) -> bool {
        match self {
            Key::Stem(s) => token.stem == *s,
            Key::Form(f) => {
                token.folded == *f || token.folded.strip_suffix(['s', 'x']) == Some(f.as_str())
            }
            Key::Cased(c) => text.get(token.start..token.end) == Some(c.as_str()),
            Key::Accented(a) => token.lower == *a,
        }
    }

    fn index_key(&self) -> String {
        match self {
            Key::Stem(s) | Key::Form(s) => s.clone(),
            Key::Cased(c) | Key::Accented(c) => {
                super::normalise::fold(&c.to_lowercase()).into_owned()
            }
        }
    }
}

struct Vocabulary {
    terms: Vec<Term>,
    by_first: HashMap<String, Vec<usize>>,
}

fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY_INDEX: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY_INDEX.get_or_init(|| {
        let mut vocabulary = Vocabulary {
            terms: Vec::new(),
            by_first: HashMap::new(),
        };
        for line in VOCABULARY
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let Some((head, words)) = line.split_once('=') else {
                continue;
            };
            let head = head.trim();
            let (code, personal) = match head.strip_suffix('?') {
                Some(code) => (code.trim(), true),
                None => (head, false),
            };
            let category = if code == "!" {
                None
            } else {
                match SensitiveCategory::parse(code) {
                    Some(c) => Some(c),
                    None => continue,
                }
            };
            for word in words.split('|').map(str::trim).filter(|w| !w.is_empty()) {
                let keys = compile(word);
                if keys.is_empty() {
                    continue;
                }
                let Some(first) = keys.first() else {
                    continue;
                };
                let id = vocabulary.terms.len();
                vocabulary
                    .by_first
                    .entry(first.index_key())
                    .or_default()
                    .push(id);
                vocabulary.terms.push(Term {
                    keys,
                    category,
                    personal,
                });
            }
        }
        vocabulary
    })
}

fn compile(word: &str) -> Vec<Key> {
    if let Some(cased) = word.strip_prefix('^') {
        return vec![Key::Cased(cased.trim().to_owned())];
    }
    if let Some(exact) = word.strip_prefix('=') {
        return vec![Key::Accented(super::normalise::lower(exact.trim()))];
    }
    let tokens = tokenize(word, &[]);
    let phrase = tokens.len() > 1;
    // Short stems meet unrelated words (`queer` → `que`): compare those as written.
    tokens
        .into_iter()
        .map(|t| {
            if t.stop
                || t.numeric
                || (phrase && t.folded.len() <= 3)
                || (t.stem.len() <= 3 && t.stem != t.folded)
            {
                Key::Form(t.folded)
            } else {
                Key::Stem(t.stem)
            }
        })
        .collect()
}

/// Words that put a person in the sentence: the speaker, someone close, someone named.
const PERSONAL: &[&str] = &[
    "je", "j", "me", "m", "moi", "mon", "ma", "mes", "on", "nous", "notre", "nos", "il", "elle",
    "ils", "elles", "lui", "son", "sa", "ses", "leur", "leurs", "mari", "femme", "fils", "fille",
    "enfant", "enfants", "pere", "mere", "voisin", "voisine", "frere", "soeur", "copain", "copine",
    "ami", "amie", "tu", "t", "toi", "ton", "ta", "tes", "vous", "votre", "vos", "suis",
];

/// Flags the sensitive words of a text. `names` are the redactions already found (a named person
/// makes a sentence personal).
pub(crate) fn detect(text: &str, tokens: &[Token], names: &[Redaction]) -> Vec<SensitiveReason> {
    let vocabulary = vocabulary();
    let mut reasons: Vec<SensitiveReason> = Vec::new();
    // Sentence number of each token.
    let mut sentence = Vec::with_capacity(tokens.len());
    let mut current = 0usize;
    for t in tokens {
        if t.sentence_start && !sentence.is_empty() {
            current = current.saturating_add(1);
        }
        sentence.push(current);
    }
    // Sentence `s` ends where its last token ends; a named person inside it makes it personal.
    let mut ends = vec![0usize; current.saturating_add(1)];
    for (t, &s) in tokens.iter().zip(&sentence) {
        if let Some(end) = ends.get_mut(s) {
            *end = t.end;
        }
    }
    let personal_sentence = |s: usize| {
        let from = s
            .checked_sub(1)
            .and_then(|p| ends.get(p).copied())
            .unwrap_or(0);
        let to = ends.get(s).copied().unwrap_or(0);
        tokens
            .iter()
            .zip(&sentence)
            .any(|(t, &ts)| ts == s && PERSONAL.contains(&t.folded.as_str()))
            || names
                .iter()
                .any(|r| r.kind == PiiKind::Name && from <= r.start && r.start < to)
    };
    let mut at = 0usize;
    while let Some(t) = tokens.get(at) {
        let rest = tokens.get(at..).unwrap_or_default();
        let mut best: Option<(usize, &Term)> = None;
        let singular = t.folded.strip_suffix(['s', 'x']).unwrap_or(&t.folded);
        for key in [t.stem.as_str(), t.folded.as_str(), singular] {
            for &id in vocabulary.by_first.get(key).into_iter().flatten() {
                let Some(term) = vocabulary.terms.get(id) else {
                    continue;
                };
                let len = term.keys.len();
                if len > rest.len() || best.is_some_and(|(l, _)| l >= len) {
                    continue;
                }
                let mut prev: Option<&Token> = None;
                let matched = term.keys.iter().zip(rest).all(|(key, token)| {
                    // Two tokens of one word (`rdv` → `rendez vous`) share its range: no gap.
                    let apart = prev.is_some_and(|p| {
                        slice(text, p.end, token.start).contains(['.', ',', ';', '!', '?', ':'])
                    });
                    prev = Some(token);
                    key.matches(token, text) && !apart
                });
                if matched {
                    best = Some((len, term));
                }
            }
        }
        let Some((len, term)) = best else {
            at = at.saturating_add(1);
            continue;
        };
        if let Some(category) = term.category {
            let in_sentence = sentence.get(at).copied().unwrap_or(0);
            if !term.personal || personal_sentence(in_sentence) {
                let end = rest
                    .get(len.saturating_sub(1))
                    .map_or(t.end, |last| last.end);
                let words = slice(text, t.start, end).to_owned();
                if !reasons
                    .iter()
                    .any(|r| r.category == category && r.words.eq_ignore_ascii_case(&words))
                {
                    reasons.push(SensitiveReason { category, words });
                }
            }
        }
        at = at.saturating_add(len.max(1));
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(text: &str) -> Vec<(SensitiveCategory, String)> {
        let tokens = tokenize(text, &[]);
        detect(text, &tokens, &[])
            .into_iter()
            .map(|r| (r.category, r.words))
            .collect()
    }

    fn categories(text: &str) -> Vec<SensitiveCategory> {
        let mut found: Vec<SensitiveCategory> = flags(text).into_iter().map(|(c, _)| c).collect();
        found.dedup();
        found
    }

    use SensitiveCategory::*;

    #[test]
    fn health() {
        assert_eq!(
            flags("Mon mari a un cancer"),
            vec![(Health, "cancer".to_owned())]
        );
        assert_eq!(categories("je suis diabétique"), vec![Health]);
        assert_eq!(categories("Ma fille est enceinte de 6 mois"), vec![Health]);
        assert_eq!(
            categories("mon fils est handicapé, il a une AAH"),
            vec![Health]
        );
        assert_eq!(
            categories("je suis en dépression depuis le licenciement"),
            vec![Health]
        );
        assert_eq!(categories("ma mère est en fauteuil roulant"), vec![Health]);
        assert_eq!(categories("J'ai été opérée du genou"), vec![Health]);
    }

    #[test]
    fn religion() {
        assert_eq!(categories("Je suis musulmane pratiquante"), vec![Religion]);
        assert_eq!(
            categories("je porte le voile et on me regarde"),
            vec![Religion]
        );
        assert_eq!(categories("on va à la mosquée le vendredi"), vec![Religion]);
        assert_eq!(
            categories("pendant le ramadan je rentre tard"),
            vec![Religion]
        );
    }

    #[test]
    fn origin() {
        assert_eq!(categories("Je suis d'origine marocaine"), vec![Origin]);
        assert_eq!(
            categories("on me contrôle parce que je suis noir"),
            vec![Origin]
        );
        assert_eq!(categories("mes parents sont algériens"), vec![Origin]);
        assert_eq!(
            categories("je suis sans-papiers depuis 2 ans"),
            vec![Origin]
        );
    }

    #[test]
    fn orientation_politics_union() {
        assert_eq!(
            categories("mon fils est gay et se fait insulter"),
            vec![SexualOrientation]
        );
        assert_eq!(categories("je suis lesbienne"), vec![SexualOrientation]);
        assert_eq!(
            categories("j'ai voté RN aux dernières"),
            vec![PoliticalOpinion]
        );
        assert_eq!(
            categories("je suis militante à LFI"),
            vec![PoliticalOpinion]
        );
        assert_eq!(
            categories("Je suis syndiqué chez Solidaires"),
            vec![TradeUnion]
        );
        assert_eq!(categories("mon mari est à la CGT"), vec![TradeUnion]);
        assert_eq!(categories("je suis déléguée syndicale"), vec![TradeUnion]);
    }

    #[test]
    fn general_statements_and_other_meanings_are_not_flagged() {
        for text in [
            "La mosquée du quartier organise une fête",
            "Il manque de médecins dans le quartier",
            "Impossible d'avoir un rendez-vous chez le dentiste",
            "Le Secours catholique distribue des colis",
            "Il fait noir dans le hall, les lampadaires sont cassés",
            "Le syndicat de copropriété ne fait rien",
            "Le rendez-vous à la CAF est en ligne",
            "Les élus n'écoutent pas les habitants",
            "Les bus vers le SUD de la ville",
            "ma mère de 80 ans ne peut plus descendre",
            "les poubelles débordent",
        ] {
            assert!(flags(text).is_empty(), "{text}: {:?}", flags(text));
        }
    }

    #[test]
    fn look_alike_words_are_not_flagged() {
        for text in [
            "Mon fils cherche un travail, la mission locale l'aide.",
            "Les jeunes n'ont pas de maison de quartier, mon fils s'ennuie.",
            "Merci pour la réunion, on a pu donner notre avis.",
            "Je suis venu trois fois, le traitement de mon dossier traîne.",
            "Pour nous, l'opération de rénovation dure trop.",
            "Je suis éducateur au foyer, c'est pratique pour les jeunes.",
            "Mon Dieu, les voisins mettent leur enceinte à fond !",
            "Mon fils fait de la voile, je l'accompagne à l'étranger.",
            "J'habite le bâtiment de droite, j'entends un bruit sourd.",
            "Je suis adhérent du club de foot, à l'origine du projet.",
        ] {
            assert!(flags(text).is_empty(), "{text}: {:?}", flags(text));
        }
        assert_eq!(categories("Pendant l'Aïd je fais le jeûne"), vec![Religion]);
    }

    #[test]
    fn union_acronyms_need_capitals() {
        assert!(
            flags("je vais au sud de la France").is_empty(),
            "{:?}",
            flags("je vais au sud de la France")
        );
        assert!(
            flags("j'ai fo ce que tu m'as dit").is_empty(),
            "{:?}",
            flags("j'ai fo ce que tu m'as dit")
        );
    }
}
