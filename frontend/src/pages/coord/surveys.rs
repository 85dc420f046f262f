//! The coordinators' list of flash surveys: status, current version, quartiers.

use leptos::prelude::*;
use portevoix_domain::wire::{Survey, SurveyStatus};

use super::{st, use_lookups, when, Link, LoadFailed};
use crate::api::staff;
use crate::route::{Coord, Route};
use crate::state::use_state;

#[component]
pub fn SurveyList() -> impl IntoView {
    let state = use_state();
    let lookups = use_lookups();
    let t = move || st(state);
    let loaded = LocalResource::new(staff::surveys);
    // Newest first; `None` until loaded and while a load has failed (never an empty list then).
    let surveys = Signal::derive(move || {
        loaded
            .get()
            .and_then(Result::ok)
            .map(|mut list: Vec<Survey>| {
                list.sort_by_key(|s| std::cmp::Reverse(s.updated_at));
                list
            })
    });
    let failed = move || {
        loaded.get().and_then(Result::err).map(|error| {
            let retry = Callback::new(move |()| loaded.refetch());
            view! { <LoadFailed what=|t| t.surveys_failed error=error on_retry=retry testid="survey-list-load-error"/> }
        })
    };
    let rows = move || {
        surveys.get().map(|list| {
            let t = t();
            list.into_iter()
                .map(|s| {
                    let status = match s.status {
                        SurveyStatus::Draft => t.status_draft,
                        SurveyStatus::Open => t.status_open,
                        SurveyStatus::Closed => t.status_closed,
                    };
                    let version = s
                        .current_version
                        .as_ref()
                        .map(|v| v.version.to_string())
                        .unwrap_or_else(|| "—".into());
                    let quartiers = s
                        .quartier_ids
                        .iter()
                        .map(|id| lookups.quartier_name(*id))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let title = if s.draft.title.trim().is_empty() {
                        t.untitled.to_owned()
                    } else {
                        s.draft.title.clone()
                    };
                    view! {
                        <tr data-testid="survey-row">
                            <th scope="row"><Link route=Route::Coord(Coord::Survey(Some(s.id)))>{title}</Link></th>
                            <td><span class=format!("badge status-{}", s.status.as_str())>{status}</span></td>
                            <td>{version}</td>
                            <td>{quartiers}</td>
                            <td>{when(&s.updated_at)}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <h1 id="surveys-h">{move || t().nav_surveys}</h1>
        {failed}
        <p><Link route=Route::Coord(Coord::Survey(None)) class="btn btn-primary">{move || t().new_survey}</Link></p>
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="surveys-h">
            <table class="data">
                <thead><tr>
                    <th scope="col">{move || t().survey_title}</th>
                    <th scope="col">{move || t().status}</th>
                    <th scope="col">{move || t().version}</th>
                    <th scope="col">{move || t().quartiers}</th>
                    <th scope="col">{move || t().updated}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Show when=move || surveys.with(|s| s.as_ref().is_some_and(Vec::is_empty))>
            <p>{move || t().no_surveys_yet}</p>
        </Show>
        <super::survey_import::SurveyImport/>
    }
}
