//! Running a flash survey: the RGPD notice first, then one question per screen, skip and
//! required rules applied by `SurveyDefinition::is_shown` / `validate_answers` (the code the
//! server runs), then age band, save to the outbox and the receipt code.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::survey::{AnswerValue, Answers, QuestionKind, SurveyDefinition};
use portevoix_domain::text::TextKind;
use portevoix_domain::wire::{AgeBand, DeviceSurvey, PushItem, ResponseInput};
use serde::{Deserialize, Serialize};

use super::fix::{FixMode, Fixing};
use super::question::{number_texts, InterviewLanguage, NumberTexts, QuestionInput};
use crate::components::{AgeBandSelect, DraftNote, QuartierSelect, Receipt, TextField};
use crate::draft;
use crate::i18n::{self, Lang, SURVEY_LANG};
use crate::number;
use crate::outbox::{self, Entry};
use crate::platform::{self, clean_text};
use crate::state::use_state;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Step {
    Notice,
    Question(usize),
    Finish,
    Done(String),
}

/// What the run holds, kept as a draft on every change (see `draft.rs`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct SurveyDraft {
    answers: Answers,
    numbers: NumberTexts,
    age_band: Option<AgeBand>,
    quartier_id: Option<i64>,
    place: String,
    informed: bool,
    step: Step,
}

/// Why the run cannot go on; shown only while it still holds.
#[derive(Debug, Clone, PartialEq)]
enum Problem {
    /// An answer to this question is missing or wrong (`labelled`: say which question).
    Answer {
        question: String,
        labelled: bool,
    },
    Quartier,
    Place,
}

/// What is wrong with the answer to `code`, in the volunteer's language: a number field whose
/// text is not a number, or the domain's verdict (the server's own rules).
fn answer_problem(
    definition: &SurveyDefinition,
    answers: &Answers,
    numbers: &NumberTexts,
    code: &str,
    lang: Lang,
) -> Option<String> {
    let question = definition.question(code)?;
    if matches!(question.kind, QuestionKind::Number { .. }) {
        if let Some(text) = numbers.get(code).filter(|t| !t.trim().is_empty()) {
            if number::parse(text).is_none() {
                return Some(i18n::not_a_number(lang).to_owned());
            }
        }
    }
    // Composed first (the domain's rules here leave NFC to the browser), so a length is counted
    // as the server will count it.
    let mut answers = answers.clone();
    clean_answers(definition, &mut answers);
    let errors = definition.validate_answers(&answers).err()?;
    errors
        .into_iter()
        .find(|e| e.question == code)
        .map(|e| i18n::answer_error(lang, e.code, question))
}

/// Texts cleaned as the server will store them (NFC, no control characters): short answers on
/// one line, long ones keep their line breaks.
fn clean_answers(definition: &SurveyDefinition, answers: &mut Answers) {
    for (code, value) in answers.iter_mut() {
        let kind = match definition.question(code).map(|q| &q.kind) {
            Some(QuestionKind::LongText { .. }) => TextKind::Long,
            _ => TextKind::Line,
        };
        if let AnswerValue::Text(text) = value {
            *text = clean_text(text, kind);
        }
    }
}

#[component]
pub fn SurveyPage(survey_id: i64) -> impl IntoView {
    let state = use_state();
    match state
        .catalogue
        .with_untracked(|c| c.survey(survey_id).cloned())
    {
        Some(survey) => view! { <SurveyRun survey=survey initial=None fixing=None/> }.into_any(),
        None => view! { <p class="card">{state.tr().not_found}</p> }.into_any(),
    }
}

/// Drops answers to questions that the current answers hide (until nothing changes).
fn prune(definition: &SurveyDefinition, answers: &mut Answers) {
    loop {
        let shown = definition.shown(answers);
        let hidden: Vec<String> = definition
            .questions
            .iter()
            .zip(shown)
            .filter(|(q, shown)| answers.contains_key(&q.code) && !shown)
            .map(|(q, _)| q.code.clone())
            .collect();
        if hidden.is_empty() {
            return;
        }
        for code in hidden {
            answers.remove(&code);
        }
    }
}

fn visible_codes(definition: &SurveyDefinition, answers: &Answers) -> Vec<String> {
    definition
        .questions
        .iter()
        .zip(definition.shown(answers))
        .filter(|(_, shown)| *shown)
        .map(|(q, _)| q.code.clone())
        .collect()
}

#[component]
pub fn SurveyRun(
    survey: DeviceSurvey,
    initial: Option<ResponseInput>,
    /// The item being fixed, if any (see `fix.rs`).
    fixing: Option<Fixing>,
    /// The survey builder's preview: everything is checked, nothing is saved.
    #[prop(optional)]
    preview: bool,
) -> impl IntoView {
    let state = use_state();
    let tr = move || state.tr();
    let definition = StoredValue::new(survey.version.definition.clone());
    let version_id = survey.version.id;
    let title = survey.version.definition.title.clone();
    let outing = state.outing.get_untracked();
    let initial_answers = initial
        .as_ref()
        .map(|r| r.answers.clone())
        .unwrap_or_default();
    let numbers = RwSignal::new(number_texts(&initial_answers, state.lang.get_untracked()));
    let answers = RwSignal::new(initial_answers);
    // The interview's language: French unless the volunteer picks one of the survey's others.
    let interview = RwSignal::new(SURVEY_LANG.to_owned());
    let age = RwSignal::new(initial.as_ref().and_then(|r| r.age_band));
    let quartier = RwSignal::new(
        initial
            .as_ref()
            .map(|r| r.quartier_id)
            .or(outing.as_ref().map(|o| o.quartier_id)),
    );
    let place = RwSignal::new(
        initial
            .as_ref()
            .map(|r| r.place.clone())
            .or(outing.as_ref().map(|o| o.place.clone()))
            .unwrap_or_default(),
    );
    let outing_id = initial
        .as_ref()
        .and_then(|r| r.outing_id)
        .or(outing.as_ref().map(|o| o.id));
    let ask_where = outing.is_none() || initial.is_some();
    let step = RwSignal::new(Step::Notice);
    let same_receipt = RwSignal::new(false);
    let informed = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let note = RwSignal::new(None::<String>);
    let fixing = StoredValue::new(fixing);
    // Refused on push, never stored: the fix keeps its id, receipt code and capture time.
    let kept = StoredValue::new(
        initial
            .clone()
            .filter(|_| fixing.with_value(|f| f.is_some_and(|f| f.mode == FixMode::InPlace))),
    );

    // The draft: restored once when the run opens, then written on every change.
    let draft_key = StoredValue::new(draft::survey_key(
        version_id,
        fixing.with_value(|f| f.map(|f| f.id)),
    ));
    let snapshot = move || SurveyDraft {
        answers: answers.get_untracked(),
        numbers: numbers.get_untracked(),
        age_band: age.get_untracked(),
        quartier_id: quartier.get_untracked(),
        place: place.get_untracked(),
        informed: informed.get_untracked(),
        step: step.get_untracked(),
    };
    let untouched = StoredValue::new(snapshot());
    let restored = RwSignal::new(preview);
    let draft_found = RwSignal::new(false);
    if !preview {
        spawn_local(async move {
            let key = draft_key.get_value();
            let saved = draft::load::<SurveyDraft>(&key).await;
            if let Some(saved) =
                saved.filter(|s| *s != untouched.get_value() && snapshot() == untouched.get_value())
            {
                answers.set(saved.answers);
                numbers.set(saved.numbers);
                age.set(saved.age_band);
                quartier.set(saved.quartier_id);
                place.set(saved.place);
                informed.set(saved.informed);
                let shown = definition
                    .with_value(|d| answers.with_untracked(|a| visible_codes(d, a).len()));
                step.set(match saved.step {
                    Step::Question(i) if i < shown => Step::Question(i),
                    Step::Question(_) | Step::Finish => Step::Finish,
                    Step::Notice | Step::Done(_) => Step::Notice,
                });
                draft_found.set(true);
            }
            restored.set(true);
        });
    }
    Effect::new(move |_| {
        // Track every part of the form.
        answers.track();
        numbers.track();
        age.track();
        quartier.track();
        place.track();
        informed.track();
        let at = step.get();
        if preview || !restored.get() || matches!(at, Step::Done(_)) {
            return;
        }
        let form = snapshot();
        let worth = untouched.with_value(|u| *u != form);
        draft::keep(&draft_key.get_value(), worth.then_some(&form));
    });
    let discard_draft = Callback::new(move |()| {
        draft::keep(&draft_key.get_value(), None::<&SurveyDraft>);
        let initial = untouched.get_value();
        answers.set(initial.answers);
        numbers.set(initial.numbers);
        age.set(initial.age_band);
        quartier.set(initial.quartier_id);
        place.set(initial.place);
        informed.set(initial.informed);
        step.set(initial.step);
        problem.set(None);
        draft_found.set(false);
    });

    // A new step takes the focus: the question itself is read, not only "Question 2 / 5".
    Effect::new(move |previous: Option<Step>| {
        let now = step.get();
        if !preview && previous.is_some_and(|p| p != now) {
            platform::focus_soon(match now {
                Step::Question(_) => "#main fieldset.question legend, #main .note .note-text",
                Step::Notice | Step::Finish | Step::Done(_) => "#main section h2",
            });
        }
        now
    });
    let visible = move || definition.with_value(|d| answers.with(|a| visible_codes(d, a)));
    let go_next = move |index: usize| {
        answers.update(|a| definition.with_value(|d| prune(d, a)));
        let codes = visible();
        let Some(code) = codes.get(index).cloned() else {
            step.set(Step::Finish);
            return;
        };
        let lang = state.lang.get_untracked();
        let wrong = definition.with_value(|d| {
            answers.with_untracked(|a| {
                numbers.with_untracked(|n| answer_problem(d, a, n, &code, lang))
            })
        });
        if wrong.is_some() {
            problem.set(Some(Problem::Answer {
                question: code,
                labelled: false,
            }));
            return;
        }
        problem.set(None);
        step.set(if index + 1 < codes.len() {
            Step::Question(index + 1)
        } else {
            Step::Finish
        });
    };
    let shown_problem = move || {
        let lang = state.lang.get();
        match problem.get()? {
            Problem::Answer { question, labelled } => definition.with_value(|d| {
                let message =
                    answers.with(|a| numbers.with(|n| answer_problem(d, a, n, &question, lang)))?;
                let label = d
                    .question(&question)
                    .map(|q| q.label_in(&interview.get()).to_owned())
                    .unwrap_or_default();
                Some(if labelled {
                    format!("{label} : {message}")
                } else {
                    message
                })
            }),
            Problem::Quartier => quartier
                .with(Option::is_none)
                .then(|| tr().quartier_required.to_owned()),
            Problem::Place => clean_text(&place.get(), TextKind::Line)
                .trim()
                .is_empty()
                .then(|| tr().place_required.to_owned()),
        }
    };
    let save = move |_| {
        note.set(None);
        let Some(quartier_id) = quartier.get_untracked() else {
            problem.set(Some(Problem::Quartier));
            return;
        };
        let place_text = clean_text(&place.get_untracked(), TextKind::Line)
            .trim()
            .to_owned();
        if place_text.is_empty() {
            problem.set(Some(Problem::Place));
            return;
        }
        let mut raw = answers.get_untracked();
        definition.with_value(|d| {
            prune(d, &mut raw);
            clean_answers(d, &mut raw);
        });
        let lang = state.lang.get_untracked();
        let unreadable = definition.with_value(|d| {
            numbers.with_untracked(|n| {
                visible_codes(d, &raw)
                    .into_iter()
                    .find(|code| answer_problem(d, &raw, n, code, lang).is_some())
            })
        });
        if let Some(question) = unreadable {
            problem.set(Some(Problem::Answer {
                question,
                labelled: true,
            }));
            return;
        }
        let valid = match definition.with_value(|d| d.validate_answers(&raw)) {
            Ok(valid) => valid,
            Err(errors) => {
                problem.set(errors.into_iter().next().map(|e| Problem::Answer {
                    question: e.question,
                    labelled: true,
                }));
                return;
            }
        };
        problem.set(None);
        if preview {
            note.set(Some(tr().preview_ok.to_owned()));
            return;
        }
        let original = kept.get_value();
        let same = original.is_some();
        let receipt = original
            .as_ref()
            .and_then(|r| r.receipt_code.clone())
            .or_else(platform::receipt_code);
        let response = ResponseInput {
            id: original.as_ref().map_or_else(platform::new_id, |r| r.id),
            survey_version_id: version_id,
            quartier_id,
            place: place_text,
            captured_at: original
                .as_ref()
                .map_or_else(platform::now_utc, |r| r.captured_at),
            age_band: age.get_untracked(),
            answers: valid.into_map(),
            outing_id,
            device_id: state.me.get_untracked().and_then(|m| m.device_id),
            receipt_code: receipt.clone(),
        };
        let receipt = receipt.unwrap_or_default();
        let entry = Entry::new(PushItem::Response(response), title.clone());
        let replaces = fixing.get_value().and_then(|f| f.replaces());
        let fixed = fixing.with_value(Option::is_some);
        spawn_local(async move {
            let key = draft_key.get_value();
            match outbox::add(&entry, replaces, Some(&key)).await {
                Ok(()) => {
                    draft::forget(&key);
                    draft_found.set(false);
                    same_receipt.set(same);
                    step.set(Step::Done(receipt));
                    if !fixed {
                        state.count_capture(outing_id).await;
                    }
                    state.reload_outbox().await;
                    crate::sync::request(state);
                }
                Err(e) => note.set(Some(e.0)),
            }
        });
    };
    let again = Callback::new(move |()| {
        answers.set(Answers::new());
        numbers.set(NumberTexts::new());
        age.set(None::<AgeBand>);
        informed.set(false);
        fixing.set_value(None);
        kept.set_value(None);
        same_receipt.set(false);
        draft_key.set_value(draft::survey_key(version_id, None));
        step.set(Step::Notice);
        untouched.set_value(snapshot());
    });
    let notice = move || {
        let text = state.catalogue.with(|c| c.notice.clone());
        if text.trim().is_empty() {
            tr().notice_default.to_owned()
        } else {
            text
        }
    };
    let languages = survey.version.definition.languages.clone();
    // The title and intro in the interview's language, with the `lang` each is shown in
    // (French where it falls back to it).
    let in_interview = {
        let definition = survey.version.definition.clone();
        Memo::new(move |_| {
            let tag = interview.get();
            (
                definition.title_in(&tag).to_owned(),
                i18n::shown_lang(&definition.title_translations, &tag),
                definition.intro_in(&tag).map(str::to_owned),
                i18n::shown_lang(&definition.intro_translations, &tag),
            )
        })
    };
    let survey_title = move || in_interview.with(|t| t.0.clone());
    let title_lang = move || in_interview.with(|t| t.1.clone());
    let title_dir = move || in_interview.with(|t| i18n::text_dir(&t.1));
    let intro = move || in_interview.with(|t| t.2.clone());
    let intro_lang = move || in_interview.with(|t| t.3.clone());
    let intro_dir = move || in_interview.with(|t| i18n::text_dir(&t.3));

    let body = move || {
        match step.get() {
        Step::Notice => view! {
            <section class="card notice">
                <h2>{tr().notice_title}</h2>
                <p class="notice-text" data-testid="notice">{notice}</p>
                {move || intro().map(|i| view! { <p class="intro" lang=intro_lang dir=intro_dir>{i}</p> })}
                <label class="choice">
                    <input type="checkbox" data-testid="informed" prop:checked=move || informed.get()
                        on:change=move |ev| informed.set(event_target_checked(&ev))/>
                    <span>{tr().informed}</span>
                </label>
                <button class="btn btn-primary btn-big" data-testid="begin" disabled=move || !informed.get()
                    on:click=move |_| step.set(if visible().is_empty() { Step::Finish } else { Step::Question(0) })>
                    {tr().begin}
                </button>
            </section>
        }
        .into_any(),
        Step::Question(index) => {
            // Read without tracking: an answer typed here must not rebuild the field (the caret
            // would jump and `2.5` become `52`). Only the count follows the skip rules.
            let codes = definition.with_value(|d| answers.with_untracked(|a| visible_codes(d, a)));
            let question = codes.get(index).and_then(|c| definition.with_value(|d| d.question(c).cloned()));
            let position = move || crate::i18n::step(state.lang.get(), index, visible().len());
            view! {
                <section class="card">
                    <p class="step" aria-live="polite">{position}</p>
                    {question.map(|q| view! { <QuestionInput question=q answers=answers numbers=numbers lang=interview/> })}
                    <div class="nav">
                        <button class="btn btn-big" data-testid="previous" on:click=move |_| {
                            problem.set(None);
                            step.set(match index.checked_sub(1) { Some(i) => Step::Question(i), None => Step::Notice })
                        }>{tr().previous}</button>
                        <button class="btn btn-primary btn-big" data-testid="next" on:click=move |_| go_next(index)>
                            {tr().next}
                        </button>
                    </div>
                </section>
            }
            .into_any()
        }
        Step::Finish => view! {
            <section class="card">
                <h2>{tr().review}</h2>
                {ask_where.then(|| view! {
                    <QuartierSelect value=quartier id="survey-quartier"/>
                    <TextField value=place id="survey-place" label=Signal::derive(move || tr().place.to_owned())/>
                })}
                <AgeBandSelect value=age id="survey-age"/>
                <div class="nav">
                    <button class="btn btn-big" on:click=move |_| {
                        problem.set(None);
                        step.set(match visible().len().checked_sub(1) { Some(i) => Step::Question(i), None => Step::Notice })
                    }>{tr().previous}</button>
                    <button class="btn btn-primary btn-big" data-testid="save" on:click=save.clone()>{tr().save}</button>
                </div>
            </section>
        }
        .into_any(),
        Step::Done(code) => view! { <Receipt code=code on_again=again same=same_receipt.get_untracked()/> }.into_any(),
    }
    };
    view! {
        <h1 lang=title_lang dir=title_dir>{survey_title}</h1>
        {(!languages.is_empty()).then(|| view! { <InterviewLanguage languages=languages.clone() interview=interview/> })}
        <Show when=move || draft_found.get()>
            <DraftNote on_discard=discard_draft/>
        </Show>
        {body}
        <p class="error" role="alert" data-testid="form-error">
            {shown_problem}
            {move || note.get()}
        </p>
    }
}
