//! The councils' screens (staff bundle): their quartiers only, latest surveys with results per
//! question, themes month by month, approved quotes, and the printable report. Everything here
//! comes from `/api/v1/council/*`: aggregates with small cells suppressed, approved and
//! redacted quotes, never raw answers. Coordinators preview a council by choosing it.

mod answers;
mod map;
mod quotes;
mod report;

pub use report::ReportPage;

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::survey::QuestionType;
use portevoix_domain::wire::{
    CouncilHome, QuestionResult, SurveyResults, SurveyStatus, ThemesOverTime,
};

use crate::api::{staff, ApiError};
use crate::components::chart::{figure_text, BarChart, MonthlyChart, SuppressionLegend};
use crate::i18n::staff::St;
use crate::i18n::Lang;
use crate::pages::coord::{day, st, use_lookups, Link, LoadFailed};
use crate::route::{Council, Route};
use crate::state::use_state;

/// One survey's results in one quartier: a bar chart per question.
pub fn results_view(t: &'static St, lang: Lang, results: &SurveyResults) -> AnyView {
    let responses = figure_text(lang, &results.responses);
    let published = published_line(t, results.published_at.as_ref());
    if !results.publishable {
        return view! {
            {published}
            <p data-testid="responses">{format!("{} : {}", t.responses, responses)}</p>
            <p class="banner info" data-testid="not-publishable">{t.not_publishable}</p>
        }
        .into_any();
    }
    let questions = results
        .questions
        .iter()
        .map(|q| question_view(t, lang, q))
        .collect_view();
    view! {
        {published}
        <p data-testid="responses">{format!("{} : {}", t.responses, responses)}</p>
        {questions}
        <SuppressionLegend t=t/>
    }
    .into_any()
}

/// « Publié le 02/12/2026 »: councils read dated publications, never live figures.
pub fn published_line(
    t: &'static St,
    at: Option<&chrono::DateTime<chrono::Utc>>,
) -> Option<AnyView> {
    at.map(|at| {
        view! { <p class="hint" data-testid="published-at">{format!("{} {}", t.published_on, day(at))}</p> }
            .into_any()
    })
}

fn question_view(t: &'static St, lang: Lang, q: &QuestionResult) -> AnyView {
    let chartable = q
        .options
        .iter()
        .any(|o| !o.code.is_empty() && o.code != "answered");
    if !chartable {
        let answered = q
            .options
            .first()
            .map(|o| figure_text(lang, &o.figure))
            .unwrap_or_default();
        return view! {
            <section class="question-result" data-question=q.code.clone()>
                <h4>{q.label.clone()}</h4>
                <p>{format!("{} : {answered}", t.answered_count)}</p>
            </section>
        }
        .into_any();
    }
    let bars = q
        .options
        .iter()
        .map(|o| {
            let label = if o.code.is_empty() {
                t.no_answer.to_owned()
            } else if q.kind == QuestionType::Scale {
                // « 4 sur 5, plutôt bien », as the phone's smileys say it, not a bare « 4 ».
                o.code
                    .parse::<i64>()
                    .map_or_else(|_| o.label.clone(), |n| crate::i18n::scale_step(lang, n))
            } else {
                o.label.clone()
            };
            (label, o.figure.clone())
        })
        .collect::<Vec<_>>();
    view! {
        <section class="question-result" data-question=q.code.clone()>
            <h4>{q.label.clone()}</h4>
            {q.multiple.then(|| view! { <p class="hint">{t.multiple_note}</p> })}
            <BarChart bars=bars lang=lang t=t/>
        </section>
    }
    .into_any()
}

#[component]
fn SurveyResultsView(version_id: i64, quartier: i64, council: Option<i64>) -> impl IntoView {
    let state = use_state();
    let results = LocalResource::new(move || staff::council_results(version_id, quartier, council));
    view! {
        <div class="results" data-testid="results">
            {move || match results.get() {
                Some(Ok(r)) => Some(results_view(st(state), state.lang.get(), &r).into_any()),
                Some(Err(error)) => Some(view! {
                    <LoadFailed what=|t| t.results_failed error=error
                        on_retry=Callback::new(move |()| results.refetch()) testid="results-load-error"/>
                }.into_any()),
                None => None,
            }}
        </div>
    }
}

#[component]
fn ThemesView(quartier: i64, council: Option<i64>) -> impl IntoView {
    let state = use_state();
    let loaded = LocalResource::new(move || staff::council_themes(quartier, council));
    let data = move || loaded.get().and_then(Result::ok);
    let failed =
        move || {
            loaded.get().and_then(Result::err).map(|error| view! {
            <LoadFailed what=|t| t.themes_failed error=error
                on_retry=Callback::new(move |()| loaded.refetch()) testid="themes-load-error"/>
        })
        };
    view! {
        <div data-testid="themes-chart">
            {failed}
            {move || data().map(|d: ThemesOverTime| {
                let t = st(state);
                if d.published_at.is_none() {
                    view! { <p data-testid="themes-not-published">{t.themes_not_published}</p> }.into_any()
                } else if d.themes.iter().all(|s| s.total.count == Some(0)) {
                    view! { {published_line(t, d.published_at.as_ref())}<p>{t.no_themes_yet}</p> }.into_any()
                } else {
                    view! {
                        {published_line(t, d.published_at.as_ref())}
                        <MonthlyChart months=d.months series=d.themes lang=state.lang.get() t=t/>
                        <SuppressionLegend t=t/>
                    }.into_any()
                }
            })}
        </div>
    }
}

#[component]
pub fn CouncilHomePage(council: Option<i64>) -> impl IntoView {
    let state = use_state();
    let lookups = use_lookups();
    let t = move || st(state);
    let staff_role = state
        .me
        .with_untracked(|m| m.as_ref().is_some_and(|m| m.role.is_staff()));
    let home = RwSignal::new(None::<CouncilHome>);
    let quartier = RwSignal::new(None::<i64>);
    // A failed load is said with Réessayer (the page would be empty otherwise).
    let failed = RwSignal::new(None::<ApiError>);
    let load = move || {
        spawn_local(async move {
            match staff::council_home(council).await {
                Ok(h) => {
                    failed.set(None);
                    quartier.set(h.quartiers.first().map(|q| q.id));
                    home.set(Some(h));
                }
                Err(e) => failed.set(Some(e)),
            }
        })
    };
    if council.is_some() || !staff_role {
        load();
    }
    let picker = move || {
        (staff_role).then(|| view! {
            <div class="card field">
                <label for="preview-council">{move || t().preview_council}</label>
                <select id="preview-council" on:change=move |ev| {
                    if let Ok(id) = event_target_value(&ev).parse::<i64>() {
                        state.go(Route::Council(Council::Home { council: Some(id) }));
                    }
                }>
                    <option value="">{move || state.tr().choose}</option>
                    {move || lookups.councils.get().into_iter().map(|c| view! {
                        <option value=c.id.to_string() selected=council == Some(c.id)>{c.name}</option>
                    }).collect_view()}
                </select>
            </div>
        })
    };
    let body = move || {
        let h = home.get()?;
        let q = quartier.get()?;
        let t = t();
        let tabs = (h.quartiers.len() > 1).then(|| {
            h.quartiers.iter().map(|qr| {
                let id = qr.id;
                view! {
                    <button class="chip" aria-pressed=move || (quartier.get() == Some(id)).to_string()
                        on:click=move |_| quartier.set(Some(id))>{qr.name.clone()}</button>
                }
            }).collect_view()
        });
        let quartier_name = h
            .quartiers
            .iter()
            .find(|x| x.id == q)
            .map(|x| x.name.clone())
            .unwrap_or_default();
        let surveys = h.surveys.iter().enumerate().map(|(i, s)| {
            let count = s.quartiers.iter().find(|c| c.quartier_id == q).map(|c| figure_text(state.lang.get_untracked(), &c.responses)).unwrap_or_else(|| "—".into());
            let version = s.survey_version_id;
            let open = RwSignal::new(i == 0);
            let status = if s.status == SurveyStatus::Open { t.status_open } else { t.status_closed };
            view! {
                <li class="card survey-result" data-testid="council-survey">
                    <h3>{s.title.clone()}</h3>
                    <p class="hint">{format!("{status} · {} : {count}", t.responses)}</p>
                    <button class="btn btn-small" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                        {move || if open.get() { t.hide_results } else { t.show_results }}
                    </button>
                    <Show when=move || open.get()>
                        <SurveyResultsView version_id=version quartier=q council=council/>
                    </Show>
                </li>
            }
        }).collect_view();
        Some(view! {
            <h1>{h.council_name.clone()}</h1>
            {tabs.map(|tabs| view! { <div class="chips quartier-tabs" role="group" aria-label=t.quartier>{tabs}</div> })}
            <p>
                <Link route=Route::Council(Council::Report { quartier: q, council }) class="btn btn-primary">{t.printable_report}</Link>
            </p>
            <section aria-labelledby="c-surveys">
                <h2 id="c-surveys">{format!("{} — {quartier_name}", t.latest_surveys)}</h2>
                {h.surveys.is_empty().then(|| view! { <p>{t.no_results_yet}</p> })}
                <ul class="plain">{surveys}</ul>
            </section>
            <section class="card" aria-labelledby="c-themes">
                <h2 id="c-themes">{t.themes_over_time}</h2>
                {move || quartier.get().map(|q| view! { <ThemesView quartier=q council=council/> })}
            </section>
            <section class="card" aria-labelledby="c-map">
                <h2 id="c-map">{t.map_council}</h2>
                <map::CouncilMap themes=h.themes.clone()/>
            </section>
            <section class="card" aria-labelledby="c-quotes">
                <h2 id="c-quotes">{t.quotes}</h2>
                {
                    let themes = h.themes.clone();
                    move || quartier.get().map(|q| view! { <quotes::Quotes quartier=q council=council themes=themes.clone()/> })
                }
            </section>
            <section class="card" aria-labelledby="c-answers">
                <h2 id="c-answers">{t.answers_title}</h2>
                {
                    let quartiers = h.quartiers.clone();
                    let themes = h.themes.clone();
                    move || quartier.get().map(|q| {
                        let slug = quartiers.iter().find(|x| x.id == q).map(|x| x.slug.clone()).unwrap_or_default();
                        view! { <answers::Answers quartier=q slug=slug council=council themes=themes.clone()/> }
                    })
                }
            </section>
        })
    };
    view! {
        {picker}
        {move || failed.get().map(|error| view! {
            <LoadFailed what=|t| t.council_failed error=error
                on_retry=Callback::new(move |()| load()) testid="council-load-error"/>
        })}
        {body}
    }
}
