//! The coordinators' screens (staff bundle): survey builder, review queue, codebook, follow-up,
//! inter-council comparison, exports, accounts. Shared here: the navigation, the lists every
//! screen needs (quartiers, themes, councils), error display.

// The coordinators' screens: in the staff bundle only (the council bundle shares this shell).
#[cfg(feature = "staff")]
mod accounts;
#[cfg(feature = "staff")]
mod analysis;
#[cfg(feature = "staff")]
mod builder;
#[cfg(feature = "staff")]
mod builder_checks;
#[cfg(feature = "staff")]
mod builder_kinds;
#[cfg(feature = "staff")]
mod builder_rule;
#[cfg(feature = "staff")]
mod builder_translation_file;
#[cfg(feature = "staff")]
mod builder_translations;
#[cfg(feature = "staff")]
mod codebook;
#[cfg(feature = "staff")]
mod codebook_proposals;
#[cfg(feature = "staff")]
mod compare;
#[cfg(feature = "staff")]
mod exports;
#[cfg(feature = "staff")]
mod followup;
#[cfg(feature = "staff")]
mod map_setup;
#[cfg(feature = "staff")]
mod moderation;
#[cfg(feature = "staff")]
mod moderation_item;
#[cfg(feature = "staff")]
mod places;
#[cfg(feature = "staff")]
mod privacy;
#[cfg(feature = "staff")]
mod publications;
#[cfg(feature = "staff")]
mod survey_import;
#[cfg(feature = "staff")]
mod surveys;

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::codebook::Theme;
use portevoix_domain::wire::{Council, Quartier, Role};

use crate::api::{self, staff, ApiError};
use crate::i18n::staff::St;
use crate::route::{Coord, Council as CouncilPage, Route};
use crate::state::{use_state, AppState};

pub fn st(state: AppState) -> &'static St {
    state.lang.get().st()
}

/// Lists loaded once per visit and shared by the screens.
#[derive(Clone, Copy)]
pub struct Lookups {
    pub quartiers: RwSignal<Vec<Quartier>>,
    pub themes: RwSignal<Vec<Theme>>,
    pub councils: RwSignal<Vec<Council>>,
    /// The last load of these lists failed: said above every screen with Réessayer.
    pub failed: RwSignal<Option<ApiError>>,
}

impl Lookups {
    #[cfg(feature = "staff")]
    pub fn quartier_name(&self, id: i64) -> String {
        self.quartiers.with(|list| {
            list.iter()
                .find(|q| q.id == id)
                .map(|q| q.name.clone())
                .unwrap_or_else(|| format!("#{id}"))
        })
    }

    pub async fn reload_themes(&self) {
        match staff::themes().await {
            Ok(themes) => self.themes.set(themes),
            Err(e) => self.failed.set(Some(e)),
        }
    }

    /// Loads the quartiers, the themes and (for coordinators) the councils; a failure is kept in
    /// `failed` until a later load succeeds.
    pub async fn load(&self, councils: bool) {
        self.failed.set(None);
        match staff::quartiers().await {
            Ok(mut list) => {
                list.sort_by(|a, b| a.name.cmp(&b.name));
                self.quartiers.set(list);
            }
            Err(e) => self.failed.set(Some(e)),
        }
        self.reload_themes().await;
        if councils {
            match staff::councils().await {
                Ok(list) => self.councils.set(list),
                Err(e) => self.failed.set(Some(e)),
            }
        }
    }
}

pub fn use_lookups() -> Lookups {
    expect_context::<Lookups>()
}

/// Turns an API error into the line shown to the coordinator; an expired session raises the
/// "sign in again" banner.
pub fn explain(state: AppState, error: ApiError) -> String {
    if error == ApiError::Unauthorized {
        state.session_expired.set(true);
    }
    error.message()
}

/// A load that failed: what could not be loaded and why, with Réessayer (never an empty list
/// that would read as "nothing").
#[component]
pub fn LoadFailed(
    what: fn(&St) -> &'static str,
    error: ApiError,
    on_retry: Callback<()>,
    testid: &'static str,
) -> impl IntoView {
    let state = use_state();
    if error == ApiError::Unauthorized {
        state.session_expired.set(true);
    }
    let message = Signal::derive(move || {
        format!(
            "{} ({})",
            what(st(state)),
            crate::i18n::api_error(state.lang.get(), &error)
        )
    });
    view! { <crate::components::LoadError message=message on_retry=on_retry testid=testid/> }
}

/// An `<a>` that navigates inside the app (History API) yet stays a real link.
#[component]
pub fn Link(
    route: Route,
    children: Children,
    #[prop(optional, into)] class: String,
) -> impl IntoView {
    let state = use_state();
    let href = route.path();
    let current = route.clone();
    let is_current = move || state.route.get() == current;
    view! {
        <a href=href class=class aria-current=move || is_current().then_some("page")
            on:click=move |ev: leptos::ev::MouseEvent| {
                if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0 {
                    return;
                }
                ev.prevent_default();
                state.go(route.clone());
                // Keyboard and screen-reader users start at the new page's top.
                request_animation_frame(|| {
                    if let Some(main) = document().get_element_by_id("main") {
                        if let Ok(main) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(main) {
                            let _ = main.focus();
                        }
                    }
                });
            }>
            {children()}
        </a>
    }
}

#[component]
fn StaffNav(role: Role) -> impl IntoView {
    let state = use_state();
    let t = move || st(state);
    let signout = move |_| {
        spawn_local(async move {
            let _ = api::logout().await;
            state.signed_out().await;
            state.go(Route::SignIn);
        })
    };
    let coord = role.is_staff();
    // A council member's menu holds the council's pages only: named for the council.
    let label = move || {
        if coord {
            t().nav_label
        } else {
            t().nav_label_council
        }
    };
    view! {
        <nav class="staff-nav" aria-label=label>
            <ul>
                {coord.then(|| view! {
                    <li><Link route=Route::Coord(Coord::Home)>{move || t().nav_home}</Link></li>
                    <li><Link route=Route::Coord(Coord::Surveys)>{move || t().nav_surveys}</Link></li>
                    <li><Link route=Route::Coord(Coord::Moderation)>{move || t().nav_moderation}</Link></li>
                    <li><Link route=Route::Coord(Coord::Codebook)>{move || t().nav_codebook}</Link></li>
                    <li><Link route=Route::Coord(Coord::Followup)>{move || t().nav_followup}</Link></li>
                    <li><Link route=Route::Coord(Coord::Compare)>{move || t().nav_compare}</Link></li>
                    <li><Link route=Route::Coord(Coord::Exports)>{move || t().nav_exports}</Link></li>
                    <li><Link route=Route::Coord(Coord::Accounts)>{move || t().nav_accounts}</Link></li>
                    <li><Link route=Route::Coord(Coord::Places)>{move || t().nav_places}</Link></li>
                    <li><Link route=Route::Coord(Coord::Publications)>{move || t().nav_publications}</Link></li>
                })}
                <li><Link route=Route::Council(CouncilPage::Home { council: None })>{move || t().nav_council}</Link></li>
                <li><button class="linkish" data-testid="signout" on:click=signout>{move || state.tr().signout}</button></li>
            </ul>
        </nav>
    }
}

/// The staff bundle's screens: navigation, shared lists, then the page.
#[component]
pub fn StaffShell() -> impl IntoView {
    let state = use_state();
    let role = state.me.with_untracked(|m| m.as_ref().map(|m| m.role));
    let lookups = Lookups {
        quartiers: RwSignal::new(Vec::new()),
        themes: RwSignal::new(Vec::new()),
        councils: RwSignal::new(Vec::new()),
        failed: RwSignal::new(None),
    };
    provide_context(lookups);
    let with_councils = role.is_some_and(Role::is_staff);
    spawn_local(async move { lookups.load(with_councils).await });
    let lookups_failed = move || {
        lookups.failed.get().map(|error| {
            let retry = Callback::new(move |()| spawn_local(async move { lookups.load(with_councils).await }));
            view! { <LoadFailed what=|t| t.lists_failed error=error on_retry=retry testid="lists-load-error"/> }
        })
    };
    let Some(role) = role else {
        return view! { <p class="card">{state.tr().not_found}</p> }.into_any();
    };
    // The window title names the screen (screen readers announce it, tabs show it).
    Effect::new(move |_| {
        let t = st(state);
        let route = match state.route.get() {
            Route::Home => Route::home_for(role),
            other => other,
        };
        let name = match route {
            Route::Coord(Coord::Home) => t.nav_home,
            Route::Coord(Coord::Surveys) | Route::Coord(Coord::Survey(_)) => t.nav_surveys,
            Route::Coord(Coord::Moderation) => t.nav_moderation,
            Route::Coord(Coord::Codebook) => t.nav_codebook,
            Route::Coord(Coord::Followup) => t.nav_followup,
            Route::Coord(Coord::Compare) => t.nav_compare,
            Route::Coord(Coord::Exports) => t.nav_exports,
            Route::Coord(Coord::Accounts) => t.nav_accounts,
            Route::Coord(Coord::Places) => t.nav_places,
            Route::Coord(Coord::Publications) => t.nav_publications,
            Route::Council(CouncilPage::Report { .. }) => t.printable_report,
            _ => t.nav_council,
        };
        document().set_title(&format!("{name} — Porte-Voix"));
    });
    let page = move || {
        let route = state.route.get();
        let route = match route {
            Route::Home => Route::home_for(role),
            other => other,
        };
        match route {
            Route::Coord(_) if !role.is_staff() => {
                view! { <p class="card" role="alert">{st(state).forbidden}</p> }.into_any()
            }
            #[cfg(feature = "staff")]
            Route::Coord(Coord::Home) => view! { <CoordHome/> }.into_any(),
            #[cfg(feature = "staff")]
            Route::Coord(Coord::Surveys) => view! { <surveys::SurveyList/> }.into_any(),
            #[cfg(feature = "staff")]
            Route::Coord(Coord::Survey(id)) => view! { <builder::Builder id=id/> }.into_any(),
            #[cfg(feature = "staff")]
            Route::Coord(Coord::Moderation) => view! { <moderation::ReviewQueue/> }.into_any(),
            #[cfg(feature = "staff")]
            Route::Coord(Coord::Codebook) => view! { <codebook::Codebook/> }.into_any(),
            #[cfg(feature = "staff")]
            Route::Coord(Coord::Followup) => view! { <followup::Followup/> }.into_any(),
            #[cfg(feature = "staff")]
            Route::Coord(Coord::Compare) => view! { <compare::Compare/> }.into_any(),
            #[cfg(feature = "staff")]
            Route::Coord(Coord::Exports) => view! { <exports::Exports/> }.into_any(),
            #[cfg(feature = "staff")]
            Route::Coord(Coord::Accounts) => view! { <accounts::Accounts/> }.into_any(),
            #[cfg(feature = "staff")]
            Route::Coord(Coord::Places) => view! { <places::Places/> }.into_any(),
            #[cfg(feature = "staff")]
            Route::Coord(Coord::Publications) => view! { <publications::Publications/> }.into_any(),
            #[cfg(not(feature = "staff"))]
            Route::Coord(_) => crate::platform::load_bundle_for(&route),
            Route::Council(CouncilPage::Home { council }) => {
                view! { <super::council::CouncilHomePage council=council/> }.into_any()
            }
            Route::Council(CouncilPage::Report { quartier, council }) => {
                view! { <super::council::ReportPage quartier=quartier council=council/> }.into_any()
            }
            _ => view! { <p class="card">{state.tr().not_found}</p> }.into_any(),
        }
    };
    view! {
        <StaffNav role=role/>
        <div class="staff">{lookups_failed}{page}</div>
    }
    .into_any()
}

#[cfg(feature = "staff")]
#[component]
fn CoordHome() -> impl IntoView {
    let state = use_state();
    let t = move || st(state);
    let pending = LocalResource::new(|| async {
        let query = portevoix_domain::wire::ReviewQuery {
            status: Some(portevoix_domain::wire::ModerationStatus::Pending),
            limit: Some(1),
            ..Default::default()
        };
        staff::review_queue(&query).await.map(|page| page.total)
    });
    let card = |route: Route, title: fn(&St) -> &'static str, text: fn(&St) -> &'static str| {
        view! {
            <li class="card tile">
                <h2><Link route=route>{move || title(st(state))}</Link></h2>
                <p class="hint">{move || text(st(state))}</p>
            </li>
        }
    };
    view! {
        <h1>{move || t().coord_title}</h1>
        {move || match pending.get() {
            Some(Err(error)) => {
                let retry = Callback::new(move |()| pending.refetch());
                view! { <LoadFailed what=|t| t.pending_failed error=error on_retry=retry testid="pending-load-error"/> }.into_any()
            }
            loaded => view! {
                <p class="banner info" data-testid="pending-reviews">
                    {move || match &loaded {
                        Some(Ok(1)) => t().pending_review_one.to_owned(),
                        Some(Ok(n)) => format!("{n} {}", t().pending_reviews),
                        _ => t().loading.to_owned(),
                    }}
                </p>
            }.into_any(),
        }}
        <ul class="plain tiles">
            {card(Route::Coord(Coord::Surveys), |t| t.nav_surveys, |t| t.tile_surveys)}
            {card(Route::Coord(Coord::Moderation), |t| t.nav_moderation, |t| t.tile_review)}
            {card(Route::Coord(Coord::Codebook), |t| t.nav_codebook, |t| t.tile_themes)}
            {card(Route::Coord(Coord::Followup), |t| t.nav_followup, |t| t.tile_followup)}
            {card(Route::Coord(Coord::Compare), |t| t.nav_compare, |t| t.tile_compare)}
            {card(Route::Coord(Coord::Exports), |t| t.nav_exports, |t| t.tile_exports)}
            {card(Route::Coord(Coord::Accounts), |t| t.nav_accounts, |t| t.tile_accounts)}
            {card(Route::Coord(Coord::Places), |t| t.nav_places, |t| t.tile_places)}
            {card(Route::Coord(Coord::Publications), |t| t.nav_publications, |t| t.tile_publications)}
            {card(Route::Council(CouncilPage::Home { council: None }), |t| t.nav_council, |t| t.tile_council)}
        </ul>
        <div class="two-cols">
            <analysis::EmergingCard/>
            <privacy::ErasureCard/>
        </div>
    }
}

/// Enter in a one-line text area submits its form (when it has one) instead of adding a line.
#[cfg(feature = "staff")]
pub fn submit_on_enter(ev: leptos::ev::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    if ev.key() != "Enter" {
        return;
    }
    ev.prevent_default();
    let submit = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|field| field.closest("form").ok().flatten())
        .and_then(|form| form.query_selector("button[type=submit]").ok().flatten())
        .and_then(|button| button.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(button) = submit {
        button.click();
    }
}

/// Formats a UTC time as the local day, `JJ/MM/AAAA`.
pub fn day(t: &chrono::DateTime<chrono::Utc>) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t.timestamp_millis() as f64));
    format!(
        "{:02}/{:02}/{}",
        date.get_date(),
        date.get_month() + 1,
        date.get_full_year()
    )
}

/// Formats a UTC time as local `JJ/MM/AAAA HH:MM`.
pub fn when(t: &chrono::DateTime<chrono::Utc>) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t.timestamp_millis() as f64));
    format!(
        "{:02}/{:02}/{} {:02}:{:02}",
        date.get_date(),
        date.get_month() + 1,
        date.get_full_year(),
        date.get_hours(),
        date.get_minutes()
    )
}

/// A `<select>` of quartiers with an "all" first entry.
#[cfg(feature = "staff")]
#[component]
pub fn QuartierFilter(
    value: RwSignal<Option<i64>>,
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
) -> impl IntoView {
    let state = use_state();
    let lookups = use_lookups();
    let label_for = id.clone();
    view! {
        <div class="field">
            <label for=label_for>{label}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev).parse().ok())>
                <option value="">{move || st(state).all}</option>
                {move || lookups.quartiers.get().into_iter().map(|q| {
                    let selected = value.get_untracked() == Some(q.id);
                    view! { <option value=q.id.to_string() selected=selected>{q.name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
