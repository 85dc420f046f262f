//! The printable report of a quartier for a council meeting: a cover block (council, quartier,
//! period), latest surveys, themes of the period, a few quotes. The council chooses the period
//! and the themes above it (not printed). The print stylesheet (styles.css, `@media print`) lays
//! it out on one or two A4 pages.

use leptos::prelude::*;
use portevoix_domain::month::Month;

use super::quotes::quote_view;
use super::results_view;
use crate::api::staff::{self, ReportChoice};
use crate::components::chart::{MonthlyChart, SuppressionLegend};
use crate::i18n::staff::month_words;
use crate::pages::coord::{st, when, Link, LoadFailed};
use crate::route::{Council, Route};
use crate::state::use_state;

/// Months offered in the period's lists: the last three years.
const MONTHS_OFFERED: u32 = 36;

/// This month, by the phone's or computer's clock.
fn this_month() -> Option<Month> {
    let now = js_sys::Date::new_0();
    let year = u16::try_from(now.get_full_year()).ok()?;
    let month = u8::try_from(now.get_month().saturating_add(1)).ok()?;
    Month::new(year, month)
}

/// The period and themes chooser (not printed).
#[component]
fn ReportChooser(
    choice: RwSignal<ReportChoice>,
    themes: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let state = use_state();
    let t = move || st(state);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let picked = RwSignal::new(Vec::<String>::new());
    let months = move || {
        let lang = state.lang.get();
        let Some(last) = this_month() else {
            return Vec::new();
        };
        (0..MONTHS_OFFERED)
            .map(|k| {
                let m = last.minus(k);
                (m.to_string(), month_words(lang, m))
            })
            .collect::<Vec<_>>()
    };
    let options = move |chosen: RwSignal<String>| {
        let mut list = vec![
            view! { <option value="" selected=move || chosen.get().is_empty()>"—"</option> }
                .into_any(),
        ];
        list.extend(months().into_iter().map(|(value, words)| {
            let v = value.clone();
            view! { <option value=value selected=move || chosen.get() == v>{words}</option> }
                .into_any()
        }));
        list
    };
    let boxes = move || {
        themes
            .get()
            .into_iter()
            .map(|(code, label)| {
                let id = format!("report-theme-{code}");
                let label_for = id.clone();
                let c = code.clone();
                let checked = move || picked.get().contains(&c);
                let toggle = move |_| {
                    let code = code.clone();
                    picked.update(|p| {
                        if let Some(i) = p.iter().position(|x| *x == code) {
                            p.remove(i);
                        } else {
                            p.push(code);
                        }
                    });
                };
                view! {
                    <label class="choice" for=label_for>
                        <input id=id type="checkbox" prop:checked=checked on:change=toggle/>
                        {label}
                    </label>
                }
            })
            .collect_view()
    };
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pick = |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.is_empty());
        choice.set(ReportChoice {
            from: pick(from),
            to: pick(to),
            themes: picked.get_untracked(),
        });
    };
    view! {
        <form class="card no-print" data-testid="report-choice" on:submit=apply>
            <h2>{move || t().report_choice}</h2>
            <div class="row">
                <div class="field">
                    <label for="report-from">{move || t().report_from}</label>
                    <select id="report-from" on:change=move |ev| from.set(event_target_value(&ev))>{move || options(from)}</select>
                </div>
                <div class="field">
                    <label for="report-to">{move || t().report_to}</label>
                    <select id="report-to" on:change=move |ev| to.set(event_target_value(&ev))>{move || options(to)}</select>
                </div>
            </div>
            <fieldset>
                <legend>{move || t().report_themes}</legend>
                {boxes}
            </fieldset>
            <button class="btn btn-primary" type="submit">{move || t().report_update}</button>
        </form>
    }
}

#[component]
pub fn ReportPage(quartier: i64, council: Option<i64>) -> impl IntoView {
    let state = use_state();
    let t = move || st(state);
    let choice = RwSignal::new(ReportChoice::default());
    let loaded = LocalResource::new(move || staff::council_report(quartier, council, choice.get()));
    let report = Signal::derive(move || loaded.get().and_then(Result::ok));
    // Every theme, from the first report (no theme chosen yet): the chooser's boxes.
    let all_themes = RwSignal::new(Vec::<(String, String)>::new());
    Effect::new(move |_| {
        if let Some(r) = report.get() {
            if all_themes.with_untracked(Vec::is_empty) {
                all_themes.set(
                    r.themes
                        .themes
                        .iter()
                        .filter(|t| !t.retired)
                        .map(|t| (t.code.clone(), t.label.clone()))
                        .collect(),
                );
            }
        }
    });
    let failed = move || {
        loaded.get().and_then(Result::err).map(|error| {
            let retry = Callback::new(move |()| loaded.refetch());
            view! { <LoadFailed what=|t| t.report_failed error=error on_retry=retry testid="report-load-error"/> }
        })
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let body = move || {
        report.get().map(|r| {
            let t = t();
            let lang = state.lang.get();
            let surveys = r
                .surveys
                .iter()
                .map(|s| view! {
                    <section class="report-survey">
                        <h3>{format!("{} (v{})", s.title, s.version)}</h3>
                        {results_view(t, lang, s)}
                    </section>
                })
                .collect_view();
            view! {
                <article class="report" data-testid="report">
                    <header class="report-cover">
                        <p class="report-kicker">{t.report_kicker}</p>
                        <h1>{format!("{} — {}", r.council_name, r.quartier.name)}</h1>
                        <p class="report-period" data-testid="report-period">{format!("{} {} – {}", t.report_period, month_words(lang, r.from), month_words(lang, r.to))}</p>
                        <p class="hint">{format!("{} {}", t.generated, when(&r.generated_at))}</p>
                    </header>
                    <section>
                        <h2>{t.latest_surveys}</h2>
                        {r.surveys.is_empty().then(|| view! { <p>{t.no_results_yet}</p> })}
                        {surveys}
                    </section>
                    <section class="report-themes">
                        <h2>{t.themes_of_period}</h2>
                        <MonthlyChart months=r.themes.months.clone() series=r.themes.themes.clone() lang=lang t=t table_open=true/>
                    </section>
                    <section class="report-quotes">
                        <h2>{t.quotes}</h2>
                        {r.quotes.is_empty().then(|| view! { <p>{t.no_quotes}</p> })}
                        <ul class="plain quotes">{r.quotes.iter().map(|q| quote_view(lang, q)).collect_view()}</ul>
                    </section>
                    <footer>
                        <SuppressionLegend t=t/>
                        <p class="hint">{t.report_footer}</p>
                    </footer>
                </article>
            }
        })
    };
    view! {
        <div class="no-print actions">
            <Link route=Route::Council(Council::Home { council }) class="btn">{move || t().back}</Link>
            <button class="btn btn-primary" data-testid="print" on:click=print>{move || t().print}</button>
        </div>
        <ReportChooser choice=choice themes=all_themes.into()/>
        {failed}
        {body}
    }
}
