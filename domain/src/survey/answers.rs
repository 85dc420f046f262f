use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::definition::{
    Question, QuestionKind, SurveyDefinition, MAX_DATE_YEAR, MIN_DATE_YEAR, SCALE_MAX, SCALE_MIN,
};
use crate::text::{char_len, clean_text, TextKind};

/// One answer as it travels: JSON's own types tell the shapes apart.
/// Single choice → option code; multiple choice → list of codes; scale → 1–5; yes/no → bool;
/// texts → string; number → number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum AnswerValue {
    Bool(bool),
    Number(f64),
    Text(String),
    Many(Vec<String>),
}

/// Answers keyed by question code. Unanswered questions are simply absent.
pub type Answers = BTreeMap<String, AnswerValue>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerErrorCode {
    UnknownQuestion,
    Required,
    WrongType,
    UnknownOption,
    DuplicateOption,
    TooManyChoices,
    TooLong,
    OutOfRange,
    NotInteger,
    HiddenQuestion,
    InvalidDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerError {
    pub question: String,
    pub code: AnswerErrorCode,
    /// French message for the volunteer.
    pub message: String,
}

/// Answers that passed [`SurveyDefinition::validate_answers`]: texts trimmed, empty texts and
/// empty choice lists dropped. Only this type can be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidAnswers(Answers);

impl ValidAnswers {
    pub fn as_map(&self) -> &Answers {
        &self.0
    }

    pub fn into_map(self) -> Answers {
        self.0
    }
}

impl AnswerError {
    fn new(question: &str, code: AnswerErrorCode, message: impl Into<String>) -> Self {
        Self {
            question: question.to_owned(),
            code,
            message: message.into(),
        }
    }
}

impl AnswerValue {
    /// The value as a skip rule sees it (see [`super::ShowIf`]).
    fn rule_values(&self) -> Vec<String> {
        match self {
            Self::Bool(true) => vec!["yes".into()],
            Self::Bool(false) => vec!["no".into()],
            Self::Number(n) => vec![format_number(*n)],
            Self::Text(s) => vec![s.clone()],
            Self::Many(v) => v.clone(),
        }
    }

    fn is_blank(&self) -> bool {
        match self {
            Self::Text(s) => clean_text(s, TextKind::Long).trim().is_empty(),
            Self::Many(v) => v.is_empty(),
            _ => false,
        }
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

impl SurveyDefinition {
    /// Whether `question` is shown, given the answers to earlier questions.
    pub fn is_shown(&self, question: &Question, answers: &Answers) -> bool {
        let shown = self.shown(answers);
        match self.questions.iter().position(|q| q.code == question.code) {
            Some(at) => shown.get(at).copied().unwrap_or(false),
            None => self.condition_holds(question, self.questions.len(), &shown, answers),
        }
    }

    /// Whether each question is shown, in the survey's order. One pass: a condition looks only
    /// at earlier questions, whose fate is known by then, so a draft whose rules loop (not
    /// publishable) cannot recurse, and many rules on one question cost no more than once each.
    pub fn shown(&self, answers: &Answers) -> Vec<bool> {
        let mut shown: Vec<bool> = Vec::with_capacity(self.questions.len());
        for (here, question) in self.questions.iter().enumerate() {
            let visible = self.condition_holds(question, here, &shown, answers);
            shown.push(visible);
        }
        shown
    }

    /// `question`'s condition, as the question at position `here`; `shown`: the fate of the
    /// questions before it. A hidden question counts as unanswered.
    fn condition_holds(
        &self,
        question: &Question,
        here: usize,
        shown: &[bool],
        answers: &Answers,
    ) -> bool {
        let Some(condition) = &question.show_if else {
            return true;
        };
        condition.eval(&mut |rule| {
            let value = self
                .questions
                .iter()
                .take(here)
                .position(|q| q.code == rule.question)
                .filter(|&at| shown.get(at).copied().unwrap_or(false))
                .and_then(|at| self.questions.get(at))
                .and_then(|target| answers.get(&target.code))
                .filter(|v| !v.is_blank());
            let values = value.map(AnswerValue::rule_values);
            let number = match value {
                Some(AnswerValue::Number(n)) => Some(*n),
                _ => None,
            };
            rule.holds(values.as_deref(), number)
        })
    }

    /// Checks an answer set against this definition: types, required questions, skip rules,
    /// option codes, text lengths and number bounds. Returns every error found.
    pub fn validate_answers(&self, answers: &Answers) -> Result<ValidAnswers, Vec<AnswerError>> {
        let mut errors = Vec::new();
        for code in answers.keys() {
            if self.question(code).is_none() {
                errors.push(AnswerError::new(
                    code,
                    AnswerErrorCode::UnknownQuestion,
                    "question inconnue",
                ));
            }
        }
        let mut clean = Answers::new();
        let visible = self.shown(answers);
        for (question, &shown) in self.questions.iter().zip(&visible) {
            let value = answers.get(&question.code).filter(|v| !v.is_blank());
            match (value, shown) {
                (Some(_), false) => errors.push(AnswerError::new(
                    &question.code,
                    AnswerErrorCode::HiddenQuestion,
                    "réponse à une question qui ne devait pas être posée",
                )),
                (None, true) if question.required => errors.push(AnswerError::new(
                    &question.code,
                    AnswerErrorCode::Required,
                    "réponse obligatoire",
                )),
                (Some(value), true) => match check_value(question, value) {
                    Ok(value) => {
                        clean.insert(question.code.clone(), value);
                    }
                    Err(error) => errors.push(error),
                },
                (None, _) => {}
            }
        }
        if errors.is_empty() {
            Ok(ValidAnswers(clean))
        } else {
            Err(errors)
        }
    }
}

fn check_value(question: &Question, value: &AnswerValue) -> Result<AnswerValue, AnswerError> {
    use AnswerErrorCode as C;
    let code = question.code.as_str();
    let wrong = |expected: &str| {
        AnswerError::new(code, C::WrongType, format!("réponse attendue : {expected}"))
    };
    match (&question.kind, value) {
        (QuestionKind::SingleChoice { options }, AnswerValue::Text(choice)) => {
            if options.iter().any(|o| &o.code == choice) {
                Ok(value.clone())
            } else {
                Err(AnswerError::new(
                    code,
                    C::UnknownOption,
                    format!("choix inconnu : {choice}"),
                ))
            }
        }
        (QuestionKind::SingleChoice { .. }, _) => Err(wrong("un choix")),
        (
            QuestionKind::MultipleChoice {
                options,
                max_choices,
            },
            AnswerValue::Many(choices),
        ) => {
            for (i, choice) in choices.iter().enumerate() {
                if !options.iter().any(|o| &o.code == choice) {
                    return Err(AnswerError::new(
                        code,
                        C::UnknownOption,
                        format!("choix inconnu : {choice}"),
                    ));
                }
                if choices.iter().take(i).any(|c| c == choice) {
                    return Err(AnswerError::new(
                        code,
                        C::DuplicateOption,
                        format!("choix répété : {choice}"),
                    ));
                }
            }
            if let Some(max) = max_choices {
                if choices.len() > *max as usize {
                    return Err(AnswerError::new(
                        code,
                        C::TooManyChoices,
                        format!("{max} choix au plus"),
                    ));
                }
            }
            Ok(value.clone())
        }
        (QuestionKind::MultipleChoice { .. }, _) => Err(wrong("une liste de choix")),
        (QuestionKind::Scale { .. }, AnswerValue::Number(n)) => {
            if n.fract() == 0.0 && (SCALE_MIN as f64..=SCALE_MAX as f64).contains(n) {
                Ok(value.clone())
            } else {
                Err(AnswerError::new(
                    code,
                    C::OutOfRange,
                    format!("entre {SCALE_MIN} et {SCALE_MAX}"),
                ))
            }
        }
        (QuestionKind::Scale { .. }, _) => Err(wrong("une note de 1 à 5")),
        (QuestionKind::YesNo, AnswerValue::Bool(_)) => Ok(value.clone()),
        (QuestionKind::YesNo, _) => Err(wrong("oui ou non")),
        (
            QuestionKind::ShortText { .. } | QuestionKind::LongText { .. },
            AnswerValue::Text(text),
        ) => {
            let kind = match question.kind {
                QuestionKind::LongText { .. } => TextKind::Long,
                _ => TextKind::Line,
            };
            let text = clean_text(text, kind);
            let text = text.trim();
            let max = question.kind.max_chars().unwrap_or(0) as usize;
            if char_len(text) > max {
                Err(AnswerError::new(
                    code,
                    C::TooLong,
                    format!("{max} caractères au plus"),
                ))
            } else {
                Ok(AnswerValue::Text(text.to_owned()))
            }
        }
        (QuestionKind::ShortText { .. } | QuestionKind::LongText { .. }, _) => {
            Err(wrong("un texte"))
        }
        (QuestionKind::Number { min, max, integer }, AnswerValue::Number(n)) => {
            if !n.is_finite() || min.is_some_and(|lo| *n < lo) || max.is_some_and(|hi| *n > hi) {
                Err(AnswerError::new(
                    code,
                    C::OutOfRange,
                    "nombre hors des bornes",
                ))
            } else if *integer && n.fract() != 0.0 {
                Err(AnswerError::new(
                    code,
                    C::NotInteger,
                    "nombre entier attendu",
                ))
            } else {
                Ok(value.clone())
            }
        }
        (QuestionKind::Number { .. }, _) => Err(wrong("un nombre")),
        (QuestionKind::Date, AnswerValue::Text(text)) => match parse_date(text.trim()) {
            Some(day) => Ok(AnswerValue::Text(day.format("%Y-%m-%d").to_string())),
            None => Err(AnswerError::new(
                code,
                C::InvalidDate,
                format!("date attendue (AAAA-MM-JJ, années {MIN_DATE_YEAR} à {MAX_DATE_YEAR})"),
            )),
        },
        (QuestionKind::Date, _) => Err(wrong("une date")),
        (QuestionKind::Note, _) => Err(AnswerError::new(
            code,
            C::WrongType,
            "une note n'attend pas de réponse",
        )),
    }
}

/// A date answer: exactly `YYYY-MM-DD` (what `<input type="date">` gives), a real calendar day,
/// years [`MIN_DATE_YEAR`]–[`MAX_DATE_YEAR`].
pub fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape {
        return None;
    }
    let year: i32 = text.get(0..4)?.parse().ok()?;
    let month: u32 = text.get(5..7)?.parse().ok()?;
    let day: u32 = text.get(8..10)?.parse().ok()?;
    if !(MIN_DATE_YEAR..=MAX_DATE_YEAR).contains(&year) {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(year, month, day)
}
