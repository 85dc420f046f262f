//! Exports: responses of a survey, testimonies, outings and the codebook, as CSV (RFC 4180),
//! CSV for Excel in French (`;`, UTF-8 BOM) or JSON lines. Each download is written to the
//! audit log by the server.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::wire::Survey;

use super::{explain, st, LoadFailed, QuartierFilter};
use crate::api::staff::{self, query};
use crate::state::use_state;

const FORMATS: [(&str, &str); 3] = [
    ("csv", "CSV"),
    ("excel", "Excel (FR)"),
    ("jsonl", "JSON lines"),
];

#[component]
pub fn Exports() -> impl IntoView {
    let state = use_state();
    let t = move || st(state);
    let loaded = LocalResource::new(staff::surveys);
    // Surveys with a published version: the others have no responses to export.
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
    let survey = RwSignal::new(None::<i64>);
    let quartier = RwSignal::new(None::<i64>);
    let all_testimonies = RwSignal::new(false);
    let status = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let get = move |path: String| {
        status.set(Some(st(state).downloading.to_owned()));
        failure.set(None);
        spawn_local(async move {
            match staff::download(&path).await {
                Ok(name) => status.set(Some(format!("{} {name}", st(state).downloaded))),
                Err(e) => {
                    status.set(None);
                    failure.set(Some(explain(state, e)));
                }
            }
        });
    };
    let buttons = move |kind: &'static str| {
        FORMATS
            .into_iter()
            .map(move |(format, label)| {
                let on_click = move |_| {
                    let q = quartier.get_untracked().map(|q| q.to_string());
                    let path = match kind {
                        "responses" => {
                            let Some(s) = survey.get_untracked() else {
                                failure.set(Some(st(state).pick_survey.to_owned()));
                                return;
                            };
                            format!("/api/v1/exports/responses{}", query(&[
                                ("survey_id", Some(s.to_string())), ("quartier_id", q), ("format", Some(format.into()))]))
                        }
                        "testimonies" => format!("/api/v1/exports/testimonies{}", query(&[
                            ("approved_only", Some((!all_testimonies.get_untracked()).to_string())), ("quartier_id", q), ("format", Some(format.into()))])),
                        "outings" => format!("/api/v1/exports/outings{}", query(&[("quartier_id", q), ("format", Some(format.into()))])),
                        _ => format!("/api/v1/exports/codebook{}", query(&[
                            ("survey_id", survey.get_untracked().map(|s| s.to_string())), ("format", Some(format.into()))])),
                    };
                    get(path);
                };
                view! { <button class="btn" data-testid=format!("export-{kind}-{format}") on:click=on_click>{label}</button> }
            })
            .collect_view()
    };
    view! {
        <h1>{move || t().nav_exports}</h1>
        <p class="hint">{move || t().exports_hint}</p>
        {surveys_failed}
        <div class="card filter-grid">
            <div class="field">
                <label for="ex-survey">{move || t().survey}</label>
                <select id="ex-survey" on:change=move |ev| survey.set(event_target_value(&ev).parse().ok())>
                    <option value="">{move || state.tr().choose}</option>
                    {move || surveys.get().into_iter().map(|s| view! { <option value=s.id.to_string()>{s.draft.title}</option> }).collect_view()}
                </select>
            </div>
            <QuartierFilter value=quartier id="ex-quartier" label=Signal::derive(move || st(state).quartier.to_owned())/>
        </div>
        <section class="card">
            <h2>{move || t().export_responses}</h2>
            <p class="hint">{move || t().export_responses_hint}</p>
            <div class="actions">{buttons("responses")}</div>
        </section>
        <section class="card">
            <h2>{move || t().export_testimonies}</h2>
            <label class="choice compact"><input type="checkbox" bind:checked=all_testimonies/><span>{move || t().all_statuses}</span></label>
            <div class="actions">{buttons("testimonies")}</div>
        </section>
        <section class="card">
            <h2>{move || t().export_outings}</h2>
            <div class="actions">{buttons("outings")}</div>
        </section>
        <section class="card">
            <h2>{move || t().export_codebook}</h2>
            <div class="actions">{buttons("codebook")}</div>
        </section>
        <p class="ok" role="status" data-testid="export-status">{move || status.get()}</p>
        <p class="error" role="alert">{move || failure.get()}</p>
    }
}
