//! Translations read from a spreadsheet into the survey being edited (issue 15 §1): the survey
//! exported as an XLSForm, its `label::<language>` columns filled in by a translator, the file
//! read back by the server's import (a dry run: nothing is stored), and only its translations
//! taken into the draft by question and option code (`SurveyDefinition::take_translations`).
//! The coordinator sees them in the panels below and saves the draft as usual.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::survey::{SurveyDefinition, TakenTranslations};

use super::survey_import::chosen_file;
use super::{explain, st, St};
use crate::api::staff;
use crate::state::use_state;

#[component]
pub fn TranslationFile(draft: RwSignal<SurveyDefinition>) -> impl IntoView {
    let state = use_state();
    let t = move || st(state);
    let file_input = NodeRef::<leptos::html::Input>::new();
    let outcome = RwSignal::new(None::<Result<TakenTranslations, String>>);
    let busy = RwSignal::new(false);
    let read = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(input) = file_input.get_untracked() else {
            return;
        };
        let file = match chosen_file(&input, st(state)) {
            Ok(file) => file,
            Err(why) => {
                outcome.set(Some(Err(why.to_owned())));
                return;
            }
        };
        outcome.set(None);
        busy.set(true);
        spawn_local(async move {
            let result = match staff::import_xlsform(&file, true, &[]).await {
                Ok(report) => match report.definition {
                    Some(source) => Ok(draft
                        .try_update(|d| d.take_translations(&source))
                        .unwrap_or_default()),
                    None => Err(st(state).import_pick_file.to_owned()),
                },
                Err(error) => Err(explain(state, error)),
            };
            outcome.set(Some(result));
            busy.set(false);
        });
    };
    let said = move || {
        outcome.get().map(|result| match result {
            Ok(taken) => summary(t(), &taken),
            Err(why) => why,
        })
    };
    view! {
        <form on:submit=read class="translation-file" data-testid="translation-file">
            <div class="field">
                <label for="translation-file-input">{move || t().translations_file_label}</label>
                <input id="translation-file-input" type="file" accept=".xlsx,.xls,.csv"
                    node_ref=file_input aria-describedby="translation-file-hint"/>
                <p class="hint" id="translation-file-hint">{move || t().translations_file_hint}</p>
            </div>
            <button type="submit" class="btn" disabled=move || busy.get()>{move || t().translations_file_read}</button>
            <p role="status" data-testid="translation-file-outcome">{said}</p>
        </form>
    }
}

/// What was taken, in words: the count and languages, then what was left out and why.
fn summary(t: &St, taken: &TakenTranslations) -> String {
    let mut said = if taken.languages.is_empty() && taken.dropped_languages.is_empty() {
        t.translations_none.to_owned()
    } else {
        format!(
            "{} {} ({}).",
            taken.texts,
            t.translations_taken,
            taken.languages.join(", ")
        )
    };
    for (heading, list) in [
        (t.translations_unknown_questions, &taken.unknown_questions),
        (t.translations_unknown_options, &taken.unknown_options),
        (t.translations_dropped, &taken.dropped_languages),
    ] {
        if !list.is_empty() {
            said.push_str(&format!(" {heading} {}.", list.join(", ")));
        }
    }
    said
}
