//! One input per question kind of the `domain` crate. Each writes the `AnswerValue` shape the
//! server expects (option code, list of codes, 1–5, bool, text, number) into the answer map.

use std::collections::BTreeMap;

use leptos::prelude::*;
use portevoix_domain::survey::{
    AnswerValue, Answers, ChoiceOption, Question, QuestionKind, MAX_DATE_YEAR, MIN_DATE_YEAR,
    SCALE_MAX, SCALE_MIN,
};

use crate::i18n::{self, text_dir, Lang, SURVEY_LANG};

/// The interview's language, for a survey translated into `languages` (issue 15 §1): French
/// first, then each in its own name. Changing it mid-way keeps every answer (answers are codes).
#[component]
pub fn InterviewLanguage(languages: Vec<String>, interview: RwSignal<String>) -> impl IntoView {
    let state = use_state();
    let choices = std::iter::once(SURVEY_LANG.to_owned())
        .chain(languages)
        .map(|tag| {
            let name = i18n::language_name(&tag);
            let selected = {
                let tag = tag.clone();
                move || interview.with(|i| i == &tag)
            };
            view! { <option value=tag.clone() lang=tag selected=selected>{name}</option> }
        })
        .collect_view();
    view! {
        <div class="field interview-lang">
            <label for="interview-lang">{move || state.tr().interview_language}</label>
            <select id="interview-lang" data-testid="interview-lang"
                on:change=move |ev| interview.set(event_target_value(&ev))>
                {choices}
            </select>
        </div>
    }
}
use crate::number;
use crate::state::use_state;

/// What is typed in the number fields, by question code: the field shows it as typed, and only
/// [`number::parse`] turns it into the answer.
pub type NumberTexts = BTreeMap<String, String>;

/// The number fields' texts for answers given earlier (a fix, a restored draft without them).
pub fn number_texts(answers: &Answers, lang: Lang) -> NumberTexts {
    answers
        .iter()
        .filter_map(|(code, value)| match value {
            AnswerValue::Number(n) => Some((code.clone(), number::show(*n, lang == Lang::Fr))),
            _ => None,
        })
        .collect()
}

/// A face drawn in SVG (emoji fonts are missing on some phones): the mouth bends from sad (1)
/// to happy (5).
fn face(n: i64) -> impl IntoView {
    let bend = (n - 3) as f64 * 2.5;
    let mouth = format!("M7 15.5 Q12 {:.1} 17 15.5", 15.5 + bend);
    view! {
        <svg viewBox="0 0 24 24" width="40" height="40" aria-hidden="true" class="face">
            <circle cx="12" cy="12" r="10.5" fill="none" stroke="currentColor" stroke-width="1.8"/>
            <circle cx="8.5" cy="9.5" r="1.4" fill="currentColor"/>
            <circle cx="15.5" cy="9.5" r="1.4" fill="currentColor"/>
            <path d=mouth fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/>
        </svg>
    }
}

/// The `lang` of an option's label for the interview's language (French where it falls back).
fn shown_in(
    option: &ChoiceOption,
    lang: Signal<String>,
) -> impl Fn() -> String + Send + Sync + 'static {
    let translations = option.translations.clone();
    move || i18n::shown_lang(&translations, &lang.get())
}

fn set_answer(answers: RwSignal<Answers>, code: &str, value: Option<AnswerValue>) {
    answers.update(|a| match value {
        Some(v) => {
            a.insert(code.to_owned(), v);
        }
        None => {
            a.remove(code);
        }
    });
}

#[component]
pub fn QuestionInput(
    question: Question,
    answers: RwSignal<Answers>,
    numbers: RwSignal<NumberTexts>,
    /// The interview's language (a BCP 47 tag; French unless the volunteer picked another).
    #[prop(into)]
    lang: Signal<String>,
) -> impl IntoView {
    let state = use_state();
    let code = question.code.clone();
    let legend_id = format!("legend-{code}");
    let current = {
        let code = code.clone();
        move || answers.with(|a| a.get(&code).cloned())
    };
    // The survey's words are in the interview's language whatever the interface's: `lang`
    // tells screen readers how to say them (WCAG 3.1.2); « (optional) » is the interface's.
    let optional = (!question.required && question.kind.is_answered()).then(|| {
        view! { <span lang=move || state.lang.get().code() dir="auto">{format!(" ({})", state.tr().optional)}</span> }
    });
    let label = {
        let question = question.clone();
        move || question.label_in(&lang.get()).to_owned()
    };
    let label_lang = {
        let translations = question.translations.clone();
        move || i18n::shown_lang(&translations, &lang.get())
    };
    let label_dir = {
        let label_lang = label_lang.clone();
        move || text_dir(&label_lang())
    };
    let legend = view! { <span lang=label_lang dir=label_dir>{label}</span>{optional} };
    // The coordinator's hint under the question, in the interview's language where translated.
    let hint = {
        let question = question.clone();
        Memo::new(move |_| {
            let tag = lang.get();
            question.hint_in(&tag).map(|h| {
                (
                    h.to_owned(),
                    i18n::shown_lang(&question.hint_translations, &tag),
                )
            })
        })
    };
    let hint_id = format!("qhint-{code}");
    let described = {
        let hint_id = hint_id.clone();
        move || hint.with(|h| h.as_ref().map(|_| hint_id.clone()))
    };
    let hint_view = move || {
        hint.get().map(|(text, tag)| {
            let dir = text_dir(&tag);
            view! { <p class="hint question-hint" id=hint_id.clone() lang=tag dir=dir>{text}</p> }
        })
    };
    let body = match question.kind.clone() {
        // An information screen: read, nothing to answer (see below: no fieldset).
        QuestionKind::Note => {
            return view! {
                <section class="question note" data-question=question.code.clone() dir=move || text_dir(&lang.get()) aria-describedby=described>
                    <p class="note-text" id=legend_id>{legend}</p>
                    {hint_view}
                </section>
            }
            .into_any();
        }
        QuestionKind::SingleChoice { options } => options
            .into_iter()
            .map(|option| {
                let option_lang = shown_in(&option, lang);
                let (code, current) = (code.clone(), current.clone());
                let value = option.code.clone();
                let checked = move || current() == Some(AnswerValue::Text(value.clone()));
                let value = option.code.clone();
                view! {
                    <label class="choice">
                        <input type="radio" name=code.clone() value=option.code.clone() prop:checked=checked
                            on:change=move |_| set_answer(answers, &code, Some(AnswerValue::Text(value.clone())))/>
                        <span lang=option_lang>{move || option.label_in(&lang.get()).to_owned()}</span>
                    </label>
                }
            })
            .collect_view()
            .into_any(),
        QuestionKind::MultipleChoice { options, max_choices } => {
            let note = max_choices.map(|m| view! { <p class="hint">{move || format!("{m} {}", state.tr().max_choices)}</p> });
            let boxes = options
                .into_iter()
                .map(|option| {
                    let option_lang = shown_in(&option, lang);
                    let (code, current) = (code.clone(), current.clone());
                    let value = option.code.clone();
                    let checked = move || matches!(current(), Some(AnswerValue::Many(v)) if v.contains(&value));
                    let value = option.code.clone();
                    view! {
                        <label class="choice">
                            <input type="checkbox" value=option.code.clone() prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let mut list = match answers.with_untracked(|a| a.get(&code).cloned()) {
                                        Some(AnswerValue::Many(v)) => v,
                                        _ => Vec::new(),
                                    };
                                    list.retain(|c| c != &value);
                                    if on {
                                        list.push(value.clone());
                                    }
                                    let answer = (!list.is_empty()).then_some(AnswerValue::Many(list));
                                    set_answer(answers, &code, answer);
                                }/>
                            <span lang=option_lang>{move || option.label_in(&lang.get()).to_owned()}</span>
                        </label>
                    }
                })
                .collect_view();
            view! { {note} {boxes} }.into_any()
        }
        QuestionKind::Scale { smiley } => view! {
            <div class="scale">
                {(SCALE_MIN..=SCALE_MAX)
                    .map(|n| {
                        let (code, current) = (code.clone(), current.clone());
                        let pressed = move || current() == Some(AnswerValue::Number(n as f64));
                        // Smileys carry their number as text too; the name says what it means.
                        let face = if smiley {
                            view! { {face(n)} <span class="face-n">{n}</span> }.into_any()
                        } else {
                            n.to_string().into_any()
                        };
                        let meaning = move || i18n::scale_step(state.lang.get(), n);
                        view! {
                            <button type="button" class="btn scale-step" class:smiley=smiley aria-pressed=move || pressed().to_string()
                                aria-label=meaning data-value=n.to_string()
                                on:click=move |_| set_answer(answers, &code, Some(AnswerValue::Number(n as f64)))>
                                {face}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        }
        .into_any(),
        QuestionKind::YesNo => {
            let pair = [true, false];
            view! {
                <div class="yesno">
                    {pair
                        .into_iter()
                        .map(|value| {
                            let (code, current) = (code.clone(), current.clone());
                            let pressed = move || current() == Some(AnswerValue::Bool(value));
                            // In the interview's language when its words are known.
                            let words = move || {
                                let tag = lang.get();
                                let (yes, no) = i18n::yes_no_words(&tag).unwrap_or((state.tr().yes, state.tr().no));
                                if value { yes } else { no }
                            };
                            let word_lang = move || {
                                let tag = lang.get();
                                if i18n::yes_no_words(&tag).is_some() { tag } else { state.lang.get().code().to_owned() }
                            };
                            view! {
                                <button type="button" class="btn btn-big" aria-pressed=move || pressed().to_string()
                                    data-value=value.to_string()
                                    lang=word_lang on:click=move |_| set_answer(answers, &code, Some(AnswerValue::Bool(value)))>
                                    {words}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            }
            .into_any()
        }
        QuestionKind::ShortText { .. } | QuestionKind::LongText { .. } => {
            let max = question.kind.max_chars().unwrap_or(200);
            let long = matches!(question.kind, QuestionKind::LongText { .. });
            let text = {
                let current = current.clone();
                move || match current() {
                    Some(AnswerValue::Text(t)) => t,
                    _ => String::new(),
                }
            };
            let on_input = {
                let code = code.clone();
                move |ev| {
                    let value: String = event_target_value(&ev);
                    let answer = (!value.trim().is_empty()).then_some(AnswerValue::Text(value));
                    set_answer(answers, &code, answer);
                }
            };
            let id = format!("q-{code}");
            let labelled = legend_id.clone();
            if long {
                view! { <textarea id=id class="long" rows="6" maxlength=max dir="auto" aria-labelledby=labelled prop:value=text on:input=on_input></textarea> }
                    .into_any()
            } else {
                view! { <input id=id type="text" maxlength=max dir="auto" aria-labelledby=labelled prop:value=text on:input=on_input/> }.into_any()
            }
        }
        QuestionKind::Date => {
            // The phone's own date picker; its value is `YYYY-MM-DD`, empty while incomplete.
            // Set once, not kept in step with the answer: writing "" back into the field would
            // wipe a day and month typed without their year yet.
            let day = {
                let current = current.clone();
                untrack(move || match current() {
                    Some(AnswerValue::Text(t)) => t,
                    _ => String::new(),
                })
            };
            let on_input = {
                let code = code.clone();
                move |ev| {
                    let value: String = event_target_value(&ev);
                    let answer = (!value.trim().is_empty()).then_some(AnswerValue::Text(value));
                    set_answer(answers, &code, answer);
                }
            };
            view! {
                <input id=format!("q-{code}") type="date" min=format!("{MIN_DATE_YEAR}-01-01")
                    max=format!("{MAX_DATE_YEAR}-12-31") aria-labelledby=legend_id.clone()
                    prop:value=day on:input=on_input/>
            }
            .into_any()
        }
        QuestionKind::Number { min, max, integer } => {
            // A text field: the raw text stays as typed (`2,`, `-`), parsed on every change.
            // Negative numbers need the full keyboard (phones' decimal pads have no minus).
            let negative = min.is_none_or(|lo| lo < 0.0);
            let mode = match (negative, integer) {
                (true, _) => "text",
                (false, true) => "numeric",
                (false, false) => "decimal",
            };
            let shown = {
                let code = code.clone();
                move || numbers.with(|n| n.get(&code).cloned().unwrap_or_default())
            };
            let on_input = {
                let code = code.clone();
                move |ev| {
                    let typed: String = event_target_value(&ev);
                    let value = number::parse(&typed).map(AnswerValue::Number);
                    numbers.update(|n| {
                        if typed.trim().is_empty() {
                            n.remove(&code);
                        } else {
                            n.insert(code.clone(), typed);
                        }
                    });
                    set_answer(answers, &code, value);
                }
            };
            let hint_id = format!("hint-{code}");
            let rule = move || i18n::number_rule(state.lang.get(), min, max, integer);
            view! {
                <input id=format!("q-{code}") type="text" inputmode=mode autocomplete="off"
                    aria-labelledby=legend_id.clone() aria-describedby=hint_id.clone()
                    prop:value=shown on:input=on_input/>
                <p class="hint" id=hint_id>{rule}</p>
            }
            .into_any()
        }
    };
    view! {
        <fieldset class="question" data-question=question.code.clone() dir=move || text_dir(&lang.get()) aria-describedby=described>
            <legend id=legend_id>{legend}</legend>
            {hint_view}
            {body}
        </fieldset>
    }
    .into_any()
}
