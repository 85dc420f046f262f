//! Fixing a refused or "à corriger" item: the same form, pre-filled; saving queues a new item
//! (new id: the server keeps the first one under the old id) and removes the old entry.

use leptos::prelude::*;
use portevoix_domain::wire::PushItem;
use uuid::Uuid;

use super::survey::SurveyRun;
use super::testimony::TestimonyForm;
use crate::outbox::Entry;
use crate::state::use_state;

#[component]
pub fn FixPage(id: Uuid) -> impl IntoView {
    let state = use_state();
    // Read once: saving the fix removes this entry from the outbox, and the receipt must stay.
    {
        let entry: Option<Entry> = state
            .outbox
            .with_untracked(|all| all.iter().find(|e| e.id == id).cloned());
        let lang = state.lang.get_untracked();
        let message = entry
            .as_ref()
            .and_then(|e| e.reason.as_ref().map(|r| (e.state, r)))
            .map(|(at, r)| {
                // A coordinator's words as written; the server's refusals from their code.
                if at == crate::outbox::State::NeedsCorrection || r.code == "rejected" {
                    r.message.clone()
                } else {
                    crate::i18n::refusal(lang, &r.code, &r.message)
                }
            })
            .unwrap_or_default();
        let tr = lang.tr();
        let who = match entry.as_ref().map(|e| e.state) {
            Some(crate::outbox::State::NeedsCorrection) => tr.coordinator_says,
            _ => tr.server_says,
        };
        let header = view! {
            <p class="banner warn" data-testid="fix-message">{format!("{} {message}", who)}</p>
        };
        let form = match entry.and_then(|e| e.item) {
            Some(PushItem::Testimony(t)) => {
                view! { <TestimonyForm initial=Some(t) replaces=Some(id)/> }.into_any()
            }
            Some(PushItem::Response(r)) => {
                match state
                    .catalogue
                    .with_untracked(|c| c.survey_by_version(r.survey_version_id).cloned())
                {
                    Some(survey) => {
                        view! { <SurveyRun survey=survey initial=Some(r) replaces=Some(id)/> }
                            .into_any()
                    }
                    None => view! { <p class="card">{state.tr().not_found}</p> }.into_any(),
                }
            }
            Some(PushItem::Outing(_)) => {
                view! { <p class="card">{state.tr().not_found}</p> }.into_any()
            }
            None => view! {
                <p class="card">{state.tr().correction_no_copy}</p>
                <TestimonyForm initial=None replaces=Some(id)/>
            }
            .into_any(),
        };
        view! { {header} {form} }.into_any()
    }
}
