//! In the codebook editor: the keywords the coordinators' own decisions propose (words beside
//! which they added a theme the analysis had missed, 3 times at least: `GET
//! /api/v1/themes/proposals`), each accepted with one click.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::analysis::learning::KeywordProposal;
use portevoix_domain::wire::KeywordAcceptance;

use super::{explain, st, use_lookups, LoadFailed};
use crate::api::{staff, ApiError};
use crate::state::use_state;

#[component]
pub fn KeywordProposals(
    status: RwSignal<Option<String>>,
    failure: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = use_state();
    let lookups = use_lookups();
    let t = move || st(state);
    let proposals = RwSignal::new(None::<Vec<KeywordProposal>>);
    let load_error = RwSignal::new(None::<ApiError>);
    // Bumped by « Réessayer » and after each acceptance.
    let attempt = RwSignal::new(0u32);
    Effect::new(move |_| {
        attempt.track();
        spawn_local(async move {
            match staff::keyword_proposals().await {
                Ok(list) => {
                    proposals.set(Some(list));
                    load_error.set(None);
                }
                Err(error) => {
                    proposals.set(None);
                    load_error.set(Some(error));
                }
            }
        });
    });
    let accept = move |proposal: KeywordProposal| {
        let acceptance = KeywordAcceptance {
            words: proposal.words.clone(),
            theme: proposal.theme.clone(),
        };
        spawn_local(async move {
            match staff::accept_proposal(&acceptance).await {
                Ok(theme) => {
                    status.set(Some(format!(
                        "{} « {} » → {}",
                        st(state).keyword_added,
                        acceptance.words,
                        theme.label
                    )));
                    failure.set(None);
                    lookups.reload_themes().await;
                    attempt.update(|a| *a += 1);
                }
                Err(e) => failure.set(Some(explain(state, e))),
            }
        });
    };
    let label_of = move |code: &str| {
        lookups
            .themes
            .get()
            .into_iter()
            .find(|theme| theme.code == code)
            .map_or_else(|| code.to_owned(), |theme| theme.label)
    };
    let body = move || {
        if let Some(error) = load_error.get() {
            let retry = Callback::new(move |()| attempt.update(|a| *a += 1));
            return view! { <LoadFailed what=|t| t.proposals_failed error=error on_retry=retry testid="proposals-load-error"/> }
                .into_any();
        }
        let Some(list) = proposals.get() else {
            return ().into_any();
        };
        if list.is_empty() {
            return view! { <p data-testid="no-proposals">{t().no_proposals}</p> }.into_any();
        }
        let rows = list
            .into_iter()
            .map(|proposal| {
                let shown = format!(
                    "« {} » → {} · {} {}",
                    proposal.words,
                    label_of(&proposal.theme),
                    proposal.confirmed,
                    t().added_times
                );
                let label = format!("{} : {shown}", t().accept_keyword);
                view! {
                    <li data-testid="proposal">
                        <span>{shown}</span>
                        " "
                        <button class="btn" type="button" aria-label=label
                            on:click=move |_| accept(proposal.clone())>{t().accept_keyword}</button>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="plain">{rows}</ul> }.into_any()
    };
    view! {
        <section class="card" data-testid="proposals" aria-labelledby="proposals-title">
            <h2 id="proposals-title">{move || t().proposals}</h2>
            <p class="hint">{move || t().proposals_hint}</p>
            {body}
        </section>
    }
}
