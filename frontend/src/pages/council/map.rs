//! The council's map (issue 16 §3): one theme in every quartier, as published (the figures
//! each quartier's public page already shows), on the quartiers' outlines or their squares.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::wire::{ThemeComparison, ThemeRef};

use crate::api::{staff, ApiError};
use crate::components::map::QuartierMapView;
use crate::pages::coord::{st, LoadFailed};
use crate::state::use_state;

#[component]
pub fn CouncilMap(themes: Vec<ThemeRef>) -> impl IntoView {
    let state = use_state();
    let t = move || st(state);
    let shapes = LocalResource::new(staff::quartier_map);
    let theme = RwSignal::new(String::new());
    let compared = RwSignal::new(None::<ThemeComparison>);
    let failure = RwSignal::new(None::<ApiError>);
    let load = move || {
        let code = theme.get_untracked();
        if code.is_empty() {
            compared.set(None);
            return;
        }
        spawn_local(async move {
            match staff::compare_theme(&code, None, None, &[], false).await {
                Ok(c) => {
                    failure.set(None);
                    compared.set(Some(c));
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let choices = themes
        .into_iter()
        .map(|th| view! { <option value=th.code>{th.label}</option> })
        .collect_view();
    let drawn = move || {
        let c = compared.get()?;
        let map = match shapes.get()? {
            Ok(map) => map,
            Err(error) => {
                let retry = Callback::new(move |()| shapes.refetch());
                return Some(view! { <LoadFailed what=|t| t.map_failed error=error on_retry=retry testid="map-load-error"/> }.into_any());
            }
        };
        let t = t();
        let values = c
            .rows
            .iter()
            .map(|r| (r.quartier.id, r.total.clone(), r.total.percent))
            .collect();
        Some(
            view! {
                <QuartierMapView map=map values=values lang=state.lang.get() t=t
                    caption=format!("{} — {}", c.theme.label, t.map_of_theme) as_percent=true/>
            }
            .into_any(),
        )
    };
    view! {
        <div class="field">
            <label for="map-theme">{move || t().theme}</label>
            <select id="map-theme" on:change=move |ev| { theme.set(event_target_value(&ev)); load() }>
                <option value="">{move || state.tr().choose}</option>
                {choices}
            </select>
        </div>
        {move || failure.get().map(|error| {
            let retry = Callback::new(move |()| load());
            view! { <LoadFailed what=|t| t.map_failed error=error on_retry=retry testid="council-map-error"/> }
        })}
        {drawn}
    }
}
