//! The quartier map (issue 16 §3): the shapes the server gives (`GET /api/v1/map`: outlines
//! uploaded as GeoJSON, or one square per quartier) coloured by a published figure. Suppressed
//! figures are hatched and say what the server says ("< 11"); the same figures are in a table
//! for screen readers and for print. Drawn here, no map tiles from the web.

use leptos::prelude::*;
use portevoix_domain::wire::{Figure, MapMode, QuartierMap};

use crate::components::chart::{figure_text, percent};
use crate::i18n::staff::St;
use crate::i18n::Lang;

/// Colour classes: 0 no figure, 1–4 quarters of the largest value.
fn class_of(value: Option<f64>, max: f64) -> usize {
    match value {
        Some(v) if max > 0.0 => ((v / max * 4.0).ceil() as usize).clamp(1, 4),
        Some(_) => 1,
        None => 0,
    }
}

/// The name on two short lines at most, for a square.
fn tile_lines(name: &str) -> (String, String) {
    let mut first = String::new();
    let mut second = String::new();
    for word in name.split_whitespace() {
        if second.is_empty() && first.chars().count() + word.chars().count() < 13 {
            if !first.is_empty() {
                first.push(' ');
            }
            first.push_str(word);
        } else {
            if !second.is_empty() {
                second.push(' ');
            }
            second.push_str(word);
        }
    }
    (first, second)
}

/// `values`: per quartier id, the figure to print and the number to colour by (absent when
/// suppressed). `as_percent`: the numbers are shares (legend in %), else counts.
#[component]
pub fn QuartierMapView(
    map: QuartierMap,
    values: Vec<(i64, Figure, Option<f64>)>,
    lang: Lang,
    t: &'static St,
    #[prop(into)] caption: String,
    as_percent: bool,
) -> impl IntoView {
    let max = values
        .iter()
        .filter_map(|(_, _, v)| *v)
        .fold(0.0_f64, f64::max);
    let number = move |v: f64| {
        if as_percent {
            percent(lang, v)
        } else {
            format!("{}", v.round() as i64)
        }
    };
    let tiles = map.mode == MapMode::Tiles;
    let shapes = map
        .shapes
        .iter()
        .map(|shape| {
            let found = values.iter().find(|(id, _, _)| *id == shape.quartier.id);
            let figure = found.map(|(_, f, _)| f.clone());
            let value = found.and_then(|(_, _, v)| *v);
            let hidden = figure.as_ref().is_some_and(|f| f.suppressed.is_some());
            let class = if hidden {
                "qmap-shape hatched".to_owned()
            } else {
                format!("qmap-shape c{}", class_of(value, max))
            };
            let text = figure
                .as_ref()
                .map(|f| if hidden { f.display.clone() } else { value.map_or_else(|| f.display.clone(), number) })
                .unwrap_or_default();
            let title = format!(
                "{} : {}",
                shape.quartier.name,
                figure.as_ref().map_or_else(|| t.map_no_figure.to_owned(), |f| figure_text(lang, f))
            );
            let [x, y] = shape.label_at;
            let body = match (&shape.path, tiles) {
                (Some(d), false) => view! { <path d=d.clone() fill-rule="evenodd"/> }.into_any(),
                _ => {
                    let (cx, cy) = (f64::from(shape.tile.col) * 100.0, f64::from(shape.tile.row) * 100.0);
                    view! { <rect x=cx + 3.0 y=cy + 3.0 width="94" height="94" rx="6"/> }.into_any()
                }
            };
            let label = if tiles {
                let (first, second) = tile_lines(&shape.quartier.name);
                view! {
                    <text x=x y=y - 18.0 class="qmap-name">{first}</text>
                    <text x=x y=y - 4.0 class="qmap-name">{second}</text>
                    <text x=x y=y + 24.0 class="qmap-value">{text}</text>
                }
                .into_any()
            } else {
                view! { <text x=x y=y + 5.0 class="qmap-value">{text}</text> }.into_any()
            };
            view! {
                <g class=class data-testid="map-shape" data-quartier=shape.quartier.slug.clone() data-hidden=hidden.then_some("1")>
                    <title>{title}</title>
                    {body}
                    {label}
                </g>
            }
        })
        .collect_view();
    let legend = (1..=4)
        .map(|c| {
            let low = max * f64::from(c - 1) / 4.0;
            let high = max * f64::from(c) / 4.0;
            view! { <li><span class=format!("qmap-swatch c{c}") aria-hidden="true"></span>{format!("{} – {}", number(low), number(high))}</li> }
        })
        .collect_view();
    let rows = map
        .shapes
        .iter()
        .map(|shape| {
            let figure = values
                .iter()
                .find(|(id, _, _)| *id == shape.quartier.id)
                .map_or_else(|| t.map_no_figure.to_owned(), |(_, f, _)| figure_text(lang, f));
            view! { <tr><th scope="row">{shape.quartier.name.clone()}</th><td class="num">{figure}</td></tr> }
        })
        .collect_view();
    let region_label = caption.clone();
    let table_caption = caption.clone();
    view! {
        <figure class="qmap" data-testid="quartier-map" data-mode=if tiles { "tiles" } else { "outlines" }>
            <figcaption id="qmap-caption">{caption.clone()}</figcaption>
            <svg class="qmap-svg" viewBox=map.view_box.clone() role="img" aria-labelledby="qmap-caption">
                <defs>
                    <pattern id="qmap-hatch" patternUnits="userSpaceOnUse" width="10" height="10" patternTransform="rotate(45)">
                        <rect width="10" height="10" class="hatch-ground"/>
                        <line x1="0" y1="0" x2="0" y2="10" class="hatch-line"/>
                    </pattern>
                </defs>
                {shapes}
            </svg>
            <ul class="qmap-legend legend">
                {legend}
                <li><span class="qmap-swatch hatched" aria-hidden="true"></span>{format!("« < 11 » : {}", t.small_cell)}</li>
                <li><span class="qmap-swatch hatched" aria-hidden="true"></span>{format!("« s » : {}", t.secondary_cell)}</li>
                <li><span class="qmap-swatch c0" aria-hidden="true"></span>{t.map_no_figure}</li>
            </ul>
            <div class="table-wrap" tabindex="0" role="region" aria-label=region_label>
                <table class="data">
                    <caption>{table_caption}</caption>
                    <thead><tr><th scope="col">{t.quartier}</th><th scope="col">{t.map_figure}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </figure>
    }
}
