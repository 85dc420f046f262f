//! The quartier map's setup, on the places screen (issue 16 §3): upload the quartiers'
//! outlines as GeoJSON (the report says which feature went where and why the others did not),
//! remove them, or place each quartier's square on the tile map used while outlines are missing.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::wire::{MapMode, OutlineReport, QuartierMap};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{explain, st};
use crate::api::staff;
use crate::state::use_state;

/// The server's limit for an outlines file (5 MiB).
const MAX_FILE_BYTES: f64 = 5_242_880.0;

enum Chosen {
    Nothing,
    TooLarge,
    Text(String),
}

/// The text of the file chosen in `input`, unless there is none or it is over the limit (not
/// read then: a phone would hold it all in memory for nothing).
async fn chosen_text(input: &web_sys::HtmlInputElement) -> Chosen {
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return Chosen::Nothing;
    };
    let blob: &web_sys::Blob = file.unchecked_ref();
    if blob.size() > MAX_FILE_BYTES {
        return Chosen::TooLarge;
    }
    match JsFuture::from(blob.text())
        .await
        .ok()
        .and_then(|t| t.as_string())
    {
        Some(text) => Chosen::Text(text),
        None => Chosen::Nothing,
    }
}

#[component]
pub fn MapSetup() -> impl IntoView {
    let state = use_state();
    let t = move || st(state);
    let shapes = LocalResource::new(staff::quartier_map);
    let current = RwSignal::new(None::<QuartierMap>);
    Effect::new(move |_| {
        if let Some(Ok(map)) = shapes.get() {
            current.set(Some(map));
        }
    });
    let report = RwSignal::new(None::<OutlineReport>);
    let status = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let file_input = NodeRef::<leptos::html::Input>::new();

    let upload = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(input) = file_input.get_untracked() else {
            return;
        };
        status.set(None);
        failure.set(None);
        spawn_local(async move {
            let text = match chosen_text(&input).await {
                Chosen::Text(text) => text,
                Chosen::TooLarge => {
                    failure.set(Some(st(state).map_file_too_large.to_owned()));
                    return;
                }
                Chosen::Nothing => {
                    failure.set(Some(st(state).map_pick_file.to_owned()));
                    return;
                }
            };
            let Ok(geojson) = crate::json::from_str::<serde_json::Value>(&text) else {
                failure.set(Some(st(state).map_not_json.to_owned()));
                return;
            };
            match staff::upload_outlines(&geojson).await {
                Ok(r) => {
                    report.set(Some(r));
                    shapes.refetch();
                }
                Err(e) => failure.set(Some(explain(state, e))),
            }
        });
    };
    let clear = move |_| {
        status.set(None);
        failure.set(None);
        spawn_local(async move {
            match staff::clear_outlines().await {
                Ok(_) => {
                    report.set(None);
                    status.set(Some(st(state).map_cleared.to_owned()));
                    shapes.refetch();
                }
                Err(e) => failure.set(Some(explain(state, e))),
            }
        });
    };
    let report_view = move || {
        report.get().map(|r| {
            let t = t();
            let matched = r.matched.iter().map(|m| view! { <li>{format!("{} ({} points)", m.quartier.name, m.points)}</li> }).collect_view();
            let unmatched = r.unmatched.iter().map(|u| view! {
                <li>{format!("{} {} : {}", t.map_feature, u.feature + 1, u.message)}</li>
            }).collect_view();
            let missing = r.missing.iter().map(|q| view! { <li>{q.name.clone()}</li> }).collect_view();
            view! {
                <div data-testid="outline-report">
                    <h3>{format!("{} : {}", t.map_matched, r.matched.len())}</h3>
                    <ul class="plain">{matched}</ul>
                    {(!r.unmatched.is_empty()).then(|| view! { <h3>{format!("{} : {}", t.map_unmatched, r.unmatched.len())}</h3><ul class="plain">{unmatched}</ul> })}
                    {(!r.missing.is_empty()).then(|| view! { <h3>{format!("{} : {}", t.map_missing, r.missing.len())}</h3><ul class="plain">{missing}</ul> })}
                </div>
            }
        })
    };
    let tiles = move || {
        let map = current.get()?;
        let t = t();
        let rows = map.shapes.into_iter().map(|shape| {
            let id = shape.quartier.id;
            let col = RwSignal::new(shape.tile.col.to_string());
            let row = RwSignal::new(shape.tile.row.to_string());
            let (col_id, row_id) = (format!("tile-col-{id}"), format!("tile-row-{id}"));
            let name = shape.quartier.name.clone();
            let label_name = shape.quartier.name.clone();
            let place = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                status.set(None);
                failure.set(None);
                let (Ok(c), Ok(r)) = (col.get_untracked().trim().parse::<u8>(), row.get_untracked().trim().parse::<u8>()) else {
                    failure.set(Some(format!("{name} : 0 – 19")));
                    return;
                };
                spawn_local(async move {
                    match staff::place_tile(id, c, r).await {
                        Ok(map) => {
                            current.set(Some(map));
                            status.set(Some(st(state).map_placed.to_owned()));
                        }
                        Err(e) => failure.set(Some(explain(state, e))),
                    }
                });
            };
            view! {
                <li>
                    <form class="row tile-place" on:submit=place data-testid="tile-form">
                        <span class="grow">{shape.quartier.name.clone()}</span>
                        <label for=col_id.clone()>{t.map_col}</label>
                        <input id=col_id type="number" min="0" max="19" inputmode="numeric" class="short"
                            aria-label=format!("{} : {}", label_name, t.map_col) bind:value=col/>
                        <label for=row_id.clone()>{t.map_row}</label>
                        <input id=row_id type="number" min="0" max="19" inputmode="numeric" class="short"
                            aria-label=format!("{} : {}", label_name, t.map_row) bind:value=row/>
                        <button class="btn" type="submit" aria-label=format!("{} : {}", t.map_place, label_name)>{t.map_place}</button>
                    </form>
                </li>
            }
        }).collect_view();
        let note = (map.mode == MapMode::Outlines)
            .then(|| view! { <p class="hint">{t.map_upload_hint}</p> });
        Some(view! { <h3>{t.map_tiles}</h3>{note}<ul class="plain">{rows}</ul> })
    };
    view! {
        <section class="card" aria-labelledby="map-setup-h">
            <h2 id="map-setup-h">{move || t().map_section}</h2>
            <p class="ok" role="status">{move || status.get()}</p>
            <p class="error" role="alert" data-testid="map-error">{move || failure.get()}</p>
            <form on:submit=upload data-testid="outline-form">
                <div class="field">
                    <label for="outline-file">{move || t().map_upload}</label>
                    <p class="hint" id="outline-hint">{move || t().map_upload_hint}</p>
                    <input id="outline-file" type="file" accept=".geojson,.json,application/geo+json,application/json" aria-describedby="outline-hint" node_ref=file_input/>
                </div>
                <div class="row">
                    <button class="btn btn-primary" type="submit">{move || t().map_send}</button>
                    <button class="btn" type="button" on:click=clear>{move || t().map_clear}</button>
                </div>
            </form>
            {report_view}
            {tiles}
        </section>
    }
}
