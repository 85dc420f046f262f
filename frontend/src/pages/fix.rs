//! Fixing a refused or "à corriger" item: the same form, pre-filled. What saving does depends on
//! what the server holds (see [`FixMode`]); the receipt code the resident was given stays valid
//! whenever the server can keep it.

use leptos::prelude::*;
use portevoix_domain::wire::{Consent, PushItem, TestimonyInput};
use uuid::Uuid;

use super::survey::SurveyRun;
use super::testimony::TestimonyForm;
use crate::components::LoadError;
use crate::outbox::{Entry, State};
use crate::state::use_state;

/// How a fixed item reaches the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Refused on push: the server never stored it. Sent again under the same id, with the same
    /// receipt code and capture time.
    InPlace,
    /// A testimony sent back "à corriger": corrected through
    /// `POST /api/v1/testimonies/{id}/correction` (same id, receipt code and capture time; the
    /// server replaces the text, so no copy with the personal data is left behind).
    Correction,
    /// Rejected by a coordinator: the server keeps its decision on that id, so the fix is a new
    /// item (new id, new receipt code) and the old entry leaves the phone.
    Anew,
}

/// The item being fixed: its id and how the fix is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fixing {
    pub id: Uuid,
    pub mode: FixMode,
}

impl Fixing {
    fn of(entry: &Entry) -> Fixing {
        let mode = match (entry.state, entry.reason.as_ref().map(|r| r.code.as_str())) {
            (State::NeedsCorrection, _) => FixMode::Correction,
            (_, Some("rejected")) => FixMode::Anew,
            _ => FixMode::InPlace,
        };
        Fixing { id: entry.id, mode }
    }

    /// Entries this fix makes obsolete (the old one, unless the fix takes its place).
    pub fn replaces(&self) -> Option<Uuid> {
        (self.mode == FixMode::Anew).then_some(self.id)
    }
}

#[component]
pub fn FixPage(id: Uuid) -> impl IntoView {
    let state = use_state();
    // Read once: saving the fix replaces this entry in the outbox, and the receipt must stay.
    let entry: Option<Entry> = state
        .outbox
        .with_untracked(|all| all.iter().find(|e| e.id == id).cloned());
    let lang = state.lang.get_untracked();
    let message = entry
        .as_ref()
        .and_then(|e| e.reason.as_ref().map(|r| (e.state, r)))
        .map(|(at, r)| {
            // A coordinator's words as written; the server's refusals from their code.
            if at == State::NeedsCorrection || r.code == "rejected" {
                r.message.clone()
            } else {
                crate::i18n::refusal(lang, &r.code, &r.message)
            }
        })
        .unwrap_or_default();
    let tr = lang.tr();
    let who = match entry.as_ref().map(|e| e.state) {
        Some(State::NeedsCorrection) => tr.coordinator_says,
        _ => tr.server_says,
    };
    let header = view! {
        <p class="banner warn" data-testid="fix-message">{format!("{} {message}", who)}</p>
    };
    let fixing = entry.as_ref().map(Fixing::of).unwrap_or(Fixing {
        id,
        mode: FixMode::Correction,
    });
    let form = match entry.and_then(|e| e.item) {
        Some(PushItem::Testimony(t)) => {
            view! { <TestimonyForm initial=Some(t) fixing=Some(fixing)/> }.into_any()
        }
        Some(PushItem::Response(r)) => {
            match state
                .catalogue
                .with_untracked(|c| c.survey_by_version(r.survey_version_id).cloned())
            {
                Some(survey) => {
                    view! { <SurveyRun survey=survey initial=Some(r) fixing=Some(fixing)/> }
                        .into_any()
                }
                None => view! { <p class="card">{state.tr().not_found}</p> }.into_any(),
            }
        }
        Some(PushItem::Outing(_)) => {
            view! { <p class="card">{state.tr().not_found}</p> }.into_any()
        }
        // Captured on another phone, or purged from this one: the server has the text.
        None if fixing.mode == FixMode::Correction => {
            view! { <FromServer fixing=fixing/> }.into_any()
        }
        // Rejected by a coordinator after the phone dropped its copy: a new testimony.
        None => view! {
            <p class="card">{state.tr().correction_no_copy}</p>
            <TestimonyForm initial=None fixing=Some(Fixing { id, mode: FixMode::Anew })/>
        }
        .into_any(),
    };
    view! { {header} {form} }.into_any()
}

/// A testimony sent back "à corriger" that this phone has no copy of: fetched from the server
/// (it needs the network once).
#[component]
fn FromServer(fixing: Fixing) -> impl IntoView {
    let state = use_state();
    let fetched = LocalResource::new(move || crate::api::correction(fixing.id));
    move || match fetched.get() {
        None => view! { <p class="boot" role="status">"…"</p> }.into_any(),
        Some(Ok(found)) => {
            // Only the text and the themes can be corrected; the rest fills the hidden fields.
            let initial = TestimonyInput {
                id: found.id,
                quartier_id: found.quartier_id,
                place: found.place,
                captured_at: found.captured_at,
                text: found.text,
                consent: Consent::CountOnly,
                age_band: None,
                themes: found.themes,
                outing_id: None,
                device_id: None,
                receipt_code: None,
            };
            view! { <TestimonyForm initial=Some(initial) fixing=Some(fixing) from_server=true/> }
                .into_any()
        }
        Some(Err(error)) => {
            let message = Signal::derive(move || {
                format!(
                    "{} ({})",
                    state.tr().correction_no_copy_offline,
                    crate::i18n::api_error(state.lang.get(), &error)
                )
            });
            let retry = Callback::new(move |()| fetched.refetch());
            view! { <LoadError message=message on_retry=retry testid="fix-load-error"/> }.into_any()
        }
    }
}
