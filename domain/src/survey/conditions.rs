//! When a question is shown (issue 15 §2): a small expression over earlier answers, evaluated by
//! this code on the phone and on the server alike.
//!
//! ```json
//! {"question": "mode", "any_of": ["tram", "bus"]}
//! {"all": [{"question": "habite", "any_of": ["yes"]}, {"question": "age", "at_least": 16}]}
//! {"any": [{"question": "mode", "none_of": ["pied"]}, {"question": "idee", "answered": true}]}
//! ```
//!
//! A rule tests one earlier question in one way: its answer is one of some values (`any_of`),
//! none of them (`none_of`: also true while it is unanswered), a number within bounds
//! (`at_least`, `at_most`, either or both: numbers and scales), or whether it was answered at
//! all (`answered`). `all` and `any` combine rules. A question hidden by its own condition
//! counts as unanswered.

use serde::{Deserialize, Serialize};

use super::definition::{DefinitionError, Question, QuestionKind};

/// Rules in one condition, counted through `all`/`any`: enough for real forms, bounded for
/// the builder and the phone.
pub const MAX_CONDITION_RULES: usize = 10;
/// `all`/`any` nested at most this deep.
pub const MAX_CONDITION_DEPTH: usize = 3;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum ShowIf {
    /// Every condition holds.
    All {
        #[cfg_attr(feature = "openapi", schema(no_recursion))]
        all: Vec<ShowIf>,
    },
    /// At least one condition holds.
    Any {
        #[cfg_attr(feature = "openapi", schema(no_recursion))]
        any: Vec<ShowIf>,
    },
    Rule(Rule),
}

/// One test on one earlier question. Values are option codes for choice questions,
/// `"yes"`/`"no"` for yes/no questions and `"1"`…`"5"` for scales.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub question: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub any_of: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub none_of: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered: Option<bool>,
}

/// How the rules of a flat condition combine (the builder's « toutes » / « au moins une »).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    All,
    Any,
}

/// What a rule checks, once it is known to be well formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Test {
    AnyOf,
    NoneOf,
    Bounds,
    Answered,
}

impl Rule {
    /// "`question` has one of `values`": the simple rule the builder writes.
    pub fn any_of(question: impl Into<String>, values: Vec<String>) -> Self {
        Self {
            question: question.into(),
            any_of: values,
            ..Self::default()
        }
    }

    /// Which test this rule makes, or `None` when it makes none or several.
    pub fn test(&self) -> Option<Test> {
        let tests = [
            (!self.any_of.is_empty()).then_some(Test::AnyOf),
            (!self.none_of.is_empty()).then_some(Test::NoneOf),
            (self.at_least.is_some() || self.at_most.is_some()).then_some(Test::Bounds),
            self.answered.map(|_| Test::Answered),
        ];
        let mut made = tests.into_iter().flatten();
        match (made.next(), made.next()) {
            (Some(test), None) => Some(test),
            _ => None,
        }
    }

    /// Whether the rule holds for the question's answer (`None`: unanswered or hidden), given
    /// as the values a rule sees ([`super::AnswerValue`]'s `rule_values`) and as a number.
    pub(super) fn holds(&self, values: Option<&[String]>, number: Option<f64>) -> bool {
        match self.test() {
            Some(Test::AnyOf) => values.is_some_and(|v| v.iter().any(|v| self.any_of.contains(v))),
            Some(Test::NoneOf) => {
                !values.is_some_and(|v| v.iter().any(|v| self.none_of.contains(v)))
            }
            Some(Test::Bounds) => number.is_some_and(|n| {
                self.at_least.is_none_or(|lo| n >= lo) && self.at_most.is_none_or(|hi| n <= hi)
            }),
            Some(Test::Answered) => self.answered == Some(values.is_some()),
            None => false,
        }
    }
}

impl ShowIf {
    /// The simple condition: `question` has one of `values`.
    pub fn any_of(question: impl Into<String>, values: Vec<String>) -> Self {
        Self::Rule(Rule::any_of(question, values))
    }

    /// Every rule, depth first.
    pub fn rules(&self) -> Vec<&Rule> {
        match self {
            Self::All { all: list } | Self::Any { any: list } => {
                list.iter().flat_map(ShowIf::rules).collect()
            }
            Self::Rule(rule) => vec![rule],
        }
    }

    /// The single rule, when the condition is one rule (what the builder edits in place).
    pub fn as_rule(&self) -> Option<&Rule> {
        match self {
            Self::Rule(rule) => Some(rule),
            _ => None,
        }
    }

    /// The condition as one list of rules and how they combine, when it is that flat: one rule
    /// (`All` of one), or `all`/`any` of rules only. What the builder edits in place; a nested
    /// condition gives `None`.
    pub fn flat(&self) -> Option<(Join, Vec<Rule>)> {
        let rules = |list: &[ShowIf]| {
            list.iter()
                .map(|c| c.as_rule().cloned())
                .collect::<Option<Vec<_>>>()
        };
        match self {
            Self::Rule(rule) => Some((Join::All, vec![rule.clone()])),
            Self::All { all } => Some((Join::All, rules(all)?)),
            Self::Any { any } => Some((Join::Any, rules(any)?)),
        }
    }

    /// The condition made of `rules` joined by `join`: no rule is no condition, one rule is
    /// that rule alone ([`ShowIf::flat`] reads it back).
    pub fn from_rules(join: Join, mut rules: Vec<Rule>) -> Option<ShowIf> {
        if rules.len() <= 1 {
            return rules.pop().map(ShowIf::Rule);
        }
        let list = rules.into_iter().map(ShowIf::Rule).collect();
        Some(match join {
            Join::All => Self::All { all: list },
            Join::Any => Self::Any { any: list },
        })
    }

    /// Whether any rule tests `question`.
    pub fn mentions(&self, question: &str) -> bool {
        self.rules().iter().any(|r| r.question == question)
    }

    fn depth(&self) -> usize {
        match self {
            Self::All { all: list } | Self::Any { any: list } => list
                .iter()
                .map(ShowIf::depth)
                .max()
                .unwrap_or(0)
                .saturating_add(1),
            Self::Rule(_) => 0,
        }
    }

    /// Evaluates the condition; `rule` says whether one rule holds.
    pub(super) fn eval(&self, rule: &mut impl FnMut(&Rule) -> bool) -> bool {
        match self {
            Self::All { all } => all.iter().all(|c| c.eval(rule)),
            Self::Any { any } => any.iter().any(|c| c.eval(rule)),
            Self::Rule(r) => rule(r),
        }
    }
}

/// The definition checks of a question's condition; `earlier`: the questions before it.
pub(super) fn check(
    errors: &mut Vec<DefinitionError>,
    path: &str,
    condition: &ShowIf,
    earlier: &[Question],
) {
    let field = format!("{path}.show_if");
    if condition.depth() > MAX_CONDITION_DEPTH {
        errors.push(DefinitionError::new(
            &field,
            format!("{MAX_CONDITION_DEPTH} niveaux de « toutes / l'une de » au plus"),
        ));
    }
    if condition.rules().len() > MAX_CONDITION_RULES {
        errors.push(DefinitionError::new(
            &field,
            format!("{MAX_CONDITION_RULES} règles au plus"),
        ));
    }
    check_lists(errors, &field, condition);
    for rule in condition.rules() {
        check_rule(errors, &field, rule, earlier);
    }
}

fn check_lists(errors: &mut Vec<DefinitionError>, field: &str, condition: &ShowIf) {
    match condition {
        ShowIf::All { all: list } | ShowIf::Any { any: list } => {
            if list.is_empty() {
                errors.push(DefinitionError::new(field, "au moins une règle"));
            }
            for inner in list {
                check_lists(errors, field, inner);
            }
        }
        ShowIf::Rule(_) => {}
    }
}

fn check_rule(errors: &mut Vec<DefinitionError>, field: &str, rule: &Rule, earlier: &[Question]) {
    let Some(target) = earlier.iter().find(|q| q.code == rule.question) else {
        errors.push(DefinitionError::new(
            format!("{field}.question"),
            "doit désigner une question précédente",
        ));
        return;
    };
    let Some(test) = rule.test() else {
        let untested = *rule == Rule::any_of(rule.question.clone(), Vec::new());
        errors.push(if untested {
            DefinitionError::new(format!("{field}.any_of"), "au moins une valeur")
        } else {
            DefinitionError::new(
                field,
                "une règle fait un seul test : any_of, none_of, at_least/at_most ou answered",
            )
        });
        return;
    };
    match test {
        Test::AnyOf | Test::NoneOf => {
            let (name, values) = if test == Test::AnyOf {
                ("any_of", &rule.any_of)
            } else {
                ("none_of", &rule.none_of)
            };
            let Some(known) = target.kind.rule_values() else {
                errors.push(DefinitionError::new(
                    format!("{field}.question"),
                    "seules les questions à choix, oui/non ou échelle peuvent conditionner",
                ));
                return;
            };
            for value in values {
                if !known.contains(value) {
                    errors.push(DefinitionError::new(
                        format!("{field}.{name}"),
                        format!("valeur inconnue pour la question {} : {value}", target.code),
                    ));
                }
            }
        }
        Test::Bounds => {
            if !matches!(
                target.kind,
                QuestionKind::Number { .. } | QuestionKind::Scale { .. }
            ) {
                errors.push(DefinitionError::new(
                    format!("{field}.question"),
                    "seuls un nombre ou une échelle se comparent",
                ));
            }
            let finite = |v: Option<f64>| v.is_none_or(f64::is_finite);
            if !finite(rule.at_least) || !finite(rule.at_most) {
                errors.push(DefinitionError::new(
                    format!("{field}.at_least"),
                    "bornes invalides",
                ));
            } else if let (Some(lo), Some(hi)) = (rule.at_least, rule.at_most) {
                if lo > hi {
                    errors.push(DefinitionError::new(
                        format!("{field}.at_least"),
                        "at_least doit être ≤ at_most",
                    ));
                }
            }
        }
        Test::Answered => {
            if !target.kind.is_answered() {
                errors.push(DefinitionError::new(
                    format!("{field}.question"),
                    "une note n'a pas de réponse",
                ));
            }
        }
    }
}
