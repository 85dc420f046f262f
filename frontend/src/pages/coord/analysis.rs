//! On the coordinators' home: words rising in the testimonies that the codebook does not cover
//! yet (`GET /api/v1/analysis/emerging`, `routes/analysis.rs`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::wire::EmergingTopics;

use super::{st, LoadFailed, QuartierFilter};
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
