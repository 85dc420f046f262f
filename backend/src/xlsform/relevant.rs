//! `relevant` expressions → a question's `show_if` (issue 15 §2), and back.
//!
//! Read: `selected()` and `=` give `any_of`; `not(selected())` and `!=` give `none_of`;
//! `>=`, `<=`, `>`, `<` and `=` on numbers and scales give `at_least`/`at_most` (a strict bound on
//! whole numbers is the next whole number); `${q} != ''` and `${q} = ''` give `answered`;
//! `and`/`or` give `all`/`any`, with rules on one question folded together (`selected(a,'x') or
//! selected(a,'y')` is one `any_of`). A group's condition and the question's own are `all` of
//! them. Anything else is an `Err` with the French reason: reported, never guessed.

use std::collections::HashMap;

use portevoix_domain::survey::{Rule, ShowIf, SurveyDefinition, Test};

use super::conditions::Known;
use super::expression::{number_text, Expr, Op, Operand};

/// The `show_if` of the conditions that apply to a question: its groups' and its own.
pub fn show_if(conditions: &[Expr], known: &HashMap<String, Known>) -> Result<ShowIf, String> {
    let mut parts = conditions
        .iter()
        .map(|c| condition(c, known))
        .collect::<Result<Vec<_>, _>>()?;
    match parts.len() {
        0 => Err("aucune condition".to_owned()),
        1 => Ok(parts.remove(0)),
        _ => Ok(fold_all(parts)),
    }
}

fn condition(expr: &Expr, known: &HashMap<String, Known>) -> Result<ShowIf, String> {
    match expr {
        Expr::Selected { question, value } => {
            let (code, stored) = value_of(question, value, known)?;
            Ok(ShowIf::any_of(code, vec![stored]))
        }
        Expr::Not(inner) => match inner.as_ref() {
            Expr::Selected { question, value } => {
                let (code, stored) = value_of(question, value, known)?;
                Ok(ShowIf::Rule(Rule {
                    question: code,
                    none_of: vec![stored],
                    ..Rule::default()
                }))
            }
            Expr::Compare { left, op, right } if *op == Op::Eq => {
                compare(left, Op::Ne, right, known)
            }
            Expr::Compare { left, op, right } if *op == Op::Ne => {
                compare(left, Op::Eq, right, known)
            }
            _ => Err(
                "« not(…) » autour d'autre chose que selected() ou « = » : pas repris".to_owned(),
            ),
        },
        Expr::Compare { left, op, right } => compare(left, *op, right, known),
        Expr::All(parts) => Ok(fold_all(
            parts
                .iter()
                .map(|p| condition(p, known))
                .collect::<Result<_, _>>()?,
        )),
        Expr::Any(parts) => Ok(fold_any(
            parts
                .iter()
                .map(|p| condition(p, known))
                .collect::<Result<_, _>>()?,
        )),
    }
}

fn compare(
    left: &Operand,
    op: Op,
    right: &Operand,
    known: &HashMap<String, Known>,
) -> Result<ShowIf, String> {
    let (question, op, value) = match (left, right) {
        (Operand::Question(q), value) if q != "." => (q, op, value),
        (value, Operand::Question(q)) if q != "." => (q, op.flipped(), value),
        _ => return Err("une condition compare une question à une valeur".to_owned()),
    };
    let target = target(question, known)?;
    let rule = |f: &dyn Fn(&mut Rule)| {
        let mut rule = Rule {
            question: target.code.clone(),
            ..Rule::default()
        };
        f(&mut rule);
        Ok(ShowIf::Rule(rule))
    };
    let text = match value {
        Operand::Text(t) => Some(t.clone()),
        Operand::Number(n) => Some(number_text(*n)),
        _ => None,
    };
    match (op, text.as_deref()) {
        (Op::Eq, Some("")) if target.answered => return rule(&|r| r.answered = Some(false)),
        (Op::Ne, Some("")) if target.answered => return rule(&|r| r.answered = Some(true)),
        _ => {}
    }
    // Choices, yes/no and scales: by value.
    if let (Op::Eq | Op::Ne, Some(written)) = (op, text.as_deref()) {
        if !target.values.is_empty() {
            let (_, stored) = value_of(question, written, known)?;
            return rule(&|r| {
                if op == Op::Eq {
                    r.any_of = vec![stored.clone()];
                } else {
                    r.none_of = vec![stored.clone()];
                }
            });
        }
    }
    let Some(integer) = target.integer else {
        return Err(format!(
            "« {question} » n'est ni un nombre ni une échelle : seules selected(), « = », « != » et « = '' » s'y appliquent"
        ));
    };
    let number = match value {
        Operand::Number(n) => *n,
        Operand::Text(t) => t
            .trim()
            .parse::<f64>()
            .map_err(|_| format!("« {t} » n'est pas un nombre"))?,
        _ => return Err("comparaison entre deux questions : pas prise en charge".to_owned()),
    };
    let whole = integer && number.fract() == 0.0;
    match op {
        Op::Ge => rule(&|r| r.at_least = Some(number)),
        Op::Le => rule(&|r| r.at_most = Some(number)),
        Op::Gt if whole => rule(&|r| r.at_least = Some(number + 1.0)),
        Op::Lt if whole => rule(&|r| r.at_most = Some(number - 1.0)),
        Op::Eq => rule(&|r| {
            r.at_least = Some(number);
            r.at_most = Some(number);
        }),
        Op::Gt | Op::Lt => {
            Err("comparaison stricte (< ou >) sur un nombre décimal : pas reprise".to_owned())
        }
        Op::Ne => Err("« != » sur un nombre : pas repris".to_owned()),
    }
}

fn target<'a>(question: &str, known: &'a HashMap<String, Known>) -> Result<&'a Known, String> {
    known.get(question).ok_or_else(|| {
        format!("la condition nomme « {question} », qui n'est pas une question importée plus haut")
    })
}

/// The question's code and the stored value of a written one.
fn value_of(
    question: &str,
    value: &str,
    known: &HashMap<String, Known>,
) -> Result<(String, String), String> {
    let target = target(question, known)?;
    let stored = target.values.get(value).ok_or_else(|| {
        format!("la condition teste « {value} », qu'aucun choix de « {question} » n'a")
    })?;
    Ok((target.code.clone(), stored.clone()))
}

/// `all` of the parts: nested `all`s flattened, `none_of` and bounds on one question folded.
fn fold_all(parts: Vec<ShowIf>) -> ShowIf {
    let out = fold(
        parts,
        |part| match part {
            ShowIf::All { all } => all,
            other => vec![other],
        },
        |last, new| match (new.test(), last.test()) {
            (Some(Test::NoneOf), Some(Test::NoneOf)) => {
                extend(&mut last.none_of, &new.none_of);
                true
            }
            (Some(Test::Bounds), Some(Test::Bounds))
                if (new.at_least.is_none() || last.at_least.is_none())
                    && (new.at_most.is_none() || last.at_most.is_none()) =>
            {
                last.at_least = last.at_least.or(new.at_least);
                last.at_most = last.at_most.or(new.at_most);
                true
            }
            _ => false,
        },
    );
    match <[ShowIf; 1]>::try_from(out) {
        Ok([one]) => one,
        Err(out) => ShowIf::All { all: out },
    }
}

/// `any` of the parts: nested `any`s flattened, `any_of` on one question folded.
fn fold_any(parts: Vec<ShowIf>) -> ShowIf {
    let out = fold(
        parts,
        |part| match part {
            ShowIf::Any { any } => any,
            other => vec![other],
        },
        |last, new| {
            let both = new.test() == Some(Test::AnyOf) && last.test() == Some(Test::AnyOf);
            if both {
                extend(&mut last.any_of, &new.any_of);
            }
            both
        },
    );
    match <[ShowIf; 1]>::try_from(out) {
        Ok([one]) => one,
        Err(out) => ShowIf::Any { any: out },
    }
}

/// The parts flattened by `flatten` (a nested combination of the same kind opened up), each rule
/// merged by `merge` into the rule before it when both test the same question and `merge` can.
fn fold(
    parts: Vec<ShowIf>,
    flatten: impl Fn(ShowIf) -> Vec<ShowIf>,
    merge: impl Fn(&mut Rule, &Rule) -> bool,
) -> Vec<ShowIf> {
    let mut out: Vec<ShowIf> = Vec::new();
    for next in parts.into_iter().flat_map(flatten) {
        let merged = match (&next, out.last_mut()) {
            (ShowIf::Rule(new), Some(ShowIf::Rule(last))) if new.question == last.question => {
                merge(last, new)
            }
            _ => false,
        };
        if !merged {
            out.push(next);
        }
    }
    out
}

fn extend(values: &mut Vec<String>, more: &[String]) {
    for value in more {
        if !values.contains(value) {
            values.push(value.clone());
        }
    }
}

/// A `show_if` written as an XLSForm `relevant`, names being question codes.
pub fn relevant(condition: &ShowIf, definition: &SurveyDefinition) -> String {
    match condition {
        ShowIf::All { all } => joined(all, " and ", definition),
        ShowIf::Any { any } => joined(any, " or ", definition),
        ShowIf::Rule(rule) => rule_text(rule, definition),
    }
}

fn joined(parts: &[ShowIf], with: &str, definition: &SurveyDefinition) -> String {
    parts
        .iter()
        .map(|p| format!("({})", relevant(p, definition)))
        .collect::<Vec<_>>()
        .join(with)
}

fn rule_text(rule: &Rule, definition: &SurveyDefinition) -> String {
    let q = &rule.question;
    // Scales' values are numbers: `${q} = 2`; choices and yes/no are selected.
    let scale = definition
        .question(q)
        .is_some_and(|t| matches!(t.kind, portevoix_domain::survey::QuestionKind::Scale { .. }));
    let is = |v: &String| {
        if scale {
            format!("${{{q}}} = {v}")
        } else {
            format!("selected(${{{q}}}, '{v}')")
        }
    };
    let is_not = |v: &String| {
        if scale {
            format!("${{{q}}} != {v}")
        } else {
            format!("not(selected(${{{q}}}, '{v}'))")
        }
    };
    match rule.test() {
        Some(Test::AnyOf) => rule.any_of.iter().map(is).collect::<Vec<_>>().join(" or "),
        Some(Test::NoneOf) => rule
            .none_of
            .iter()
            .map(is_not)
            .collect::<Vec<_>>()
            .join(" and "),
        Some(Test::Bounds) => [
            rule.at_least
                .map(|n| format!("${{{q}}} >= {}", number_text(n))),
            rule.at_most
                .map(|n| format!("${{{q}}} <= {}", number_text(n))),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" and "),
        Some(Test::Answered) if rule.answered == Some(true) => format!("${{{q}}} != ''"),
        Some(Test::Answered) => format!("${{{q}}} = ''"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use portevoix_domain::survey::QuestionKind;

    use super::super::expression::parse;
    use super::*;

    fn known() -> HashMap<String, Known> {
        let values = [("yes", "yes"), ("no", "no"), ("Très-bien", "tres_bien")]
            .into_iter()
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect();
        let number = QuestionKind::Number {
            min: None,
            max: None,
            integer: true,
        };
        HashMap::from([
            (
                "q1".to_owned(),
                Known::of("q1", &QuestionKind::YesNo, values),
            ),
            ("Age".to_owned(), Known::of("age", &number, HashMap::new())),
            (
                "idee".to_owned(),
                Known::of(
                    "idee",
                    &QuestionKind::ShortText { max_chars: None },
                    HashMap::new(),
                ),
            ),
        ])
    }

    fn read(text: &str) -> Result<ShowIf, String> {
        show_if(&[parse(text).unwrap()], &known())
    }

    fn json(condition: &ShowIf) -> serde_json::Value {
        serde_json::to_value(condition).unwrap()
    }

    #[test]
    fn equalities_and_ors_on_one_question_become_one_rule() {
        let rule = read("selected(${q1}, 'yes') or ${q1} = 'Très-bien'").unwrap();
        assert_eq!(
            json(&rule),
            serde_json::json!({"question": "q1", "any_of": ["yes", "tres_bien"]})
        );
    }

    #[test]
    fn and_or_not_comparisons_and_answered_become_a_condition() {
        let rule =
            read("not(selected(${q1}, 'no')) and ${Age} > 15 and ${Age} <= 25 or ${idee} != ''")
                .unwrap();
        assert_eq!(
            json(&rule),
            serde_json::json!({"any": [
                {"all": [
                    {"question": "q1", "none_of": ["no"]},
                    {"question": "age", "at_least": 16.0, "at_most": 25.0}
                ]},
                {"question": "idee", "answered": true}
            ]})
        );
        // A group's condition and the question's own: both.
        let both = show_if(
            &[
                parse("${q1} = 'yes'").unwrap(),
                parse("${idee} = ''").unwrap(),
            ],
            &known(),
        )
        .unwrap();
        assert_eq!(
            json(&both),
            serde_json::json!({"all": [
                {"question": "q1", "any_of": ["yes"]},
                {"question": "idee", "answered": false}
            ]})
        );
    }

    #[test]
    fn what_cannot_be_said_is_reported() {
        for (text, says) in [
            ("${q1} = 'maybe'", "maybe"),
            ("${nope} = 'yes'", "nope"),
            ("${idee} >= 3", "ni un nombre"),
            ("not(${Age} >= 3)", "not("),
            ("${Age} >= ${q1}", "deux questions"),
        ] {
            let error = read(text).unwrap_err();
            assert!(error.contains(says), "{text}: {error}");
        }
    }
}
