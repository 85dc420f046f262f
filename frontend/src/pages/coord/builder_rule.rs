//! The builder's « Afficher si »: a simple rule (an earlier choice, yes/no or scale question and
//! the answers that show this one) is edited in place; a richer condition (issue 15 §2: `all`,
//! `any`, `none_of`, bounds, answered — from an XLSForm or the API) is said in words, and can be
//! removed or replaced by a simple rule.

use leptos::prelude::*;
use portevoix_domain::survey::{QuestionKind, Rule, ShowIf, SurveyDefinition, Test};

use super::builder::{edit_q, value_label, with_q};
use super::st;
use crate::state::use_state;

/// "Afficher si": an earlier choice, yes/no or scale question and the answers that show this one.
#[component]
pub fn RuleEditor(index: usize, draft: RwSignal<SurveyDefinition>) -> impl IntoView {
    let state = use_state();
    let t = move || st(state);
    let targets = move || {
        draft.with(|d| {
            d.questions
                .iter()
                .take(index)
                .filter(|q| q.kind.rule_values().is_some())
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let condition = move || with_q(draft, index, |q| q.show_if.clone()).flatten();
    // The simple rule the editor below edits; a richer condition is only said in words.
    let rule = move || {
        condition()
            .and_then(|c| c.as_rule().cloned())
            .filter(is_simple)
    };
    let richer = move || condition().filter(|c| c.as_rule().is_none_or(|r| !is_simple(r)));
    let set_target = move |code: String| {
        edit_q(draft, index, |q| {
            q.show_if = (!code.is_empty()).then(|| ShowIf::any_of(code, Vec::new()))
        })
    };
    let in_words = move || {
        let condition = richer()?;
        let lang_fr = state.lang.get() == crate::i18n::Lang::Fr;
        Some(draft.with(|d| describe(&condition, d, lang_fr)))
    };
    let values = move || {
        let current = rule()?;
        let target = targets().into_iter().find(|q| q.code == current.question)?;
        let values = target.kind.rule_values().unwrap_or_default();
        let (yes, no) = (state.tr().yes, state.tr().no);
        Some(
            values
                .into_iter()
                .map(|value| {
                    let label = if matches!(target.kind, QuestionKind::Scale { .. }) {
                        value.clone()
                    } else {
                        value_label(&target, &value, yes, no)
                    };
                    let v = value.clone();
                    let checked = move || rule().is_some_and(|r| r.any_of.contains(&v));
                    view! {
                        <label class="choice compact">
                            <input type="checkbox" data-rule-value=value.clone() prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let value = value.clone();
                                    edit_q(draft, index, |q| if let Some(ShowIf::Rule(r)) = &mut q.show_if {
                                        r.any_of.retain(|x| x != &value);
                                        if on { r.any_of.push(value); }
                                    });
                                }/>
                            <span>{label}</span>
                        </label>
                    }
                })
                .collect_view(),
        )
    };
    view! {
        <div class="rule">
            <div class="field">
                <label for=format!("q{index}-rule")>{move || t().show_if}</label>
                <select id=format!("q{index}-rule") on:change=move |ev| set_target(event_target_value(&ev))>
                    <option value="" selected=move || condition().is_none()>{move || t().always_shown}</option>
                    {move || targets().into_iter().map(|q| {
                        let code = q.code.clone();
                        let selected = rule().is_some_and(|r| r.question == code);
                        view! { <option value=q.code.clone() selected=selected>{format!("{} — {}", q.code, q.label)}</option> }
                    }).collect_view()}
                    // Last, so the list's other options keep their places; shown only then.
                    {move || richer().is_some().then(|| view! {
                        <option value="" disabled=true selected=true>{move || t().richer_condition}</option>
                    })}
                </select>
            </div>
            {move || in_words().map(|words| view! {
                <p class="rule-words" data-testid="rule-words">{words}</p>
                <button type="button" class="btn btn-small" data-testid="rule-remove"
                    on:click=move |_| edit_q(draft, index, |q| q.show_if = None)>{move || t().remove_condition}</button>
            })}
            {move || values().map(|v| view! {
                <fieldset class="rule-values">
                    <legend>{move || t().show_if_answer}</legend>
                    <div class="checks">{v}</div>
                </fieldset>
            })}
        </div>
    }
}

/// A rule the editor above can show: `any_of` on one question (possibly still empty).
fn is_simple(rule: &Rule) -> bool {
    rule.none_of.is_empty()
        && rule.at_least.is_none()
        && rule.at_most.is_none()
        && rule.answered.is_none()
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
