//! Recording a resident's words: text, consent, optional age band, place and up to three themes
//! from the codebook (suggested from the text as it is typed).

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::codebook::{Theme, MAX_THEMES_PER_ITEM};
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

/// Themes whose keywords appear in the text (whole-word, accent- and case-insensitive), best
/// first. A stand-in until `portevoix_domain::analysis` offers the shared suggester.
pub fn suggest(text: &str, themes: &[Theme]) -> Vec<String> {
    let words = fold(text);
    let mut scored: Vec<(usize, &Theme)> = themes
        .iter()
        .filter(|t| !t.retired)
        .map(|t| {
            let hits = t
                .keywords
                .iter()
                .filter(|k| {
                    let k = fold(k);
                    !k.trim().is_empty()
                        && format!(" {words} ").contains(&format!(" {} ", k.trim()))
                })
                .count();
            (hits, t)
        })
        .filter(|(hits, _)| *hits > 0)
        .collect();
    scored.sort_by_key(|(hits, _)| std::cmp::Reverse(*hits));
    scored
        .into_iter()
        .take(MAX_THEMES_PER_ITEM)
        .map(|(_, t)| t.code.clone())
        .collect()
}

fn fold(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect()
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

    let suggestions = Memo::new(move |_| {
        let t = text.get();
        state.catalogue.with(|c| suggest(&t, &c.themes))
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
        let mut list: Vec<Theme> = state
            .catalogue
            .with(|c| c.active_themes().cloned().collect());
        list.sort_by_key(|t| !suggested.contains(&t.code));
        list.into_iter()
            .map(|theme| {
                let on = picked.contains(&theme.code);
                let is_suggested = suggested.contains(&theme.code);
                let code = theme.code.clone();
                view! {
                    <button type="button" class="chip" class:suggested=is_suggested aria-pressed=on.to_string()
                        data-theme=theme.code.clone() on:click=move |_| toggle_theme(code.clone())>
                        {theme.label}
                        {is_suggested.then(|| view! { <span class="tag">{tr().suggested}</span> })}
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
