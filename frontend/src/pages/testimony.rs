//! Recording a resident's words: text, consent, optional age band, place and up to three themes
//! from the codebook (suggested from the text as it is typed).

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

use portevoix_domain::analysis::{redact, Analyzer, PiiKind, ThemeMatch};
use portevoix_domain::codebook::{Codebook, Theme, MAX_THEMES_PER_ITEM};
use portevoix_domain::order;
use portevoix_domain::text::{char_len, TextKind};
use portevoix_domain::values::{TestimonyText, TextError};
use portevoix_domain::wire::{
    AgeBand, Consent, CorrectionInput, PushItem, TestimonyInput, MAX_TESTIMONY_CHARS,
};
use serde::{Deserialize, Serialize};

use super::fix::{FixMode, Fixing};
use crate::components::{AgeBandSelect, DraftNote, QuartierSelect, Receipt, TextField};
use crate::draft;
use crate::i18n::{self, Tr};
use crate::outbox::{self, Entry};
use crate::platform::{self, clean_text};
use crate::state::use_state;

/// How long typing must pause before the personal-data warning is updated.
const PII_PAUSE: std::time::Duration = std::time::Duration::from_millis(400);

#[component]
pub fn TestimonyPage() -> impl IntoView {
    view! { <TestimonyForm initial=None fixing=None/> }
}

/// Analyzers are compared by identity: a new codebook builds a new one.
#[derive(Clone)]
struct ArcAnalyzer(Arc<Analyzer>);

impl PartialEq for ArcAnalyzer {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// What the form holds, kept as a draft on every change (see `draft.rs`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
struct TestimonyDraft {
    text: String,
    consent: Option<Consent>,
    age_band: Option<AgeBand>,
    themes: Vec<String>,
    quartier_id: Option<i64>,
    place: String,
}

/// Why the form cannot be saved yet; shown only while it still holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    Text,
    TooLong,
    Consent,
    Quartier,
    Place,
}

impl Problem {
    fn find(form: &TestimonyDraft) -> Option<Problem> {
        // The server's rule, on the text as the phone will send it (the browser's NFC included).
        let text = TestimonyText::parse(&clean_text(&form.text, TextKind::Long));
        if text == Err(TextError::Empty) {
            Some(Problem::Text)
        } else if matches!(text, Err(TextError::TooLong { .. })) {
            Some(Problem::TooLong)
        } else if form.consent.is_none() {
            Some(Problem::Consent)
        } else if form.quartier_id.is_none() {
            Some(Problem::Quartier)
        } else if clean_text(&form.place, TextKind::Line).trim().is_empty() {
            Some(Problem::Place)
        } else {
            None
        }
    }

    fn holds(self, form: &TestimonyDraft) -> bool {
        match self {
            Problem::Text | Problem::TooLong => Problem::find(form) == Some(self),
            Problem::Consent => form.consent.is_none(),
            Problem::Quartier => form.quartier_id.is_none(),
            Problem::Place => clean_text(&form.place, TextKind::Line).trim().is_empty(),
        }
    }

    fn message(self, tr: &Tr) -> &'static str {
        match self {
            Problem::Text => tr.text_required,
            Problem::TooLong => tr.too_long,
            Problem::Consent => tr.consent_required,
            Problem::Quartier => tr.quartier_required,
            Problem::Place => tr.place_required,
        }
    }
}

#[component]
pub fn TestimonyForm(
    initial: Option<TestimonyInput>,
    /// The item being fixed, if any (see `fix.rs`).
    fixing: Option<Fixing>,
    /// `initial` came from the server (`GET …/correction`): not the phone's own copy.
    #[prop(optional)]
    from_server: bool,
) -> impl IntoView {
    let state = use_state();
    let tr = move || state.tr();
    let outing = state.outing.get_untracked();
    let text = RwSignal::new(initial.as_ref().map(|t| t.text.clone()).unwrap_or_default());
    let consent = RwSignal::new(initial.as_ref().map(|t| t.consent));
    let age = RwSignal::new(initial.as_ref().and_then(|t| t.age_band));
    let themes = RwSignal::new(
        initial
            .as_ref()
            .map(|t| t.themes.clone())
            .unwrap_or_default(),
    );
    let quartier = RwSignal::new(
        initial
            .as_ref()
            .map(|t| t.quartier_id)
            .or(outing.as_ref().map(|o| o.quartier_id)),
    );
    let place = RwSignal::new(
        initial
            .as_ref()
            .map(|t| t.place.clone())
            .or(outing.as_ref().map(|o| o.place.clone()))
            .unwrap_or_default(),
    );
    let outing_id = initial
        .as_ref()
        .and_then(|t| t.outing_id)
        .or(outing.as_ref().map(|o| o.id));
    let problem = RwSignal::new(None::<Problem>);
    let save_error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let same_receipt = RwSignal::new(false);
    let fixing = StoredValue::new(fixing);
    // A correction changes the text and the themes only (what the correction endpoint takes).
    let correcting =
        move || fixing.with_value(|f| f.is_some_and(|f| f.mode == FixMode::Correction));
    let original = StoredValue::new(initial.clone().filter(|_| !from_server));

    // The draft: restored once when the form opens, then written on every change.
    let draft_key = StoredValue::new(draft::testimony_key(fixing.with_value(|f| f.map(|f| f.id))));
    let current = move || TestimonyDraft {
        text: text.get(),
        consent: consent.get(),
        age_band: age.get(),
        themes: themes.get(),
        quartier_id: quartier.get(),
        place: place.get(),
    };
    let untouched = StoredValue::new(current_untracked(
        text, consent, age, themes, quartier, place,
    ));
    let restored = RwSignal::new(false);
    let draft_found = RwSignal::new(false);
    spawn_local(async move {
        let key = draft_key.get_value();
        if let Some(saved) = draft::load::<TestimonyDraft>(&key).await {
            // Typing beat the read (it takes milliseconds): what is on screen wins.
            let typed = text.get_untracked() != untouched.with_value(|u| u.text.clone());
            if !typed && saved != untouched.get_value() {
                text.set(saved.text);
                consent.set(saved.consent);
                age.set(saved.age_band);
                themes.set(saved.themes);
                quartier.set(saved.quartier_id);
                place.set(saved.place);
                draft_found.set(true);
            }
        }
        restored.set(true);
    });
    let keep_draft = move |form: &TestimonyDraft| {
        if restored.get_untracked() && done.get_untracked().is_none() {
            let worth = untouched.with_value(|u| u != form);
            draft::keep(&draft_key.get_value(), worth.then_some(form));
        }
    };
    Effect::new(move |_| {
        let form = current();
        if restored.get() {
            keep_draft(&form);
        }
    });
    let discard_draft = Callback::new(move |()| {
        draft::keep(&draft_key.get_value(), None::<&TestimonyDraft>);
        let initial = untouched.get_value();
        text.set(initial.text);
        consent.set(initial.consent);
        age.set(initial.age_band);
        themes.set(initial.themes);
        quartier.set(initial.quartier_id);
        place.set(initial.place);
        draft_found.set(false);
        problem.set(None);
    });
    let on_text = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        // Written before the signal changes anything on screen: even if what follows failed,
        // this keystroke is on disk.
        let mut form = current_untracked(text, consent, age, themes, quartier, place);
        form.text.clone_from(&value);
        keep_draft(&form);
        text.set(value);
    };
    let shown_problem = move || {
        let form = current();
        problem
            .get()
            .filter(|p| p.holds(&form))
            .map(|p| p.message(tr()).to_owned())
    };

    // The same suggester as the server's review queue (domain::analysis), run as one types.
    let analyzer = Memo::new(move |_| {
        let themes = state.catalogue.with(|c| c.themes.clone());
        ArcAnalyzer(Arc::new(Analyzer::new(&Codebook { themes })))
    });
    let suggestions: Memo<Vec<ThemeMatch>> = Memo::new(move |_| {
        let t = text.get();
        analyzer.with(|a| a.0.suggest_themes(&t))
    });
    // Personal data while typing: the server's own finder, run on the phone (offline too) once
    // the volunteer pauses, so the warning does not flicker on every key.
    let pii: RwSignal<Vec<PiiKind>> = RwSignal::new(redact::kinds(&text.get_untracked()));
    let pii_timer = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let typed = text.get();
        if let Some(pending) = pii_timer.get_value() {
            pending.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                let found = redact::kinds(&typed);
                if pii.with_untracked(|p| *p != found) {
                    pii.set(found);
                }
            },
            PII_PAUSE,
        )
        .ok();
        pii_timer.set_value(handle);
    });
    on_cleanup(move || {
        if let Some(pending) = pii_timer.get_value() {
            pending.clear();
        }
    });
    let pii_warning = move || {
        pii.with(|kinds| (!kinds.is_empty()).then(|| i18n::pii_warning(state.lang.get(), kinds)))
    };
    let toggle_theme = move |code: String| {
        themes.update(|list| {
            if let Some(pos) = list.iter().position(|c| c == &code) {
                list.remove(pos);
            } else if list.len() < MAX_THEMES_PER_ITEM {
                list.push(code);
            }
        })
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = current_untracked(text, consent, age, themes, quartier, place);
        if let Some(found) = Problem::find(&form) {
            problem.set(Some(found));
            return;
        }
        problem.set(None);
        let (Some(consent_value), Some(quartier_id)) = (form.consent, form.quartier_id) else {
            return;
        };
        // Text at the door: the same cleaning the server applies (NFC, no control characters).
        let body = clean_text(&form.text, TextKind::Long).trim().to_owned();
        let place_text = clean_text(&form.place, TextKind::Line).trim().to_owned();
        // What the Envois screen shows: the redacted text only, so a lost phone never shows the
        // personal data in full (the item itself is dropped once the server has it).
        let summary: String = redact::redact(&body).text.chars().take(60).collect();
        let fix = fixing.get_value();
        let kept = original.get_value().filter(|_| {
            fix.is_some_and(|f| matches!(f.mode, FixMode::InPlace | FixMode::Correction))
        });
        let device_id = state.me.get_untracked().and_then(|m| m.device_id);
        let (entry, receipt, same) = match (fix, kept) {
            (Some(fix), kept) if fix.mode == FixMode::Correction => {
                // Same id, receipt code and capture time: the server replaces the text.
                let corrected = kept.clone().map(|mut t| {
                    t.text.clone_from(&body);
                    t.themes.clone_from(&form.themes);
                    PushItem::Testimony(t)
                });
                let receipt = kept.and_then(|t| t.receipt_code).unwrap_or_default();
                let entry = Entry::correction(
                    fix.id,
                    corrected,
                    CorrectionInput {
                        text: body,
                        themes: Some(form.themes),
                    },
                    summary,
                );
                (entry, receipt, true)
            }
            (_, Some(kept)) => {
                // Refused on push, never stored: sent again under the same id and receipt code.
                let receipt = kept.receipt_code.clone().or_else(platform::receipt_code);
                let testimony = TestimonyInput {
                    quartier_id,
                    place: place_text,
                    text: body,
                    consent: consent_value,
                    age_band: form.age_band,
                    themes: form.themes,
                    device_id,
                    receipt_code: receipt.clone(),
                    ..kept
                };
                (
                    Entry::new(PushItem::Testimony(testimony), summary),
                    receipt.unwrap_or_default(),
                    true,
                )
            }
            _ => {
                let receipt = platform::receipt_code();
                let testimony = TestimonyInput {
                    id: platform::new_id(),
                    quartier_id,
                    place: place_text,
                    captured_at: platform::now_utc(),
                    text: body,
                    consent: consent_value,
                    age_band: form.age_band,
                    themes: form.themes,
                    outing_id,
                    device_id,
                    receipt_code: receipt.clone(),
                };
                (
                    Entry::new(PushItem::Testimony(testimony), summary),
                    receipt.unwrap_or_default(),
                    false,
                )
            }
        };
        let replaces = fix.and_then(|f| f.replaces());
        spawn_local(async move {
            let key = draft_key.get_value();
            match outbox::add(&entry, replaces, Some(&key)).await {
                Ok(()) => {
                    draft::forget(&key);
                    save_error.set(None);
                    draft_found.set(false);
                    same_receipt.set(same);
                    done.set(Some(receipt));
                    if fix.is_none() {
                        state.count_capture(outing_id).await;
                    }
                    state.reload_outbox().await;
                    crate::sync::request(state);
                }
                Err(e) => save_error.set(Some(e.0)),
            }
        });
    };
    let again = Callback::new(move |()| {
        text.set(String::new());
        consent.set(None);
        age.set(None);
        themes.set(Vec::new());
        fixing.set_value(None);
        original.set_value(None);
        same_receipt.set(false);
        draft_key.set_value(draft::testimony_key(None));
        untouched.set_value(current_untracked(
            text, consent, age, themes, quartier, place,
        ));
        done.set(None);
    });
    let theme_chips = move || {
        let picked = themes.get();
        let suggested = suggestions.get();
        let words_for = |code: &str| {
            suggested
                .iter()
                .find(|m| m.code == code)
                .map(|m| m.words.join(", "))
        };
        let mut list: Vec<Theme> = state
            .catalogue
            .with(|c| c.active_themes().cloned().collect());
        order::sort_by_key(&mut list, |t| !suggested.iter().any(|m| m.code == t.code));
        list.into_iter()
            .map(|theme| {
                let on = picked.contains(&theme.code);
                let words = words_for(&theme.code);
                let is_suggested = words.is_some();
                let code = theme.code.clone();
                view! {
                    <button type="button" class="chip" class:suggested=is_suggested aria-pressed=on.to_string()
                        data-theme=theme.code.clone() on:click=move |_| toggle_theme(code.clone())>
                        {i18n::theme_label(state.lang.get(), &theme).to_owned()}
                        {words.map(|w| view! { <span class="tag" title=w.clone()>{format!("{}{w}", tr().suggested)}</span> })}
                    </button>
                }
            })
            .collect_view()
    };
    let form = move || {
        if let Some(code) = done.get() {
            return view! { <Receipt code=code on_again=again same=same_receipt.get_untracked()/> }
                .into_any();
        }
        view! {
            <Show when=move || draft_found.get()>
                <DraftNote on_discard=discard_draft/>
            </Show>
            <form class="card" on:submit=save data-testid="testimony-form">
                <div class="field">
                    <label for="testimony-text">{tr().testimony_text}</label>
                    <textarea id="testimony-text" class="long" rows="8" aria-describedby="testimony-hint testimony-pii"
                        prop:value=move || text.get() on:input=on_text></textarea>
                    <p class="hint" id="testimony-hint">
                        {tr().testimony_hint} " "
                        {move || format!("{} / {MAX_TESTIMONY_CHARS} {}", char_len(&text.get()), tr().characters)}
                    </p>
                    <p class="hint warn" id="testimony-pii" aria-live="polite" data-testid="pii-warning">{pii_warning}</p>
                </div>
                {(!correcting()).then(|| view! {
                <fieldset class="question">
                        <legend>{tr().consent}</legend>
                        {[Consent::Quote, Consent::CountOnly]
                            .into_iter()
                            .map(|c| view! {
                                <label class="choice">
                                    <input type="radio" name="consent" value=c.as_str() prop:checked=move || consent.get() == Some(c)
                                        on:change=move |_| consent.set(Some(c))/>
                                    <span>{i18n::consent(state.lang.get_untracked(), c)}</span>
                                </label>
                            })
                            .collect_view()}
                    </fieldset>
                })}
                <fieldset class="question themes">
                    <legend>{format!("{} ({})", tr().themes, tr().themes_hint)}</legend>
                    <div class="chips">{theme_chips}</div>
                </fieldset>
                {(!correcting()).then(|| view! {
                    <AgeBandSelect value=age id="testimony-age"/>
                    <QuartierSelect value=quartier id="testimony-quartier"/>
                    <TextField value=place id="testimony-place" label=Signal::derive(move || tr().place.to_owned())/>
                })}
                <button class="btn btn-primary btn-big" type="submit" data-testid="save">{tr().save}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <h1>{move || tr().testimony_title}</h1>
        {form}
        <p class="error" role="alert" data-testid="form-error">
            {shown_problem}
            {move || save_error.get()}
        </p>
    }
}

fn current_untracked(
    text: RwSignal<String>,
    consent: RwSignal<Option<Consent>>,
    age: RwSignal<Option<AgeBand>>,
    themes: RwSignal<Vec<String>>,
    quartier: RwSignal<Option<i64>>,
    place: RwSignal<String>,
) -> TestimonyDraft {
    TestimonyDraft {
        text: text.get_untracked(),
        consent: consent.get_untracked(),
        age_band: age.get_untracked(),
        themes: themes.get_untracked(),
        quartier_id: quartier.get_untracked(),
        place: place.get_untracked(),
    }
}
