//! The printable report of a quartier for a council meeting: latest surveys, themes over twelve
//! months, a few quotes. The print stylesheet (styles.css, `@media print`) lays it out on A4.

use leptos::prelude::*;

use super::quotes::quote_view;
use super::results_view;
use crate::api::staff;
use crate::components::chart::{MonthlyChart, SuppressionLegend};
use crate::pages::coord::{st, when, Link, LoadFailed};
use crate::route::{Council, Route};
use crate::state::use_state;

#[component]
pub fn ReportPage(quartier: i64, council: Option<i64>) -> impl IntoView {
    let state = use_state();
    let t = move || st(state);
    let loaded = LocalResource::new(move || staff::council_report(quartier, council));
    let report = Signal::derive(move || loaded.get().and_then(Result::ok));
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
                    <header>
                        <p class="report-kicker">{t.report_kicker}</p>
                        <h1>{format!("{} — {}", r.council_name, r.quartier.name)}</h1>
                        <p class="hint">{format!("{} {}", t.generated, when(&r.generated_at))}</p>
                    </header>
                    <section>
                        <h2>{t.latest_surveys}</h2>
                        {r.surveys.is_empty().then(|| view! { <p>{t.no_results_yet}</p> })}
                        {surveys}
                    </section>
                    <section class="report-themes">
                        <h2>{t.themes_12_months}</h2>
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
        {failed}
        {body}
    }
}
