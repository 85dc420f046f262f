//! A council's answer to residents on one theme, as the phone-free council page and the server
//! check it: cleaned like every text people type, not empty, not too long.

use crate::text::{char_len, clean_text, TextKind};

/// Characters an answer (and « ce qui a changé ») may hold: a few short paragraphs.
pub const MAX_ANSWER_CHARS: usize = 1500;

/// An answer ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedAnswer {
    pub answer: String,
    pub changed: Option<String>,
}

/// What is wrong with an answer, and in which field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerProblem {
    Empty,
    TooLong { field: &'static str },
}

impl AnswerProblem {
    pub fn field(self) -> &'static str {
        match self {
            Self::Empty => "answer",
            Self::TooLong { field } => field,
        }
    }

    pub fn message(self) -> String {
        match self {
            Self::Empty => "écrivez la réponse du conseil".into(),
            Self::TooLong { .. } => format!("{MAX_ANSWER_CHARS} caractères au plus"),
        }
    }
}

/// Cleans and checks an answer; an empty « ce qui a changé » is none.
pub fn check_answer(answer: &str, changed: Option<&str>) -> Result<CheckedAnswer, AnswerProblem> {
    let answer = clean_text(answer, TextKind::Long).trim().to_owned();
    if answer.is_empty() {
        return Err(AnswerProblem::Empty);
    }
    if char_len(&answer) > MAX_ANSWER_CHARS {
        return Err(AnswerProblem::TooLong { field: "answer" });
    }
    let changed = changed
        .map(|c| clean_text(c, TextKind::Long).trim().to_owned())
        .filter(|c| !c.is_empty());
    if changed
        .as_deref()
        .is_some_and(|c| char_len(c) > MAX_ANSWER_CHARS)
    {
        return Err(AnswerProblem::TooLong { field: "changed" });
    }
    Ok(CheckedAnswer { answer, changed })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use proptest::prelude::*;

    use super::*;
    use crate::text::is_clean;

    #[test]
    fn blank_is_refused_and_limits_hold() {
        assert_eq!(check_answer("  \n\t ", None), Err(AnswerProblem::Empty));
        let ok = check_answer(" Nous avons écrit au bailleur.\n", Some("  ")).unwrap();
        assert_eq!(ok.answer, "Nous avons écrit au bailleur.");
        assert_eq!(ok.changed, None);
        let long = "é".repeat(MAX_ANSWER_CHARS + 1);
        assert_eq!(check_answer(&long, None).unwrap_err().field(), "answer");
        assert_eq!(
            check_answer("Oui", Some(&long)).unwrap_err().field(),
            "changed"
        );
        assert!(check_answer(&"é".repeat(MAX_ANSWER_CHARS), None).is_ok());
    }

    proptest! {
        #![proptest_config(crate::testing::config())]

        /// Whatever a council member types: an answer or a named problem, never a panic; what is
        /// kept is clean, trimmed, within the limit, and keeps the words typed.
        #[test]
        fn any_text_is_answered_or_refused_clearly(
            answer in crate::testing::any_text(),
            changed in proptest::option::of(crate::testing::any_text()),
        ) {
            match check_answer(&answer, changed.as_deref()) {
                Ok(checked) => {
                    prop_assert!(!checked.answer.is_empty());
                    prop_assert!(char_len(&checked.answer) <= MAX_ANSWER_CHARS);
                    prop_assert!(is_clean(&checked.answer, TextKind::Long));
                    prop_assert_eq!(checked.answer.trim(), checked.answer.as_str());
                    if let Some(c) = &checked.changed {
                        prop_assert!(!c.is_empty() && char_len(c) <= MAX_ANSWER_CHARS);
                    }
                }
                Err(problem) => {
                    prop_assert!(["answer", "changed"].contains(&problem.field()));
                    prop_assert!(!problem.message().is_empty());
                }
            }
        }
    }
}
