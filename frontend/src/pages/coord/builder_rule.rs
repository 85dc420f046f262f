//! The builder's « Afficher si » (issue 15 §2): a condition made of rules on earlier questions,
//! joined by « toutes » (`all`) or « au moins une » (`any`). Each rule tests one question: its
//! answer is one of some values, none of them, a number within bounds, answered or not. The
//! condition is also said in words. A nested condition (from an XLSForm or the API) is only said
//! in words, and can be removed.

use leptos::prelude::*;
use portevoix_domain::survey::{
    Join, Question, QuestionKind, Rule, ShowIf, SurveyDefinition, Test, MAX_CONDITION_RULES,
};

use super::builder::{edit_q, typed_number, value_label, with_q};
use super::st;
use crate::state::use_state;

/// The test a rule row makes, as chosen in its list (a rule without values yet does not say
/// which it will be).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    AnyOf,
    NoneOf,
    Bounds,
    Answered,
    Unanswered,
}

impl Choice {
    const ALL: [Self; 5] = [
        Self::AnyOf,
        Self::NoneOf,
        Self::Bounds,
        Self::Answered,
        Self::Unanswered,
    ];

    fn key(self) -> &'static str {
        match self {
            Self::AnyOf => "any_of",
            Self::NoneOf => "none_of",
            Self::Bounds => "bounds",
            Self::Answered => "answered",
            Self::Unanswered => "unanswered",
        }
    }

    fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }

    fn of(rule: &Rule) -> Option<Self> {
        Some(match rule.test()? {
            Test::AnyOf => Self::AnyOf,
            Test::NoneOf => Self::NoneOf,
            Test::Bounds => Self::Bounds,
            Test::Answered if rule.answered == Some(true) => Self::Answered,
            Test::Answered => Self::Unanswered,
        })
    }

    /// Whether a question of this kind can be tested this way.
    fn fits(self, kind: &QuestionKind) -> bool {
        match self {
            Self::AnyOf | Self::NoneOf => kind.rule_values().is_some(),
            Self::Bounds => matches!(
                kind,
                QuestionKind::Number { .. } | QuestionKind::Scale { .. }
            ),
            Self::Answered | Self::Unanswered => true,
        }
    }

    /// What a new rule on a question of this kind tests first.
    fn first_for(kind: &QuestionKind) -> Self {
        [Self::AnyOf, Self::Bounds, Self::Answered]
            .into_iter()
            .find(|c| c.fits(kind))
            .unwrap_or(Self::Answered)
    }

    fn label(self, fr: bool) -> &'static str {
        match (self, fr) {
            (Self::AnyOf, true) => "a pour réponse l'une de",
            (Self::AnyOf, false) => "has one of these answers",
            (Self::NoneOf, true) => "n'a aucune de ces réponses",
            (Self::NoneOf, false) => "has none of these answers",
            (Self::Bounds, true) => "est un nombre entre",
            (Self::Bounds, false) => "is a number between",
            (Self::Answered, true) => "a une réponse",
            (Self::Answered, false) => "is answered",
            (Self::Unanswered, true) => "est sans réponse",
            (Self::Unanswered, false) => "is not answered",
        }
    }

    /// The rule on `question` making this test, keeping the values of `old` where they fit.
    fn make(self, question: String, old: Option<&Rule>) -> Rule {
        let values = old
            .map(|r| [r.any_of.clone(), r.none_of.clone()].concat())
            .unwrap_or_default();
        let mut rule = Rule {
            question,
            ..Rule::default()
        };
        match self {
            Self::AnyOf => rule.any_of = values,
            Self::NoneOf => rule.none_of = values,
            Self::Bounds => {
                rule.at_least = old.and_then(|r| r.at_least);
                rule.at_most = old.and_then(|r| r.at_most);
            }
            Self::Answered => rule.answered = Some(true),
            Self::Unanswered => rule.answered = Some(false),
        }
        rule
    }
}

/// A question's condition as rules and their join (no condition: no rule); `None` when it is
/// nested.
fn editable(condition: Option<&ShowIf>) -> Option<(Join, Vec<Rule>)> {
    condition.map_or(Some((Join::All, Vec::new())), ShowIf::flat)
}

/// Edits the question's rules and join (a nested condition is left alone).
fn edit_rules(
    draft: RwSignal<SurveyDefinition>,
    index: usize,
    f: impl FnOnce(&mut Join, &mut Vec<Rule>),
) {
    edit_flat(draft, index, false, f);
}

/// Edits the rules; `replace_nested`: a nested condition counts as none (choosing a question
/// in the first row replaces it).
fn edit_flat(
    draft: RwSignal<SurveyDefinition>,
    index: usize,
    replace_nested: bool,
    f: impl FnOnce(&mut Join, &mut Vec<Rule>),
) {
    edit_q(draft, index, |q| {
        let flat = editable(q.show_if.as_ref())
            .or_else(|| replace_nested.then(|| (Join::All, Vec::new())));
        if let Some((mut join, mut rules)) = flat {
            f(&mut join, &mut rules);
            q.show_if = ShowIf::from_rules(join, rules);
        }
    });
}

/// « Afficher si »: the rows of a flat condition, how they join, the condition in words.
#[component]
pub fn RuleEditor(index: usize, draft: RwSignal<SurveyDefinition>) -> impl IntoView {
    let state = use_state();
    let t = move || st(state);
    let fr = move || state.lang.get() == crate::i18n::Lang::Fr;
    // Earlier questions that take an answer: any of them can be tested.
    let targets = Memo::new(move |_| {
        draft.with(|d| {
            d.questions
                .iter()
                .take(index)
                .filter(|q| q.kind.is_answered())
                .cloned()
                .collect::<Vec<Question>>()
        })
    });
    let condition = Memo::new(move |_| with_q(draft, index, |q| q.show_if.clone()).flatten());
    let flat = Memo::new(move |_| condition.with(|c| editable(c.as_ref())));
    let count = Memo::new(move |_| flat.get().map_or(0, |(_, rules)| rules.len()));
    let join = Memo::new(move |_| flat.get().map_or(Join::All, |(join, _)| join));
    let in_words = move || {
        let condition = condition.get()?;
        Some(draft.with(|d| describe(&condition, d, fr())))
    };
    let add = move |_| {
        let Some(first) = targets.get_untracked().into_iter().next() else {
            return;
        };
        edit_rules(draft, index, |_, rules| {
            if rules.len() < MAX_CONDITION_RULES {
                rules.push(Choice::first_for(&first.kind).make(first.code.clone(), None));
            }
        });
    };
    view! {
        <div class="rule">
            <For each=move || 0..count.get().max(1) key=|k| *k let:k>
                <RuleRow index=index rule=k draft=draft targets=targets flat=flat/>
            </For>
            {move || (count.get() >= 2).then(|| view! {
                <div class="field">
                    <label for=format!("q{index}-join")>{move || t().rule_join}</label>
                    <select id=format!("q{index}-join") on:change=move |ev| {
                        let any = event_target_value(&ev) == "any";
                        edit_rules(draft, index, |join, _| *join = if any { Join::Any } else { Join::All });
                    }>
                        <option value="all" selected=move || join.get() == Join::All>{move || t().rule_join_all}</option>
                        <option value="any" selected=move || join.get() == Join::Any>{move || t().rule_join_any}</option>
                    </select>
                </div>
            })}
            {move || {
                let room = (1..MAX_CONDITION_RULES).contains(&count.get()) && !targets.get().is_empty();
                room.then(|| view! {
                    <button type="button" class="btn btn-small" data-testid="rule-add" on:click=add>
                        {move || t().add_rule}
                    </button>
                })
            }}
            {move || in_words().map(|words| view! {
                <p class="rule-words" data-testid="rule-words">{words}</p>
                <button type="button" class="btn btn-small" data-testid="rule-remove"
                    on:click=move |_| edit_q(draft, index, |q| q.show_if = None)>{move || t().remove_condition}</button>
            })}
        </div>
    }
}

/// One rule: the question it tests, how, and the values or bounds. The first row's list also
/// offers « toujours affichée » (no condition); the others can be removed.
#[component]
fn RuleRow(
    index: usize,
    rule: usize,
    draft: RwSignal<SurveyDefinition>,
    targets: Memo<Vec<Question>>,
    flat: Memo<Option<(Join, Vec<Rule>)>>,
) -> impl IntoView {
    let state = use_state();
    let t = move || st(state);
    let fr = move || state.lang.get() == crate::i18n::Lang::Fr;
    let id = move |what: &str| {
        if rule == 0 && what.is_empty() {
            format!("q{index}-rule")
        } else {
            format!("q{index}-rule-{rule}{what}")
        }
    };
    let nested = move || flat.get().is_none();
    let current = Memo::new(move |_| flat.get().and_then(|(_, rules)| rules.get(rule).cloned()));
    let target = Memo::new(move |_| {
        let code = current.get()?.question;
        targets.get().into_iter().find(|q| q.code == code)
    });
    // What the row tests while its rule cannot say it yet (no value chosen).
    let picked = RwSignal::new(None::<Choice>);
    let choice = Memo::new(move |_| {
        let rule = current.get()?;
        Choice::of(&rule)
            .or(picked.get())
            .or_else(|| target.get().map(|q| Choice::first_for(&q.kind)))
    });
    let set_target = move |code: String| {
        picked.set(None);
        let kind = targets
            .get_untracked()
            .into_iter()
            .find(|q| q.code == code)
            .map(|q| q.kind);
        edit_flat(draft, index, rule == 0, |_, rules| match kind {
            None if rule == 0 => rules.clear(),
            None => {}
            Some(kind) => {
                let made = Choice::first_for(&kind).make(code, None);
                match rules.get_mut(rule) {
                    Some(slot) => *slot = made,
                    None => rules.push(made),
                }
            }
        });
    };
    let set_choice = move |key: String| {
        let Some(chosen) = Choice::from_key(&key) else {
            return;
        };
        picked.set(Some(chosen));
        edit_rules(draft, index, |_, rules| {
            if let Some(slot) = rules.get_mut(rule) {
                *slot = chosen.make(slot.question.clone(), Some(slot));
            }
        });
    };
    let edit_rule = move |f: &dyn Fn(&mut Rule)| {
        edit_rules(draft, index, |_, rules| {
            if let Some(slot) = rules.get_mut(rule) {
                f(slot)
            }
        })
    };
    let join = move || flat.with(|f| f.as_ref().map_or(Join::All, |(join, _)| *join));
    let label = move || match (rule, join()) {
        (0, _) => t().show_if,
        (_, Join::All) => t().rule_and_if,
        (_, Join::Any) => t().rule_or_if,
    };
    let values = Memo::new(move |_| {
        let target = target.get()?;
        let (yes, no) = (state.tr().yes, state.tr().no);
        let values = target.kind.rule_values()?;
        Some(
            values
                .into_iter()
                .map(|value| {
                    let label = if matches!(target.kind, QuestionKind::Scale { .. }) {
                        value.clone()
                    } else {
                        value_label(&target, &value, yes, no)
                    };
                    (value, label)
                })
                .collect::<Vec<_>>(),
        )
    });
    let checked_in = move |value: &str| {
        current
            .get()
            .is_some_and(|r| r.any_of.iter().chain(&r.none_of).any(|v| v == value))
    };
    let toggle = move |value: String, on: bool| {
        let none = choice.get_untracked() == Some(Choice::NoneOf);
        edit_rule(&|r| {
            let list = if none { &mut r.none_of } else { &mut r.any_of };
            list.retain(|x| x != &value);
            if on {
                list.push(value.clone());
            }
        });
    };
    let shown = move |wanted: &[Choice]| choice.get().is_some_and(|c| wanted.contains(&c));
    view! {
        <div class="rule-row" data-rule=rule.to_string()>
            <div class="row">
                <div class="field">
                    <label for=id("")>{label}</label>
                    <select id=id("") on:change=move |ev| set_target(event_target_value(&ev))>
                        {(rule == 0).then(|| view! {
                            <option value="" selected=move || current.get().is_none() && !nested()>{move || t().always_shown}</option>
                        })}
                        {move || targets.get().into_iter().map(|q| {
                            let code = q.code.clone();
                            let selected = move || current.get().is_some_and(|r| r.question == code);
                            view! { <option value=q.code.clone() selected=selected>{format!("{} — {}", q.code, q.label)}</option> }
                        }).collect_view()}
                        // Last, so the list's other options keep their places; shown only then.
                        {move || nested().then(|| view! {
                            <option value="" disabled=true selected=true>{move || t().richer_condition}</option>
                        })}
                    </select>
                </div>
                {move || target.get().map(|q| view! {
                    <div class="field">
                        <label for=id("-test")>{move || t().rule_test}</label>
                        <select id=id("-test") on:change=move |ev| set_choice(event_target_value(&ev))>
                            {Choice::ALL.into_iter().filter(|c| c.fits(&q.kind)).map(|c| view! {
                                <option value=c.key() selected=move || choice.get() == Some(c)>{move || c.label(fr())}</option>
                            }).collect_view()}
                        </select>
                    </div>
                })}
                {(rule > 0).then(|| view! {
                    <button type="button" class="btn btn-small" data-testid="rule-row-remove"
                        on:click=move |_| edit_rules(draft, index, |_, rules| if rule < rules.len() { rules.remove(rule); })>
                        {move || t().remove_rule}
                    </button>
                })}
            </div>
            {move || shown(&[Choice::AnyOf, Choice::NoneOf]).then(|| view! {
                <fieldset class="rule-values">
                    <legend>{move || if choice.get() == Some(Choice::NoneOf) { t().show_if_none } else { t().show_if_answer }}</legend>
                    <div class="checks">
                        <For each=move || values.get().unwrap_or_default() key=|(value, label)| (value.clone(), label.clone()) let:pair>
                            {
                                let (value, label) = pair;
                                let v = value.clone();
                                view! {
                                    <label class="choice compact">
                                        <input type="checkbox" data-rule-value=value.clone() prop:checked=move || checked_in(&v)
                                            on:change=move |ev| toggle(value.clone(), event_target_checked(&ev))/>
                                        <span>{label}</span>
                                    </label>
                                }
                            }
                        </For>
                    </div>
                </fieldset>
            })}
            {move || shown(&[Choice::Bounds]).then(|| view! {
                <div class="row">
                    <div class="field">
                        <label for=id("-min")>{move || t().rule_at_least}</label>
                        <input id=id("-min") type="number" step="any"
                            prop:value=move || current.get().and_then(|r| r.at_least).map(|v| v.to_string()).unwrap_or_default()
                            on:change=move |ev| { let v = typed_number(&ev); edit_rule(&|r| r.at_least = v) }/>
                    </div>
                    <div class="field">
                        <label for=id("-max")>{move || t().rule_at_most}</label>
                        <input id=id("-max") type="number" step="any"
                            prop:value=move || current.get().and_then(|r| r.at_most).map(|v| v.to_string()).unwrap_or_default()
                            on:change=move |ev| { let v = typed_number(&ev); edit_rule(&|r| r.at_most = v) }/>
                    </div>
                </div>
            })}
        </div>
    }
}

/// A condition in words, with the questions' labels and the options' labels.
pub(super) fn describe(condition: &ShowIf, definition: &SurveyDefinition, fr: bool) -> String {
    let nested = |c: &ShowIf| match c {
        ShowIf::Rule(_) => describe(c, definition, fr),
        _ => format!("({})", describe(c, definition, fr)),
    };
    match condition {
        ShowIf::All { all } => {
            all.iter()
                .map(nested)
                .collect::<Vec<_>>()
                .join(if fr { " et " } else { " and " })
        }
        ShowIf::Any { any } => {
            any.iter()
                .map(nested)
                .collect::<Vec<_>>()
                .join(if fr { " ou " } else { " or " })
        }
        ShowIf::Rule(rule) => describe_rule(rule, definition, fr),
    }
}

fn describe_rule(rule: &Rule, definition: &SurveyDefinition, fr: bool) -> String {
    let target = definition.question(&rule.question);
    let name = target.map_or(rule.question.as_str(), |q| q.label.as_str());
    let (yes, no) = if fr { ("Oui", "Non") } else { ("Yes", "No") };
    let labels = |values: &[String]| {
        values
            .iter()
            .map(|v| match target {
                Some(q) if !matches!(q.kind, QuestionKind::Scale { .. }) => {
                    value_label(q, v, yes, no)
                }
                _ => v.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let number = |n: f64| {
        let text = format!("{n}");
        if fr {
            text.replace('.', ",")
        } else {
            text
        }
    };
    match (rule.test(), fr) {
        (Some(Test::AnyOf), true) => format!("« {name} » : {}", labels(&rule.any_of)),
        (Some(Test::AnyOf), false) => format!("“{name}”: {}", labels(&rule.any_of)),
        (Some(Test::NoneOf), true) => format!("« {name} » n'est pas : {}", labels(&rule.none_of)),
        (Some(Test::NoneOf), false) => format!("“{name}” is not: {}", labels(&rule.none_of)),
        (Some(Test::Bounds), _) => {
            let bounds = [
                rule.at_least.map(|n| format!("≥ {}", number(n))),
                rule.at_most.map(|n| format!("≤ {}", number(n))),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(if fr { " et " } else { " and " });
            if fr {
                format!("« {name} » {bounds}")
            } else {
                format!("“{name}” {bounds}")
            }
        }
        (Some(Test::Answered), true) if rule.answered == Some(true) => {
            format!("« {name} » a une réponse")
        }
        (Some(Test::Answered), true) => format!("« {name} » est sans réponse"),
        (Some(Test::Answered), false) if rule.answered == Some(true) => {
            format!("“{name}” is answered")
        }
        (Some(Test::Answered), false) => format!("“{name}” is not answered"),
        (None, true) => format!("« {name} » : règle à revoir"),
        (None, false) => format!("“{name}”: rule to fix"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(json: serde_json::Value) -> QuestionKind {
        serde_json::from_value::<Question>(json).unwrap().kind
    }

    #[test]
    fn a_new_rule_tests_what_its_question_can_be_tested_by() {
        let yes_no = kind(serde_json::json!({"code": "a", "label": "A", "type": "yes_no"}));
        let number = kind(serde_json::json!({"code": "n", "label": "N", "type": "number"}));
        let text = kind(serde_json::json!({"code": "t", "label": "T", "type": "short_text"}));
        assert_eq!(Choice::first_for(&yes_no), Choice::AnyOf);
        assert_eq!(Choice::first_for(&number), Choice::Bounds);
        assert_eq!(Choice::first_for(&text), Choice::Answered);
        assert!(!Choice::Bounds.fits(&yes_no) && !Choice::NoneOf.fits(&number));
        assert!(Choice::ALL
            .iter()
            .all(|c| Choice::from_key(c.key()) == Some(*c)));
    }

    #[test]
    fn changing_the_test_keeps_the_chosen_answers_and_makes_one_test() {
        let rule = Rule::any_of("a", vec!["yes".into()]);
        let none = Choice::NoneOf.make("a".into(), Some(&rule));
        assert_eq!(none.none_of, vec!["yes".to_owned()]);
        assert_eq!(Choice::of(&none), Some(Choice::NoneOf));
        let unanswered = Choice::Unanswered.make("a".into(), Some(&none));
        assert_eq!(unanswered.test(), Some(Test::Answered));
        assert_eq!(Choice::of(&unanswered), Some(Choice::Unanswered));
        // Bounds not yet typed: the rule does not say its test; the row remembers it.
        assert_eq!(Choice::of(&Choice::Bounds.make("n".into(), None)), None);
    }
}
