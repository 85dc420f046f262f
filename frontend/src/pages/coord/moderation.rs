//! The review queue: testimonies with filters (quartier, status, theme, volunteer, dates,
//! sensitive), one opened beside the list. Keyboard: `j`/`k` (or ↓/↑) move through the list,
//! `a` approves, `r` and `c` go to the rejection reason and the "à corriger" message, `e` to the
//! redacted text; `Échap` leaves a field.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::wire::{ModerationStatus, ReviewItem, ReviewPage, ReviewQuery, Role, User};

use super::moderation_item::ReviewDetail;
use super::{st, use_lookups, when, LoadFailed, QuartierFilter};
use crate::api::{staff, ApiError};
use crate::state::use_state;

const PAGE: u64 = 25;

pub fn status_label(t: &crate::i18n::staff::St, status: ModerationStatus) -> &'static str {
    match status {
        ModerationStatus::Pending => t.review_pending,
        ModerationStatus::Approved => t.review_approved,
        ModerationStatus::Rejected => t.review_rejected,
        ModerationStatus::NeedsCorrection => t.review_needs_correction,
    }
}

fn click(id: &str) {
    if let Some(el) = document().get_element_by_id(id) {
        if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
            el.click();
        }
    }
}

fn focus(id: &str) {
    if let Some(el) = document().get_element_by_id(id) {
        if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
            let _ = el.focus();
        }
    }
}

#[component]
pub fn ReviewQueue() -> impl IntoView {
    let state = use_state();
    let lookups = use_lookups();
    let t = move || st(state);
    let quartier = RwSignal::new(None::<i64>);
    let status = RwSignal::new(Some(ModerationStatus::Pending));
    let theme = RwSignal::new(None::<String>);
    let volunteer = RwSignal::new(None::<i64>);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let sensitive = RwSignal::new(false);
    let offset = RwSignal::new(0u64);
    let page = RwSignal::new(None::<ReviewPage>);
    let selected = RwSignal::new(0usize);
    let users = LocalResource::new(staff::users);
    let volunteers = Signal::derive(move || {
        users
            .get()
            .and_then(Result::ok)
            .map_or_else(Vec::new, |list: Vec<User>| {
                list.into_iter()
                    .filter(|u| u.role == Role::Volunteer)
                    .collect()
            })
    });
    // The queue's last load failed: said with Réessayer, and no stale or empty list shown.
    let queue_failed = RwSignal::new(None::<ApiError>);
    let attempt = RwSignal::new(0u32);

    let load = move || {
        attempt.track();
        let query = ReviewQuery {
            quartier_id: quartier.get(),
            status: status.get(),
            theme: theme.get(),
            user_id: volunteer.get(),
            from: from.get().parse().ok(),
            to: to.get().parse().ok(),
            sensitive: sensitive.get().then_some(true),
            limit: Some(PAGE),
            offset: offset.get(),
            ..Default::default()
        };
        spawn_local(async move {
            match staff::review_queue(&query).await {
                Ok(p) => {
                    queue_failed.set(None);
                    selected.set(0);
                    page.set(Some(p));
                }
                Err(e) => {
                    page.set(None);
                    queue_failed.set(Some(e));
                }
            }
        });
    };
    Effect::new(move |_| load());

    let count = move || page.with(|p| p.as_ref().map_or(0, |p| p.items.len()));
    let current = move || {
        page.with(|p| {
            p.as_ref()
                .and_then(|p| p.items.get(selected.get()).cloned())
        })
    };
    let on_done = Callback::new(move |item: ReviewItem| {
        let keep = status.get_untracked().is_none_or(|s| s == item.status);
        page.update(|p| {
            if let Some(p) = p {
                if let Some(pos) = p.items.iter().position(|i| i.id == item.id) {
                    if keep {
                        if let Some(slot) = p.items.get_mut(pos) {
                            *slot = item;
                        }
                    } else {
                        p.items.remove(pos);
                        p.total = p.total.saturating_sub(1);
                        if selected.get_untracked() >= p.items.len() && !p.items.is_empty() {
                            selected.set(p.items.len() - 1);
                        }
                    }
                }
            }
        });
    });

    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let typing = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if typing {
            if ev.key() == "Escape" {
                focus("review-detail");
            }
            return;
        }
        let n = count();
        match ev.key().as_str() {
            "j" | "ArrowDown" if n > 0 => {
                ev.prevent_default();
                selected.update(|s| *s = (*s + 1).min(n - 1));
                focus("review-detail");
            }
            "k" | "ArrowUp" if n > 0 => {
                ev.prevent_default();
                selected.update(|s| *s = s.saturating_sub(1));
                focus("review-detail");
            }
            "a" => click("review-approve"),
            "r" => {
                ev.prevent_default();
                focus("review-reason");
            }
            "c" => {
                ev.prevent_default();
                focus("review-message");
            }
            "e" => {
                ev.prevent_default();
                focus("review-redacted");
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());

    let list = move || {
        page.get().map(|p| {
            let t = t();
            p.items
                .into_iter()
                .enumerate()
                .map(|(i, item)| {
                    let summary: String = item.redacted_text.chars().take(90).collect();
                    let themes = item.themes.iter().map(|th| th.label.clone()).collect::<Vec<_>>().join(", ");
                    view! {
                        <li>
                            <button class="review-row" data-testid="review-row" data-id=item.id.to_string()
                                aria-current=move || (selected.get() == i).then_some("true")
                                on:click=move |_| { selected.set(i); focus("review-detail"); }>
                                <span class="row-meta">
                                    <span class=format!("badge review-{}", item.status.as_str())>{status_label(t, item.status)}</span>
                                    {item.sensitive.then(|| view! { <span class="badge sensitive">{t.sensitive}</span> })}
                                    " " {lookups.quartier_name(item.quartier_id)} " · " {when(&item.captured_at)}
                                </span>
                                <span class="row-text">{summary}</span>
                                <span class="row-themes hint">{themes}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let pager = move || {
        page.get().map(|p| {
            let t = t();
            let shown = p.items.len() as u64;
            view! {
                <p class="hint" data-testid="review-total">{format!("{} {} · {}–{}", p.total, t.results, p.offset + 1.min(shown), p.offset + shown)}</p>
                <div class="row">
                    <button class="btn btn-small" disabled={p.offset == 0} on:click=move |_| offset.update(|o| *o = o.saturating_sub(PAGE))>{t.previous_page}</button>
                    <button class="btn btn-small" disabled={p.offset + shown >= p.total} on:click=move |_| offset.update(|o| *o += PAGE)>{t.next_page}</button>
                </div>
            }
        })
    };
    let status_options = [
        ("pending", Some(ModerationStatus::Pending)),
        ("needs_correction", Some(ModerationStatus::NeedsCorrection)),
        ("approved", Some(ModerationStatus::Approved)),
        ("rejected", Some(ModerationStatus::Rejected)),
        ("", None),
    ];

    view! {
        <h1>{move || t().nav_moderation}</h1>
        <details class="card filters" open>
            <summary>{move || t().filters}</summary>
            <div class="filter-grid">
                <QuartierFilter value=quartier id="f-quartier" label=Signal::derive(move || t().quartier.to_owned())/>
                <div class="field">
                    <label for="f-status">{move || t().status}</label>
                    <select id="f-status" on:change=move |ev| { offset.set(0); status.set(ModerationStatus::parse(&event_target_value(&ev))) }>
                        {status_options.into_iter().map(|(value, s)| view! {
                            <option value=value selected=move || status.get() == s>
                                {move || s.map(|s| status_label(t(), s)).unwrap_or(t().all)}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-theme">{move || t().theme}</label>
                    <select id="f-theme" on:change=move |ev| { offset.set(0); let v = event_target_value(&ev); theme.set((!v.is_empty()).then_some(v)) }>
                        <option value="">{move || t().all}</option>
                        {move || lookups.themes.get().into_iter().map(|th| view! { <option value=th.code.clone()>{th.label}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-volunteer">{move || t().volunteer}</label>
                    <select id="f-volunteer" on:change=move |ev| { offset.set(0); volunteer.set(event_target_value(&ev).parse().ok()) }>
                        <option value="">{move || t().all}</option>
                        {move || volunteers.get().into_iter().map(|u| view! { <option value=u.id.to_string()>{u.display_name}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-from">{move || t().date_from}</label>
                    <input id="f-from" type="date" on:change=move |ev| { offset.set(0); from.set(event_target_value(&ev)) }/>
                </div>
                <div class="field">
                    <label for="f-to">{move || t().date_to}</label>
                    <input id="f-to" type="date" on:change=move |ev| { offset.set(0); to.set(event_target_value(&ev)) }/>
                </div>
                <label class="choice compact">
                    <input type="checkbox" on:change=move |ev| { offset.set(0); sensitive.set(event_target_checked(&ev)) }/>
                    <span>{move || t().sensitive_only}</span>
                </label>
            </div>
        </details>
        <p class="hint kbd-help">{move || t().review_keys}</p>
        {move || users.get().and_then(Result::err).map(|error| view! {
            <LoadFailed what=|t| t.volunteers_failed error=error on_retry=Callback::new(move |()| users.refetch()) testid="volunteers-load-error"/>
        })}
        {move || queue_failed.get().map(|error| view! {
            <LoadFailed what=|t| t.queue_failed error=error on_retry=Callback::new(move |()| attempt.update(|n| *n = n.wrapping_add(1))) testid="queue-load-error"/>
        })}
        <div class="review">
            <section class="review-list" aria-label=move || t().review_list>
                {pager}
                <ul class="plain">{list}</ul>
                <Show when=move || page.with(|p| p.as_ref().is_some_and(|p| p.items.is_empty()))>
                    <p data-testid="review-empty">{move || t().review_empty}</p>
                </Show>
            </section>
            <section class="review-detail" id="review-detail" tabindex="-1" aria-label=move || t().review_detail>
                {move || current().map(|item| view! { <ReviewDetail item=item on_done=on_done/> })}
            </section>
        </div>
    }
}
