//! Parsed `relevant` and `constraint` expressions → what a Porte-Voix question carries today:
//! a `show_if` (one earlier question, any of some values) and bounds (min/max, characters,
//! choices). What does not fit is an `Err` with the French reason; the importer reports it and
//! never guesses an equivalent.

use std::collections::HashMap;

use portevoix_domain::survey::{QuestionKind, ShowIf};

use super::expression::{number_text, Expr, Op, Operand};

/// A question already imported, as conditions may name it.
#[derive(Debug, Clone)]
pub struct Known {
    pub code: String,
    /// Written value (option name, `1`…`5` for a scale) → the value stored.
    pub values: HashMap<String, String>,
}

/// One `show_if` from the conditions that apply to a question: its groups' and its own.
pub fn show_if(conditions: &[Expr], known: &HashMap<String, Known>) -> Result<ShowIf, String> {
    match conditions {
        [] => Err("aucune condition".to_owned()),
        [one] => one_rule(one, known),
        _ => Err(
            "conditions combinées (celle d'un groupe et celle de la question, ou « and ») : \
             pas encore prises en charge"
                .to_owned(),
        ),
    }
}

fn one_rule(expr: &Expr, known: &HashMap<String, Known>) -> Result<ShowIf, String> {
    match expr {
        Expr::Selected { question, value } => rule(question, value, known),
        Expr::Compare { left, op, right } => match (left, *op, right) {
            (Operand::Question(q), Op::Eq, value) | (value, Op::Eq, Operand::Question(q)) => {
                match value {
                    Operand::Text(v) => rule(q, v, known),
                    Operand::Number(n) => rule(q, &number_text(*n), known),
                    _ => Err("comparaison entre deux questions : pas prise en charge".to_owned()),
                }
            }
            _ => Err(
                "seules « = » et selected() sont reprises pour l'instant (pas « != », « < », « > »)"
                    .to_owned(),
            ),
        },
        Expr::Any(parts) => {
            let mut merged: Option<ShowIf> = None;
            for part in parts {
                let next = one_rule(part, known)?;
                match &mut merged {
                    None => merged = Some(next),
                    Some(rule) if rule.question == next.question => {
                        for value in next.any_of {
                            if !rule.any_of.contains(&value) {
                                rule.any_of.push(value);
                            }
                        }
                    }
                    Some(_) => {
                        return Err(
                            "« or » entre deux questions différentes : pas encore pris en charge"
                                .to_owned(),
                        )
                    }
                }
            }
            merged.ok_or_else(|| "condition vide".to_owned())
        }
        Expr::Not(_) => Err("« not(…) » : pas encore pris en charge".to_owned()),
        Expr::All(_) => Err("« and » : pas encore pris en charge".to_owned()),
    }
}

fn rule(question: &str, value: &str, known: &HashMap<String, Known>) -> Result<ShowIf, String> {
    let target = known.get(question).ok_or_else(|| {
        format!("la condition nomme « {question} », qui n'est pas une question importée plus haut")
    })?;
    let stored = target.values.get(value).ok_or_else(|| {
        format!("la condition teste « {value} », qu'aucun choix de « {question} » n'a")
    })?;
    Ok(ShowIf {
        question: target.code.clone(),
        any_of: vec![stored.clone()],
    })
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

    fn known() -> HashMap<String, Known> {
        let values = [("yes", "yes"), ("no", "no"), ("Très-bien", "tres_bien")]
            .into_iter()
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect();
        HashMap::from([(
            "q1".to_owned(),
            Known {
                code: "q1".into(),
                values,
            },
        )])
    }

    #[test]
    fn equalities_and_ors_on_one_question_become_show_if() {
        let rule = show_if(
            &[parse("selected(${q1}, 'yes') or ${q1} = 'Très-bien'").unwrap()],
            &known(),
        )
        .unwrap();
        assert_eq!(rule.question, "q1");
        assert_eq!(rule.any_of, vec!["yes", "tres_bien"]);
    }

    #[test]
    fn a_value_no_option_has_is_reported() {
        let error = show_if(&[parse("${q1} = 'maybe'").unwrap()], &known()).unwrap_err();
        assert!(error.contains("maybe"), "{error}");
        let error = show_if(&[parse("${nope} = 'yes'").unwrap()], &known()).unwrap_err();
        assert!(error.contains("nope"), "{error}");
    }

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
