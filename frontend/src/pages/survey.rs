//! Running a flash survey: the RGPD notice first, then one question per screen, skip and
//! required rules applied by `SurveyDefinition::is_shown` / `validate_answers` (the code the
//! server runs), then age band, save to the outbox and the receipt code.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::survey::{Answers, SurveyDefinition};
use portevoix_domain::wire::{AgeBand, DeviceSurvey, PushItem, ResponseInput};
use uuid::Uuid;

use super::question::QuestionInput;
use crate::components::{AgeBandSelect, QuartierSelect, Receipt, TextField};
use crate::outbox::{self, Entry};
use crate::platform;
use crate::state::use_state;

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Notice,
    Question(usize),
    Finish,
    Done(String),
}

#[component]
pub fn SurveyPage(survey_id: i64) -> impl IntoView {
    let state = use_state();
    match state
        .catalogue
        .with_untracked(|c| c.survey(survey_id).cloned())
    {
        Some(survey) => view! { <SurveyRun survey=survey initial=None replaces=None/> }.into_any(),
        None => view! { <p class="card">{state.tr().not_found}</p> }.into_any(),
    }
}

/// Drops answers to questions that the current answers hide (until nothing changes).
fn prune(definition: &SurveyDefinition, answers: &mut Answers) {
    loop {
        let hidden: Vec<String> = definition
            .questions
            .iter()
            .filter(|q| answers.contains_key(&q.code) && !definition.is_shown(q, answers))
            .map(|q| q.code.clone())
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
        .filter(|q| definition.is_shown(q, answers))
        .map(|q| q.code.clone())
        .collect()
}

#[component]
pub fn SurveyRun(
    survey: DeviceSurvey,
    initial: Option<ResponseInput>,
    replaces: Option<Uuid>,
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
    let answers = RwSignal::new(
        initial
            .as_ref()
            .map(|r| r.answers.clone())
            .unwrap_or_default(),
    );
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
    let informed = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let replaces = StoredValue::new(replaces);

    let visible = move || definition.with_value(|d| answers.with(|a| visible_codes(d, a)));
    let go_next = move |index: usize| {
        answers.update(|a| definition.with_value(|d| prune(d, a)));
        let codes = visible();
        let Some(code) = codes.get(index).cloned() else {
            step.set(Step::Finish);
            return;
        };
        let problem = definition.with_value(|d| {
            answers
                .with_untracked(|a| d.validate_answers(a).err())
                .and_then(|errors| {
                    errors
                        .into_iter()
                        .find(|e| e.question == code)
                        .map(|e| e.message)
                })
        });
        match problem {
            Some(message) => error.set(Some(message)),
            None => {
                error.set(None);
                step.set(if index + 1 < codes.len() {
                    Step::Question(index + 1)
                } else {
                    Step::Finish
                });
            }
        }
    };
    let save = move |_| {
        let Some(quartier_id) = quartier.get_untracked() else {
            error.set(Some(tr().quartier_required.to_owned()));
            return;
        };
        let place_text = place.get_untracked().trim().to_owned();
        if place_text.is_empty() {
            error.set(Some(tr().place_required.to_owned()));
            return;
        }
        let mut raw = answers.get_untracked();
        definition.with_value(|d| prune(d, &mut raw));
        let valid = match definition.with_value(|d| d.validate_answers(&raw)) {
            Ok(valid) => valid,
            Err(errors) => {
                error.set(
                    errors
                        .first()
                        .map(|e| format!("{} : {}", e.question, e.message)),
                );
                return;
            }
        };
        if preview {
            error.set(Some(tr().preview_ok.to_owned()));
            return;
        }
        let receipt = platform::receipt_code();
        let response = ResponseInput {
            id: platform::new_id(),
            survey_version_id: version_id,
            quartier_id,
            place: place_text,
            captured_at: platform::now_utc(),
            age_band: age.get_untracked(),
            answers: valid.into_map(),
            outing_id,
            device_id: state.me.get_untracked().and_then(|m| m.device_id),
            receipt_code: Some(receipt.clone()),
        };
        let entry = Entry::new(PushItem::Response(response), title.clone());
        spawn_local(async move {
            match outbox::add(&entry, replaces.get_value()).await {
                Ok(()) => {
                    error.set(None);
                    step.set(Step::Done(receipt));
                    state.reload_outbox().await;
                    crate::sync::request(state);
                }
                Err(e) => error.set(Some(e.0)),
            }
        });
    };
    let again = Callback::new(move |()| {
        answers.set(Answers::new());
        age.set(None::<AgeBand>);
        informed.set(false);
        replaces.set_value(None);
        step.set(Step::Notice);
    });
    let notice = move || {
        let text = state.catalogue.with(|c| c.notice.clone());
        if text.trim().is_empty() {
            tr().notice_default.to_owned()
        } else {
            text
        }
    };
    let survey_title = survey.version.definition.title.clone();
    let intro = survey.version.definition.intro.clone();

    let body = move || {
        match step.get() {
        Step::Notice => view! {
            <section class="card notice">
                <h2>{tr().notice_title}</h2>
                <p class="notice-text" data-testid="notice">{notice}</p>
                {intro.clone().map(|i| view! { <p class="intro">{i}</p> })}
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
            let codes = visible();
            let question = codes.get(index).and_then(|c| definition.with_value(|d| d.question(c).cloned()));
            let total = codes.len();
            view! {
                <section class="card">
                    <p class="step" aria-live="polite">{crate::i18n::step(state.lang.get_untracked(), index, total)}</p>
                    {question.map(|q| view! { <QuestionInput question=q answers=answers/> })}
                    <div class="nav">
                        <button class="btn btn-big" data-testid="previous" on:click=move |_| {
                            error.set(None);
                            step.set(if index == 0 { Step::Notice } else { Step::Question(index - 1) })
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
                        let n = visible().len();
                        step.set(if n == 0 { Step::Notice } else { Step::Question(n - 1) })
                    }>{tr().previous}</button>
                    <button class="btn btn-primary btn-big" data-testid="save" on:click=save.clone()>{tr().save}</button>
                </div>
            </section>
        }
        .into_any(),
        Step::Done(code) => view! { <Receipt code=code on_again=again/> }.into_any(),
    }
    };
    view! {
        <h1>{survey_title}</h1>
        {body}
        <p class="error" role="alert" data-testid="form-error">{move || error.get()}</p>
    }
}
