//! The survey builder: the draft (every question type, required flags, "afficher si" rules,
//! option codes), checked live by `SurveyDefinition::check` (the server's rules), a phone
//! preview made of the volunteers' own components, then publish (a new immutable version),
//! open, close and the quartiers where it runs.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::survey::{ChoiceOption, Question, QuestionKind, SurveyDefinition};
use portevoix_domain::wire::{DeviceSurvey, Survey, SurveyStatus, SurveyVersion};

use super::builder_checks::problem_line;
use super::builder_kinds::{BuilderAction, KindChoice};
use super::builder_rule::RuleEditor;
use super::{explain, st, use_lookups, LoadFailed};
use crate::api::{staff, ApiError};
use crate::pages::survey::SurveyRun;
use crate::route::{Coord, Route};
use crate::state::use_state;

/// A code from a label: lowercase ASCII letters, digits and `_`, starting with a letter.
pub fn slug(label: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in label.to_lowercase().chars() {
        let c = match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            other => other,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
        if out.len() >= 30 {
            break;
        }
    }
    let out = out.trim_end_matches('_').to_owned();
    if out.bytes().next().is_some_and(|b| b.is_ascii_lowercase()) {
        out
    } else {
        fallback.to_owned()
    }
}

fn empty_definition() -> SurveyDefinition {
    SurveyDefinition::default()
}

/// The label of a rule value ("yes" → "Oui", an option code → its label).
pub(super) fn value_label(question: &Question, value: &str, yes: &str, no: &str) -> String {
    match &question.kind {
        QuestionKind::YesNo if value == "yes" => yes.to_owned(),
        QuestionKind::YesNo => no.to_owned(),
        kind => kind
            .options()
            .and_then(|o| o.iter().find(|o| o.code == value))
            .map(|o| format!("{} ({})", o.label, o.code))
            .unwrap_or_else(|| value.to_owned()),
    }
}

#[component]
pub fn Builder(id: Option<i64>) -> impl IntoView {
    let state = use_state();
    let lookups = use_lookups();
    let t = move || st(state);
    let draft = RwSignal::new(empty_definition());
    let survey = RwSignal::new(None::<Survey>);
    let assigned = RwSignal::new(Vec::<i64>::new());
    let status = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let loaded = RwSignal::new(id.is_none());
    let preview = RwSignal::new(None::<SurveyDefinition>);

    // An existing survey's load: until it succeeds no form is shown (an empty one saved would
    // replace the survey's draft), only the error and « Réessayer ».
    let load_failure = RwSignal::new(None::<ApiError>);
    let load = move |id: i64| {
        spawn_local(async move {
            match staff::survey(id).await {
                Ok(s) => {
                    draft.set(s.draft.clone());
                    assigned.set(s.quartier_ids.clone());
                    survey.set(Some(s));
                    load_failure.set(None);
                    loaded.set(true);
                }
                Err(error) => load_failure.set(Some(error)),
            }
        });
    };
    if let Some(id) = id {
        load(id);
    }

    let problems = Memo::new(move |_| {
        let t = t();
        draft.with(|d| match d.check() {
            Ok(()) => Vec::new(),
            Err(errors) => errors.iter().map(|e| problem_line(t, e)).collect(),
        })
    });

    // Saves the draft (creating the survey the first time); returns its id.
    let save = move || async move {
        let definition = draft.get_untracked();
        let result = match survey.get_untracked() {
            Some(s) => staff::save_draft(s.id, &definition).await,
            None => staff::create_survey(&definition).await,
        };
        match result {
            Ok(saved) => {
                let id = saved.id;
                let created = survey.get_untracked().is_none();
                survey.set(Some(saved));
                if created {
                    // The URL now names the survey (a reload finds it again); replaced, so
                    // "back" does not return to an empty new draft.
                    let path = Route::Coord(Coord::Survey(Some(id))).path();
                    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                        let _ = history.replace_state_with_url(
                            &wasm_bindgen::JsValue::NULL,
                            "",
                            Some(&path),
                        );
                    }
                }
                Some(id)
            }
            Err(e) => {
                failure.set(Some(explain(state, e)));
                None
            }
        }
    };
    let run = move |action: BuilderAction| {
        busy.set(true);
        failure.set(None);
        status.set(None);
        spawn_local(async move {
            // A closed survey cannot change: only reopening it is asked, without saving.
            let closed = survey.with_untracked(|s| {
                s.as_ref()
                    .and_then(|s| (s.status == SurveyStatus::Closed).then_some(s.id))
            });
            let saved = match closed {
                Some(id) => Some(id),
                None => save().await,
            };
            let Some(id) = saved else {
                busy.set(false);
                return;
            };
            let outcome = match (action, action.status_path()) {
                (BuilderAction::Assign, _) => staff::assign_survey(id, assigned.get_untracked())
                    .await
                    .map(Some),
                (_, Some(path)) => staff::survey_action(id, path).await.map(Some),
                (_, None) => Ok(None),
            };
            match outcome {
                Ok(updated) => {
                    if let Some(updated) = updated {
                        survey.set(Some(updated));
                    }
                    let t = st(state);
                    let version = survey
                        .get_untracked()
                        .and_then(|s| s.current_version.map(|v| v.version))
                        .unwrap_or(0);
                    status.set(Some(match action {
                        BuilderAction::Save => t.draft_saved.to_owned(),
                        BuilderAction::Publish => format!("{} {version}", t.published_version),
                        BuilderAction::Open => t.survey_opened.to_owned(),
                        BuilderAction::Close => t.survey_closed.to_owned(),
                        BuilderAction::Assign => t.quartiers_saved.to_owned(),
                    }));
                }
                Err(e) => failure.set(Some(explain(state, e))),
            }
            busy.set(false);
        });
    };

    // A copy of this survey as a new draft (a closed survey's way to change), then its page.
    let duplicate = move |_| {
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            let mut copy = draft.get_untracked();
            copy.title = format!("{} {}", copy.title, st(state).copy_suffix);
            match staff::create_survey(&copy).await {
                Ok(created) => state.go(Route::Coord(Coord::Survey(Some(created.id)))),
                Err(e) => failure.set(Some(explain(state, e))),
            }
            busy.set(false);
        });
    };
    // The saved draft as an XLSForm for ODK Collect or KoboToolbox (issue 15 §5).
    let export = move |_| {
        let Some(id) = survey.with_untracked(|s| s.as_ref().map(|s| s.id)) else {
            return;
        };
        failure.set(None);
        spawn_local(async move {
            match staff::download_xlsform(id).await {
                Ok(()) => status.set(Some(st(state).xlsform_downloaded.to_owned())),
                Err(e) => failure.set(Some(explain(state, e))),
            }
        });
    };
    let is_closed =
        move || survey.with(|s| s.as_ref().is_some_and(|s| s.status == SurveyStatus::Closed));

    let add_question = move |_| {
        draft.update(|d| {
            let n = d.questions.len() + 1;
            let mut code = format!("q{n}");
            let mut k = n;
            while d.questions.iter().any(|q| q.code == code) {
                k += 1;
                code = format!("q{k}");
            }
            d.questions.push(Question {
                code,
                label: String::new(),
                kind: KindChoice::SingleChoice.make(&QuestionKind::YesNo),
                required: true,
                show_if: None,
                translations: Default::default(),
                hint: None,
                hint_translations: Default::default(),
            });
        });
        // Focus the new question's label for keyboard users.
        let n = draft.with_untracked(|d| d.questions.len());
        request_animation_frame(move || focus(&format!("q{}-label", n - 1)));
    };

    let server_line = move || {
        let t = t();
        survey.get().map(|s| {
            let status = match s.status {
                SurveyStatus::Draft => t.status_draft,
                SurveyStatus::Open => t.status_open,
                SurveyStatus::Closed => t.status_closed,
            };
            let version = s
                .current_version
                .as_ref()
                .map(|v| {
                    format!(
                        "{} {} ({})",
                        t.version,
                        v.version,
                        super::when(&v.published_at)
                    )
                })
                .unwrap_or_else(|| t.never_published.to_owned());
            format!("{status} · {version}")
        })
    };

    // Memos, here and in the editors below: the lists are rebuilt only when their length (or a
    // question's type) changes, not on every keystroke, so the field being typed in and the
    // one Tab moves to stay in the page (a rebuilt input loses the focus and what is typed next).
    let question_count = Memo::new(move |_| draft.with(|d| d.questions.len()));
    let questions = move || {
        let n = question_count.get();
        (0..n)
            .map(|index| view! { <QuestionEditor index=index draft=draft/> })
            .collect_view()
    };

    let quartier_boxes = move || {
        lookups
            .quartiers
            .get()
            .into_iter()
            .map(|q| {
                let id = q.id;
                view! {
                    <label class="choice compact">
                        <input type="checkbox" data-quartier=q.slug.clone()
                            prop:checked=move || assigned.with(|a| a.contains(&id))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                assigned.update(|a| {
                                    a.retain(|x| *x != id);
                                    if on { a.push(id); }
                                });
                            }/>
                        <span>{q.name}</span>
                    </label>
                }
            })
            .collect_view()
    };

    let preview_panel = move || {
        preview.get().map(|definition| {
            let device = DeviceSurvey {
                survey_id: 0,
                version: SurveyVersion {
                    id: 0,
                    survey_id: 0,
                    version: 0,
                    definition,
                    published_at: crate::platform::now_utc(),
                },
                quartier_ids: Vec::new(),
            };
            view! {
                <div class="phone" data-testid="preview">
                    <SurveyRun survey=device initial=None fixing=None preview=true/>
                </div>
            }
        })
    };

    let editor = move || {
        if let Some(error) = load_failure.get() {
            let retry = Callback::new(move |()| id.into_iter().for_each(load));
            return view! { <LoadFailed what=|t| t.survey_failed error=error on_retry=retry testid="survey-load-error"/> }.into_any();
        }
        if !loaded.get() {
            return view! { <p role="status">{t().loading}</p> }.into_any();
        }
        view! {
            <div class="builder">
                <section class="builder-edit" aria-labelledby="builder-title">
                    <h1 id="builder-title">{move || if survey.with(Option::is_none) { t().new_survey } else { t().edit_survey }}</h1>
                    <p class="hint" data-testid="survey-state">{server_line}</p>
                    <div class="field">
                        <label for="survey-title">{move || t().survey_title}</label>
                        // One-line fields that wrap (here and for the questions and choices): a long
                        // title stays whole in sight at 200 % text on a phone; Enter adds no line.
                        <textarea id="survey-title" class="one-line" rows="1" prop:value=move || draft.with(|d| d.title.clone())
                            on:keydown=super::submit_on_enter
                            on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.title = v) }></textarea>
                    </div>
                    <div class="field">
                        <label for="survey-intro">{move || format!("{} ({})", t().survey_intro, state.tr().optional)}</label>
                        <textarea id="survey-intro" rows="2" prop:value=move || draft.with(|d| d.intro.clone().unwrap_or_default())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                draft.update(|d| d.intro = (!v.trim().is_empty()).then_some(v))
                            }></textarea>
                    </div>
                    <ol class="plain questions">{questions}</ol>
                    <button class="btn" data-testid="add-question" on:click=add_question>{move || t().add_question}</button>
                    <super::builder_translations::Translations draft=draft/>
                    <section class="card" aria-live="polite">
                        <h2>{move || t().checks}</h2>
                        {move || {
                            let list = problems.get();
                            if list.is_empty() {
                                view! { <p class="ok" data-testid="survey-valid">{t().survey_valid}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="problems" data-testid="survey-problems">
                                        {list.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                                    </ul>
                                }.into_any()
                            }
                        }}
                    </section>
                    {move || is_closed().then(|| view! {
                        <p class="banner info" data-testid="closed-survey">{t().closed_survey_hint}</p>
                    })}
                    <div class="actions">
                        <button class="btn" data-testid="save-draft" disabled=move || busy.get() || is_closed() on:click=move |_| run(BuilderAction::Save)>{move || t().save_draft}</button>
                        <button class="btn btn-primary" data-testid="publish" disabled=move || busy.get() || is_closed() || !problems.with(Vec::is_empty)
                            on:click=move |_| run(BuilderAction::Publish)>{move || t().publish}</button>
                        <button class="btn" data-testid="open" disabled=move || busy.get() || survey.with(|s| s.as_ref().is_none_or(|s| s.current_version.is_none() || s.status == SurveyStatus::Open))
                            on:click=move |_| run(BuilderAction::Open)>{move || t().open_survey}</button>
                        <button class="btn danger" data-testid="close" disabled=move || busy.get() || survey.with(|s| s.as_ref().is_none_or(|s| s.status != SurveyStatus::Open))
                            on:click=move |_| run(BuilderAction::Close)>{move || t().close_survey}</button>
                        <button class="btn" data-testid="duplicate" disabled=move || busy.get() || survey.with(|s| s.is_none())
                            on:click=duplicate>{move || t().duplicate_survey}</button>
                        <button class="btn" data-testid="export-xlsform" disabled=move || busy.get() || survey.with(|s| s.is_none())
                            on:click=export>{move || t().export_xlsform}</button>
                    </div>
                    <p class="hint">{move || t().publish_hint}</p>
                    <fieldset class="card quartiers">
                        <legend>{move || t().assign_quartiers}</legend>
                        <div class="checks">{quartier_boxes}</div>
                        <button class="btn" data-testid="assign" disabled=move || busy.get() on:click=move |_| run(BuilderAction::Assign)>{move || t().save_quartiers}</button>
                    </fieldset>
                    <p class="ok" role="status" data-testid="builder-status">{move || status.get()}</p>
                    <p class="error" role="alert" data-testid="builder-error">{move || failure.get()}</p>
                </section>
                <aside class="builder-preview" aria-label=move || t().preview>
                    <h2>{move || t().preview}</h2>
                    <p class="hint">{move || t().preview_hint}</p>
                    <button class="btn" data-testid="show-preview" on:click=move |_| preview.set(Some(draft.get_untracked()))>
                        {move || if preview.with(Option::is_some) { t().refresh_preview } else { t().show_preview }}
                    </button>
                    {preview_panel}
                </aside>
            </div>
        }
        .into_any()
    };
    view! { {editor} }
}

fn focus(id: &str) {
    if let Some(el) = document().get_element_by_id(id) {
        if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
            let _ = el.focus();
        }
    }
}

/// Reads or changes question `index` of the draft (nothing when it no longer exists).
/// A number typed in a builder field (a decimal comma or point); `None` when empty or not a
/// finite number.
pub(super) fn typed_number(ev: &leptos::ev::Event) -> Option<f64> {
    event_target_value(ev)
        .replace(',', ".")
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
}

pub(super) fn with_q<R>(
    draft: RwSignal<SurveyDefinition>,
    index: usize,
    f: impl FnOnce(&Question) -> R,
) -> Option<R> {
    draft.with(|d| d.questions.get(index).map(f))
}

pub(super) fn edit_q(
    draft: RwSignal<SurveyDefinition>,
    index: usize,
    f: impl FnOnce(&mut Question),
) {
    draft.update(|d| {
        if let Some(q) = d.questions.get_mut(index) {
            f(q)
        }
    });
}

#[component]
fn QuestionEditor(index: usize, draft: RwSignal<SurveyDefinition>) -> impl IntoView {
    let state = use_state();
    let t = move || st(state);
    let id = move |what: &str| format!("q{index}-{what}");
    let kind = Memo::new(move |_| {
        with_q(draft, index, |q| KindChoice::of(&q.kind)).unwrap_or(KindChoice::YesNo)
    });
    let move_by = move |delta: isize| {
        draft.update(|d| {
            let to = index as isize + delta;
            if to >= 0 && (to as usize) < d.questions.len() {
                d.questions.swap(index, to as usize);
            }
        })
    };
    let remove = move |_| {
        draft.update(|d| {
            if index < d.questions.len() {
                let code = d.questions.remove(index).code;
                // Rules that pointed at it no longer make sense.
                for q in &mut d.questions {
                    if q.show_if.as_ref().is_some_and(|c| c.mentions(&code)) {
                        q.show_if = None;
                    }
                }
            }
        })
    };
    let heading = move || format!("{} {}", t().question, index + 1);
    view! {
        <li class="card qedit" data-testid="question" data-index=index.to_string()>
            <fieldset>
                <legend>{heading}</legend>
                <div class="row">
                    <div class="field grow">
                        <label for=id("label")>{move || t().question_label}</label>
                        <textarea id=id("label") class="one-line" rows="1" prop:value=move || with_q(draft, index, |q| q.label.clone()).unwrap_or_default()
                            on:keydown=super::submit_on_enter
                            on:input=move |ev| { let v = event_target_value(&ev); edit_q(draft, index, |q| q.label = v) }></textarea>
                    </div>
                    <div class="field">
                        <label for=id("code")>{move || t().code}</label>
                        <input id=id("code") type="text" class="code" prop:value=move || with_q(draft, index, |q| q.code.clone()).unwrap_or_default()
                            on:input=move |ev| { let v = event_target_value(&ev); edit_q(draft, index, |q| q.code = v) }/>
                    </div>
                </div>
                <div class="row">
                    <div class="field">
                        <label for=id("kind")>{move || t().question_type}</label>
                        <select id=id("kind") on:change=move |ev| {
                            if let Some(choice) = KindChoice::from_key(&event_target_value(&ev)) {
                                edit_q(draft, index, |q| {
                                    q.kind = choice.make(&q.kind);
                                    // A note takes no answer, so it is never required.
                                    q.required &= q.kind.is_answered();
                                });
                            }
                        }>
                            {KindChoice::ALL.into_iter().map(|k| view! {
                                <option value=k.key() selected=move || kind.get() == k>{move || k.label(t())}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <label class="choice compact" hidden=move || kind.get() == KindChoice::Note>
                        <input type="checkbox" id=id("required") prop:checked=move || with_q(draft, index, |q| q.required).unwrap_or(false)
                            on:change=move |ev| { let on = event_target_checked(&ev); edit_q(draft, index, |q| q.required = on) }/>
                        <span>{move || t().required}</span>
                    </label>
                </div>
                {move || match kind.get() {
                    KindChoice::SingleChoice | KindChoice::MultipleChoice => view! { <OptionsEditor index=index draft=draft/> }.into_any(),
                    KindChoice::ShortText | KindChoice::LongText => view! { <TextLimits index=index draft=draft/> }.into_any(),
                    KindChoice::Number => view! { <NumberLimits index=index draft=draft/> }.into_any(),
                    KindChoice::Scale | KindChoice::Smiley | KindChoice::YesNo | KindChoice::Date | KindChoice::Note => ().into_any(),
                }}
                <div class="field">
                    <label for=id("hint")>{move || format!("{} ({})", t().question_hint, state.tr().optional)}</label>
                    <textarea id=id("hint") class="one-line" rows="1" prop:value=move || with_q(draft, index, |q| q.hint.clone().unwrap_or_default()).unwrap_or_default()
                        on:keydown=super::submit_on_enter
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            edit_q(draft, index, |q| q.hint = (!v.trim().is_empty()).then_some(v))
                        }></textarea>
                </div>
                <RuleEditor index=index draft=draft/>
                <div class="row tools">
                    <button class="btn btn-small" on:click=move |_| move_by(-1) disabled=index == 0>{move || t().move_up}</button>
                    <button class="btn btn-small" on:click=move |_| move_by(1)
                        disabled=move || draft.with(|d| index + 1 >= d.questions.len())>{move || t().move_down}</button>
                    <button class="btn btn-small danger" on:click=remove>{move || t().remove_question}</button>
                </div>
            </fieldset>
        </li>
    }
}

fn options_of(q: &Question) -> Vec<ChoiceOption> {
    q.kind
        .options()
        .map(<[ChoiceOption]>::to_vec)
        .unwrap_or_default()
}

fn edit_options(
    draft: RwSignal<SurveyDefinition>,
    index: usize,
    f: impl FnOnce(&mut Vec<ChoiceOption>),
) {
    edit_q(draft, index, |q| match &mut q.kind {
        QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options, .. } => {
            f(options)
        }
        _ => {}
    });
}

#[component]
fn OptionsEditor(index: usize, draft: RwSignal<SurveyDefinition>) -> impl IntoView {
    let state = use_state();
    let t = move || st(state);
    let count = Memo::new(move |_| with_q(draft, index, |q| options_of(q).len()).unwrap_or(0));
    let rows = move || {
        (0..count.get())
            .map(|o| {
                let field = move |f: fn(&ChoiceOption) -> String| {
                    with_q(draft, index, |q| options_of(q).get(o).map(f)).flatten().unwrap_or_default()
                };
                let label_id = format!("q{index}-o{o}-label");
                let code_id = format!("q{index}-o{o}-code");
                view! {
                    <li class="row option">
                        <div class="field grow">
                            <label for=label_id.clone()>{move || format!("{} {}", t().option, o + 1)}</label>
                            <textarea id=label_id class="one-line" rows="1" prop:value=move || field(|x| x.label.clone())
                                on:keydown=super::submit_on_enter
                                on:input=move |ev| { let v = event_target_value(&ev); edit_options(draft, index, |opts| if let Some(x) = opts.get_mut(o) { x.label = v }) }
                                on:change=move |_| edit_options(draft, index, |opts| {
                                    // A code from the label when none was typed.
                                    if let Some(x) = opts.get_mut(o) {
                                        if x.code.trim().is_empty() { x.code = slug(&x.label, &format!("o{}", o + 1)); }
                                    }
                                })></textarea>
                        </div>
                        <div class="field">
                            <label for=code_id.clone()>{move || t().code}</label>
                            <input id=code_id type="text" class="code" prop:value=move || field(|x| x.code.clone())
                                on:input=move |ev| { let v = event_target_value(&ev); edit_options(draft, index, |opts| if let Some(x) = opts.get_mut(o) { x.code = v }) }/>
                        </div>
                        <button class="btn btn-small" aria-label=move || format!("{} {}", t().remove_option, o + 1)
                            on:click=move |_| edit_options(draft, index, |opts| if o < opts.len() { opts.remove(o); })>"×"</button>
                    </li>
                }
            })
            .collect_view()
    };
    let max_choices = Memo::new(move |_| {
        with_q(draft, index, |q| match q.kind {
            QuestionKind::MultipleChoice { max_choices, .. } => Some(max_choices),
            _ => None,
        })
        .flatten()
    });
    view! {
        <div class="options">
            <ul class="plain">{rows}</ul>
            <button class="btn btn-small" data-testid="add-option" on:click=move |_| edit_options(draft, index, |opts| opts.push(ChoiceOption::default()))>
                {move || t().add_option}
            </button>
            {move || max_choices.get().map(|current| view! {
                <div class="field">
                    <label for=format!("q{index}-max")>{move || format!("{} ({})", t().max_choices, state.tr().optional)}</label>
                    <input id=format!("q{index}-max") type="number" min="1" inputmode="numeric" prop:value=current.map(|m| m.to_string()).unwrap_or_default()
                        on:change=move |ev| {
                            let v = event_target_value(&ev).trim().parse::<u32>().ok();
                            edit_q(draft, index, |q| if let QuestionKind::MultipleChoice { max_choices, .. } = &mut q.kind { *max_choices = v });
                        }/>
                </div>
            })}
        </div>
    }
}

#[component]
fn TextLimits(index: usize, draft: RwSignal<SurveyDefinition>) -> impl IntoView {
    let state = use_state();
    let current = move || {
        with_q(draft, index, |q| match q.kind {
            QuestionKind::ShortText { max_chars } | QuestionKind::LongText { max_chars } => {
                max_chars
            }
            _ => None,
        })
        .flatten()
    };
    view! {
        <div class="field">
            <label for=format!("q{index}-maxchars")>{move || format!("{} ({})", st(state).max_chars, state.tr().optional)}</label>
            <input id=format!("q{index}-maxchars") type="number" min="1" inputmode="numeric"
                prop:value=move || current().map(|m| m.to_string()).unwrap_or_default()
                on:change=move |ev| {
                    let v = event_target_value(&ev).trim().parse::<u32>().ok();
                    edit_q(draft, index, |q| match &mut q.kind {
                        QuestionKind::ShortText { max_chars } | QuestionKind::LongText { max_chars } => *max_chars = v,
                        _ => {}
                    });
                }/>
        </div>
    }
}

struct NumberBounds {
    min: Option<f64>,
    max: Option<f64>,
    integer: bool,
}

#[component]
fn NumberLimits(index: usize, draft: RwSignal<SurveyDefinition>) -> impl IntoView {
    let state = use_state();
    let t = move || st(state);
    let get = move || {
        with_q(draft, index, |q| match q.kind {
            QuestionKind::Number { min, max, integer } => (min, max, integer),
            _ => (None, None, true),
        })
        .unwrap_or((None, None, true))
    };
    let set = move |f: &dyn Fn(&mut NumberBounds)| {
        edit_q(draft, index, |q| {
            if let QuestionKind::Number { min, max, integer } = &mut q.kind {
                let mut bounds = NumberBounds {
                    min: *min,
                    max: *max,
                    integer: *integer,
                };
                f(&mut bounds);
                (*min, *max, *integer) = (bounds.min, bounds.max, bounds.integer);
            }
        })
    };
    view! {
        <div class="row">
            <div class="field">
                <label for=format!("q{index}-min")>{move || t().min}</label>
                <input id=format!("q{index}-min") type="number" step="any" prop:value=move || get().0.map(|v| v.to_string()).unwrap_or_default()
                    on:change=move |ev| { let v = typed_number(&ev); set(&|b| b.min = v) }/>
            </div>
            <div class="field">
                <label for=format!("q{index}-maxv")>{move || t().max}</label>
                <input id=format!("q{index}-maxv") type="number" step="any" prop:value=move || get().1.map(|v| v.to_string()).unwrap_or_default()
                    on:change=move |ev| { let v = typed_number(&ev); set(&|b| b.max = v) }/>
            </div>
            <label class="choice compact">
                <input type="checkbox" prop:checked=move || get().2
                    on:change=move |ev| { let on = event_target_checked(&ev); set(&|b| b.integer = on) }/>
                <span>{move || t().integer}</span>
            </label>
        </div>
    }
}
