//! Exports: responses of a survey, testimonies, outings and the codebook, as an Excel workbook
//! (`.xlsx`), CSV (RFC 4180), CSV for Excel in French (`;`, UTF-8 BOM) or JSON lines, with
//! labels or codes in the cells. Each button asks the server for a single-use link that the
//! browser downloads itself; the server writes each download to the audit log.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::wire::{ExportKind, ExportLinkRequest, Survey};

use super::{explain, st, LoadFailed, QuartierFilter};
use crate::api::staff;
use crate::state::use_state;

const FORMATS: [(&str, &str); 4] = [
    ("xlsx", "Excel (.xlsx)"),
    ("csv", "CSV"),
    ("excel", "CSV Excel (FR)"),
    ("jsonl", "JSON lines"),
];

const KINDS: [(ExportKind, &str); 4] = [
    (ExportKind::Responses, "responses"),
    (ExportKind::Testimonies, "testimonies"),
    (ExportKind::Outings, "outings"),
    (ExportKind::Codebook, "codebook"),
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
    let labels = RwSignal::new(true);
    let status = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let get = move |request: ExportLinkRequest| {
        status.set(Some(st(state).downloading.to_owned()));
        failure.set(None);
        spawn_local(async move {
            match staff::download_export(&request).await {
                Ok(()) => status.set(Some(st(state).download_started.to_owned())),
                Err(e) => {
                    status.set(None);
                    failure.set(Some(explain(state, e)));
                }
            }
        });
    };
    let buttons = move |kind: ExportKind| {
        let name = KINDS
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or("", |(_, n)| *n);
        FORMATS
            .into_iter()
            .map(move |(format, label)| {
                let on_click = move |_| {
                    let survey = survey.get_untracked();
                    if kind == ExportKind::Responses && survey.is_none() {
                        failure.set(Some(st(state).pick_survey.to_owned()));
                        return;
                    }
                    get(ExportLinkRequest {
                        export: kind,
                        survey_id: survey.filter(|_| matches!(kind, ExportKind::Responses | ExportKind::Codebook)),
                        quartier_id: quartier.get_untracked().filter(|_| kind != ExportKind::Codebook),
                        approved_only: (kind == ExportKind::Testimonies).then(|| !all_testimonies.get_untracked()),
                        original: None,
                        format: Some(format.to_owned()),
                        labels: Some(labels.get_untracked()),
                    });
                };
                view! { <button class="btn" data-testid=format!("export-{name}-{format}") on:click=on_click>{label}</button> }
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
            <fieldset class="field">
                <legend>{move || t().export_cells}</legend>
                <label class="choice compact">
                    <input type="radio" name="ex-cells" data-testid="export-labels" prop:checked=move || labels.get() on:change=move |_| labels.set(true)/>
                    <span>{move || t().export_labels}</span>
                </label>
                <label class="choice compact">
                    <input type="radio" name="ex-cells" data-testid="export-codes" prop:checked=move || !labels.get() on:change=move |_| labels.set(false)/>
                    <span>{move || t().export_codes}</span>
                </label>
            </fieldset>
        </div>
        <section class="card">
            <h2>{move || t().export_responses}</h2>
            <p class="hint">{move || t().export_responses_hint}</p>
            <div class="actions">{buttons(ExportKind::Responses)}</div>
        </section>
        <section class="card">
            <h2>{move || t().export_testimonies}</h2>
            <label class="choice compact"><input type="checkbox" bind:checked=all_testimonies/><span>{move || t().all_statuses}</span></label>
            <div class="actions">{buttons(ExportKind::Testimonies)}</div>
        </section>
        <section class="card">
            <h2>{move || t().export_outings}</h2>
            <div class="actions">{buttons(ExportKind::Outings)}</div>
        </section>
        <section class="card">
            <h2>{move || t().export_codebook}</h2>
            <div class="actions">{buttons(ExportKind::Codebook)}</div>
        </section>
        <p class="ok" role="status" data-testid="export-status">{move || status.get()}</p>
        <p class="error" role="alert">{move || failure.get()}</p>
    }
}
