//! Importing an XLSForm (issue 15), on the surveys list: choose the file, read the server's
//! report of every row (the questions to keep, the rows not imported and why, the points to
//! check), then make the draft with the questions ticked and open it in the builder.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::survey::MAX_QUESTIONS;
use portevoix_domain::wire::ImportReport;
use wasm_bindgen::JsCast;

use super::builder_kinds::KindChoice;
use super::{explain, st};
use crate::api::staff;
use crate::route::{Coord, Route};
use crate::state::use_state;

/// The server's limit for a form file (5 MiB).
const MAX_FILE_BYTES: f64 = 5_242_880.0;

/// The file chosen in `input`, or why there is none to send (in `t`'s language).
pub(super) fn chosen_file(
    input: &web_sys::HtmlInputElement,
    t: &'static super::St,
) -> Result<web_sys::File, &'static str> {
    let file = input
        .files()
        .and_then(|files| files.get(0))
        .ok_or(t.import_pick_file)?;
    let blob: &web_sys::Blob = file.unchecked_ref();
    if blob.size() > MAX_FILE_BYTES {
        return Err(t.import_too_large);
    }
    Ok(file)
}

#[component]
pub fn SurveyImport() -> impl IntoView {
    let state = use_state();
    let t = move || st(state);
    let file_input = NodeRef::<leptos::html::Input>::new();
    let report = RwSignal::new(None::<ImportReport>);
    let keep = RwSignal::new(Vec::<String>::new());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let read = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(input) = file_input.get_untracked() else {
            return;
        };
        failure.set(None);
        report.set(None);
        let file = match chosen_file(&input, st(state)) {
            Ok(file) => file,
            Err(why) => {
                failure.set(Some(why.to_owned()));
                return;
            }
        };
        busy.set(true);
        spawn_local(async move {
            match staff::import_xlsform(&file, true, &[]).await {
                Ok(r) => {
                    keep.set(
                        r.questions
                            .iter()
                            .filter(|q| q.kept)
                            .map(|q| q.code.clone())
                            .collect(),
                    );
                    report.set(Some(r));
                }
                Err(e) => failure.set(Some(explain(state, e))),
            }
            busy.set(false);
        });
    };
    let create = move |_| {
        let Some(input) = file_input.get_untracked() else {
            return;
        };
        failure.set(None);
        let file = match chosen_file(&input, st(state)) {
            Ok(file) => file,
            Err(why) => {
                failure.set(Some(why.to_owned()));
                return;
            }
        };
        let chosen = keep.get_untracked();
        busy.set(true);
        spawn_local(async move {
            match staff::import_xlsform(&file, false, &chosen).await {
                Ok(made) => match made.survey_id {
                    Some(id) => state.go(Route::Coord(Coord::Survey(Some(id)))),
                    None => failure.set(Some(st(state).import_pick_file.to_owned())),
                },
                Err(e) => failure.set(Some(explain(state, e))),
            }
            busy.set(false);
        });
    };

    let questions = move || {
        report.get().map(|r| {
            let t = t();
            r.questions
                .iter()
                .map(|q| {
                    let code = q.code.clone();
                    let id = format!("import-keep-{}", q.code);
                    let kind = KindChoice::from_key(q.kind.as_str()).map_or("", |k| k.label(t));
                    let checked = {
                        let code = code.clone();
                        move || keep.with(|k| k.contains(&code))
                    };
                    let toggle = move |ev: leptos::ev::Event| {
                        let on = event_target_checked(&ev);
                        keep.update(|k| {
                            k.retain(|c| c != &code);
                            if on {
                                k.push(code.clone());
                            }
                        });
                    };
                    view! {
                        <li class="import-question">
                            <input type="checkbox" id=id.clone() prop:checked=checked on:change=toggle data-testid="import-keep"/>
                            <label for=id>
                                {q.label.clone()}
                                <span class="hint">{format!(" — {}, {kind}, {} {}", q.code, t.import_row, q.from_row)}</span>
                            </label>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let details = move || {
        report.get().map(|r| {
            let t = t();
            let refused = r.refused.iter().map(|row| view! {
                <li>{format!("{} {} ({}) : {}", t.import_row, row.row, row.kind, row.message)}</li>
            }).collect_view();
            let warnings = r
                .warnings
                .iter()
                .map(|w| {
                    let place = if w.row == 0 {
                        t.import_form_level.to_owned()
                    } else {
                        format!("{} {}, {}", t.import_row, w.row, w.column)
                    };
                    view! { <li>{format!("{place} : {}", w.message)}</li> }
                })
                .collect_view();
            view! {
                {(!r.refused.is_empty()).then(|| view! {
                    <h3>{format!("{} ({})", t.import_refused, r.refused.len())}</h3>
                    <ul class="plain" data-testid="import-refused">{refused}</ul>
                })}
                {(!r.warnings.is_empty()).then(|| view! {
                    <h3>{format!("{} ({})", t.import_warnings, r.warnings.len())}</h3>
                    <ul class="plain" data-testid="import-warnings">{warnings}</ul>
                })}
            }
        })
    };
    let count = move || keep.with(Vec::len);
    let blocked = move || {
        let n = count();
        if n == 0 {
            Some(t().import_none_kept)
        } else if n > MAX_QUESTIONS {
            Some(t().import_too_many)
        } else {
            None
        }
    };
    view! {
        <section class="card" aria-labelledby="import-h">
            <h2 id="import-h">{move || t().import_title}</h2>
            <form on:submit=read data-testid="import-form">
                <div class="field">
                    <label for="import-file">{move || t().import_file}</label>
                    <input id="import-file" type="file" node_ref=file_input
                        accept=".xlsx,.xls,.ods,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"/>
                </div>
                <button type="submit" class="btn" disabled=move || busy.get()>{move || t().import_read}</button>
            </form>
            <p role="alert" class="error" data-testid="import-error">{move || failure.get()}</p>
            {move || report.get().map(|r| view! {
                <p data-testid="import-summary">
                    {format!("« {} » — {} : {}", r.title, t().import_languages, r.languages.join(", "))}
                </p>
            })}
            <Show when=move || report.with(Option::is_some)>
                <fieldset>
                    <legend>{move || format!("{} ({} / {MAX_QUESTIONS})", t().import_keep, count())}</legend>
                    <ul class="plain">{questions}</ul>
                </fieldset>
                {details}
                <p class="hint" aria-live="polite">{blocked}</p>
                <button type="button" class="btn btn-primary" on:click=create data-testid="import-create"
                    disabled=move || busy.get() || blocked().is_some()>{move || t().import_create}</button>
            </Show>
        </section>
    }
}
