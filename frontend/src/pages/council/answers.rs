//! What the council answers residents, theme by theme (« Le conseil répond… », « Ce qui a
//! changé… »): written here, published on the quartier's public page once the coordination
//! approved it. The council sees each answer's state and a link to the public page.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::wire::{AnswerStatus, CouncilAnswer, CouncilAnswerInput, ThemeRef};

use crate::api::staff;
use crate::pages::coord::{explain, st, LoadFailed};
use crate::state::use_state;

#[component]
pub fn Answers(
    quartier: i64,
    slug: String,
    council: Option<i64>,
    themes: Vec<ThemeRef>,
) -> impl IntoView {
    let state = use_state();
    let t = move || st(state);
    let loaded = LocalResource::new(move || staff::council_answers(quartier, council));
    let theme = RwSignal::new(String::new());
    let answer = RwSignal::new(String::new());
    let changed = RwSignal::new(String::new());
    let status = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        status.set(None);
        failure.set(None);
        let code = theme.get_untracked();
        if code.is_empty() {
            failure.set(Some(st(state).pick_theme.to_owned()));
            return;
        }
        let changed_text = changed.get_untracked();
        let input = CouncilAnswerInput {
            quartier_id: quartier,
            theme: code,
            answer: answer.get_untracked(),
            changed: (!changed_text.trim().is_empty()).then_some(changed_text),
        };
        spawn_local(async move {
            match staff::submit_answer(council, &input).await {
                Ok(_) => {
                    status.set(Some(st(state).answer_sent.to_owned()));
                    answer.set(String::new());
                    changed.set(String::new());
                    loaded.refetch();
                }
                Err(e) => failure.set(Some(explain(state, e))),
            }
        });
    };
    let list = move || {
        let t = t();
        match loaded.get() {
            None => None,
            Some(Err(error)) => Some(view! {
                <LoadFailed what=|t| t.answers_failed error=error
                    on_retry=Callback::new(move |()| loaded.refetch()) testid="answers-load-error"/>
            }.into_any()),
            Some(Ok(list)) if list.is_empty() => Some(view! { <p>{t.no_answers_yet}</p> }.into_any()),
            Some(Ok(list)) => Some(view! {
                <ul class="plain">{list.into_iter().map(|a| answer_view(t, a)).collect_view()}</ul>
            }.into_any()),
        }
    };
    let options = themes
        .into_iter()
        .map(|th| view! { <option value=th.code.clone()>{th.label}</option> })
        .collect_view();
    view! {
        <p class="hint">{move || t().answers_intro}</p>
        <p>
            <a href=format!("/quartier/{slug}") data-testid="public-page-link">{move || t().public_page_link}</a>
            " · "
            <a href=format!("/quartier/{slug}/affiche") data-testid="poster-link">{move || t().poster_link}</a>
        </p>
        {list}
        <form class="card" data-testid="answer-form" on:submit=send>
            <div class="field">
                <label for="ans-theme">{move || t().answer_theme}</label>
                <select id="ans-theme" on:change=move |ev| theme.set(event_target_value(&ev))>
                    <option value="">{move || state.tr().choose}</option>
                    {options}
                </select>
            </div>
            <div class="field">
                <label for="ans-answer">{move || t().answer_text}</label>
                <textarea id="ans-answer" rows="4" maxlength="1500" required
                    prop:value=move || answer.get()
                    on:input=move |ev| answer.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field">
                <label for="ans-changed">{move || t().answer_changed}</label>
                <textarea id="ans-changed" rows="3" maxlength="1500"
                    prop:value=move || changed.get()
                    on:input=move |ev| changed.set(event_target_value(&ev))></textarea>
            </div>
            <button type="submit" class="btn btn-primary">{move || t().answer_send}</button>
            <p class="ok" role="status" data-testid="answer-status">{move || status.get()}</p>
            <p class="error" role="alert" data-testid="answer-error">{move || failure.get()}</p>
        </form>
    }
}

fn answer_view(t: &'static crate::i18n::staff::St, a: CouncilAnswer) -> impl IntoView {
    let state_words = match a.status {
        AnswerStatus::Submitted => t.answer_submitted,
        AnswerStatus::Approved => t.answer_approved,
        AnswerStatus::Rejected => t.answer_rejected,
    };
    view! {
        <li class="card" data-testid="council-answer">
            <h3>{a.theme.label}</h3>
            <p class="hint" data-testid="answer-state">{state_words}</p>
            <p>{a.answer}</p>
            {a.changed.map(|c| view! { <p><strong>{t.answer_changed_short}</strong>" "{c}</p> })}
        </li>
    }
}
