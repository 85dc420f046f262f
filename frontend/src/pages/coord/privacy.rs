//! On the coordinators' home: the erasure of a resident's items by their receipt code (tallies
//! follow, audited by the server; `routes/privacy.rs`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::wire::{ReceiptItemKind, ReceiptLookup};

use super::{explain, st, use_lookups, when};
use crate::api::staff;
use crate::state::use_state;

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
