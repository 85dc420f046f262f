//! The volunteers' screens that are not needed to start the app, loaded on first use as one wasm
//! module of their own (Leptos' code splitting: `wasm_split`, split by `cargo xtask frontend`).
//! Every function below names the same module, `screens`: split into one module per screen, the
//! start was no smaller and the rest was 26 files and 40 KB more (docs/benchmarks.md).
//!
//! The app starts with the top bar, the banners, the home screen and the sync: what a phone
//! needs to show where it stands. Sign-in, outing, survey, testimony, correction and "Envois"
//! are fetched when first opened; the service worker precaches them all, so they open offline as
//! before. A load that fails (a browser that lost its cache and has no network) shows the
//! screen's error with a "Réessayer" button, never a blank page.
//!
//! Each split function returns a [`ViewFn`] (cloneable, so the loaded screen can be kept in a
//! resource) that draws the screen: the screens' code and the Leptos code only they use move to
//! the module. On the host (`cargo test`, `clippy`) the functions are called directly.

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use uuid::Uuid;

use crate::components::LoadError;
use crate::pages;
use crate::state::use_state;

#[wasm_split(screens, wasm_split_path = ::leptos::wasm_split, fallible)]
fn signin_screen(enrol_code: String) -> Result<ViewFn, SplitLoaderError> {
    Ok(ViewFn::from(
        move || view! { <pages::signin::SignIn enrol_code=enrol_code.clone()/> },
    ))
}

#[wasm_split(screens, wasm_split_path = ::leptos::wasm_split, fallible)]
fn outing_screen() -> Result<ViewFn, SplitLoaderError> {
    Ok(ViewFn::from(|| view! { <pages::outing::OutingPage/> }))
}

#[wasm_split(screens, wasm_split_path = ::leptos::wasm_split, fallible)]
fn survey_screen(survey_id: i64) -> Result<ViewFn, SplitLoaderError> {
    Ok(ViewFn::from(
        move || view! { <pages::survey::SurveyPage survey_id=survey_id/> },
    ))
}

#[wasm_split(screens, wasm_split_path = ::leptos::wasm_split, fallible)]
fn testimony_screen() -> Result<ViewFn, SplitLoaderError> {
    Ok(ViewFn::from(
        || view! { <pages::testimony::TestimonyPage/> },
    ))
}

#[wasm_split(screens, wasm_split_path = ::leptos::wasm_split, fallible)]
fn fix_screen(id: Uuid) -> Result<ViewFn, SplitLoaderError> {
    Ok(ViewFn::from(move || view! { <pages::fix::FixPage id=id/> }))
}

#[wasm_split(screens, wasm_split_path = ::leptos::wasm_split, fallible)]
fn outbox_screen() -> Result<ViewFn, SplitLoaderError> {
    Ok(ViewFn::from(|| view! { <pages::outbox::OutboxPage/> }))
}

/// One of the screens above, as a lazily loaded view.
#[derive(Debug, Clone)]
pub enum Lazy {
    SignIn(String),
    Outing,
    Survey(i64),
    Testimony,
    Fix(Uuid),
    Outbox,
}

async fn load(screen: Lazy) -> Result<ViewFn, SplitLoaderError> {
    match screen {
        Lazy::SignIn(code) => signin_screen(code).await,
        Lazy::Outing => outing_screen().await,
        Lazy::Survey(id) => survey_screen(id).await,
        Lazy::Testimony => testimony_screen().await,
        Lazy::Fix(id) => fix_screen(id).await,
        Lazy::Outbox => outbox_screen().await,
    }
}

/// Draws `screen` once its module is loaded ("Porte-Voix…" meanwhile), or the error with a retry.
///
/// The screen is drawn untracked, in the closure that reads the load: only a new load (a retry)
/// draws it again, never a signal the screen itself reads while it is built.
pub fn lazy_screen(screen: Lazy) -> AnyView {
    let state = use_state();
    let attempt = RwSignal::new(0u32);
    let loaded = LocalResource::new(move || {
        attempt.track();
        load(screen.clone())
    });
    let retry = Callback::new(move |()| attempt.update(|n| *n += 1));
    let page = move || match loaded.get() {
        None => view! { <p class="boot" role="status">"Porte-Voix…"</p> }.into_any(),
        Some(Ok(draw)) => untrack(|| draw.run()),
        Some(Err(_)) => view! {
            <LoadError
                message=Signal::derive(move || state.tr().screen_load_failed.to_owned())
                on_retry=retry
                testid="screen-load-error"
            />
        }
        .into_any(),
    };
    page.into_any()
}

/// Loads the screens' module in the background once the app has started, so that the first
/// screen opened after the home screen appears at once. A failure is left to that screen.
pub async fn preload() {
    // Any function's preload loads the whole `screens` module.
    let _ = __wasm_split_preload_outing_screen().await;
}
