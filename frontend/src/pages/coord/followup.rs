//! Field follow-up: outings per volunteer and quartier (totals, then each outing).

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::wire::{FollowupQuery, FollowupRow, OutingPage};

use super::{st, use_lookups, when, LoadFailed, QuartierFilter};
use crate::api::{staff, ApiError};
use crate::state::use_state;

#[component]
pub fn Followup() -> impl IntoView {
    let state = use_state();
    let lookups = use_lookups();
    let t = move || st(state);
    let quartier = RwSignal::new(None::<i64>);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let offset = RwSignal::new(0u64);
    let summary = RwSignal::new(None::<Vec<FollowupRow>>);
    let outings = RwSignal::new(None::<OutingPage>);
    let failure = RwSignal::new(None::<ApiError>);
    // Bumped by « Réessayer »: the loads below run again with the same filters.
    let attempt = RwSignal::new(0u32);
    Effect::new(move |_| {
        attempt.track();
        let query = FollowupQuery {
            quartier_id: quartier.get(),
            from: from.get().parse().ok(),
            to: to.get().parse().ok(),
            limit: Some(50),
            offset: offset.get(),
            ..Default::default()
        };
        spawn_local(async move {
            let (rows, page) = (
                staff::followup_summary(&query).await,
                staff::followup_outings(&query).await,
            );
            // A failed part is not shown as empty: what it showed goes, the error says why.
            match (rows, page) {
                (Ok(rows), Ok(page)) => {
                    summary.set(Some(rows));
                    outings.set(Some(page));
                    failure.set(None);
                }
                (Err(error), _) | (_, Err(error)) => {
                    summary.set(None);
                    outings.set(None);
                    failure.set(Some(error));
                }
            }
        });
    });
    let failed = move || {
        failure.get().map(|error| {
            let retry = Callback::new(move |()| attempt.update(|a| *a += 1));
            view! { <LoadFailed what=|t| t.followup_failed error=error on_retry=retry testid="followup-load-error"/> }
        })
    };
    let summary_rows = move || {
        summary.get().map(|rows| {
            rows.into_iter()
                .map(|r| view! {
                    <tr data-testid="followup-row">
                        <th scope="row">{r.volunteer.display_name.clone()}</th>
                        <td>{lookups.quartier_name(r.quartier_id)}</td>
                        <td class="num">{r.outings}</td>
                        <td class="num">{format!("{} h {:02}", r.minutes / 60, r.minutes % 60)}</td>
                        <td class="num">{r.approached}</td>
                        <td class="num">{r.answered}</td>
                        <td class="num">{r.responses}</td>
                        <td class="num">{r.testimonies}</td>
                        <td>{when(&r.last_outing_at)}</td>
                    </tr>
                })
                .collect_view()
        })
    };
    let outing_rows = move || {
        outings.get().map(|page| {
            page.items
                .into_iter()
                .map(|o| view! {
                    <tr>
                        <th scope="row">{o.volunteer.display_name.clone()}</th>
                        <td>{lookups.quartier_name(o.quartier_id)}</td>
                        <td>{o.place.clone()}</td>
                        <td>{when(&o.started_at)}</td>
                        <td class="num">{o.duration_minutes.map(|m| format!("{m} min")).unwrap_or_else(|| st(state).in_progress.to_owned())}</td>
                        <td class="num">{o.approached}</td>
                        <td class="num">{o.answered}</td>
                        <td class="num">{o.responses}</td>
                        <td class="num">{o.testimonies}</td>
                        <td>{o.note.clone().unwrap_or_default()}</td>
                    </tr>
                })
                .collect_view()
        })
    };
    let pager = move || {
        outings.get().map(|p| {
            let shown = p.items.len() as u64;
            let t = t();
            view! {
                <div class="row">
                    <span class="hint">{format!("{} {}", p.total, t.outings)}</span>
                    <button class="btn btn-small" disabled={p.offset == 0} on:click=move |_| offset.update(|o| *o = o.saturating_sub(50))>{t.previous_page}</button>
                    <button class="btn btn-small" disabled={p.offset + shown >= p.total} on:click=move |_| offset.update(|o| *o += 50)>{t.next_page}</button>
                </div>
            }
        })
    };
    view! {
        <h1>{move || t().nav_followup}</h1>
        <div class="card filter-grid">
            <QuartierFilter value=quartier id="fu-quartier" label=Signal::derive(move || t().quartier.to_owned())/>
            <div class="field">
                <label for="fu-from">{move || t().date_from}</label>
                <input id="fu-from" type="date" on:change=move |ev| { offset.set(0); from.set(event_target_value(&ev)) }/>
            </div>
            <div class="field">
                <label for="fu-to">{move || t().date_to}</label>
                <input id="fu-to" type="date" on:change=move |ev| { offset.set(0); to.set(event_target_value(&ev)) }/>
            </div>
        </div>
        {failed}
        <h2 id="fu-per-volunteer">{move || t().per_volunteer}</h2>
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="fu-per-volunteer">
            <table class="data">
                <thead><tr>
                    <th scope="col">{move || t().volunteer}</th>
                    <th scope="col">{move || t().quartier}</th>
                    <th scope="col">{move || t().outings}</th>
                    <th scope="col">{move || t().duration}</th>
                    <th scope="col">{move || state.tr().approached}</th>
                    <th scope="col">{move || state.tr().answered}</th>
                    <th scope="col">{move || t().responses}</th>
                    <th scope="col">{move || t().testimonies}</th>
                    <th scope="col">{move || t().last_outing}</th>
                </tr></thead>
                <tbody>{summary_rows}</tbody>
            </table>
        </div>
        <h2 id="fu-outings">{move || t().outings}</h2>
        {pager}
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="fu-outings">
            <table class="data">
                <thead><tr>
                    <th scope="col">{move || t().volunteer}</th>
                    <th scope="col">{move || t().quartier}</th>
                    <th scope="col">{move || t().place}</th>
                    <th scope="col">{move || t().started}</th>
                    <th scope="col">{move || t().duration}</th>
                    <th scope="col">{move || state.tr().approached}</th>
                    <th scope="col">{move || state.tr().answered}</th>
                    <th scope="col">{move || t().responses}</th>
                    <th scope="col">{move || t().testimonies}</th>
                    <th scope="col">{move || state.tr().note}</th>
                </tr></thead>
                <tbody>{outing_rows}</tbody>
            </table>
        </div>
    }
}
