//! The codebook editor: labels, keywords and related words of each theme, retire or restore,
//! add a theme, accept the keywords the coordinators' decisions propose
//! (`codebook_proposals.rs`), and analyse again the testimonies awaiting a decision.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::codebook::Theme;
use portevoix_domain::wire::ThemeInput;

use super::codebook_proposals::KeywordProposals;
use super::{explain, st, use_lookups};
use crate::api::staff;
use crate::state::use_state;

fn words(text: &str) -> Vec<String> {
    text.split([',', '|', '\n'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[component]
pub fn Codebook() -> impl IntoView {
    let state = use_state();
    let lookups = use_lookups();
    let t = move || st(state);
    let status = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let code = RwSignal::new(String::new());
    let label = RwSignal::new(String::new());
    let label_en = RwSignal::new(String::new());
    let keywords = RwSignal::new(String::new());

    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = ThemeInput {
            code: Some(code.get_untracked().trim().to_owned()),
            label: label.get_untracked().trim().to_owned(),
            label_en: Some(label_en.get_untracked().trim().to_owned()),
            keywords: words(&keywords.get_untracked()),
            related: Vec::new(),
            retired: false,
        };
        spawn_local(async move {
            match staff::create_theme(&input).await {
                Ok(theme) => {
                    status.set(Some(format!("{} {}", st(state).theme_added, theme.label)));
                    failure.set(None);
                    code.set(String::new());
                    label.set(String::new());
                    label_en.set(String::new());
                    keywords.set(String::new());
                    lookups.reload_themes().await;
                }
                Err(e) => failure.set(Some(explain(state, e))),
            }
        });
    };
    let reanalyse = move |_| {
        status.set(Some(st(state).reanalysing.to_owned()));
        spawn_local(async move {
            match staff::reanalyse().await {
                Ok(report) => status.set(Some(format!(
                    "{} {} · {} {}",
                    report.analysed,
                    st(state).analysed,
                    report.changed,
                    st(state).changed
                ))),
                Err(e) => failure.set(Some(explain(state, e))),
            }
        });
    };
    let rows = move || {
        lookups
            .themes
            .get()
            .into_iter()
            .map(|theme| view! { <ThemeRow theme=theme status=status failure=failure/> })
            .collect_view()
    };
    view! {
        <h1>{move || t().nav_codebook}</h1>
        <p class="hint">{move || t().codebook_hint}</p>
        <div class="actions">
            <button class="btn" data-testid="reanalyse" on:click=reanalyse>{move || t().reanalyse}</button>
        </div>
        <p class="ok" role="status" data-testid="codebook-status">{move || status.get()}</p>
        <p class="error" role="alert">{move || failure.get()}</p>
        <KeywordProposals status=status failure=failure/>
        <ul class="plain themes-list">{rows}</ul>
        <form class="card" on:submit=create data-testid="new-theme">
            <h2>{move || t().add_theme}</h2>
            <div class="row">
                <div class="field">
                    <label for="nt-code">{move || t().code}</label>
                    <input id="nt-code" type="text" class="code" required bind:value=code/>
                </div>
                <div class="field grow">
                    <label for="nt-label">{move || t().label}</label>
                    <input id="nt-label" type="text" required bind:value=label/>
                </div>
                <div class="field grow">
                    <label for="nt-label-en">{move || t().label_en}</label>
                    <input id="nt-label-en" type="text" lang="en" bind:value=label_en/>
                </div>
            </div>
            <div class="field">
                <label for="nt-keywords">{move || t().keywords}</label>
                <textarea id="nt-keywords" rows="2" aria-describedby="nt-keywords-hint" bind:value=keywords></textarea>
                <p class="hint" id="nt-keywords-hint">{move || t().keywords_hint}</p>
            </div>
            <button class="btn btn-primary" type="submit">{move || t().add_theme}</button>
        </form>
    }
}

#[component]
fn ThemeRow(
    theme: Theme,
    status: RwSignal<Option<String>>,
    failure: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = use_state();
    let lookups = use_lookups();
    let t = move || st(state);
    let code = theme.code.clone();
    let label = RwSignal::new(theme.label.clone());
    let label_en = RwSignal::new(theme.label_en.clone().unwrap_or_default());
    let keywords = RwSignal::new(theme.keywords.join(", "));
    let related = RwSignal::new(theme.related.join(", "));
    let retired = RwSignal::new(theme.retired);
    let save = {
        let code = code.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let input = ThemeInput {
                code: None,
                label: label.get_untracked().trim().to_owned(),
                label_en: Some(label_en.get_untracked().trim().to_owned()),
                keywords: words(&keywords.get_untracked()),
                related: words(&related.get_untracked()),
                retired: retired.get_untracked(),
            };
            let code = code.clone();
            spawn_local(async move {
                match staff::update_theme(&code, &input).await {
                    Ok(theme) => {
                        status.set(Some(format!("{} {}", st(state).theme_saved, theme.label)));
                        failure.set(None);
                        lookups.reload_themes().await;
                    }
                    Err(e) => failure.set(Some(explain(state, e))),
                }
            });
        }
    };
    let id = |what: &str| format!("th-{}-{what}", theme.code);
    view! {
        <li class="card" data-testid="theme-row" data-code=code.clone()>
            <form on:submit=save>
                <h2 class="code-title">{code.clone()}{move || retired.get().then(|| format!(" · {}", t().retired))}</h2>
                <div class="field">
                    <label for=id("label")>{move || t().label}</label>
                    // A one-line field that wraps: a long label stays whole in sight on a
                    // narrow screen (an input would hide its end); Enter saves, as in an input.
                    <textarea id=id("label") class="one-line" rows="1" bind:value=label
                        on:keydown=super::submit_on_enter></textarea>
                </div>
                <div class="field">
                    <label for=id("label-en")>{move || t().label_en}</label>
                    <textarea id=id("label-en") class="one-line" rows="1" lang="en" bind:value=label_en
                        on:keydown=super::submit_on_enter></textarea>
                </div>
                <div class="field">
                    <label for=id("kw")>{move || t().keywords}</label>
                    <textarea id=id("kw") rows="2" bind:value=keywords></textarea>
                </div>
                <div class="field">
                    <label for=id("rel")>{move || t().related_words}</label>
                    <textarea id=id("rel") rows="2" bind:value=related></textarea>
                </div>
                <label class="choice compact">
                    <input type="checkbox" bind:checked=retired/>
                    <span>{move || t().retire}</span>
                </label>
                <button class="btn" type="submit">{move || t().save}</button>
            </form>
        </li>
    }
}
