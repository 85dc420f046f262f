//! On the coordination dashboard: words rising that the codebook does not cover yet, and the
//! erasure of a resident's items by their receipt code (tallies follow, audited by the server).

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::wire::{EmergingTopics, ReceiptItemKind, ReceiptLookup};

use super::{explain, st, use_lookups, when, LoadFailed, QuartierFilter};
use crate::api::{staff, ApiError};
use crate::components::chart::percent;
use crate::state::use_state;

#[component]
pub fn EmergingCard() -> impl IntoView {
    let state = use_state();
    let t = move || st(state);
    let quartier = RwSignal::new(None::<i64>);
    let data = RwSignal::new(None::<EmergingTopics>);
    let failure = RwSignal::new(None::<ApiError>);
    // Bumped by « Réessayer »: the same quartier is loaded again.
    let attempt = RwSignal::new(0u32);
    Effect::new(move |_| {
        attempt.track();
        let q = quartier.get();
        spawn_local(async move {
            match staff::emerging(q).await {
                Ok(d) => {
                    data.set(Some(d));
                    failure.set(None);
                }
                Err(error) => {
                    data.set(None);
                    failure.set(Some(error));
                }
            }
        });
    });
    let failed = move || {
        failure.get().map(|error| {
            let retry = Callback::new(move |()| attempt.update(|a| *a += 1));
            view! { <LoadFailed what=|t| t.emerging_failed error=error on_retry=retry testid="emerging-load-error"/> }
        })
    };
    let list = move || {
        data.get().map(|d| {
            let lang = state.lang.get();
            if d.terms.is_empty() {
                return view! { <p>{t().no_emerging}</p> }.into_any();
            }
            let rows = d
                .terms
                .into_iter()
                .map(|term| {
                    let word = term.forms.first().cloned().unwrap_or(term.stem.clone());
                    view! {
                        <li>
                            <strong>{word}</strong>
                            {format!(" — {} → {} ({} → {})", term.previous, term.current,
                                percent(lang, term.previous_share * 100.0), percent(lang, term.current_share * 100.0))}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <p class="hint">{format!("{} {} · {} {}", d.current.testimonies, t().texts_this_period, d.previous.testimonies, t().texts_before)}</p>
                <ul>{rows}</ul>
            }
            .into_any()
        })
    };
    view! {
        <section class="card" aria-labelledby="emerging-h">
            <h2 id="emerging-h">{move || t().emerging}</h2>
            <p class="hint">{move || t().emerging_hint}</p>
            <QuartierFilter value=quartier id="em-quartier" label=Signal::derive(move || st(state).quartier.to_owned())/>
            {list}
            {failed}
        </section>
    }
}

#[component]
pub fn ErasureCard() -> impl IntoView {
    let state = use_state();
    let lookups = use_lookups();
    let t = move || st(state);
    let code = RwSignal::new(String::new());
    let found = RwSignal::new(None::<ReceiptLookup>);
    let status = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let find = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = code.get_untracked();
        status.set(None);
        failure.set(None);
        spawn_local(async move {
            match staff::find_receipt(&c).await {
                Ok(l) => found.set(Some(l)),
                Err(e) => {
                    found.set(None);
                    failure.set(Some(explain(state, e)));
                }
            }
        });
    };
    let erase = move |_| {
        let Some(c) = found.with_untracked(|f| f.as_ref().map(|f| f.code.clone())) else {
            return;
        };
        spawn_local(async move {
            match staff::erase_receipt(&c).await {
                Ok(r) => {
                    found.set(None);
                    code.set(String::new());
                    status.set(Some(format!(
                        "{} {} · {} {}",
                        st(state).responses_erased,
                        r.responses,
                        st(state).testimonies_erased,
                        r.testimonies
                    )));
                }
                Err(e) => failure.set(Some(explain(state, e))),
            }
        });
    };
    let items = move || {
        found.get().map(|f| {
            let t = t();
            let rows = f
                .items
                .iter()
                .map(|i| {
                    let kind = match i.kind {
                        ReceiptItemKind::Response => t.survey,
                        ReceiptItemKind::Testimony => t.testimony,
                    };
                    view! { <li>{format!("{kind} · {} · {} · {}", lookups.quartier_name(i.quartier_id), i.place, when(&i.captured_at))}</li> }
                })
                .collect_view();
            view! {
                <ul data-testid="receipt-items">{rows}</ul>
                {(!f.items.is_empty()).then(|| view! {
                    <button class="btn danger" data-testid="erase" on:click=erase>{t.erase_all}</button>
                })}
            }
        })
    };
    view! {
        <section class="card" aria-labelledby="erasure-h">
            <h2 id="erasure-h">{move || t().erasure}</h2>
            <p class="hint">{move || t().erasure_hint}</p>
            <form class="row" on:submit=find>
                <div class="field">
                    <label for="receipt-code">{move || t().receipt_code}</label>
                    <input id="receipt-code" type="text" class="code" autocomplete="off" bind:value=code/>
                </div>
                <button class="btn" type="submit">{move || t().find}</button>
            </form>
            {items}
            <p class="ok" role="status">{move || status.get()}</p>
            <p class="error" role="alert">{move || failure.get()}</p>
        </section>
    }
}
