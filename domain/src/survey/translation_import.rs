//! Translations brought into a survey from a spreadsheet a translator filled in (issue 15 §1):
//! the survey exported as an XLSForm, a `label::<language>` column completed, the file read back
//! by the server's XLSForm import. Only the translations are taken, matched by question and
//! option codes: the French texts, the codes, the questions and their order stay as they are.

use serde::{Deserialize, Serialize};

use super::{SurveyDefinition, Translations, DEFAULT_LANGUAGE, MAX_LANGUAGES};

/// What [`SurveyDefinition::take_translations`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TakenTranslations {
    /// The languages the source has translations in (French aside), the survey's now.
    pub languages: Vec<String>,
    /// Texts set or changed.
    pub texts: usize,
    /// Codes of the source's questions the survey has no question for (left out).
    pub unknown_questions: Vec<String>,
    /// `question.option` codes of the source's options the survey's question does not have.
    pub unknown_options: Vec<String>,
    /// Languages left out: the survey would have had more than [`MAX_LANGUAGES`].
    pub dropped_languages: Vec<String>,
}

impl SurveyDefinition {
    /// Takes `source`'s translations into this survey. A blank translation in the source leaves
    /// the survey's own (an empty cell erases nothing); a language the survey does not have yet
    /// is added, up to [`MAX_LANGUAGES`].
    pub fn take_translations(&mut self, source: &SurveyDefinition) -> TakenTranslations {
        let mut taken = TakenTranslations::default();
        for lang in &source.languages {
            if lang == DEFAULT_LANGUAGE || taken.languages.contains(lang) {
                continue;
            }
            if self.languages.contains(lang) || self.languages.len() < MAX_LANGUAGES {
                if !self.languages.contains(lang) {
                    self.languages.push(lang.clone());
                }
                taken.languages.push(lang.clone());
            } else {
                taken.dropped_languages.push(lang.clone());
            }
        }
        let langs = taken.languages.clone();
        let mut take = |into: &mut Translations, from: &Translations| {
            for lang in &langs {
                let Some(text) = from.get(lang).filter(|t| !t.trim().is_empty()) else {
                    continue;
                };
                if into.get(lang) != Some(text) {
                    into.insert(lang.clone(), text.clone());
                    taken.texts = taken.texts.saturating_add(1);
                }
            }
        };
        take(&mut self.title_translations, &source.title_translations);
        if self.intro.is_some() {
            take(&mut self.intro_translations, &source.intro_translations);
        }
        let mut unknown_questions = Vec::new();
        let mut unknown_options = Vec::new();
        for from in &source.questions {
            let Some(into) = self.questions.iter_mut().find(|q| q.code == from.code) else {
                unknown_questions.push(from.code.clone());
                continue;
            };
            take(&mut into.translations, &from.translations);
            if into.hint.is_some() {
                take(&mut into.hint_translations, &from.hint_translations);
            }
            let Some(from_options) = from.kind.options() else {
                continue;
            };
            for option in from_options {
                let target = into
                    .kind
                    .options_mut()
                    .and_then(|options| options.iter_mut().find(|o| o.code == option.code));
                match target {
                    Some(target) => take(&mut target.translations, &option.translations),
                    None => unknown_options.push(format!("{}.{}", from.code, option.code)),
                }
            }
        }
        taken.unknown_questions = unknown_questions;
        taken.unknown_options = unknown_options;
        taken
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{json, Value};

    use super::*;

    fn survey(value: Value) -> SurveyDefinition {
        serde_json::from_value(value).unwrap()
    }

    fn market() -> SurveyDefinition {
        survey(json!({
            "title": "Le marché",
            "intro": "Deux minutes",
            "languages": ["en"],
            "title_translations": {"en": "The market"},
            "questions": [
                {"code": "habite", "label": "Habitez-vous ici ?", "type": "yes_no",
                 "translations": {"en": "Do you live here?"}},
                {"code": "mode", "label": "Comment venez-vous ?", "type": "single_choice",
                 "hint": "Le plus souvent",
                 "options": [{"code": "tram", "label": "Tram"}, {"code": "pied", "label": "À pied"}]}
            ]
        }))
    }

    /// The same survey as a translator sends it back: Arabic filled in, English left blank,
    /// one question and one option the survey no longer has.
    fn filled_in() -> SurveyDefinition {
        survey(json!({
            "title": "Marché (copie)",
            "intro": "Deux minutes",
            "languages": ["ar", "en"],
            "title_translations": {"ar": "السوق", "en": " "},
            "intro_translations": {"ar": "دقيقتان"},
            "questions": [
                {"code": "habite", "label": "Vous habitez ici ?", "type": "yes_no",
                 "translations": {"ar": "هل تسكن هنا؟", "en": ""}},
                {"code": "mode", "label": "Comment venez-vous ?", "type": "single_choice",
                 "hint_translations": {"ar": "في أغلب الأحيان"},
                 "options": [{"code": "tram", "label": "Tram", "translations": {"ar": "ترام"}},
                             {"code": "velo", "label": "Vélo", "translations": {"ar": "دراجة"}}]},
                {"code": "age", "label": "Âge", "type": "short_text", "translations": {"ar": "العمر"}}
            ]
        }))
    }

    #[test]
    fn translations_are_taken_by_code_and_nothing_else_changes() {
        let mut target = market();
        let taken = target.take_translations(&filled_in());
        assert_eq!(taken.languages, ["ar", "en"]);
        assert_eq!(target.languages, ["en", "ar"], "Arabic added after English");
        assert_eq!(target.title, "Le marché", "the French text stays");
        assert_eq!(target.title_in("ar"), "السوق");
        assert_eq!(
            target.title_in("en"),
            "The market",
            "a blank cell erases nothing"
        );
        assert_eq!(target.intro_in("ar"), Some("دقيقتان"));
        assert_eq!(target.questions[0].label, "Habitez-vous ici ?");
        assert_eq!(target.questions[0].label_in("ar"), "هل تسكن هنا؟");
        assert_eq!(target.questions[0].label_in("en"), "Do you live here?");
        assert_eq!(target.questions[1].hint_in("ar"), Some("في أغلب الأحيان"));
        let options = target.questions[1].kind.options().unwrap();
        assert_eq!(options[0].label_in("ar"), "ترام");
        assert_eq!(options.len(), 2, "no option added");
        assert_eq!(target.questions.len(), 2, "no question added");
        assert_eq!(taken.unknown_questions, ["age"]);
        assert_eq!(taken.unknown_options, ["mode.velo"]);
        assert_eq!(taken.texts, 5);
        assert!(target.check().is_ok(), "{:?}", target.check());

        let again = target.take_translations(&filled_in());
        assert_eq!(
            again.texts, 0,
            "taking the same file twice changes nothing more"
        );
    }

    #[test]
    fn a_hint_or_intro_the_survey_does_not_have_gets_no_translation() {
        let mut target = market();
        target.intro = None;
        target.questions[1].hint = None;
        target.take_translations(&filled_in());
        assert!(target.intro_translations.is_empty());
        assert!(target.questions[1].hint_translations.is_empty());
    }

    #[test]
    fn languages_beyond_the_limit_are_left_out_and_said() {
        let mut target = market();
        target.languages = (0..MAX_LANGUAGES).map(|i| format!("l{i}x")).collect();
        let taken = target.take_translations(&filled_in());
        assert_eq!(taken.dropped_languages, ["ar", "en"]);
        assert!(taken.languages.is_empty());
        assert_eq!(target.languages.len(), MAX_LANGUAGES);
        assert_eq!(taken.texts, 0);
    }

    proptest! {
        #![proptest_config(crate::testing::config())]
        /// Whatever texts and codes the translator's file holds, taking it never changes the
        /// survey's French texts, codes or structure, never blanks a translation, and a second
        /// time changes nothing.
        #[test]
        fn only_translations_change(
            texts in proptest::collection::vec(crate::testing::any_text(), 6),
            codes in proptest::collection::vec("[a-z_]{1,6}", 3),
            lang in "[a-z]{2,3}",
        ) {
            let mut target = market();
            let source = survey(json!({
                "title": texts[0],
                "languages": [lang],
                "title_translations": {lang.clone(): texts[1]},
                "intro_translations": {lang.clone(): texts[2]},
                "questions": [
                    {"code": codes[0], "label": texts[3], "type": "yes_no",
                     "translations": {lang.clone(): texts[4]}},
                    {"code": "mode", "label": "x", "type": "single_choice",
                     "options": [{"code": codes[1], "label": "x", "translations": {lang.clone(): texts[5]}},
                                 {"code": codes[2], "label": "y"}]}
                ]
            }));
            let before = target.clone();
            let taken = target.take_translations(&source);
            prop_assert_eq!(&target.title, &before.title);
            prop_assert_eq!(target.questions.len(), before.questions.len());
            for (now, was) in target.questions.iter().zip(&before.questions) {
                prop_assert_eq!(&now.code, &was.code);
                prop_assert_eq!(&now.label, &was.label);
                prop_assert_eq!(&now.show_if, &was.show_if);
                let codes = |q: &super::super::Question| -> Vec<String> {
                    q.kind.options().unwrap_or_default().iter().map(|o| o.code.clone()).collect()
                };
                prop_assert_eq!(codes(now), codes(was));
                for (l, text) in &was.translations {
                    prop_assert!(!now.translations.get(l).is_none_or(|t| t.trim().is_empty()) || text.trim().is_empty());
                }
            }
            prop_assert!(taken.texts <= 6);
            let again = target.take_translations(&source);
            prop_assert_eq!(again.texts, 0);
        }
    }
}
