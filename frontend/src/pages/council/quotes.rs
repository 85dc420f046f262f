//! Approved quotes of a quartier, by theme, with word search and month filters.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::wire::{Quote, ThemeRef};

use crate::api::staff::{self, QuoteFilter};
use crate::api::ApiError;
use crate::i18n::staff::month_words;
use crate::i18n::Lang;
use crate::pages::coord::{st, LoadFailed};
use crate::state::use_state;

pub fn quote_view(lang: Lang, quote: &Quote) -> impl IntoView {
    let themes = quote
        .themes
        .iter()
        .map(|t| t.label.clone())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <li class="quote" data-testid="quote">
            <blockquote>{format!("« {} »", quote.text)}</blockquote>
            <p class="hint">{format!("{} · {themes}", month_words(lang, quote.month))}</p>
        </li>
    }
}

#[component]
pub fn Quotes(quartier: i64, council: Option<i64>, themes: Vec<ThemeRef>) -> impl IntoView {
    let state = use_state();
    let t = move || st(state);
    let theme = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let items = RwSignal::new(Vec::<Quote>::new());
    let more = RwSignal::new(false);
    let loaded = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    // The offset of the load that failed, which « Réessayer » asks for again.
    let failed_at = RwSignal::new(0u64);
    let fetch = move |offset: u64| {
        let opt = |s: RwSignal<String>| {
            let v = s.get_untracked().trim().to_owned();
            (!v.is_empty()).then_some(v)
        };
        let filter = QuoteFilter {
            theme: opt(theme),
            search: opt(search),
            from: opt(from),
            to: opt(to),
            offset,
        };
        spawn_local(async move {
            match staff::council_quotes(quartier, council, &filter).await {
                Ok(page) => {
                    more.set(page.has_more);
                    if offset == 0 {
                        items.set(page.items);
                    } else {
                        items.update(|list| list.extend(page.items));
                    }
                    loaded.set(true);
                    failure.set(None);
                }
                Err(error) => {
                    if offset == 0 {
                        items.set(Vec::new());
                        loaded.set(false);
                    }
                    failed_at.set(offset);
                    failure.set(Some(error));
                }
            }
        });
    };
    fetch(0);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        fetch(0);
    };
    view! {
        <form class="filter-grid" on:submit=submit data-testid="quote-filters">
            <div class="field">
                <label for="qf-theme">{move || t().theme}</label>
                <select id="qf-theme" on:change=move |ev| { theme.set(event_target_value(&ev)); fetch(0) }>
                    <option value="">{move || t().all}</option>
                    {themes.into_iter().map(|th| view! { <option value=th.code>{th.label}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="qf-search">{move || t().search_words}</label>
                <input id="qf-search" type="search" bind:value=search/>
            </div>
            <div class="field">
                <label for="qf-from">{move || t().month_from}</label>
                <input id="qf-from" type="month" bind:value=from/>
            </div>
            <div class="field">
                <label for="qf-to">{move || t().month_to}</label>
                <input id="qf-to" type="month" bind:value=to/>
            </div>
            <button class="btn" type="submit">{move || t().search}</button>
        </form>
        <ul class="plain quotes" aria-live="polite">{move || {
            let lang = state.lang.get();
            items.get().iter().map(|q| quote_view(lang, q)).collect_view()
        }}</ul>
        <Show when=move || loaded.get() && items.with(Vec::is_empty)>
            <p data-testid="no-quotes">{move || t().no_quotes}</p>
        </Show>
        <Show when=move || more.get()>
            <button class="btn" on:click=move |_| fetch(items.with_untracked(Vec::len) as u64)>{move || t().more_quotes}</button>
        </Show>
        {move || failure.get().map(|error| {
            let retry = Callback::new(move |()| fetch(failed_at.get_untracked()));
            view! { <LoadFailed what=|t| t.quotes_failed error=error on_retry=retry testid="quotes-load-error"/> }
        })}
    }
}
