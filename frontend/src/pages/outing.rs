//! Start an outing (quartier, place, note), count people with two big buttons, end it.
//! The outing is queued for sending when it ends; items captured meanwhile carry its id.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::text::TextKind;
use portevoix_domain::wire::{OutingInput, PushItem};

use crate::components::{QuartierSelect, TextField};
use crate::outbox::{self, Entry};
use crate::platform::{self, clean_text};
use crate::route::Route;
use crate::state::use_state;

#[component]
pub fn OutingPage() -> impl IntoView {
    let state = use_state();
    move || {
        if state.outing.with(Option::is_some) {
            view! { <Counters/> }.into_any()
        } else {
            view! { <StartForm/> }.into_any()
        }
    }
}

#[component]
fn StartForm() -> impl IntoView {
    let state = use_state();
    let tr = move || state.tr();
    let quartier = RwSignal::new(None::<i64>);
    let place = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(quartier_id) = quartier.get_untracked() else {
            error.set(Some(tr().quartier_required));
            return;
        };
        let place_text = clean_text(&place.get_untracked(), TextKind::Line)
            .trim()
            .to_owned();
        if place_text.is_empty() {
            error.set(Some(tr().place_required));
            return;
        }
        let note_text = clean_text(&note.get_untracked(), TextKind::Line)
            .trim()
            .to_owned();
        let outing = OutingInput {
            id: platform::new_id(),
            quartier_id,
            place: place_text,
            started_at: platform::now_utc(),
            ended_at: None,
            approached: 0,
            answered: 0,
            note: (!note_text.is_empty()).then_some(note_text),
            device_id: state.me.get_untracked().and_then(|m| m.device_id),
        };
        spawn_local(async move { state.save_outing(Some(outing)).await });
    };
    view! {
        <h1>{move || tr().start_outing}</h1>
        <form class="card" on:submit=start data-testid="outing-form">
            <QuartierSelect value=quartier id="outing-quartier"/>
            <TextField value=place id="outing-place" label=Signal::derive(move || tr().place.to_owned())
                hint=Signal::derive(move || tr().place_hint.to_owned())/>
            <TextField value=note id="outing-note" label=Signal::derive(move || format!("{} ({})", tr().note, tr().optional))/>
            <p class="error" role="alert">{move || error.get()}</p>
            <button class="btn btn-primary btn-big" type="submit" data-testid="outing-start">{move || tr().start}</button>
        </form>
    }
}

#[component]
fn Counters() -> impl IntoView {
    let state = use_state();
    let tr = move || state.tr();
    // Nobody answers without being approached: the two counts move together at the limit.
    let bump = move |approached: i32, answered: i32| {
        let Some(mut outing) = state.outing.get_untracked() else {
            return;
        };
        let step = |count: u32, by: i32| {
            if by < 0 {
                count.saturating_sub(by.unsigned_abs())
            } else {
                count.saturating_add(by.unsigned_abs())
            }
        };
        outing.approached = step(outing.approached, approached);
        outing.answered = step(outing.answered, answered);
        if approached < 0 {
            outing.answered = outing.answered.min(outing.approached);
        } else {
            outing.approached = outing.approached.max(outing.answered);
        }
        spawn_local(async move { state.save_outing(Some(outing)).await });
    };
    // "Terminer la sortie" asks once: ending sends it, and there is no undo.
    let confirming = RwSignal::new(false);
    let end = move |_| {
        let Some(mut outing) = state.outing.get_untracked() else {
            return;
        };
        outing.ended_at = Some(platform::now_utc());
        let summary = outing.place.clone();
        spawn_local(async move {
            let entry = Entry::new(PushItem::Outing(outing), summary);
            if outbox::add(&entry, None, None).await.is_ok() {
                state.save_outing(None).await;
                state.reload_outbox().await;
                crate::sync::request(state);
                state.go(Route::Home);
            }
        });
    };
    let count =
        move |f: fn(&OutingInput) -> u32| move || state.outing.get().map(|o| f(&o)).unwrap_or(0);
    let place = move || state.outing.get().map(|o| o.place).unwrap_or_default();
    view! {
        <h1>{move || tr().current_outing}</h1>
        <p class="hint">{place}</p>
        <section class="counters">
            <div class="counter card">
                <h2 id="approached-label">{move || tr().approached}</h2>
                <p class="count" aria-live="polite" data-testid="approached">{count(|o| o.approached)}</p>
                <button class="btn btn-primary btn-huge" aria-describedby="approached-label" data-testid="approached-plus"
                    on:click=move |_| bump(1, 0)>{move || tr().plus_one}</button>
                <button class="btn btn-small" aria-describedby="approached-label" data-testid="approached-minus"
                    on:click=move |_| bump(-1, 0)>
                    {move || tr().minus_one}
                </button>
            </div>
            <div class="counter card">
                <h2 id="answered-label">{move || tr().answered}</h2>
                <p class="count" aria-live="polite" data-testid="answered">{count(|o| o.answered)}</p>
                <p class="hint" id="answered-hint">{move || tr().answered_hint}</p>
                <button class="btn btn-primary btn-huge" aria-describedby="answered-label answered-hint" data-testid="answered-plus"
                    on:click=move |_| bump(0, 1)>{move || tr().plus_one}</button>
                <button class="btn btn-small" aria-describedby="answered-label" data-testid="answered-minus"
                    on:click=move |_| bump(0, -1)>
                    {move || tr().minus_one}
                </button>
            </div>
        </section>
        <button class="btn btn-big" on:click=move |_| state.go(Route::Home)>{move || tr().home}</button>
        <Show
            when=move || confirming.get()
            fallback=move || view! {
                <button class="btn btn-big danger" data-testid="outing-end" on:click=move |_| confirming.set(true)>
                    {move || tr().end_outing}
                </button>
            }
        >
            <div class="card" role="alertdialog" aria-labelledby="end-question" data-testid="outing-end-confirm">
                <p id="end-question">{move || tr().end_question}</p>
                <button class="btn btn-big danger" data-testid="outing-end-yes" on:click=end>{move || tr().end_yes}</button>
                <button class="btn btn-big" data-testid="outing-end-no" on:click=move |_| confirming.set(false)>
                    {move || tr().cancel}
                </button>
            </div>
        </Show>
    }
}
