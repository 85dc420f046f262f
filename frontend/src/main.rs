//! Porte-Voix for volunteers: an offline-first PWA to run flash surveys and record residents'
//! words outdoors; with the `staff` feature, also the coordinators' and councils' screens.
//! Client-side rendered with Leptos, compiled to wasm32; see `xtask/src/frontend.rs` for the
//! build (two bundles) and `frontend/README.md` for the design.
//!
//! Nothing a person types may make it panic (a panic traps the wasm module): outside tests, no
//! byte-index slicing of strings and no indexing that can go out of bounds, as in `domain`
//! (`unwrap`/`expect` are denied for the whole workspace). Should a panic still happen, `crash`
//! shows a message and a reload button, and `draft` has kept what was being typed.
#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

mod api;
mod catalogue;
mod components;
mod crash;
mod draft;
mod i18n;
mod idb;
mod json;
mod number;
mod outbox;
mod pages;
mod platform;
mod route;
mod screens;
mod state;
mod sync;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::{Banners, TopBar};
use crate::route::Route;
use crate::screens::{lazy_screen, Lazy};
use crate::state::AppState;

fn main() {
    crash::install();
    crash::listen_for_test_panic();
    leptos::mount::mount_to_body(Root);
}

#[component]
fn Root() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);

    std::mem::forget(window_event_listener_untyped("popstate", move |_| {
        state.route.set(Route::current())
    }));
    std::mem::forget(window_event_listener_untyped(
        "pv-update-ready",
        move |_| state.update_ready.set(true),
    ));
    if let Some(w) = web_sys::window() {
        if js_sys::Reflect::get(&w, &"pvUpdateReady".into())
            .ok()
            .and_then(|v| v.as_bool())
            == Some(true)
        {
            state.update_ready.set(true);
        }
    }

    spawn_local(async move {
        state.load().await;
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", state.lang.get_untracked().code());
            // Tests and the benchmark wait for this: the app is interactive.
            let _ = root.set_attribute("data-pv-ready", "1");
            if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
                let _ = perf.mark("pv-ready");
            }
        }
        crate::sync::start(state);
        // The other screens' code, compiled in the background (`screens.rs`).
        spawn_local(screens::preload());
        // Ask the browser to keep our IndexedDB under storage pressure (the outbox lives there).
        if state.me.get_untracked().is_some() {
            platform::persist_storage().await;
        }
        if let Some(estimate) = platform::storage_estimate().await {
            state.storage.set(Some(estimate));
        }
    });

    let page = move || {
        if !state.loaded.get() {
            return view! { <p class="boot" role="status">"Porte-Voix…"</p> }.into_any();
        }
        let route = state.route.get();
        let signed_in = state.me.with(Option::is_some);
        let role = state.me.with(|m| m.as_ref().map(|m| m.role));
        // Staff and council accounts land on their own screens.
        let route = match (route, role) {
            (Route::Home, Some(role)) => Route::home_for(role),
            (route, _) => route,
        };
        match route {
            Route::Enrol(code) => lazy_screen(Lazy::SignIn(code)),
            Route::SignIn => lazy_screen(Lazy::SignIn(String::new())),
            _ if !signed_in => lazy_screen(Lazy::SignIn(String::new())),
            Route::Home => view! { <pages::home::Home/> }.into_any(),
            Route::Outing => lazy_screen(Lazy::Outing),
            Route::Survey(id) => lazy_screen(Lazy::Survey(id)),
            Route::Testimony => lazy_screen(Lazy::Testimony),
            Route::Fix(id) => lazy_screen(Lazy::Fix(id)),
            Route::Outbox => lazy_screen(Lazy::Outbox),
            Route::Coord(_) | Route::Council(_) => staff_page(route),
            Route::NotFound => view! { <p class="card">{state.tr().not_found}</p> }.into_any(),
        }
    };

    view! {
        <TopBar/>
        <Banners/>
        <main id="main" tabindex="-1" class=move || if state.route.get().is_staff() || state.me.with(|m| m.as_ref().is_some_and(|m| m.role != portevoix_domain::wire::Role::Volunteer)) { "page wide" } else { "page" }>{page}</main>
    }
}

#[cfg(feature = "council")]
fn staff_page(_route: Route) -> AnyView {
    view! { <pages::coord::StaffShell/> }.into_any()
}

/// The volunteers' bundle has no staff screens: load the right bundle (`boot.js` picks it from
/// the path and the account signed in).
#[cfg(not(feature = "council"))]
fn staff_page(route: Route) -> AnyView {
    platform::load_bundle_for(&route)
}
