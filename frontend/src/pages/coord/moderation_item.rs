//! One testimony under review: the original (coordinators only) beside the redacted text
//! councils would see, themes with the words that suggested them, the sensitive flag, and the
//! decision (approve, reject with a reason, "à corriger" with a message for the phone).

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::codebook::MAX_THEMES_PER_ITEM;
use portevoix_domain::wire::{
    Decision, DecisionKind, RedactionUpdate, ReviewItem, ThemeSource, ThemesUpdate,
};

use super::moderation::status_label;
use super::{explain, st, use_lookups, when};
use crate::api::staff;
use crate::i18n;
use crate::state::use_state;

#[component]
pub fn ReviewDetail(item: ReviewItem, on_done: Callback<ReviewItem>) -> impl IntoView {
    let state = use_state();
    let lookups = use_lookups();
    let t = move || st(state);
    let original_themes: Vec<String> = item.themes.iter().map(|th| th.code.clone()).collect();
    let themes = RwSignal::new(original_themes.clone());
    let redacted = RwSignal::new(item.redacted_text.clone());
    let reason = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let confirm = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let item = StoredValue::new(item);
    let original_themes = StoredValue::new(original_themes);

    let decide = move |kind: DecisionKind| {
        let t = st(state);
        let text = match kind {
            DecisionKind::Reject => Some(reason.get_untracked().trim().to_owned()),
            DecisionKind::NeedsCorrection => Some(message.get_untracked().trim().to_owned()),
            _ => None,
        };
        if text.as_ref().is_some_and(String::is_empty) {
            failure.set(Some(
                if kind == DecisionKind::Reject {
                    t.reason_required
                } else {
                    t.message_required
                }
                .to_owned(),
            ));
            return;
        }
        let sensitive = item.with_value(|i| i.sensitive);
        if kind == DecisionKind::Approve && sensitive && !confirm.get_untracked() {
            failure.set(Some(t.confirm_sensitive_first.to_owned()));
            return;
        }
        let picked = themes.get_untracked();
        let new_text = redacted.get_untracked();
        let decision = Decision {
            decision: kind,
            message: text,
            themes: (picked != original_themes.get_value()).then_some(picked),
            redacted_text: item
                .with_value(|i| i.redacted_text != new_text)
                .then_some(new_text),
            confirm_sensitive: confirm.get_untracked(),
            expected_seq: Some(item.with_value(|i| i.seq)),
        };
        let id = item.with_value(|i| i.id);
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            match staff::decide(id, &decision).await {
                Ok(updated) => on_done.run(updated),
                Err(e) => failure.set(Some(explain(state, e))),
            }
            busy.set(false);
        });
    };

    // Keep the themes and the redaction without deciding yet.
    let keep = move |_| {
        let id = item.with_value(|i| i.id);
        let picked = themes.get_untracked();
        let new_text = redacted.get_untracked();
        let themes_changed = picked != original_themes.get_value();
        let text_changed = item.with_value(|i| i.redacted_text != new_text);
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            let mut seq = item.with_value(|i| i.seq);
            let mut last = None;
            if themes_changed {
                let update = ThemesUpdate {
                    themes: picked,
                    expected_seq: Some(seq),
                };
                match staff::set_item_themes(id, &update).await {
                    Ok(updated) => {
                        seq = updated.seq;
                        last = Some(updated);
                    }
                    Err(e) => failure.set(Some(explain(state, e))),
                }
            }
            if text_changed && failure.get_untracked().is_none() {
                let update = RedactionUpdate {
                    redacted_text: new_text,
                    expected_seq: Some(seq),
                };
                match staff::set_redaction(id, &update).await {
                    Ok(updated) => last = Some(updated),
                    Err(e) => failure.set(Some(explain(state, e))),
                }
            }
            if let Some(updated) = last {
                on_done.run(updated);
            }
            busy.set(false);
        });
    };

    let toggle = move |code: String| {
        themes.update(|list| {
            if let Some(pos) = list.iter().position(|c| c == &code) {
                list.remove(pos);
            } else if list.len() < MAX_THEMES_PER_ITEM {
                list.push(code);
            }
        })
    };
    let chips = move || {
        let t = t();
        let matched = item.with_value(|i| i.themes.clone());
        let mut codes: Vec<(String, String)> = lookups
            .themes
            .get()
            .into_iter()
            .filter(|th| !th.retired || matched.iter().any(|m| m.code == th.code))
            .map(|th| (th.code, th.label))
            .collect();
        // The item's own themes first.
        codes.sort_by_key(|(code, _)| !matched.iter().any(|m| &m.code == code));
        codes
            .into_iter()
            .map(|(code, label)| {
                let own = matched.iter().find(|m| m.code == code).cloned();
                let why = own.as_ref().map(|m| {
                    let source = match m.source {
                        ThemeSource::Volunteer => t.source_volunteer,
                        ThemeSource::Suggested => t.source_suggested,
                        ThemeSource::Coordinator => t.source_coordinator,
                    };
                    if m.matched.is_empty() {
                        source.to_owned()
                    } else {
                        format!("{source} : {}", m.matched.join(", "))
                    }
                });
                let suggested = own.as_ref().is_some_and(|m| m.source == ThemeSource::Suggested);
                let c = code.clone();
                let pressed = move || themes.with(|l| l.contains(&c));
                view! {
                    <button type="button" class="chip" class:suggested=suggested data-theme=code.clone()
                        aria-pressed=move || pressed().to_string() on:click=move |_| toggle(code.clone())>
                        {label}
                        {why.map(|w| view! { <span class="tag matched">{w}</span> })}
                    </button>
                }
            })
            .collect_view()
    };

    let meta = move || {
        let t = t();
        let lang = state.lang.get();
        item.with_value(|i| {
            let consent = i18n::consent(lang, i.consent);
            let age = i.age_band.map(|a| i18n::age_band(lang, a)).unwrap_or("—");
            view! {
                <dl class="meta">
                    <dt>{t.quartier}</dt><dd>{lookups.quartier_name(i.quartier_id)}</dd>
                    <dt>{t.place}</dt><dd>{i.place.clone()}</dd>
                    <dt>{t.captured}</dt><dd>{when(&i.captured_at)}</dd>
                    <dt>{t.volunteer}</dt><dd>{i.volunteer.display_name.clone()}</dd>
                    <dt>{t.consent}</dt><dd data-testid="consent">{consent}</dd>
                    <dt>{t.age_band}</dt><dd>{age}</dd>
                    <dt>{t.status}</dt><dd data-testid="detail-status">{status_label(t, i.status)}</dd>
                </dl>
                {i.moderation_message.clone().map(|m| view! { <p class="hint">{format!("{} {m}", t.last_message)}</p> })}
            }
        })
    };
    let sensitive = item.with_value(|i| i.sensitive);
    let analysis_failed = item.with_value(|i| i.analysis_failed);
    let original = item.with_value(|i| i.text.clone());

    view! {
        <article class="card review-item" data-testid="review-detail" data-id=item.with_value(|i| i.id.to_string())>
            <h2>{move || t().testimony}</h2>
            {meta}
            {analysis_failed.then(|| view! {
                <p class="banner warn" data-testid="analysis-failed">{move || t().analysis_failed}</p>
            })}
            {sensitive.then(|| view! {
                <div class="banner warn" data-testid="sensitive-flag">
                    <span>{move || t().sensitive_warning}</span>
                    <label class="choice compact">
                        <input type="checkbox" id="review-confirm-sensitive" prop:checked=move || confirm.get()
                            on:change=move |ev| confirm.set(event_target_checked(&ev))/>
                        <span>{move || t().confirm_sensitive}</span>
                    </label>
                </div>
            })}
            <div class="texts">
                <div>
                    <h3 id="review-original-h">{move || t().original_text}</h3>
                    <blockquote class="original" aria-labelledby="review-original-h" data-testid="original">{original}</blockquote>
                </div>
                <div class="field">
                    <label for="review-redacted"><h3>{move || t().redacted_text}</h3></label>
                    <textarea id="review-redacted" rows="6" data-testid="redacted" prop:value=move || redacted.get()
                        on:input=move |ev| redacted.set(event_target_value(&ev))></textarea>
                    <p class="hint">{move || t().redacted_hint}</p>
                </div>
            </div>
            <fieldset class="question themes">
                <legend>{move || format!("{} ({})", t().themes, state.tr().themes_hint)}</legend>
                <div class="chips">{chips}</div>
            </fieldset>
            <button class="btn btn-small" data-testid="keep-edits" disabled=move || busy.get() on:click=keep>{move || t().keep_edits}</button>
            <div class="decisions">
                <button id="review-approve" class="btn btn-primary" data-testid="approve" disabled=move || busy.get()
                    on:click=move |_| decide(DecisionKind::Approve)>{move || t().approve}</button>
                <div class="decision">
                    <label for="review-reason">{move || t().reject_reason}</label>
                    <input id="review-reason" type="text" prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                        on:keydown=move |ev| if ev.key() == "Enter" { decide(DecisionKind::Reject) }/>
                    <button class="btn danger" data-testid="reject" disabled=move || busy.get()
                        on:click=move |_| decide(DecisionKind::Reject)>{move || t().reject}</button>
                </div>
                <div class="decision">
                    <label for="review-message">{move || t().correction_message}</label>
                    <input id="review-message" type="text" prop:value=move || message.get()
                        on:input=move |ev| message.set(event_target_value(&ev))
                        on:keydown=move |ev| if ev.key() == "Enter" { decide(DecisionKind::NeedsCorrection) }/>
                    <button class="btn" data-testid="needs-correction" disabled=move || busy.get()
                        on:click=move |_| decide(DecisionKind::NeedsCorrection)>{move || t().send_back}</button>
                </div>
                {move || (item.with_value(|i| i.status) != portevoix_domain::wire::ModerationStatus::Pending).then(|| view! {
                    <button class="btn btn-small" data-testid="reopen" disabled=move || busy.get()
                        on:click=move |_| decide(DecisionKind::Reopen)>{move || t().reopen}</button>
                })}
            </div>
            <p class="error" role="alert" data-testid="review-error">{move || failure.get()}</p>
        </article>
    }
}
