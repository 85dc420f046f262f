//! Parsed `constraint` expressions → a question's bounds (min/max, characters, choices), and
//! what the importer knows of the questions a `relevant` may name (see `relevant.rs`). What
//! does not fit is an `Err` with the French reason; the importer reports it and never guesses
//! an equivalent.

use std::collections::HashMap;

use portevoix_domain::survey::QuestionKind;

use super::expression::{Expr, Op, Operand};

/// A question already imported, as conditions may name it.
#[derive(Debug, Clone)]
pub struct Known {
    pub code: String,
    /// Written value (option name, `1`…`5` for a scale) → the value stored.
    pub values: HashMap<String, String>,
    /// For numbers and scales: whether the answer is whole (strict bounds move by one).
    pub integer: Option<bool>,
    /// False for a note: nothing to test.
    pub answered: bool,
}

impl Known {
    pub fn of(code: &str, kind: &QuestionKind, values: HashMap<String, String>) -> Self {
        Self {
            code: code.to_owned(),
            values,
            integer: match kind {
                QuestionKind::Number { integer, .. } => Some(*integer),
                QuestionKind::Scale { .. } => Some(true),
                _ => None,
            },
            answered: kind.is_answered(),
        }
    }
}

/// What a `constraint` made of bounds sets on a question. `Err` names what is not a bound.
pub fn apply_bounds(expr: &Expr, kind: &mut QuestionKind) -> Result<(), String> {
    let parts: Vec<&Expr> = match expr {
        Expr::All(parts) => parts.iter().collect(),
        other => vec![other],
    };
    for part in parts {
        let Expr::Compare { left, op, right } = part else {
            return Err("seules des bornes (. >= 1 and . <= 10) sont reprises".to_owned());
        };
        let (subject, op, bound) = match (left, right) {
            (subject, Operand::Number(n)) => (subject, *op, *n),
            (Operand::Number(n), subject) => (subject, op.flipped(), *n),
            _ => return Err("une borne se compare à un nombre".to_owned()),
        };
        apply_one(subject, op, bound, kind)?;
    }
    Ok(())
}

fn apply_one(subject: &Operand, op: Op, bound: f64, kind: &mut QuestionKind) -> Result<(), String> {
    let whole =
        |b: f64| (b >= 0.0 && b.fract() == 0.0 && b <= f64::from(u32::MAX)).then_some(b as u32);
    match (subject, kind) {
        (Operand::Question(q), QuestionKind::Number { min, max, integer }) if q == "." => {
            // A strict bound on whole numbers is the next whole number; on decimals it cannot
            // be said exactly.
            let step = if *integer { 1.0 } else { 0.0 };
            match op {
                Op::Ge => *min = Some(bound),
                Op::Gt if *integer => *min = Some(bound + step),
                Op::Le => *max = Some(bound),
                Op::Lt if *integer => *max = Some(bound - step),
                Op::Eq => {
                    *min = Some(bound);
                    *max = Some(bound);
                }
                _ => {
                    return Err(
                        "borne stricte (< ou >) sur un nombre décimal : pas reprise".to_owned()
                    )
                }
            }
            Ok(())
        }
        (
            Operand::StringLength(q),
            QuestionKind::ShortText { max_chars } | QuestionKind::LongText { max_chars },
        ) if q == "." => {
            let limit = match op {
                Op::Le => whole(bound),
                Op::Lt => whole(bound - 1.0),
                _ => None,
            };
            *max_chars = Some(limit.filter(|l| *l > 0).ok_or_else(|| {
                "string-length(.) : seule une longueur maximale (<=) est reprise".to_owned()
            })?);
            Ok(())
        }
        (Operand::CountSelected(q), QuestionKind::MultipleChoice { max_choices, .. })
            if q == "." =>
        {
            let limit = match op {
                Op::Le => whole(bound),
                Op::Lt => whole(bound - 1.0),
                _ => None,
            };
            *max_choices = Some(limit.filter(|l| *l > 0).ok_or_else(|| {
                "count-selected(.) : seul un nombre maximal de choix (<=) est repris".to_owned()
            })?);
            Ok(())
        }
        _ => Err("cette borne ne s'applique pas à ce type de question".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::expression::parse;
    use super::*;

    #[test]
    fn bounds_set_min_max_and_lengths() {
        let mut kind = QuestionKind::Number {
            min: None,
            max: None,
            integer: true,
        };
        apply_bounds(&parse(". > 0 and . <= 10").unwrap(), &mut kind).unwrap();
        assert_eq!(
            kind,
            QuestionKind::Number {
                min: Some(1.0),
                max: Some(10.0),
                integer: true
            }
        );
        let mut text = QuestionKind::ShortText { max_chars: None };
        apply_bounds(&parse("string-length(.) <= 200").unwrap(), &mut text).unwrap();
        assert_eq!(
            text,
            QuestionKind::ShortText {
                max_chars: Some(200)
            }
        );
        let mut decimal = QuestionKind::Number {
            min: None,
            max: None,
            integer: false,
        };
        assert!(apply_bounds(&parse(". <= ${a_integer}").unwrap(), &mut decimal).is_err());
    }
}
