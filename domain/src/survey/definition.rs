use serde::{Deserialize, Serialize};

use super::conditions::ShowIf;
use super::languages::Translations;
use crate::text::{char_len, is_code};

pub const MAX_QUESTIONS: usize = 30;
pub const MAX_OPTIONS: usize = 20;
pub const MAX_LABEL_CHARS: usize = 300;
pub const MAX_HINT_CHARS: usize = 500;
pub const MAX_TITLE_CHARS: usize = 150;
pub const MAX_INTRO_CHARS: usize = 2000;
pub const SCALE_MIN: i64 = 1;
pub const SCALE_MAX: i64 = 5;
pub const DEFAULT_SHORT_TEXT_CHARS: u32 = 200;
pub const DEFAULT_LONG_TEXT_CHARS: u32 = 2000;
pub const MAX_TEXT_CHARS: u32 = 5000;
pub const MIN_DATE_YEAR: i32 = 1900;
pub const MAX_DATE_YEAR: i32 = 2100;

/// What a coordinator designs. Published versions are immutable copies of it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SurveyDefinition {
    pub title: String,
    /// Shown to the volunteer before the first question (context, not the RGPD notice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<String>,
    pub questions: Vec<Question>,
    /// Languages besides French (BCP 47 tags), in the order the phone offers them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub title_translations: Translations,
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub intro_translations: Translations,
}

// No `deny_unknown_fields` here: serde does not support it together with `flatten`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Question {
    /// Stable identifier within the survey, e.g. `q1` or `transport_usage`.
    pub code: String,
    pub label: String,
    #[serde(flatten)]
    pub kind: QuestionKind,
    #[serde(default)]
    pub required: bool,
    /// Show this question only when this condition on earlier answers holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<ShowIf>,
    /// `label` in the survey's other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub translations: Translations,
    /// Shown under the question: how to ask it, what counts (issue 15 §2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// `hint` in the survey's other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub hint_translations: Translations,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum QuestionKind {
    SingleChoice {
        options: Vec<ChoiceOption>,
    },
    MultipleChoice {
        options: Vec<ChoiceOption>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_choices: Option<u32>,
    },
    /// 1 to 5; `smiley` only changes how the phone draws it.
    Scale {
        #[serde(default)]
        smiley: bool,
    },
    YesNo,
    ShortText {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_chars: Option<u32>,
    },
    LongText {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_chars: Option<u32>,
    },
    Number {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
        #[serde(default)]
        integer: bool,
    },
    /// A calendar day, answered `YYYY-MM-DD` (years [`MIN_DATE_YEAR`]–[`MAX_DATE_YEAR`]).
    Date,
    /// An information screen between questions: its label (and hint) is read out, nothing is
    /// answered. Never required, never tested by a rule, never in results.
    Note,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub code: String,
    pub label: String,
    /// `label` in the survey's other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub translations: Translations,
}

/// Why a definition cannot be published; `field` is a path such as `questions[2].options`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionError {
    pub field: String,
    pub message: String,
}

impl DefinitionError {
    pub(super) fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// A question's type without its settings: the `type` of its JSON (`single_choice`, `scale`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    SingleChoice,
    MultipleChoice,
    Scale,
    YesNo,
    ShortText,
    LongText,
    Number,
    Date,
    Note,
}

impl QuestionType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SingleChoice => "single_choice",
            Self::MultipleChoice => "multiple_choice",
            Self::Scale => "scale",
            Self::YesNo => "yes_no",
            Self::ShortText => "short_text",
            Self::LongText => "long_text",
            Self::Number => "number",
            Self::Date => "date",
            Self::Note => "note",
        }
    }
}

impl QuestionKind {
    pub fn question_type(&self) -> QuestionType {
        match self {
            Self::SingleChoice { .. } => QuestionType::SingleChoice,
            Self::MultipleChoice { .. } => QuestionType::MultipleChoice,
            Self::Scale { .. } => QuestionType::Scale,
            Self::YesNo => QuestionType::YesNo,
            Self::ShortText { .. } => QuestionType::ShortText,
            Self::LongText { .. } => QuestionType::LongText,
            Self::Number { .. } => QuestionType::Number,
            Self::Date => QuestionType::Date,
            Self::Note => QuestionType::Note,
        }
    }

    /// Whether the question takes an answer (every kind but [`QuestionKind::Note`]).
    pub fn is_answered(&self) -> bool {
        !matches!(self, Self::Note)
    }

    pub fn options(&self) -> Option<&[ChoiceOption]> {
        match self {
            Self::SingleChoice { options } | Self::MultipleChoice { options, .. } => Some(options),
            _ => None,
        }
    }

    pub fn options_mut(&mut self) -> Option<&mut [ChoiceOption]> {
        match self {
            Self::SingleChoice { options } | Self::MultipleChoice { options, .. } => Some(options),
            _ => None,
        }
    }

    /// The answer values a skip rule may test for this kind of question, if any.
    pub fn rule_values(&self) -> Option<Vec<String>> {
        match self {
            Self::SingleChoice { options } | Self::MultipleChoice { options, .. } => {
                Some(options.iter().map(|o| o.code.clone()).collect())
            }
            Self::YesNo => Some(vec!["yes".into(), "no".into()]),
            Self::Scale { .. } => Some((SCALE_MIN..=SCALE_MAX).map(|v| v.to_string()).collect()),
            _ => None,
        }
    }

    pub fn max_chars(&self) -> Option<u32> {
        match self {
            Self::ShortText { max_chars } => Some(max_chars.unwrap_or(DEFAULT_SHORT_TEXT_CHARS)),
            Self::LongText { max_chars } => Some(max_chars.unwrap_or(DEFAULT_LONG_TEXT_CHARS)),
            _ => None,
        }
    }
}

impl SurveyDefinition {
    pub fn question(&self, code: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.code == code)
    }

    /// Every rule a definition must satisfy before it can be published, all errors at once.
    pub fn check(&self) -> Result<(), Vec<DefinitionError>> {
        let mut errors = Vec::new();
        check_label(&mut errors, "title", &self.title, MAX_TITLE_CHARS);
        if let Some(intro) = &self.intro {
            if char_len(intro) > MAX_INTRO_CHARS {
                errors.push(DefinitionError::new(
                    "intro",
                    format!("{MAX_INTRO_CHARS} caractères au plus"),
                ));
            }
        }
        if !self.questions.iter().any(|q| q.kind.is_answered()) {
            errors.push(DefinitionError::new("questions", "au moins une question"));
        }
        if self.questions.len() > MAX_QUESTIONS {
            errors.push(DefinitionError::new(
                "questions",
                format!("{MAX_QUESTIONS} questions au plus"),
            ));
        }
        for (index, question) in self.questions.iter().enumerate() {
            let path = format!("questions[{index}]");
            if !is_code(&question.code) {
                errors.push(DefinitionError::new(
                    format!("{path}.code"),
                    "code invalide (lettres minuscules, chiffres, _ ; commence par une lettre)",
                ));
            }
            let earlier = self.questions.get(..index).unwrap_or_default();
            if earlier.iter().any(|q| q.code == question.code) {
                errors.push(DefinitionError::new(
                    format!("{path}.code"),
                    "code déjà utilisé",
                ));
            }
            check_label(
                &mut errors,
                &format!("{path}.label"),
                &question.label,
                MAX_LABEL_CHARS,
            );
            if question
                .hint
                .as_ref()
                .is_some_and(|h| char_len(h) > MAX_HINT_CHARS)
            {
                errors.push(DefinitionError::new(
                    format!("{path}.hint"),
                    format!("{MAX_HINT_CHARS} caractères au plus"),
                ));
            }
            check_kind(&mut errors, &path, &question.kind);
            if question.required && !question.kind.is_answered() {
                errors.push(DefinitionError::new(
                    format!("{path}.required"),
                    "une note n'attend pas de réponse : elle ne peut pas être obligatoire",
                ));
            }
            if let Some(condition) = &question.show_if {
                super::conditions::check(&mut errors, &path, condition, earlier);
            }
        }
        self.check_languages(&mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

fn check_label(errors: &mut Vec<DefinitionError>, field: &str, value: &str, max: usize) {
    if value.trim().is_empty() {
        errors.push(DefinitionError::new(field, "ne peut pas être vide"));
    } else if char_len(value) > max {
        errors.push(DefinitionError::new(
            field,
            format!("{max} caractères au plus"),
        ));
    }
}

fn check_kind(errors: &mut Vec<DefinitionError>, path: &str, kind: &QuestionKind) {
    if let Some(options) = kind.options() {
        let field = format!("{path}.options");
        if options.len() < 2 {
            errors.push(DefinitionError::new(&field, "au moins deux choix"));
        }
        if options.len() > MAX_OPTIONS {
            errors.push(DefinitionError::new(
                &field,
                format!("{MAX_OPTIONS} choix au plus"),
            ));
        }
        for (i, option) in options.iter().enumerate() {
            if !is_code(&option.code) {
                errors.push(DefinitionError::new(
                    format!("{field}[{i}].code"),
                    "code invalide",
                ));
            }
            if options.iter().take(i).any(|o| o.code == option.code) {
                errors.push(DefinitionError::new(
                    format!("{field}[{i}].code"),
                    "code déjà utilisé",
                ));
            }
            check_label(
                errors,
                &format!("{field}[{i}].label"),
                &option.label,
                MAX_LABEL_CHARS,
            );
        }
    }
    match kind {
        QuestionKind::MultipleChoice {
            options,
            max_choices: Some(max),
        } if *max == 0 || *max as usize > options.len() => {
            errors.push(DefinitionError::new(
                format!("{path}.max_choices"),
                "doit être entre 1 et le nombre de choix",
            ));
        }
        QuestionKind::ShortText {
            max_chars: Some(max),
        }
        | QuestionKind::LongText {
            max_chars: Some(max),
        } if *max == 0 || *max > MAX_TEXT_CHARS => {
            errors.push(DefinitionError::new(
                format!("{path}.max_chars"),
                format!("doit être entre 1 et {MAX_TEXT_CHARS}"),
            ));
        }
        QuestionKind::Number { min, max, .. } => {
            let finite = |v: &Option<f64>| v.is_none_or(f64::is_finite);
            if !finite(min) || !finite(max) {
                errors.push(DefinitionError::new(
                    format!("{path}.min"),
                    "bornes invalides",
                ));
            } else if let (Some(lo), Some(hi)) = (min, max) {
                if lo > hi {
                    errors.push(DefinitionError::new(
                        format!("{path}.min"),
                        "min doit être ≤ max",
                    ));
                }
            }
        }
        _ => {}
    }
}
