//! Home: the current outing, open surveys, a testimony button, and what waits to be sent.

use leptos::prelude::*;

use leptos::task::spawn_local;

use crate::components::{LoadError, SyncBox};
use crate::route::Route;
use crate::state::use_state;

#[component]
pub fn Home() -> impl IntoView {
    let state = use_state();
    let tr = move || state.tr();
    let outing_line = move || {
        state.outing.get().map(|o| {
            let quartier = state.catalogue.with(|c| c.quartier_name(o.quartier_id));
            format!(
                "{quartier} — {} · {}",
                o.place,
                crate::i18n::outing_counts(state.lang.get(), o.approached, o.answered)
            )
        })
    };
    let surveys = move || {
        let outing_quartier = state.outing.get().map(|o| o.quartier_id);
        state
            .catalogue
            .get()
            .surveys
            .into_iter()
            .filter(|s| outing_quartier.is_none_or(|q| s.quartier_ids.is_empty() || s.quartier_ids.contains(&q)))
            .map(|s| {
                let id = s.survey_id;
                view! {
                    <li>
                        <button class="btn btn-big survey" data-testid="open-survey" on:click=move |_| state.go(Route::Survey(id))>
                            <span lang=crate::i18n::SURVEY_LANG>{s.version.definition.title.clone()}</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    // Surveys and quartiers come from the cached catalogue, filled by the sync's pull. A failed
    // read of the cache, or a first pull that failed, is said here with a way to try again.
    let load_failure = move || {
        let never_pulled = state.catalogue.with(|c| c.pulled_ms.is_none());
        let sync_error = state
            .sync
            .with(|s| (!s.running).then(|| s.last_error.clone()).flatten());
        // Once a pull has filled the catalogue, there is nothing missing to report.
        if !never_pulled {
            None
        } else if let Some(e) = sync_error {
            Some(format!(
                "{} ({})",
                tr().load_failed,
                crate::i18n::api_error(state.lang.get(), &e)
            ))
        } else if state.catalogue_unreadable.get() {
            Some(tr().load_failed.to_owned())
        } else {
            None
        }
    };
    let retry = Callback::new(move |()| {
        spawn_local(async move {
            if state.catalogue_unreadable.get_untracked() {
                state.reload_catalogue().await;
            }
            crate::sync::request(state);
        })
    });
    view! {
        <h1 class="sr-only">{move || tr().home_title}</h1>
        {move || match load_failure() {
            Some(message) => view! {
                <LoadError message=message on_retry=retry testid="load-error"/>
            }.into_any(),
            None => view! {
                <Show when=move || state.catalogue.with(|c| c.pulled_ms.is_none())>
                    <p class="banner info">{move || tr().needs_pull}</p>
                </Show>
            }.into_any(),
        }}
        <section class="card">
            <h2>{move || tr().current_outing}</h2>
            {move || match outing_line() {
                Some(line) => view! {
                    <p data-testid="outing-line">{line}</p>
                    <button class="btn btn-big" on:click=move |_| state.go(Route::Outing)>{tr().outing_title}</button>
                }.into_any(),
                None => view! {
                    <p>{tr().no_outing}</p>
                    <button class="btn btn-big" data-testid="start-outing" on:click=move |_| state.go(Route::Outing)>
                        {tr().start_outing}
                    </button>
                }.into_any(),
            }}
        </section>
        <section class="card">
            <h2>{move || tr().open_surveys}</h2>
            <Show when=move || state.catalogue.with(|c| c.surveys.is_empty())>
                <p>{move || tr().no_surveys}</p>
            </Show>
            <ul class="plain">{surveys}</ul>
            <button class="btn btn-primary btn-big" data-testid="new-testimony" on:click=move |_| state.go(Route::Testimony)>
                {move || tr().new_testimony}
            </button>
        </section>
        <SyncBox/>
        <button class="btn btn-big" data-testid="open-outbox" on:click=move |_| state.go(Route::Outbox)>
            {move || tr().outbox_link}
            <Show when=move || { state.attention_count() > 0 }>
                <span class="badge attention" data-testid="attention-count">
                    {move || format!("{} {}", state.attention_count(), tr().corrections_waiting)}
                </span>
            </Show>
        </button>
    }
}
