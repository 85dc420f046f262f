//! Theme suggestion: the codebook's keywords, the parts of each theme's label and the related
//! words of the lexicon (`data/lexique-themes.fr.txt`) and of the codebook's optional fourth
//! column are normalised once into stem sequences; a text is then read left to right, taking at
//! each word the longest term that starts there.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

mod lines;

use lines::{LINE_PATTERN, LINE_WORDS, NOT_A_LINE};

use super::normalise::{fold, tokenize, Token, MONTHS};
use crate::codebook::{Codebook, MAX_THEMES_PER_ITEM};
use crate::text::slice;

/// The lexicon of related words shipped with the domain: general French vocabulary keyed by
/// keyword, so it follows whatever themes coordinators build from those keywords.
const LEXICON: &str = include_str!("../../data/lexique-themes.fr.txt");

/// A theme needs this much evidence: one keyword, or two half-weight related words.
const THRESHOLD: f32 = 1.0;
/// A further mention of a term already counted adds this share of its weight.
const REPEAT_SHARE: f32 = 0.2;
/// Stop words allowed between two words of a multi-word term (`fin du mois`, `maison de quartier`).
const MAX_GAP: usize = 3;

/// A suggested theme with the words of the text that triggered it: the explanation shown to the
/// coordinator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThemeMatch {
    pub code: String,
    /// Words as written in the text, in order of appearance, without repeats.
    pub words: Vec<String>,
    /// Evidence: 1 per keyword or related word (½ for ambiguous ones), a little more for repeats.
    pub score: f32,
    /// Every mention is negated (`il n'y a plus de commerces`): the theme is still discussed, as
    /// something missing.
    pub negated: bool,
}

impl ThemeMatch {
    /// The evidence mapped onto 0–1 (`score / (score + ½)`, two decimals): one keyword 0.67,
    /// two 0.8, four 0.89. A monotone reading of the score for sorting and display, not a
    /// calibrated probability.
    pub fn confidence(&self) -> f32 {
        let score = self.score.max(0.0);
        ((score / (score + 0.5)) * 100.0).round() / 100.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    Related = 1,
    Keyword = 2,
}

#[derive(Debug, Clone)]
struct Term {
    /// Per word: the stem, or the folded form when `exact` or when the word is a stop word of a
    /// phrase.
    keys: Vec<String>,
    /// Per word: compare the folded form rather than the stem.
    by_form: Vec<bool>,
    /// Lower-case forms with accents.
    lower: Vec<String>,
    /// Stems with accents, compared in texts written with accents (`petite` is not `pétition`,
    /// although both fold to the stem `petit`).
    accented: Vec<String>,
    /// Made by dropping the accents of a keyword or related word, for words typed without them.
    bare: bool,
    /// `None` for a blocker: an expression that is never a theme word (`le seul endroit`).
    theme: Option<usize>,
    weight: f32,
    source: Source,
    /// A common word that names a theme only in context (`seul`, `voisins`, `école`): alone it
    /// never adds a theme beside one carried by more specific words.
    generic: bool,
}

/// The codebook compiled for matching. Build it once per codebook version.
#[derive(Debug, Clone)]
pub(crate) struct ThemeIndex {
    codes: Vec<String>,
    terms: Vec<Term>,
    /// Terms read over meaningful words only (stop words between them are skipped), by first key.
    words: HashMap<String, Vec<u32>>,
    /// Terms whose stop words matter (`en ligne` is not `ligne`) and blockers, read word for word.
    phrases: HashMap<String, Vec<u32>>,
    /// Stems of every term, for emerging topics ("already covered by a theme").
    covered: HashSet<String>,
    /// Themes that bus and tram lines named by number suggest (`la ligne 11`, `le C6`, `la 2`),
    /// from the lexicon's `<ligne>` entry.
    lines: Vec<usize>,
    /// Folded keywords the lexicon marks as common words needing context (`~ = …`).
    generic: HashSet<String>,
    /// Per theme, words (as [`fold_key`]s) whose weight the coordinators' decisions changed
    /// (`learning`): a multiplier of their evidence, below 1 when they kept removing the theme.
    taught: HashMap<usize, HashMap<String, f32>>,
}

/// One related word of the lexicon or the fourth column, with its prefix read.
struct Related<'a> {
    text: &'a str,
    weight: f32,
    exact: bool,
}

fn parse_related(raw: &str) -> Option<Related<'_>> {
    let raw = raw.trim();
    let (text, weight, exact) = if let Some(rest) = raw.strip_prefix('~') {
        (rest.trim(), 0.5, false)
    } else if let Some(rest) = raw.strip_prefix('=') {
        (rest.trim(), 1.0, true)
    } else {
        (raw, 1.0, false)
    };
    (!text.is_empty()).then_some(Related {
        text,
        weight,
        exact,
    })
}

/// Words of a term and whether it is a phrase: a term with at most one meaningful word but
/// several words keeps its stop words (`en ligne`, `se garer`, `le seul`).
fn term_tokens(text: &str) -> (Vec<Token>, bool) {
    let tokens: Vec<Token> = tokenize(text, &[])
        .into_iter()
        .filter(|t| !t.numeric || t.folded.len() > 1)
        .collect();
    let content = tokens.iter().filter(|t| t.is_content()).count();
    if content <= 1 && tokens.len() >= 2 {
        (tokens, true)
    } else {
        (
            tokens.into_iter().filter(Token::is_content).collect(),
            false,
        )
    }
}

pub(crate) fn fold_key(text: &str) -> String {
    tokenize(text, &[])
        .iter()
        .map(|t| t.folded.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn stem_key(text: &str) -> String {
    tokenize(text, &[])
        .iter()
        .map(|t| t.stem.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A word without its plural and feminine endings: `ecoles` → `ecol`, `securite` → `securit`.
fn inflection_root(folded: &str) -> &str {
    let word = singular(folded);
    word.strip_suffix('e')
        .filter(|w| w.len() >= 2)
        .unwrap_or(word)
}

fn singular(folded: &str) -> &str {
    match folded.strip_suffix(['s', 'x']) {
        Some(rest) if rest.len() >= 2 => rest,
        _ => folded,
    }
}

/// The parts of a label that name a subject: `Culture, sport et loisirs` → three parts.
fn label_parts(label: &str) -> impl Iterator<Item = &str> {
    label
        .split([',', '&', '/'])
        .flat_map(|part| part.split(" et "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// The lexicon, read: related words by key (folded form), keys by stem (to accept `voisin` for
/// `voisins`), and the blockers.
struct Lexicon {
    by_form: HashMap<String, Vec<&'static str>>,
    by_stem: HashMap<String, Vec<String>>,
    blockers: Vec<&'static str>,
    generic: Vec<&'static str>,
}

impl Lexicon {
    fn load() -> Lexicon {
        let mut lexicon = Lexicon {
            by_form: HashMap::new(),
            by_stem: HashMap::new(),
            blockers: Vec::new(),
            generic: Vec::new(),
        };
        for line in LEXICON.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, words)) = line.split_once('=') else {
                continue;
            };
            let words = words.split('|').map(str::trim).filter(|w| !w.is_empty());
            if key.trim() == "!" {
                lexicon.blockers.extend(words);
                continue;
            }
            if key.trim() == "~" {
                lexicon.generic.extend(words);
                continue;
            }
            let form = fold_key(key);
            if form.is_empty() {
                continue;
            }
            let stems = lexicon.by_stem.entry(stem_key(key)).or_default();
            if !stems.contains(&form) {
                stems.push(form.clone());
            }
            lexicon.by_form.entry(form).or_default().extend(words);
        }
        lexicon
    }

    /// Related words for a keyword: same folded form, or same stem when only one key has it
    /// (`isolement` and `isolation` share a stem and are different subjects).
    fn related(&self, keyword: &str) -> &[&'static str] {
        if let Some(words) = self.by_form.get(&fold_key(keyword)) {
            return words;
        }
        match self.by_stem.get(&stem_key(keyword)).map(Vec::as_slice) {
            Some([only]) => self.by_form.get(only).map_or(&[], Vec::as_slice),
            _ => &[],
        }
    }
}

impl ThemeIndex {
    pub fn new(codebook: &Codebook) -> ThemeIndex {
        let lexicon = Lexicon::load();
        let mut index = ThemeIndex {
            codes: Vec::new(),
            terms: Vec::new(),
            words: HashMap::new(),
            phrases: HashMap::new(),
            covered: HashSet::new(),
            lines: Vec::new(),
            generic: lexicon.generic.iter().map(|w| fold_key(w)).collect(),
            taught: HashMap::new(),
        };
        for blocker in &lexicon.blockers {
            index.add_variants(blocker, None, 0.0, false, Source::Keyword);
        }
        for theme in codebook.active() {
            let theme_id = Some(index.codes.len());
            index.codes.push(theme.code.clone());
            let heads: Vec<&str> = theme
                .keywords
                .iter()
                .map(String::as_str)
                .chain(label_parts(&theme.label))
                .collect();
            for head in &heads {
                index.add_variants(head, theme_id, 1.0, false, Source::Keyword);
                for related in lexicon
                    .related(head)
                    .iter()
                    .filter_map(|w| parse_related(w))
                {
                    if related.text == LINE_PATTERN {
                        if let Some(id) = theme_id.filter(|id| !index.lines.contains(id)) {
                            index.lines.push(id);
                        }
                        continue;
                    }
                    index.add_variants(
                        related.text,
                        theme_id,
                        related.weight,
                        related.exact,
                        Source::Related,
                    );
                }
            }
            for related in theme.related.iter().filter_map(|w| parse_related(w)) {
                index.add_variants(
                    related.text,
                    theme_id,
                    related.weight,
                    related.exact,
                    Source::Related,
                );
            }
        }
        index
    }

    /// Adds a term, and the same without accents (`securite`) which Snowball stems differently.
    fn add_variants(
        &mut self,
        text: &str,
        theme: Option<usize>,
        weight: f32,
        exact: bool,
        source: Source,
    ) {
        self.add(text, theme, weight, exact, source, false);
        let bare = fold(text);
        if bare != text {
            self.add(&bare, theme, weight, exact, source, true);
        }
    }

    fn add(
        &mut self,
        text: &str,
        theme: Option<usize>,
        weight: f32,
        exact: bool,
        source: Source,
        bare: bool,
    ) {
        let (tokens, phrase) = if theme.is_none() {
            // A blocker is read word for word, stop words included (`devant l'école`).
            let all: Vec<Token> = tokenize(text, &[])
                .into_iter()
                .filter(|t| !t.numeric || t.folded.len() > 1)
                .collect();
            (all, true)
        } else {
            term_tokens(text)
        };
        if tokens.is_empty() {
            return;
        }
        // Short stems meet unrelated words (`rats` → `rat`, like `rate`): those words are compared
        // as written, plural aside. So are acronyms written in capitals (`CAF` is not `café`,
        // `HLM`), which have no stem.
        let by_form: Vec<bool> = tokens
            .iter()
            .map(|t| {
                let acronym = text
                    .get(t.start..t.end)
                    .is_some_and(|w| w.chars().count() >= 2 && w.chars().all(char::is_uppercase));
                exact || acronym || t.stop || t.numeric || (t.stem.len() <= 3 && t.stem != t.folded)
            })
            .collect();
        let keys: Vec<String> = tokens
            .iter()
            .zip(&by_form)
            .map(|(t, &f)| match (f, t.stop || t.numeric || exact) {
                (true, true) => t.folded.clone(),
                (true, false) => singular(&t.folded).to_owned(),
                (false, _) => t.stem.clone(),
            })
            .collect();
        let accented: Vec<String> = tokens.iter().map(|t| t.stem_accented.clone()).collect();
        let generic = source == Source::Keyword && self.generic.contains(&fold_key(text));
        if self.terms.iter().any(|t| {
            t.theme == theme
                && t.keys == keys
                && t.by_form == by_form
                && t.accented == accented
                && t.source >= source
        }) {
            return;
        }
        if theme.is_some() {
            self.covered.extend(
                tokens
                    .iter()
                    .filter(|t| t.is_content())
                    .map(|t| t.stem.clone()),
            );
        }
        let Ok(id) = u32::try_from(self.terms.len()) else {
            return;
        };
        let Some(first) = keys.first().cloned() else {
            return;
        };
        self.terms.push(Term {
            keys,
            by_form,
            lower: tokens.iter().map(|t| t.lower.clone()).collect(),
            accented,
            bare,
            theme,
            weight,
            source,
            generic,
        });
        let map = if phrase {
            &mut self.phrases
        } else {
            &mut self.words
        };
        map.entry(first).or_default().push(id);
    }

    /// Bus and tram lines named by number: `C1`–`C20`, a number after `ligne`, `bus`, `tram`…
    /// (full weight), or `le 11`, `la 2` (half weight: a date or a count reads the same).
    fn lines<'t>(&self, tokens: &[Token], text: &'t str, found: &mut Vec<Found<'t>>) {
        if self.lines.is_empty() {
            return;
        }
        for (i, t) in tokens.iter().enumerate() {
            if !t.numeric {
                continue;
            }
            let chrono = t
                .folded
                .strip_prefix('c')
                .and_then(|n| n.parse::<u32>().ok())
                .is_some_and(|n| (1..=20).contains(&n));
            let number = t
                .folded
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| t.folded.parse::<u32>().ok())
                .flatten()
                .filter(|n| (1..=99).contains(n));
            let next_is_unit = tokens.get(i.saturating_add(1)).is_some_and(|n| {
                !n.sentence_start
                    && (NOT_A_LINE.contains(&n.folded.as_str())
                        || MONTHS.contains(&n.folded.as_str()))
            });
            let prev = i.checked_sub(1).and_then(|p| tokens.get(p));
            let (first, weight) = if chrono {
                (t, 1.0)
            } else if number.is_none() || next_is_unit || t.sentence_start {
                continue;
            } else if let Some(p) = prev.filter(|p| LINE_WORDS.contains(&p.folded.as_str())) {
                (p, 1.0)
            } else if let Some(p) = prev.filter(|p| matches!(p.folded.as_str(), "le" | "la")) {
                (p, 0.5)
            } else {
                continue;
            };
            for &theme in &self.lines {
                found.push(Found {
                    theme,
                    term: u32::MAX,
                    weight,
                    words: slice(text, first.start, t.end),
                    position: first.start,
                    negated: t.negated,
                    generic: false,
                });
            }
        }
    }

    fn term(&self, id: u32) -> Option<&Term> {
        usize::try_from(id).ok().and_then(|i| self.terms.get(i))
    }

    /// Terms that may start at token `t`: indexed by its stem or by its singular form.
    fn candidates(&self, map: &HashMap<String, Vec<u32>>, t: &Token) -> Vec<u32> {
        let mut ids: Vec<u32> = map.get(&t.stem).cloned().unwrap_or_default();
        for form in [t.folded.as_str(), singular(&t.folded)] {
            if form != t.stem {
                ids.extend(map.get(form).into_iter().flatten().copied());
            }
        }
        ids
    }

    /// The codes of the codebook's active themes, in the codebook's order.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    /// Whether some theme already covers this stem.
    /// `words` (any spelling: they are folded) weigh `factor` times their weight for the theme
    /// `code`.
    pub fn teach(&mut self, code: &str, words: &str, factor: f32) {
        if let Some(theme) = self.codes.iter().position(|c| c == code) {
            self.taught
                .entry(theme)
                .or_default()
                .insert(fold_key(words), factor);
        }
    }

    pub fn covers(&self, stem: &str) -> bool {
        self.covered.contains(stem)
    }

    /// Suggested themes for a text, words in `skip` ranges ignored (redacted personal data).
    #[cfg(test)]
    pub fn suggest(&self, text: &str, skip: &[(usize, usize)]) -> Vec<ThemeMatch> {
        let tokens = tokenize(text, skip);
        self.suggest_tokens(text, &tokens)
    }

    pub(crate) fn suggest_tokens(&self, text: &str, tokens: &[Token]) -> Vec<ThemeMatch> {
        let accented = !text.is_ascii();
        let mut found: Vec<Found> = Vec::new();
        let mut used = vec![false; tokens.len()];

        // Phrases and blockers first, word for word.
        let all: Vec<usize> = (0..tokens.len()).collect();
        let mut at = 0usize;
        while let Some(t) = tokens.get(at) {
            let ids = self.candidates(&self.phrases, t);
            let step = match self.longest(ids.iter(), tokens, &all, at, text, accented, &used) {
                Some((len, best)) => {
                    self.record(&mut found, &best, tokens, &all, at, len, text);
                    used.iter_mut().skip(at).take(len).for_each(|u| *u = true);
                    len
                }
                None => 1,
            };
            at = at.saturating_add(step.max(1));
        }

        // Then meaningful words, skipping the stop words between them.
        let content: Vec<usize> = tokens
            .iter()
            .zip(&used)
            .enumerate()
            .filter(|(_, (t, &u))| t.is_content() && !u)
            .map(|(i, _)| i)
            .collect();
        let mut at = 0usize;
        while let Some(t) = content.get(at).and_then(|&i| tokens.get(i)) {
            let ids = self.candidates(&self.words, t);
            let step = match self.longest(ids.iter(), tokens, &content, at, text, accented, &used) {
                Some((len, best)) => {
                    self.record(&mut found, &best, tokens, &content, at, len, text);
                    len
                }
                None => 1,
            };
            at = at.saturating_add(step.max(1));
        }
        self.lines(tokens, text, &mut found);
        crate::order::sort_by_key(&mut found, |f| f.position);
        self.rank(found)
    }

    /// The longest terms among `ids` that match at `seq[at]`, keywords preferred over related
    /// words of the same length.
    #[allow(clippy::too_many_arguments)]
    fn longest<'i>(
        &self,
        ids: impl Iterator<Item = &'i u32>,
        tokens: &[Token],
        seq: &[usize],
        at: usize,
        text: &str,
        accented: bool,
        used: &[bool],
    ) -> Option<(usize, Vec<u32>)> {
        let mut best_len = 0usize;
        let mut best: Vec<u32> = Vec::new();
        for &id in ids {
            let Some(term) = self.term(id) else {
                continue;
            };
            let len = term.keys.len();
            if len < best_len || !self.matches(term, tokens, seq, at, text, accented, used) {
                continue;
            }
            if len > best_len {
                best_len = len;
                best.clear();
            }
            if !best.contains(&id) {
                best.push(id);
            }
        }
        if best_len == 0 {
            return None;
        }
        // Among equally long terms: the same word as written beats the same stem, keywords beat
        // related words, then the closest spelling (`isolée` is nearer `isolement` than
        // `isolation`).
        let rank = |id: u32| {
            let term = self.term(id)?;
            let (mut same, mut prefix) = (true, 0usize);
            let written = seq.iter().skip(at).filter_map(|&i| tokens.get(i));
            for (token, lower) in written.zip(&term.lower) {
                let wanted = fold(lower);
                same &= *token.folded == wanted;
                prefix = prefix.saturating_add(
                    token
                        .folded
                        .bytes()
                        .zip(wanted.bytes())
                        .take_while(|(a, b)| a == b)
                        .count(),
                );
            }
            Some((same, term.source, prefix))
        };
        let top = best.iter().map(|&id| rank(id)).max().flatten();
        best.retain(|&id| rank(id) == top);
        Some((best_len, best))
    }

    #[allow(clippy::too_many_arguments)]
    fn record<'t>(
        &self,
        found: &mut Vec<Found<'t>>,
        best: &[u32],
        tokens: &[Token],
        seq: &[usize],
        at: usize,
        len: usize,
        text: &'t str,
    ) {
        let matched: Vec<&Token> = seq
            .iter()
            .skip(at)
            .take(len)
            .filter_map(|&i| tokens.get(i))
            .collect();
        let (Some(first), Some(last)) = (matched.first(), matched.last()) else {
            return;
        };
        let negated = matched.iter().filter(|t| !t.stop).all(|t| t.negated);
        for &id in best {
            let Some(term) = self.term(id) else {
                continue;
            };
            if let Some(theme) = term.theme {
                found.push(Found {
                    theme,
                    term: id,
                    weight: term.weight,
                    words: slice(text, first.start, last.end),
                    position: first.start,
                    negated,
                    generic: term.generic,
                });
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn matches(
        &self,
        term: &Term,
        tokens: &[Token],
        seq: &[usize],
        at: usize,
        text: &str,
        accented: bool,
        used: &[bool],
    ) -> bool {
        let len = term.keys.len();
        let Some(window) = seq.get(at..at.saturating_add(len)) else {
            return false;
        };
        let mut prev: Option<usize> = None;
        for (k, &index) in window.iter().enumerate() {
            let (Some(token), Some(key)) = (tokens.get(index), term.keys.get(k)) else {
                return false;
            };
            if used.get(index).copied().unwrap_or(true) {
                return false;
            }
            let by_form = term.by_form.get(k).copied().unwrap_or(false);
            let same = if by_form {
                token.folded == *key || singular(&token.folded) == key
            } else if !accented {
                token.stem == *key
            } else if term.bare {
                // A word typed without its accents in a text that has some: only as written,
                // number and gender aside.
                token.stem == *key
                    && token.lower.is_ascii()
                    && term.lower.get(k).is_some_and(|lower| {
                        inflection_root(&token.folded) == inflection_root(&fold(lower))
                    })
            } else {
                term.accented.get(k) == Some(&token.stem_accented)
            };
            if !same {
                return false;
            }
            if let Some(prev) = prev.and_then(|p| tokens.get(p).map(|t| (p, t))) {
                let (prev_index, prev_token) = prev;
                if index.saturating_sub(prev_index) > MAX_GAP.saturating_add(1)
                    || token.sentence_start
                {
                    return false;
                }
                // Two tokens of one word (`rdv` → `rendez vous`) share its range: no gap.
                if slice(text, prev_token.end, token.start)
                    .contains(['.', ',', ';', ':', '!', '?', '(', ')'])
                {
                    return false;
                }
            }
            prev = Some(index);
        }
        true
    }

    fn rank(&self, found: Vec<Found<'_>>) -> Vec<ThemeMatch> {
        struct Acc<'t> {
            score: f32,
            first: usize,
            terms: Vec<u32>,
            words: Vec<&'t str>,
            negated: bool,
            /// Evidence from words other than the generic ones.
            specific: f32,
        }
        let mut per_theme: HashMap<usize, Acc<'_>> = HashMap::new();
        for f in found {
            let taught = self
                .taught
                .get(&f.theme)
                .and_then(|words| words.get(&fold_key(f.words)))
                .copied()
                .unwrap_or(1.0);
            let acc = per_theme.entry(f.theme).or_insert(Acc {
                score: 0.0,
                first: f.position,
                terms: Vec::new(),
                words: Vec::new(),
                negated: true,
                specific: 0.0,
            });
            let weight = if acc.terms.contains(&f.term) && f.term != u32::MAX {
                f.weight * REPEAT_SHARE * taught
            } else {
                acc.terms.push(f.term);
                f.weight * taught
            };
            acc.score += weight;
            if !f.generic {
                acc.specific += weight;
            }
            if !acc
                .words
                .iter()
                .any(|w| fold(&w.to_lowercase()) == fold(&f.words.to_lowercase()))
            {
                acc.words.push(f.words);
            }
            acc.negated &= f.negated;
        }
        let mut ranked: Vec<(usize, Acc<'_>)> = per_theme
            .into_iter()
            .filter(|(_, a)| a.score >= THRESHOLD - 1e-6)
            .collect();
        // Common words (`voisins`, `école`, `prix`) add no theme beside one that specific words
        // carry.
        if ranked.iter().any(|(_, a)| a.specific >= THRESHOLD - 1e-6) {
            ranked.retain(|(_, a)| a.specific >= 0.5 - 1e-6);
        }
        crate::order::sort_by(&mut ranked, |(ta, a), (tb, b)| {
            b.score
                .total_cmp(&a.score)
                .then(a.first.cmp(&b.first))
                .then(ta.cmp(tb))
        });
        ranked
            .into_iter()
            .filter_map(|(theme, acc)| {
                Some(ThemeMatch {
                    code: self.codes.get(theme)?.clone(),
                    words: acc.words.into_iter().map(str::to_owned).collect(),
                    score: (acc.score * 100.0).round() / 100.0,
                    negated: acc.negated,
                })
            })
            .take(MAX_THEMES_PER_ITEM)
            .collect()
    }
}

struct Found<'t> {
    theme: usize,
    term: u32,
    weight: f32,
    words: &'t str,
    position: usize,
    negated: bool,
    generic: bool,
}

#[cfg(test)]
mod tests;
