//! Small pieces shared by the screens.

use leptos::prelude::*;
use portevoix_domain::wire::AgeBand;

use crate::i18n::{self, Lang};
use crate::route::Route;
use crate::state::{use_state, AppState};

#[component]
pub fn TopBar() -> impl IntoView {
    let state = use_state();
    let toggle = move |_| {
        let next = if state.lang.get_untracked() == Lang::Fr {
            Lang::En
        } else {
            Lang::Fr
        };
        state.set_lang(next);
    };
    view! {
        <header class="topbar">
            <button class="brand" on:click=move |_| state.go(state.me.get_untracked().map(|m| Route::home_for(m.role)).unwrap_or(Route::Home))>
                {move || state.tr().app_name}
            </button>
            <span class=move || if state.online.get() { "net on" } else { "net off" } role="status">
                {move || if state.online.get() { state.tr().online } else { state.tr().offline }}
            </span>
            <button class="lang" on:click=toggle aria-label=move || state.tr().other_lang_label>
                {move || state.tr().other_lang}
            </button>
        </header>
    }
}

/// Update ready, session expired, storage low: things the volunteer must see on every screen.
#[component]
pub fn Banners() -> impl IntoView {
    let state = use_state();
    let apply_update = move |_| {
        if let Some(w) = web_sys::window() {
            if let Ok(f) = js_sys::Reflect::get(&w, &"pvApplyUpdate".into()) {
                if let Ok(f) = wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f) {
                    let _ = f.call0(&w);
                }
            }
        }
    };
    view! {
        <div class="banners" aria-live="polite">
            <Show when=move || state.update_ready.get()>
                <div class="banner info" data-testid="update-ready">
                    <span>{move || state.tr().update_ready}</span>
                    <button class="btn" on:click=apply_update>{move || state.tr().update_now}</button>
                </div>
            </Show>
            <Show when=move || state.session_expired.get() && state.route.get() != Route::SignIn>
                <div class="banner warn" data-testid="session-expired">
                    // Only a volunteer's phone has sends to pause.
                    <span>{move || if state.me.with(|m| m.as_ref().is_some_and(|m| m.role == portevoix_domain::wire::Role::CouncilMember)) {
                        state.tr().session_expired_reader
                    } else {
                        state.tr().session_expired
                    }}</span>
                    <button class="btn" on:click=move |_| state.go(Route::SignIn)>{move || state.tr().signin_again}</button>
                </div>
            </Show>
            <Show when=move || state.local_unreadable.get()>
                <LoadError message=Signal::derive(move || state.tr().local_unreadable.to_owned())
                    on_retry=Callback::new(move |()| leptos::task::spawn_local(async move { state.reload_local().await }))
                    testid="local-unreadable"/>
            </Show>
            <Show when=move || storage_low(state)>
                <div class="banner warn">{move || state.tr().storage_low}</div>
            </Show>
        </div>
    }
}

fn storage_low(state: AppState) -> bool {
    state
        .storage
        .get()
        .is_some_and(|(usage, quota)| quota > 0.0 && (usage / quota > 0.8 || quota - usage < 20e6))
}

/// The sync line: pending count, button, status; used on the home and outbox screens.
#[component]
pub fn SyncBox() -> impl IntoView {
    let state = use_state();
    let status_text = move || {
        let tr = state.tr();
        let sync = state.sync.get();
        if sync.running {
            tr.syncing.to_owned()
        } else if let Some(error) = sync.last_error {
            let why = i18n::api_error(state.lang.get(), &error);
            format!("{} ({why})", tr.sync_failed)
        } else if let Some(ms) = sync.last_ok_ms {
            format!("{} {}", tr.last_sync, clock(ms))
        } else {
            String::new()
        }
    };
    view! {
        <section class="card sync">
            <p class="pending" data-testid="pending-count">
                // While the outbox cannot be read, its count is unknown, not 0.
                <strong data-testid="pending-number">{move || {
                    if state.local_unreadable.get() { "?".to_owned() } else { state.waiting_count().to_string() }
                }}</strong>
                " "{move || state.tr().pending}
            </p>
            <button
                class="btn btn-primary btn-big"
                data-testid="sync-now"
                aria-describedby=move || (!state.online.get()).then_some("sync-offline")
                disabled=move || state.sync.get().running || !state.online.get()
                on:click=move |_| {
                    state.session_expired.set(false);
                    crate::sync::request(state)
                }
            >
                {move || if state.sync.get().running { state.tr().syncing } else { state.tr().sync_now }}
            </button>
            <Show when=move || !state.online.get()>
                <p class="hint" id="sync-offline" data-testid="sync-offline">{move || state.tr().sync_offline}</p>
            </Show>
            <p class="status" role="status" aria-live="polite" data-testid="sync-status">{status_text}</p>
        </section>
    }
}

pub fn clock(ms: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}

/// Quartier picker from the cached catalogue.
#[component]
pub fn QuartierSelect(value: RwSignal<Option<i64>>, #[prop(into)] id: String) -> impl IntoView {
    let state = use_state();
    let label_for = id.clone();
    view! {
        <div class="field">
            <label for=label_for>{move || state.tr().quartier}</label>
            <select
                id=id
                required
                on:change=move |ev| value.set(event_target_value(&ev).parse().ok())
                prop:value=move || value.get().map(|v| v.to_string()).unwrap_or_default()
            >
                <option value="">{move || state.tr().choose}</option>
                {move || {
                    state
                        .catalogue
                        .get()
                        .quartiers
                        .into_iter()
                        .map(|q| {
                            let selected = value.get_untracked() == Some(q.id);
                            view! { <option value=q.id.to_string() selected=selected>{q.name}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

#[component]
pub fn AgeBandSelect(value: RwSignal<Option<AgeBand>>, #[prop(into)] id: String) -> impl IntoView {
    let state = use_state();
    let label_for = id.clone();
    view! {
        <div class="field">
            <label for=label_for>{move || format!("{} ({})", state.tr().age_band, state.tr().optional)}</label>
            <select
                id=id
                on:change=move |ev| value.set(AgeBand::parse(&event_target_value(&ev)))
                prop:value=move || value.get().map(|b| b.as_str().to_owned()).unwrap_or_default()
            >
                <option value="">{move || state.tr().not_said}</option>
                {AgeBand::ALL
                    .into_iter()
                    .map(|band| {
                        view! {
                            <option value=band.as_str() selected=move || value.get() == Some(band)>
                                {move || i18n::age_band(state.lang.get(), band)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// Where residents look their receipt up themselves: this server's `/recu`, without the scheme
/// (read aloud or copied by hand).
fn receipt_page_address() -> String {
    let host = web_sys::window()
        .and_then(|w| w.location().host().ok())
        .unwrap_or_default();
    format!("{host}/recu")
}

/// The receipt code to hand to the resident, grouped by four for reading aloud. `same`: a fix
/// kept the code the person already has. An empty code (a correction made on a phone that never
/// had it) shows no code.
#[component]
pub fn Receipt(
    code: String,
    on_again: Callback<()>,
    #[prop(optional)] same: bool,
) -> impl IntoView {
    let state = use_state();
    // Grouped by four for reading aloud (by characters: never cut inside one).
    let chars: Vec<char> = code.chars().collect();
    let shown = chars
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <section class="card receipt" aria-live="polite">
            <p class="ok" role="status">{move || state.tr().saved}</p>
            {(!code.is_empty()).then(|| view! {
                <h2>{move || state.tr().receipt_title}</h2>
                <p class="code" data-testid="receipt-code" data-code=code.clone()>{shown}</p>
                <p class="hint">{move || if same { state.tr().same_receipt } else { state.tr().receipt_hint }}</p>
                <p class="hint">{move || state.tr().receipt_page}" "<strong data-testid="receipt-page">{receipt_page_address()}</strong></p>
                <img class="receipt-qr" src="/recu/qr.svg" width="160" height="160" data-testid="receipt-qr"
                    alt=move || format!("{} {}", state.tr().receipt_qr, receipt_page_address())/>
            })}
            {(code.is_empty() && same).then(|| view! {
                <p data-testid="correction-saved">{move || state.tr().correction_saved}</p>
            })}
            {(code.is_empty() && !same).then(|| view! {
                <p class="warn" data-testid="no-receipt">{move || state.tr().no_receipt}</p>
            })}
            <button class="btn btn-primary btn-big" data-testid="again" on:click=move |_| on_again.run(())>
                {move || state.tr().another_answer}
            </button>
            <button class="btn btn-big" on:click=move |_| state.go(Route::Home)>{move || state.tr().home}</button>
        </section>
    }
}

/// A load that failed, never dropped silently: what could not be loaded and why (`message`), and
/// a button to try again.
#[component]
pub fn LoadError(
    #[prop(into)] message: Signal<String>,
    on_retry: Callback<()>,
    #[prop(into)] testid: String,
) -> impl IntoView {
    let state = use_state();
    view! {
        <section class="card">
            <p class="error" role="alert" data-testid=testid>{message}</p>
            <button type="button" class="btn" data-testid="retry" on:click=move |_| on_retry.run(())>
                {move || state.tr().retry}
            </button>
        </section>
    }
}

/// "Draft found": the form was reopened with what had been typed before (a reload, a closed
/// browser, a crash), with a way to start afresh.
#[component]
pub fn DraftNote(on_discard: Callback<()>) -> impl IntoView {
    let state = use_state();
    view! {
        <div class="banner info" role="status" data-testid="draft-restored">
            <span>{move || state.tr().draft_restored}</span>
            <button type="button" class="btn" data-testid="draft-discard" on:click=move |_| on_discard.run(())>
                {move || state.tr().draft_discard}
            </button>
        </div>
    }
}

/// A text field bound to a signal.
#[component]
pub fn TextField(
    value: RwSignal<String>,
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(optional, into)] kind: Option<String>,
    #[prop(optional, into)] autocomplete: Option<String>,
) -> impl IntoView {
    let label_for = id.clone();
    let hint_id = format!("{id}-hint");
    let described = hint.map(|_| hint_id.clone());
    view! {
        <div class="field">
            <label for=label_for>{label}</label>
            <input
                id=id
                type=kind.unwrap_or_else(|| "text".into())
                autocomplete=autocomplete
                aria-describedby=described
                bind:value=value
            />
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
        </div>
    }
}

#[cfg(feature = "council")]
pub mod chart;
#[cfg(feature = "council")]
pub mod map;
