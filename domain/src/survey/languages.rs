//! Surveys in the residents' languages (issue 15 §1). French is every survey's own language:
//! its texts are the fields themselves (`title`, `label`…). A survey may add other languages
//! (BCP 47 tags: `ar`, `tr`, `pt-BR`); each text then carries a translation per language, and
//! a missing one falls back to French (the builder lists them). Answers are option codes, so
//! results and exports do not depend on the language an interview was held in.

use std::collections::BTreeMap;

use super::{ChoiceOption, DefinitionError, Question, SurveyDefinition};
use crate::text::char_len;

/// A text in other languages: language tag → text. Empty texts count as missing.
pub type Translations = BTreeMap<String, String>;

/// Every survey's own language.
pub const DEFAULT_LANGUAGE: &str = "fr";
/// Languages a survey may add to French.
pub const MAX_LANGUAGES: usize = 10;

/// `fr`, `ar`, `pt-BR`, `zh-Hant`: a 2–3 letter lower-case language, then subtags of 2–8
/// letters or digits; 35 characters at most.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    tag.len() <= 35
        && (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Whether a language is written right to left (Arabic, Hebrew, Persian, Urdu, Pashto, Sorani,
/// Dhivehi, Yiddish, Syriac, Uyghur, Sindhi), for `dir="rtl"`.
pub fn is_rtl(tag: &str) -> bool {
    let primary = tag.split('-').next().unwrap_or_default();
    matches!(
        primary,
        "ar" | "he" | "fa" | "ur" | "ps" | "ckb" | "dv" | "yi" | "syr" | "ug" | "sd"
    )
}

/// `french`, or its translation in `lang` when there is one.
pub fn translated<'a>(french: &'a str, translations: &'a Translations, lang: &str) -> &'a str {
    translations
        .get(lang)
        .map(String::as_str)
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(french)
}

/// A text with no translation in one of the survey's languages (it shows in French there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingTranslation {
    /// `title`, `intro`, `questions[2].label`, `questions[2].options[0].label`.
    pub field: String,
    pub language: String,
}

fn missing(translations: &Translations, lang: &str) -> bool {
    translations.get(lang).is_none_or(|t| t.trim().is_empty())
}

impl SurveyDefinition {
    pub fn title_in(&self, lang: &str) -> &str {
        translated(&self.title, &self.title_translations, lang)
    }

    pub fn intro_in(&self, lang: &str) -> Option<&str> {
        self.intro
            .as_deref()
            .map(|intro| translated(intro, &self.intro_translations, lang))
    }
}

/// A text the survey has: `None` for an absent or blank one.
fn present(text: &Option<String>) -> Option<&str> {
    text.as_deref().filter(|t| !t.trim().is_empty())
}

impl SurveyDefinition {
    /// Every translatable text in the survey's order: its field, its French original (`None`
    /// for an intro or a hint the survey does not have), its translations and its limit.
    fn texts(&self) -> Vec<(String, Option<&str>, &Translations, usize)> {
        let mut texts = vec![
            (
                "title".to_owned(),
                Some(self.title.as_str()),
                &self.title_translations,
                super::MAX_TITLE_CHARS,
            ),
            (
                "intro".to_owned(),
                present(&self.intro),
                &self.intro_translations,
                super::MAX_INTRO_CHARS,
            ),
        ];
        for (i, question) in self.questions.iter().enumerate() {
            texts.push((
                format!("questions[{i}].label"),
                Some(question.label.as_str()),
                &question.translations,
                super::MAX_LABEL_CHARS,
            ));
            texts.push((
                format!("questions[{i}].hint"),
                present(&question.hint),
                &question.hint_translations,
                super::MAX_HINT_CHARS,
            ));
            for (j, option) in question
                .kind
                .options()
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                texts.push((
                    format!("questions[{i}].options[{j}].label"),
                    Some(option.label.as_str()),
                    &option.translations,
                    super::MAX_LABEL_CHARS,
                ));
            }
        }
        texts
    }

    /// Every text without a translation, language by language, in the survey's order.
    pub fn missing_translations(&self) -> Vec<MissingTranslation> {
        let texts = self.texts();
        let mut found = Vec::new();
        for lang in &self.languages {
            for (field, french, translations, _) in &texts {
                if french.is_some() && missing(translations, lang) {
                    found.push(MissingTranslation {
                        field: field.clone(),
                        language: lang.clone(),
                    });
                }
            }
        }
        found
    }

    /// The language rules of [`SurveyDefinition::check`].
    pub(super) fn check_languages(&self, errors: &mut Vec<DefinitionError>) {
        if self.languages.len() > MAX_LANGUAGES {
            errors.push(DefinitionError::new(
                "languages",
                format!("{MAX_LANGUAGES} langues au plus en plus du français"),
            ));
        }
        for (i, lang) in self.languages.iter().enumerate() {
            let field = format!("languages[{i}]");
            if !is_language_tag(lang) {
                errors.push(DefinitionError::new(
                    field,
                    format!("« {lang} » n'est pas un code de langue (ar, tr, pt-BR…)"),
                ));
            } else if lang == DEFAULT_LANGUAGE {
                errors.push(DefinitionError::new(
                    field,
                    "le français est déjà la langue de l'enquête",
                ));
            } else if self.languages.iter().take(i).any(|l| l == lang) {
                errors.push(DefinitionError::new(field, "langue en double"));
            }
        }
        for (field, _, translations, max) in self.texts() {
            for (lang, text) in translations {
                if !self.languages.contains(lang) {
                    errors.push(DefinitionError::new(
                        format!("{field}.translations.{lang}"),
                        format!("« {lang} » n'est pas une langue de l'enquête"),
                    ));
                } else if char_len(text) > max {
                    errors.push(DefinitionError::new(
                        format!("{field}.translations.{lang}"),
                        format!("{max} caractères au plus"),
                    ));
                }
            }
        }
    }
}

impl Question {
    pub fn label_in(&self, lang: &str) -> &str {
        translated(&self.label, &self.translations, lang)
    }

    /// The hint in `lang` (French where untranslated), if the question has one.
    pub fn hint_in(&self, lang: &str) -> Option<&str> {
        self.hint
            .as_deref()
            .filter(|h| !h.trim().is_empty())
            .map(|hint| translated(hint, &self.hint_translations, lang))
    }
}

impl ChoiceOption {
    pub fn label_in(&self, lang: &str) -> &str {
        translated(&self.label, &self.translations, lang)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    fn bilingual() -> SurveyDefinition {
        serde_json::from_value(json!({
            "title": "Le marché",
            "languages": ["ar", "en"],
            "title_translations": {"ar": "السوق"},
            "questions": [
                {"code": "habite", "label": "Habitez-vous ici ?", "type": "yes_no",
                 "translations": {"ar": "هل تسكن هنا؟", "en": "  "}},
                {"code": "mode", "label": "Comment venez-vous ?", "type": "single_choice",
                 "translations": {"ar": "كيف تأتي؟", "en": "How do you come?"},
                 "options": [{"code": "tram", "label": "Tram", "translations": {"ar": "ترام"}},
                             {"code": "pied", "label": "À pied"}]}
            ]
        }))
        .unwrap()
    }

    #[test]
    fn texts_fall_back_to_french_where_a_translation_is_missing() {
        let survey = bilingual();
        assert_eq!(survey.title_in("ar"), "السوق");
        assert_eq!(survey.title_in("en"), "Le marché");
        assert_eq!(survey.questions[0].label_in("ar"), "هل تسكن هنا؟");
        assert_eq!(
            survey.questions[0].label_in("en"),
            "Habitez-vous ici ?",
            "blank is missing"
        );
        assert_eq!(survey.questions[0].label_in("fr"), "Habitez-vous ici ?");
        let options = survey.questions[1].kind.options().unwrap();
        assert_eq!(options[0].label_in("ar"), "ترام");
        assert_eq!(options[1].label_in("ar"), "À pied");
        survey
            .check()
            .expect("missing translations do not stop publishing");
        let missing: Vec<(String, String)> = survey
            .missing_translations()
            .into_iter()
            .map(|m| (m.field, m.language))
            .collect();
        assert_eq!(
            missing,
            [
                ("questions[1].options[1].label", "ar"),
                ("title", "en"),
                ("questions[0].label", "en"),
                ("questions[1].options[0].label", "en"),
                ("questions[1].options[1].label", "en"),
            ]
            .map(|(f, l)| (f.to_owned(), l.to_owned()))
        );
    }

    #[test]
    fn language_rules_are_checked() {
        let mut survey = bilingual();
        survey.languages = vec!["ar".into(), "fr".into(), "ar".into(), "Arabe".into()];
        survey.questions[0]
            .translations
            .insert("tr".into(), "Burada mı?".into());
        let fields: Vec<String> = survey
            .check()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "languages[1]",
                "languages[2]",
                "languages[3]",
                "questions[0].label.translations.en",
                "questions[0].label.translations.tr",
                "questions[1].label.translations.en",
            ],
            "{fields:?}"
        );
    }

    #[test]
    fn tags_and_directions() {
        for tag in ["ar", "tr", "pt-BR", "zh-Hant", "zdj", "ckb"] {
            assert!(is_language_tag(tag), "{tag}");
        }
        for tag in [
            "",
            "Arabe",
            "AR",
            "a",
            "arabic",
            "fr_FR",
            "pt-",
            "x-klingon-too-long-subtag",
        ] {
            assert!(!is_language_tag(tag), "{tag}");
        }
        assert!(is_rtl("ar") && is_rtl("fa-IR") && is_rtl("ckb"));
        assert!(!is_rtl("fr") && !is_rtl("tr") && !is_rtl("arn"));
    }

    #[test]
    fn a_survey_without_languages_is_written_as_before() {
        let old = json!({"title": "T", "questions": [
            {"code": "a", "label": "A", "type": "single_choice",
             "options": [{"code": "x", "label": "X"}, {"code": "y", "label": "Y"}]}
        ]});
        let read: SurveyDefinition = serde_json::from_value(old.clone()).unwrap();
        let written = serde_json::to_value(&read).unwrap();
        assert_eq!(
            written["questions"][0]["options"],
            old["questions"][0]["options"]
        );
        assert!(
            written.get("languages").is_none()
                && written["questions"][0].get("translations").is_none()
        );
    }

    proptest! {
        #![proptest_config(crate::testing::config())]
        /// Whatever a translation holds, a label is that translation or the French text.
        #[test]
        fn a_label_is_its_translation_or_the_french(
            french in crate::testing::any_text(),
            text in crate::testing::any_text(),
            lang in "[a-z]{2,3}",
            asked in "[a-z]{2,3}",
        ) {
            let translations: Translations = [(lang.clone(), text.clone())].into();
            let shown = translated(&french, &translations, &asked);
            if asked == lang && !text.trim().is_empty() {
                prop_assert_eq!(shown, text.as_str());
            } else {
                prop_assert_eq!(shown, french.as_str());
            }
            let _ = is_language_tag(&text);
            let _ = is_rtl(&text);
        }
    }
}
