//! Hand-made SVG charts for published figures (no chart library: bundle size). Bars are SVG;
//! labels and values are HTML next to them, so they stay readable on a phone, zoom with the
//! text and are read by screen readers. Suppressed figures show what the server says: "< 11"
//! (fewer than 11 people) or "s" (hidden so that totals cannot reveal a small figure).

use leptos::prelude::*;
use portevoix_domain::month::Month;
use portevoix_domain::wire::{Figure, Suppressed, ThemeSeries};

use crate::i18n::staff::{month_short, month_words, St};
use crate::i18n::Lang;

/// "35,0 %" in French, "35.0 %" in English.
pub fn percent(lang: Lang, value: f64) -> String {
    let text = format!("{value:.1}");
    match lang {
        Lang::Fr => format!("{} %", text.replace('.', ",")),
        Lang::En => format!("{text} %"),
    }
}

/// The figure as printed: count and share, or the suppression mark.
pub fn figure_text(lang: Lang, figure: &Figure) -> String {
    match (figure.count, figure.percent) {
        (Some(count), Some(p)) => format!("{count} · {}", percent(lang, p)),
        (Some(count), None) => count.to_string(),
        _ => figure.display.clone(),
    }
}

fn figure_title(t: &St, figure: &Figure) -> Option<&'static str> {
    match figure.suppressed {
        Some(Suppressed::Small) => Some(t.small_cell),
        Some(Suppressed::Secondary) => Some(t.secondary_cell),
        None => None,
    }
}

/// Horizontal bars, one per option: label, bar, value.
#[component]
pub fn BarChart(
    bars: Vec<(String, Figure)>,
    lang: Lang,
    t: &'static St,
    #[prop(optional, into)] caption: String,
) -> impl IntoView {
    let max = bars
        .iter()
        .filter_map(|(_, f)| f.count)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let rows = bars
        .into_iter()
        .map(|(label, figure)| {
            // Length: the share when published, else the count against the largest one.
            let length = match (figure.percent, figure.count) {
                (Some(p), _) => p.clamp(0.0, 100.0),
                (None, Some(c)) => c as f64 / max * 100.0,
                _ => 0.0,
            };
            let hidden = figure.suppressed.is_some();
            let value = figure_text(lang, &figure);
            let title = figure_title(t, &figure);
            view! {
                <li class="bar-row" data-suppressed=hidden.then_some("1")>
                    <span class="bar-label">{label}</span>
                    <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                        <rect class="track" x="0" y="0" width="100" height="10"/>
                        {if hidden {
                            view! { <rect class="hidden-cell" x="0.5" y="0.5" width="99" height="9"/> }.into_any()
                        } else {
                            view! { <rect class="fill" x="0" y="0" width=format!("{length:.2}") height="10"/> }.into_any()
                        }}
                    </svg>
                    <span class="bar-value" data-testid="figure" title=title>{value}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            {(!caption.is_empty()).then(|| view! { <figcaption>{caption}</figcaption> })}
            <ul class="plain bars">{rows}</ul>
        </figure>
    }
}

/// What "< 11" and "s" mean, under charts.
#[component]
pub fn SuppressionLegend(t: &'static St) -> impl IntoView {
    view! { <p class="hint legend">{t.suppression_legend}</p> }
}

/// Themes month by month: one small bar chart per theme (same scale for all), and the table.
#[component]
pub fn MonthlyChart(
    months: Vec<Month>,
    series: Vec<ThemeSeries>,
    lang: Lang,
    t: &'static St,
    /// Print the figures table under the charts (the report); otherwise it folds away.
    #[prop(optional)]
    table_open: bool,
) -> impl IntoView {
    // Themes nobody spoke of in the period add nothing but length (on paper especially).
    let series: Vec<ThemeSeries> = series
        .into_iter()
        .filter(|s| s.total.count != Some(0))
        .collect();
    // A theme whose every month is hidden (fewer than 11) would be a row of empty boxes: such
    // themes are named in one sentence instead; the table keeps every figure.
    let (drawn, hidden): (Vec<&ThemeSeries>, Vec<&ThemeSeries>) = series
        .iter()
        .partition(|s| s.months.iter().any(|f| f.count.is_some()));
    let hidden_sentence = (!hidden.is_empty()).then(|| {
        let names = hidden
            .iter()
            .map(|s| format!("{} ({})", s.label, figure_text(lang, &s.total)))
            .collect::<Vec<_>>()
            .join(", ");
        view! { <p class="hint" data-testid="themes-every-month-hidden">{format!("{} {names}.", t.every_month_hidden)}</p> }
    });
    let n = months.len().max(1);
    let max = series
        .iter()
        .flat_map(|s| s.months.iter().filter_map(|f| f.count))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let width = n * 10;
    let first = months
        .first()
        .map(|m| month_words(lang, *m))
        .unwrap_or_default();
    let last = months
        .last()
        .map(|m| month_words(lang, *m))
        .unwrap_or_default();
    let charts = drawn
        .iter()
        .map(|s| {
            let bars = s
                .months
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let x = i * 10 + 1;
                    let month = months
                        .get(i)
                        .map(|m| month_words(lang, *m))
                        .unwrap_or_default();
                    let label = format!("{month} : {}", f.display);
                    match f.count {
                        Some(c) => {
                            let h = (c as f64 / max * 38.0).max(if c > 0 { 1.0 } else { 0.0 });
                            view! {
                                <rect class="fill" x=x.to_string() y=format!("{:.2}", 40.0 - h) width="8" height=format!("{h:.2}")>
                                    <title>{label}</title>
                                </rect>
                            }
                            .into_any()
                        }
                        None => view! {
                            <rect class="hidden-cell" x=x.to_string() y="34" width="8" height="6">
                                <title>{label}</title>
                            </rect>
                        }
                        .into_any(),
                    }
                })
                .collect_view();
            view! {
                <li class="month-row" data-theme=s.code.clone()>
                    <span class="bar-label">{s.label.clone()} " " <span class="hint">{format!("({})", figure_text(lang, &s.total))}</span></span>
                    <svg class="months" viewBox=format!("0 0 {width} 40") preserveAspectRatio="none" role="img"
                        aria-label=format!("{} : {} {}", s.label, t.total, s.total.display)>
                        <line class="axis" x1="0" y1="40" x2=width.to_string() y2="40"/>
                        {bars}
                    </svg>
                </li>
            }
        })
        .collect_view();
    let head = months
        .iter()
        .map(|m| view! { <th scope="col"><abbr title=month_words(lang, *m)>{month_short(lang, *m)}</abbr></th> })
        .collect_view();
    let body = series
        .iter()
        .map(|s| {
            let cells = s
                .months
                .iter()
                .map(|f| view! { <td class="num" title=figure_title(t, f)>{f.display.clone()}</td> })
                .collect_view();
            view! { <tr><th scope="row">{s.label.clone()}</th>{cells}<td class="num">{s.total.display.clone()}</td></tr> }
        })
        .collect_view();
    let table = view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=t.see_table>
            <table class="data compact-table">
                <thead><tr><th scope="col">{t.theme}</th>{head}<th scope="col">{t.total}</th></tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    };
    view! {
        {(!drawn.is_empty()).then(|| view! {
            <figure class="chart monthly">
                <ul class="plain">{charts}</ul>
                <p class="axis-labels hint"><span>{first}</span><span>{last}</span></p>
            </figure>
        })}
        {hidden_sentence}
        {if table_open {
            table.into_any()
        } else {
            view! { <details><summary>{t.see_table}</summary>{table}</details> }.into_any()
        }}
    }
}
