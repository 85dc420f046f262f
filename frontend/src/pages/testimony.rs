//! Recording a resident's words: text, consent, optional age band, place and up to three themes
//! from the codebook (suggested from the text as it is typed).

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

use portevoix_domain::analysis::{Analyzer, ThemeMatch};
use portevoix_domain::codebook::{Codebook, Theme, MAX_THEMES_PER_ITEM};
use portevoix_domain::text::char_len;
use portevoix_domain::wire::{Consent, PushItem, TestimonyInput, MAX_TESTIMONY_CHARS};
use uuid::Uuid;

use crate::components::{AgeBandSelect, QuartierSelect, Receipt, TextField};
use crate::i18n;
use crate::outbox::{self, Entry};
use crate::platform;
use crate::state::use_state;

#[component]
pub fn TestimonyPage() -> impl IntoView {
    view! { <TestimonyForm initial=None replaces=None/> }
}

/// Analyzers are compared by identity: a new codebook builds a new one.
#[derive(Clone)]
struct ArcAnalyzer(Arc<Analyzer>);

impl PartialEq for ArcAnalyzer {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

#[component]
pub fn TestimonyForm(initial: Option<TestimonyInput>, replaces: Option<Uuid>) -> impl IntoView {
    let state = use_state();
    let tr = move || state.tr();
    let outing = state.outing.get_untracked();
    let text = RwSignal::new(initial.as_ref().map(|t| t.text.clone()).unwrap_or_default());
    let consent = RwSignal::new(initial.as_ref().map(|t| t.consent));
    let age = RwSignal::new(initial.as_ref().and_then(|t| t.age_band));
    let themes = RwSignal::new(
        initial
            .as_ref()
            .map(|t| t.themes.clone())
            .unwrap_or_default(),
    );
    let quartier = RwSignal::new(
        initial
            .as_ref()
            .map(|t| t.quartier_id)
            .or(outing.as_ref().map(|o| o.quartier_id)),
    );
    let place = RwSignal::new(
        initial
            .as_ref()
            .map(|t| t.place.clone())
            .or(outing.as_ref().map(|o| o.place.clone()))
            .unwrap_or_default(),
    );
    let outing_id = initial
        .as_ref()
        .and_then(|t| t.outing_id)
        .or(outing.as_ref().map(|o| o.id));
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let replaces = StoredValue::new(replaces);

    // The same suggester as the server's review queue (domain::analysis), run as one types.
    let analyzer = Memo::new(move |_| {
        let themes = state.catalogue.with(|c| c.themes.clone());
        ArcAnalyzer(Arc::new(Analyzer::new(&Codebook { themes })))
    });
    let suggestions: Memo<Vec<ThemeMatch>> = Memo::new(move |_| {
        let t = text.get();
        analyzer.with(|a| a.0.suggest_themes(&t))
    });
    let toggle_theme = move |code: String| {
        themes.update(|list| {
            if let Some(pos) = list.iter().position(|c| c == &code) {
                list.remove(pos);
            } else if list.len() < MAX_THEMES_PER_ITEM {
                list.push(code);
            }
        })
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = text.get_untracked().trim().to_owned();
        let problem = if body.is_empty() {
            Some(tr().text_required)
        } else if char_len(&body) > MAX_TESTIMONY_CHARS {
            Some(tr().too_long)
        } else if consent.get_untracked().is_none() {
            Some(tr().consent_required)
        } else if quartier.get_untracked().is_none() {
            Some(tr().quartier_required)
        } else if place.get_untracked().trim().is_empty() {
            Some(tr().place_required)
        } else {
            None
        };
        if let Some(problem) = problem {
            error.set(Some(problem.to_owned()));
            return;
        }
        let (Some(consent_value), Some(quartier_id)) =
            (consent.get_untracked(), quartier.get_untracked())
        else {
            return;
        };
        let receipt = platform::receipt_code();
        let summary: String = body.chars().take(60).collect();
        let testimony = TestimonyInput {
            id: platform::new_id(),
            quartier_id,
            place: place.get_untracked().trim().to_owned(),
            captured_at: platform::now_utc(),
            text: body,
            consent: consent_value,
            age_band: age.get_untracked(),
            themes: themes.get_untracked(),
            outing_id,
            device_id: state.me.get_untracked().and_then(|m| m.device_id),
            receipt_code: Some(receipt.clone()),
        };
        let entry = Entry::new(PushItem::Testimony(testimony), summary);
        spawn_local(async move {
            match outbox::add(&entry, replaces.get_value()).await {
                Ok(()) => {
                    error.set(None);
                    done.set(Some(receipt));
                    state.reload_outbox().await;
                    crate::sync::request(state);
                }
                Err(e) => error.set(Some(e.0)),
            }
        });
    };
    let again = Callback::new(move |()| {
        text.set(String::new());
        consent.set(None);
        age.set(None);
        themes.set(Vec::new());
        replaces.set_value(None);
        done.set(None);
    });
    let theme_chips = move || {
        let picked = themes.get();
        let suggested = suggestions.get();
        let words_for = |code: &str| {
            suggested
                .iter()
                .find(|m| m.code == code)
                .map(|m| m.words.join(", "))
        };
        let mut list: Vec<Theme> = state
            .catalogue
            .with(|c| c.active_themes().cloned().collect());
        list.sort_by_key(|t| !suggested.iter().any(|m| m.code == t.code));
        list.into_iter()
            .map(|theme| {
                let on = picked.contains(&theme.code);
                let words = words_for(&theme.code);
                let is_suggested = words.is_some();
                let code = theme.code.clone();
                view! {
                    <button type="button" class="chip" class:suggested=is_suggested aria-pressed=on.to_string()
                        data-theme=theme.code.clone() on:click=move |_| toggle_theme(code.clone())>
                        {theme.label}
                        {words.map(|w| view! { <span class="tag" title=w.clone()>{format!("{} : {w}", tr().suggested)}</span> })}
                    </button>
                }
            })
            .collect_view()
    };
    let form = move || {
        if let Some(code) = done.get() {
            return view! { <Receipt code=code on_again=again/> }.into_any();
        }
        view! {
            <form class="card" on:submit=save data-testid="testimony-form">
                <div class="field">
                    <label for="testimony-text">{tr().testimony_text}</label>
                    <textarea id="testimony-text" class="long" rows="8" aria-describedby="testimony-hint"
                        prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    <p class="hint" id="testimony-hint">
                        {tr().testimony_hint} " "
                        {move || format!("{} / {MAX_TESTIMONY_CHARS} {}", char_len(&text.get()), tr().characters)}
                    </p>
                </div>
                <fieldset class="question">
                    <legend>{tr().consent}</legend>
                    {[Consent::Quote, Consent::CountOnly]
                        .into_iter()
                        .map(|c| view! {
                            <label class="choice">
                                <input type="radio" name="consent" value=c.as_str() prop:checked=move || consent.get() == Some(c)
                                    on:change=move |_| consent.set(Some(c))/>
                                <span>{i18n::consent(state.lang.get_untracked(), c)}</span>
                            </label>
                        })
                        .collect_view()}
                </fieldset>
                <fieldset class="question themes">
                    <legend>{format!("{} ({})", tr().themes, tr().themes_hint)}</legend>
                    <div class="chips">{theme_chips}</div>
                </fieldset>
                <AgeBandSelect value=age id="testimony-age"/>
                <QuartierSelect value=quartier id="testimony-quartier"/>
                <TextField value=place id="testimony-place" label=Signal::derive(move || tr().place.to_owned())/>
                <button class="btn btn-primary btn-big" type="submit" data-testid="save">{tr().save}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <h1>{move || tr().testimony_title}</h1>
        {form}
        <p class="error" role="alert" data-testid="form-error">{move || error.get()}</p>
    }
}
