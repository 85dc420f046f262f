//! Inter-council view: one theme month by month, or one survey question option by option,
//! quartiers side by side (figures suppressed as councils see them unless "exact figures").

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::wire::{CompareRow, Figure, QuestionComparison, Survey, ThemeComparison};

use super::{explain, st, use_lookups, LoadFailed};
use crate::api::staff;
use crate::components::chart::{figure_text, BarChart, SuppressionLegend};
use crate::components::map::QuartierMapView;
use crate::i18n::staff::month_short;
use crate::state::use_state;

#[derive(Clone, PartialEq)]
enum Result_ {
    Theme(ThemeComparison),
    Question(QuestionComparison),
}

#[component]
pub fn Compare() -> impl IntoView {
    let state = use_state();
    let lookups = use_lookups();
    let t = move || st(state);
    let by_question = RwSignal::new(false);
    let theme = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let loaded = LocalResource::new(staff::surveys);
    // Surveys with a published version: the others have no answers to compare.
    let surveys = Signal::derive(move || {
        loaded
            .get()
            .and_then(Result::ok)
            .map_or_else(Vec::new, |list: Vec<Survey>| {
                list.into_iter()
                    .filter(|s| s.current_version.is_some())
                    .collect()
            })
    });
    let surveys_failed = move || {
        loaded.get().and_then(Result::err).map(|error| {
            let retry = Callback::new(move |()| loaded.refetch());
            view! { <LoadFailed what=|t| t.surveys_failed error=error on_retry=retry testid="surveys-load-error"/> }
        })
    };
    let version = RwSignal::new(None::<i64>);
    let question = RwSignal::new(String::new());
    let picked = RwSignal::new(Vec::<i64>::new());
    let raw = RwSignal::new(false);
    let result = RwSignal::new(None::<Result_>);
    // Where each quartier is drawn; the map is left out (the tables stay) if it cannot load.
    let shapes = LocalResource::new(staff::quartier_map);
    let map_option = RwSignal::new(0usize);
    let failure = RwSignal::new(None::<String>);
    let questions = move || {
        let v = version.get()?;
        surveys.with(|list| {
            list.iter()
                .filter_map(|s| s.current_version.as_ref())
                .find(|cv| cv.id == v)
                .map(|cv| {
                    cv.definition
                        .questions
                        .iter()
                        // Questions with categories (choices, yes/no, scales): free texts,
                        // numbers and dates have none to compare.
                        .filter(|q| q.kind.rule_values().is_some())
                        .map(|q| (q.code.clone(), q.label.clone()))
                        .collect::<Vec<_>>()
                })
        })
    };
    let show = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ids = picked.get_untracked();
        let raw = raw.get_untracked();
        failure.set(None);
        if by_question.get_untracked() {
            let (Some(v), q) = (version.get_untracked(), question.get_untracked()) else {
                failure.set(Some(st(state).pick_question.to_owned()));
                return;
            };
            spawn_local(async move {
                map_option.set(0);
                match staff::compare_question(v, &q, &ids, raw).await {
                    Ok(c) => result.set(Some(Result_::Question(c))),
                    Err(e) => failure.set(Some(explain(state, e))),
                }
            });
        } else {
            let code = theme.get_untracked();
            if code.is_empty() {
                failure.set(Some(st(state).pick_theme.to_owned()));
                return;
            }
            let (f, to) = (from.get_untracked(), to.get_untracked());
            let f = (!f.is_empty()).then_some(f);
            let to = (!to.is_empty()).then_some(to);
            spawn_local(async move {
                match staff::compare_theme(&code, f, to, &ids, raw).await {
                    Ok(c) => result.set(Some(Result_::Theme(c))),
                    Err(e) => failure.set(Some(explain(state, e))),
                }
            });
        }
    };
    let quartier_boxes = move || {
        lookups.quartiers.get().into_iter().map(|q| {
            let id = q.id;
            view! {
                <label class="choice compact">
                    <input type="checkbox" prop:checked=move || picked.with(|p| p.contains(&id))
                        on:change=move |ev| { let on = event_target_checked(&ev); picked.update(|p| { p.retain(|x| *x != id); if on { p.push(id) } }) }/>
                    <span>{q.name}</span>
                </label>
            }
        }).collect_view()
    };
    let output = move || {
        let t = t();
        let lang = state.lang.get();
        result.get().map(|r| match r {
            Result_::Theme(c) => {
                let bars: Vec<(String, Figure)> = c.rows.iter().map(|r| (r.quartier.name.clone(), r.total.clone())).collect();
                view! {
                    <h2 id="cmp-h">{c.theme.label.clone()}</h2>
                    {(!c.suppressed).then(|| view! { <p class="banner warn">{t.raw_warning}</p> })}
                    <BarChart bars=bars lang=lang t=t caption=t.total_per_quartier/>
                    <SuppressionLegend t=t/>
                    {table(t, lang, c.months.iter().map(|m| month_short(lang, *m)).collect(), &c.rows, Some(("Total", c.totals.clone())))}
                    {shapes.get().and_then(Result::ok).map(|map| {
                        let values = c.rows.iter().map(|r| (r.quartier.id, r.total.clone(), r.total.percent)).collect();
                        view! { <QuartierMapView map=map values=values lang=lang t=t caption=format!("{} — {}", c.theme.label, t.map_of_theme) as_percent=true/> }
                    })}
                }
                .into_any()
            }
            Result_::Question(c) => {
                let columns: Vec<String> = c.options.iter().map(|o| o.label.clone()).collect();
                let charts = c.rows.iter().map(|row| {
                    let bars: Vec<(String, Figure)> = c.options.iter().zip(&row.cells).map(|(o, f)| (o.label.clone(), f.clone())).collect();
                    view! { <BarChart bars=bars lang=lang t=t caption=format!("{} ({} : {})", row.quartier.name, t.responses, row.total.display)/> }
                }).collect_view();
                view! {
                    <h2 id="cmp-h">{format!("{} — {}", c.title, c.question_label)}</h2>
                    {(!c.suppressed).then(|| view! { <p class="banner warn">{t.raw_warning}</p> })}
                    {c.multiple.then(|| view! { <p class="hint">{t.multiple_note}</p> })}
                    <div class="side-by-side">{charts}</div>
                    <SuppressionLegend t=t/>
                    {table(t, lang, columns, &c.rows, Some(("Total", c.totals.clone())))}
                    {shapes.get().and_then(Result::ok).map(|map| {
                        let picked = map_option.get().min(c.options.len().saturating_sub(1));
                        let label = c.options.get(picked).map(|o| o.label.clone()).unwrap_or_default();
                        let values = c.rows.iter().filter_map(|r| r.cells.get(picked).map(|f| (r.quartier.id, f.clone(), f.percent))).collect();
                        let choices = c.options.iter().enumerate().map(|(i, o)| view! { <option value=i.to_string() selected=i == picked>{o.label.clone()}</option> }).collect_view();
                        view! {
                            <div class="field">
                                <label for="map-option">{t.map_option}</label>
                                <select id="map-option" on:change=move |ev| map_option.set(event_target_value(&ev).parse().unwrap_or(0))>{choices}</select>
                            </div>
                            <QuartierMapView map=map values=values lang=lang t=t caption=format!("{} — {label}", c.question_label) as_percent=true/>
                        }
                    })}
                }
                .into_any()
            }
        })
    };
    view! {
        <h1>{move || t().nav_compare}</h1>
        {surveys_failed}
        <form class="card" on:submit=show data-testid="compare-form">
            <fieldset class="question">
                <legend>{move || t().compare_what}</legend>
                <label class="choice compact"><input type="radio" name="cmp-mode" prop:checked=move || !by_question.get() on:change=move |_| by_question.set(false)/><span>{move || t().one_theme}</span></label>
                <label class="choice compact"><input type="radio" name="cmp-mode" prop:checked=move || by_question.get() on:change=move |_| by_question.set(true)/><span>{move || t().one_question}</span></label>
            </fieldset>
            <Show when=move || !by_question.get() fallback=move || view! {
                <div class="row">
                    <div class="field">
                        <label for="cmp-survey">{move || t().survey}</label>
                        <select id="cmp-survey" on:change=move |ev| { version.set(event_target_value(&ev).parse().ok()); question.set(String::new()) }>
                            <option value="">{move || state.tr().choose}</option>
                            {move || surveys.get().into_iter().filter_map(|s| s.current_version.map(|v| view! {
                                <option value=v.id.to_string()>{format!("{} (v{})", v.definition.title, v.version)}</option>
                            })).collect_view()}
                        </select>
                    </div>
                    <div class="field grow">
                        <label for="cmp-question">{move || t().question}</label>
                        <select id="cmp-question" on:change=move |ev| question.set(event_target_value(&ev))>
                            <option value="">{move || state.tr().choose}</option>
                            {move || questions().unwrap_or_default().into_iter().map(|(code, label)| view! { <option value=code>{label}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
            }>
                <div class="row">
                    <div class="field">
                        <label for="cmp-theme">{move || t().theme}</label>
                        <select id="cmp-theme" on:change=move |ev| theme.set(event_target_value(&ev))>
                            <option value="">{move || state.tr().choose}</option>
                            {move || lookups.themes.get().into_iter().map(|th| view! { <option value=th.code.clone()>{th.label}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="cmp-from">{move || t().month_from}</label>
                        <input id="cmp-from" type="month" bind:value=from/>
                    </div>
                    <div class="field">
                        <label for="cmp-to">{move || t().month_to}</label>
                        <input id="cmp-to" type="month" bind:value=to/>
                    </div>
                </div>
            </Show>
            <fieldset class="question">
                <legend>{move || t().quartiers_all_if_none}</legend>
                <div class="checks">{quartier_boxes}</div>
            </fieldset>
            <label class="choice compact"><input type="checkbox" bind:checked=raw/><span>{move || t().exact_figures}</span></label>
            <button class="btn btn-primary" type="submit">{move || t().compare}</button>
        </form>
        <p class="error" role="alert">{move || failure.get()}</p>
        <section data-testid="compare-result">{output}</section>
    }
}

fn table(
    t: &'static crate::i18n::staff::St,
    lang: crate::i18n::Lang,
    columns: Vec<String>,
    rows: &[CompareRow],
    totals: Option<(&'static str, Vec<Figure>)>,
) -> impl IntoView {
    let head = columns
        .into_iter()
        .map(|c| view! { <th scope="col">{c}</th> })
        .collect_view();
    let body = rows
        .iter()
        .map(|r| {
            let cells = r.cells.iter().map(|f| view! { <td class="num">{figure_text(lang, f)}</td> }).collect_view();
            view! { <tr><th scope="row">{r.quartier.name.clone()}</th>{cells}<td class="num">{r.total.display.clone()}</td></tr> }
        })
        .collect_view();
    let foot = totals.map(|(_, cells)| {
        let cells = cells
            .iter()
            .map(|f| view! { <td class="num">{figure_text(lang, f)}</td> })
            .collect_view();
        view! { <tr class="totals"><th scope="row">{t.all_quartiers}</th>{cells}<td></td></tr> }
    });
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="cmp-h">
            <table class="data">
                <thead><tr><th scope="col">{t.quartier}</th>{head}<th scope="col">{t.total}</th></tr></thead>
                <tbody>{body}{foot}</tbody>
            </table>
        </div>
    }
}
