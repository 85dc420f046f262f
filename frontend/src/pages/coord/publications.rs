//! Publishing to councils: for one council, each survey per quartier and each quartier's
//! themes, with their last publication, the people counted today and « Publier » when a new
//! publication is allowed (11 more people than the last; the server decides, this page says
//! how many are missing).

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::wire::{
    AnswerStatus, CouncilAnswer, PublicationBoard, PublicationKind, PublicationRequest,
    PublicationStatus,
};

use super::{day, explain, st, use_lookups, LoadFailed};
use crate::api::staff;
use crate::state::use_state;

#[component]
pub fn Publications() -> impl IntoView {
    let state = use_state();
    let lookups = use_lookups();
    let t = move || st(state);
    let council = RwSignal::new(None::<i64>);
    // The first council once the lists arrive, so the page is never blank.
    Effect::new(move |_| {
        if council.get_untracked().is_none() {
            if let Some(first) = lookups.councils.with(|list| list.first().map(|c| c.id)) {
                council.set(Some(first));
            }
        }
    });
    let board = LocalResource::new(move || {
        let id = council.get();
        async move {
            match id {
                Some(id) => staff::publication_board(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let status = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let publish = move |line: &PublicationStatus| {
        let request = PublicationRequest {
            kind: line.kind,
            survey_version_id: line.survey_version_id,
            quartier_id: line.quartier.id,
        };
        let what = format!("{} — {}", label(line, st(state)), line.quartier.name);
        status.set(None);
        failure.set(None);
        spawn_local(async move {
            match staff::publish(&request).await {
                Ok(made) => {
                    status.set(Some(format!(
                        "{} {what} ({} {})",
                        st(state).published_done,
                        made.people,
                        st(state).people_counted
                    )));
                    board.refetch();
                }
                Err(e) => failure.set(Some(explain(state, e))),
            }
        });
    };
    let rows = move |b: PublicationBoard| {
        let t = st(state);
        if b.items.is_empty() {
            return view! { <p>{t.publications_none}</p> }.into_any();
        }
        let lines = b.items.into_iter().map(|line| {
            let last = line.last.as_ref().map_or_else(
                || t.never_published.to_owned(),
                |p| format!("{} ({} {})", day(&p.published_at), p.people, t.people_counted),
            );
            let action = if line.missing == 0 {
                let again = line.last.is_some();
                let name = format!(
                    "{} : {} — {}",
                    if again { t.publish_again } else { t.publish_now },
                    label(&line, t),
                    line.quartier.name
                );
                let line = line.clone();
                view! {
                    <button type="button" data-testid="publish" aria-label=name
                        on:click=move |_| publish(&line)>
                        {if again { t.publish_again } else { t.publish_now }}
                    </button>
                }
                .into_any()
            } else if line.missing == 1 {
                view! { <span class="hint" data-testid="publish-wait">{t.publish_wait_one}</span> }.into_any()
            } else {
                view! {
                    <span class="hint" data-testid="publish-wait">{format!("{} {}", line.missing, t.publish_wait)}</span>
                }
                .into_any()
            };
            view! {
                <tr data-testid="publication-line">
                    <th scope="row">{line.quartier.name.clone()}</th>
                    <td>{label(&line, t)}</td>
                    <td>{last}</td>
                    <td>{line.people_now}</td>
                    <td>{action}</td>
                </tr>
            }
        }).collect_view();
        view! {
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="pub-h">
                <table class="data">
                    <caption>{b.council_name}</caption>
                    <thead><tr>
                        <th scope="col">{t.quartier}</th>
                        <th scope="col">{t.col_figures}</th>
                        <th scope="col">{t.col_last_publication}</th>
                        <th scope="col">{t.col_counted_now}</th>
                        <th scope="col"><span class="sr-only">{t.publish_now}</span></th>
                    </tr></thead>
                    <tbody>{lines}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let pending = LocalResource::new(staff::pending_answers);
    let decide = move |id: i64, approve: bool| {
        failure.set(None);
        spawn_local(async move {
            match staff::decide_answer(id, approve).await {
                Ok(_) => pending.refetch(),
                Err(e) => failure.set(Some(explain(state, e))),
            }
        });
    };
    let answers = move || {
        let t = st(state);
        match pending.get() {
            None => None,
            Some(Err(error)) => Some(view! {
                <LoadFailed what=|t| t.answers_failed error=error
                    on_retry=Callback::new(move |()| pending.refetch()) testid="pending-answers-load-error"/>
            }.into_any()),
            Some(Ok(list)) => {
                let (waiting, online): (Vec<_>, Vec<_>) =
                    list.into_iter().partition(|a| a.status == AnswerStatus::Submitted);
                let waiting = if waiting.is_empty() {
                    view! { <p>{t.pending_answers_none}</p> }.into_any()
                } else {
                    view! { <ul class="plain">{waiting.into_iter().map(|a| answer_card(t, a, decide, false)).collect_view()}</ul> }.into_any()
                };
                let online = (!online.is_empty()).then(|| view! {
                    <h3>{t.answers_online_title}</h3>
                    <ul class="plain">{online.into_iter().map(|a| answer_card(t, a, decide, true)).collect_view()}</ul>
                });
                Some(view! { {waiting}{online} }.into_any())
            }
        }
    };
    view! {
        <h1 id="pub-h">{move || t().publications_title}</h1>
        <p class="hint">{move || t().publications_intro}</p>
        <div class="card field">
            <label for="pub-council">{move || t().publications_council}</label>
            <select id="pub-council" on:change=move |ev| council.set(event_target_value(&ev).parse().ok())>
                {move || lookups.councils.get().into_iter().map(|c| view! {
                    <option value=c.id.to_string() selected=move || council.get() == Some(c.id)>{c.name}</option>
                }).collect_view()}
            </select>
        </div>
        <p class="ok" role="status" data-testid="publish-status">{move || status.get()}</p>
        <p class="error" role="alert" data-testid="publish-error">{move || failure.get()}</p>
        {move || match board.get() {
            Some(Ok(Some(b))) => Some(rows(b)),
            Some(Ok(None)) | None => None,
            Some(Err(error)) => Some(view! {
                <LoadFailed what=|t| t.publications_failed error=error
                    on_retry=Callback::new(move |()| board.refetch()) testid="publications-load-error"/>
            }.into_any()),
        }}
        <section class="card" aria-labelledby="pending-answers-h">
            <h2 id="pending-answers-h">{move || t().pending_answers_title}</h2>
            {answers}
        </section>
    }
}

fn label(line: &PublicationStatus, t: &'static crate::i18n::staff::St) -> String {
    match line.kind {
        PublicationKind::Survey => line.title.clone(),
        PublicationKind::Themes => t.themes_figures.to_owned(),
    }
}

/// One council answer: waiting (publish or refuse) or on a public page (take it down).
fn answer_card(
    t: &'static crate::i18n::staff::St,
    a: CouncilAnswer,
    decide: impl Fn(i64, bool) + Copy + 'static,
    online: bool,
) -> impl IntoView {
    let id = a.id;
    let what = format!("{} — {}", a.quartier.name, a.theme.label);
    let actions = if online {
        view! {
            <button type="button" class="btn" data-testid="withdraw-answer"
                aria-label=format!("{} : {what}", t.withdraw_answer)
                on:click=move |_| decide(id, false)>{t.withdraw_answer}</button>
        }
        .into_any()
    } else {
        view! {
            <button type="button" class="btn btn-primary" data-testid="approve-answer"
                aria-label=format!("{} : {what}", t.approve_answer)
                on:click=move |_| decide(id, true)>{t.approve_answer}</button>
            <button type="button" class="btn" data-testid="reject-answer"
                aria-label=format!("{} : {what}", t.reject_answer)
                on:click=move |_| decide(id, false)>{t.reject_answer}</button>
        }
        .into_any()
    };
    view! {
        <li class="card" data-testid=if online { "online-answer" } else { "pending-answer" }>
            <h3>{what.clone()}</h3>
            <p><strong>{t.answer_text}</strong>" "{a.answer}</p>
            {a.changed.map(|c| view! { <p><strong>{t.answer_changed_short}</strong>" "{c}</p> })}
            <div class="actions">{actions}</div>
        </li>
    }
}
