//! Flash-survey definitions and answer validation.
//!
//! A [`SurveyDefinition`] is what a coordinator writes; [`SurveyDefinition::check`] says whether
//! it can be published. [`SurveyDefinition::validate_answers`] is run by the phone before saving
//! an answer set and by the server before storing it: the same code on both sides.

mod answers;
mod conditions;
mod definition;
mod languages;
mod translation_import;

pub use answers::{parse_date, AnswerError, AnswerErrorCode, AnswerValue, Answers, ValidAnswers};
pub use conditions::{Join, Rule, ShowIf, Test, MAX_CONDITION_DEPTH, MAX_CONDITION_RULES};
pub use definition::{
    ChoiceOption, DefinitionError, Question, QuestionKind, QuestionType, SurveyDefinition,
    MAX_DATE_YEAR, MAX_HINT_CHARS, MAX_INTRO_CHARS, MAX_LABEL_CHARS, MAX_OPTIONS, MAX_QUESTIONS,
    MAX_TITLE_CHARS, MIN_DATE_YEAR, SCALE_MAX, SCALE_MIN,
};
pub use languages::{
    is_language_tag, is_rtl, translated, MissingTranslation, Translations, DEFAULT_LANGUAGE,
    MAX_LANGUAGES,
};

pub use translation_import::TakenTranslations;

#[cfg(test)]
mod tests;
