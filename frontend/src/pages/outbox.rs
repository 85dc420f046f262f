//! What was captured on this phone and where each item stands.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::analysis::redact;
use portevoix_domain::order;
use portevoix_domain::wire::ItemKind;

use crate::components::{clock, SyncBox};
use crate::outbox::{self, Entry, State};
use crate::route::Route;
use crate::state::use_state;

fn state_label(tr: &crate::i18n::Tr, state: State) -> &'static str {
    match state {
        State::Waiting => tr.state_waiting,
        State::Sent => tr.state_sent,
        State::Rejected => tr.state_rejected,
        State::Conflict => tr.state_conflict,
        State::NeedsCorrection => tr.state_correction,
    }
}

fn state_class(state: State) -> &'static str {
    match state {
        State::Waiting => "badge waiting",
        State::Sent => "badge sent",
        State::Rejected | State::Conflict => "badge rejected",
        State::NeedsCorrection => "badge attention",
    }
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    let state = use_state();
    let tr = move || state.tr();
    let row = move |entry: Entry| {
        let t = tr();
        let kind = match entry.kind {
            ItemKind::Response => t.kind_response,
            ItemKind::Testimony => t.kind_testimony,
            ItemKind::Outing => t.kind_outing,
        };
        let id = entry.id;
        let fixable = matches!(entry.state, State::Rejected | State::NeedsCorrection)
            && !matches!(entry.kind, ItemKind::Outing);
        let removable = matches!(entry.state, State::Rejected | State::Conflict);
        // A testimony's words only in their redacted form (saved so since; redacted again here
        // for entries saved before): a lost phone never shows a name or a number in full.
        let summary = match entry.kind {
            ItemKind::Testimony => redact::redact(&entry.summary).text,
            _ => entry.summary.clone(),
        };
        let reason = entry.reason.clone().map(|r| {
            let who = if entry.state == State::NeedsCorrection {
                t.coordinator_says
            } else {
                t.server_says
            };
            // A coordinator's message is shown as written; the server's refusals by their code.
            let text = if entry.state == State::NeedsCorrection || r.code == "rejected" {
                r.message
            } else {
                crate::i18n::refusal(state.lang.get_untracked(), &r.code, &r.message)
            };
            view! { <p class="reason" data-testid="reason">{format!("{who} {text}")}</p> }
        });
        view! {
            <li class="entry" data-testid="entry" data-state=format!("{:?}", entry.state) data-id=id.to_string()>
                <p>
                    <span class=state_class(entry.state)>{state_label(t, entry.state)}</span>
                    " " <strong>{kind}</strong> " · " {clock(entry.created_ms)}
                </p>
                <p class="summary" data-testid="summary">{summary}</p>
                {reason}
                {fixable.then(|| view! {
                    <button class="btn btn-primary" data-testid="fix" on:click=move |_| state.go(Route::Fix(id))>{t.fix}</button>
                })}
                {removable.then(|| view! {
                    <button class="btn" on:click=move |_| spawn_local(async move {
                        let _ = outbox::remove(id).await;
                        state.reload_outbox().await;
                    })>{t.discard}</button>
                })}
            </li>
        }
    };
    let list = move || {
        let mut entries = state.outbox.get();
        // What needs the volunteer first, then what waits, then what went.
        order::sort_by_key(&mut entries, |e| match e.state {
            State::NeedsCorrection | State::Rejected | State::Conflict => 0,
            State::Waiting => 1,
            State::Sent => 2,
        });
        if entries.is_empty() {
            return view! { <p>{tr().empty_outbox}</p> }.into_any();
        }
        view! { <ul class="plain entries">{entries.into_iter().map(row).collect_view()}</ul> }
            .into_any()
    };
    let storage = move || {
        state.storage.get().map(|(usage, quota)| {
            format!(
                "{} {}",
                tr().storage_used,
                crate::i18n::megabytes(state.lang.get(), usage, quota)
            )
        })
    };
    view! {
        <h1>{move || tr().outbox_title}</h1>
        <SyncBox/>
        <section class="card">{list}</section>
        <p class="hint">{storage}</p>
    }
}
