//! The builder's languages (issue 15 §1): the survey's languages besides French, and each text
//! beside its French original, typed in that language (`lang`, `dir`). What is left
//! untranslated is counted per language and falls back to French on the phone; it does not stop
//! publishing.

use leptos::prelude::*;
use portevoix_domain::survey::{
    is_language_tag, SurveyDefinition, Translations, DEFAULT_LANGUAGE, MAX_LANGUAGES,
};

use super::st;
use crate::i18n::{language_name, text_dir};
use crate::state::use_state;

/// Languages offered first (those spoken in Nantes' priority neighbourhoods); any BCP 47 tag
/// may be typed instead.
const SUGGESTED: [&str; 8] = ["ar", "tr", "en", "pt", "es", "wo", "zdj", "ff"];

/// One translatable text: where it is in the definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Text {
    Title,
    Intro,
    Label(usize),
    Hint(usize),
    Option(usize, usize),
}

impl Text {
    fn key(self) -> String {
        match self {
            Text::Title => "title".into(),
            Text::Intro => "intro".into(),
            Text::Label(q) => format!("q{q}"),
            Text::Hint(q) => format!("q{q}-hint"),
            Text::Option(q, o) => format!("q{q}-o{o}"),
        }
    }

    /// The French original.
    fn french(self, d: &SurveyDefinition) -> String {
        match self {
            Text::Title => d.title.clone(),
            Text::Intro => d.intro.clone().unwrap_or_default(),
            Text::Label(q) => d
                .questions
                .get(q)
                .map(|q| q.label.clone())
                .unwrap_or_default(),
            Text::Hint(q) => d
                .questions
                .get(q)
                .and_then(|q| q.hint.clone())
                .unwrap_or_default(),
            Text::Option(q, o) => d
                .questions
                .get(q)
                .and_then(|q| q.kind.options())
                .and_then(|options| options.get(o))
                .map(|o| o.label.clone())
                .unwrap_or_default(),
        }
    }

    fn translations(self, d: &SurveyDefinition) -> Option<&Translations> {
        match self {
            Text::Title => Some(&d.title_translations),
            Text::Intro => Some(&d.intro_translations),
            Text::Label(q) => d.questions.get(q).map(|q| &q.translations),
            Text::Hint(q) => d.questions.get(q).map(|q| &q.hint_translations),
            Text::Option(q, o) => d
                .questions
                .get(q)
                .and_then(|q| q.kind.options())
                .and_then(|options| options.get(o))
                .map(|o| &o.translations),
        }
    }

    fn translations_mut(self, d: &mut SurveyDefinition) -> Option<&mut Translations> {
        match self {
            Text::Title => Some(&mut d.title_translations),
            Text::Intro => Some(&mut d.intro_translations),
            Text::Label(q) => d.questions.get_mut(q).map(|q| &mut q.translations),
            Text::Hint(q) => d.questions.get_mut(q).map(|q| &mut q.hint_translations),
            Text::Option(q, o) => d.questions.get_mut(q).and_then(|q| match &mut q.kind {
                portevoix_domain::survey::QuestionKind::SingleChoice { options }
                | portevoix_domain::survey::QuestionKind::MultipleChoice { options, .. } => {
                    options.get_mut(o).map(|o| &mut o.translations)
                }
                _ => None,
            }),
        }
    }
}

/// Every text of the draft, in the survey's order.
fn texts(d: &SurveyDefinition) -> Vec<Text> {
    let mut all = vec![Text::Title];
    if d.intro.as_ref().is_some_and(|i| !i.trim().is_empty()) {
        all.push(Text::Intro);
    }
    for (q, question) in d.questions.iter().enumerate() {
        all.push(Text::Label(q));
        if question.hint.as_ref().is_some_and(|h| !h.trim().is_empty()) {
            all.push(Text::Hint(q));
        }
        for o in 0..question.kind.options().map_or(0, <[_]>::len) {
            all.push(Text::Option(q, o));
        }
    }
    all
}

#[component]
pub fn Translations(draft: RwSignal<SurveyDefinition>) -> impl IntoView {
    let state = use_state();
    let t = move || st(state);
    let adding = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<&'static str>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let tag = adding.get_untracked().trim().to_owned();
        let known = draft.with_untracked(|d| d.languages.contains(&tag));
        let full = draft.with_untracked(|d| d.languages.len() >= MAX_LANGUAGES);
        if !is_language_tag(&tag) || tag == DEFAULT_LANGUAGE || known || full {
            problem.set(Some(st(state).language_invalid));
            return;
        }
        problem.set(None);
        draft.update(|d| d.languages.push(tag));
        adding.set(String::new());
    };
    let suggestions = SUGGESTED
        .iter()
        .map(
            |tag| view! { <option value=*tag>{format!("{} ({tag})", language_name(tag))}</option> },
        )
        .collect_view();
    // Only a change of the languages themselves rebuilds the panels: a translation typed must
    // not (the field would be rebuilt under the caret).
    let languages = Memo::new(move |_| draft.with(|d| d.languages.clone()));
    let panels = move || {
        languages
            .get()
            .into_iter()
            .map(|lang| view! { <LanguagePanel draft=draft lang=lang/> })
            .collect_view()
    };
    view! {
        <section class="card translations" aria-labelledby="translations-h">
            <h2 id="translations-h">{move || t().languages_title}</h2>
            <p class="hint">{move || t().languages_hint}</p>
            <form on:submit=add data-testid="language-form">
                <div class="field">
                    <label for="new-language">{move || t().language_add_label}</label>
                    <input id="new-language" type="text" list="language-suggestions" autocomplete="off"
                        aria-describedby="new-language-problem"
                        prop:value=move || adding.get() on:input=move |ev| adding.set(event_target_value(&ev))/>
                    <datalist id="language-suggestions">{suggestions}</datalist>
                </div>
                <button type="submit" class="btn">{move || t().language_add}</button>
                <p class="error" id="new-language-problem" role="alert">{move || problem.get()}</p>
            </form>
            <super::builder_translation_file::TranslationFile draft=draft/>
            {panels}
        </section>
    }
}

#[component]
fn LanguagePanel(draft: RwSignal<SurveyDefinition>, lang: String) -> impl IntoView {
    let state = use_state();
    let t = move || st(state);
    let name = language_name(&lang);
    let missing = {
        let lang = lang.clone();
        move || {
            draft.with(|d| {
                d.missing_translations()
                    .into_iter()
                    .filter(|m| m.language == lang)
                    .count()
            })
        }
    };
    let remove = {
        let lang = lang.clone();
        move |_| {
            draft.update(|d| {
                d.languages.retain(|l| l != &lang);
                for text in texts(d) {
                    if let Some(translations) = text.translations_mut(d) {
                        translations.remove(&lang);
                    }
                }
            })
        }
    };
    let rows = {
        let lang = lang.clone();
        move || {
            let lang = lang.clone();
            view! {
                <For each=move || draft.with(texts) key=|text| text.key() let:text>
                    <TranslationRow draft=draft lang=lang.clone() text=text/>
                </For>
            }
        }
    };
    view! {
        <details class="language-panel" data-testid="language-panel" data-lang=lang.clone()>
            <summary>
                {format!("{name} ({lang}) — ")}
                <span data-testid="missing-count">{move || format!("{} {}", missing(), t().translations_missing)}</span>
            </summary>
            {rows}
            <button type="button" class="btn btn-small danger" on:click=remove>{move || t().language_remove}</button>
        </details>
    }
}

#[component]
fn TranslationRow(draft: RwSignal<SurveyDefinition>, lang: String, text: Text) -> impl IntoView {
    let id = format!("tr-{lang}-{}", text.key());
    let french = move || draft.with(|d| text.french(d));
    let value = {
        let lang = lang.clone();
        move || {
            draft.with(|d| {
                text.translations(d)
                    .and_then(|t| t.get(&lang).cloned())
                    .unwrap_or_default()
            })
        }
    };
    let on_input = {
        let lang = lang.clone();
        move |ev| {
            let typed = event_target_value(&ev);
            draft.update(|d| {
                if let Some(translations) = text.translations_mut(d) {
                    if typed.trim().is_empty() {
                        translations.remove(&lang);
                    } else {
                        translations.insert(lang.clone(), typed);
                    }
                }
            });
        }
    };
    let dir = text_dir(&lang);
    view! {
        <div class="field translation">
            <label for=id.clone() lang="fr">{french}</label>
            <textarea id=id class="one-line" rows="1" lang=lang.clone() dir=dir
                on:keydown=super::submit_on_enter prop:value=value on:input=on_input></textarea>
        </div>
    }
}
