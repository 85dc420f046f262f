//! Sign-in: e-mail and password, or the one-time enrolment code (typed or from the link).

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::wire::TokenResponse;

use crate::api::{self, ApiError};
use crate::components::TextField;
use crate::route::Route;
use crate::state::{use_state, AppState};

async fn finish(
    state: AppState,
    result: Result<TokenResponse, ApiError>,
    error: RwSignal<Option<String>>,
) {
    match result {
        Ok(tokens) => {
            let home = Route::home_for(tokens.user.role);
            state.signed_in(tokens.user).await;
            crate::sync::request(state);
            state.go(home);
        }
        Err(ApiError::Network(_)) => error.set(Some(state.tr().signin_offline.to_owned())),
        Err(ApiError::Unauthorized) => error.set(Some(match state.lang.get_untracked() {
            crate::i18n::Lang::Fr => "E-mail ou mot de passe incorrect.".to_owned(),
            crate::i18n::Lang::En => "Wrong e-mail or password.".to_owned(),
        })),
        Err(other) => error.set(Some(other.message())),
    }
}

#[component]
pub fn SignIn(enrol_code: String) -> impl IntoView {
    let state = use_state();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(enrol_code.clone());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let login = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::login(email.get_untracked().trim(), &password.get_untracked()).await;
            finish(state, result, error).await;
            busy.set(false);
        });
    };
    let enrol = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let typed = code.get_untracked().trim().to_uppercase();
            let result = api::enrol(&typed, &crate::platform::device_label()).await;
            finish(state, result, error).await;
            busy.set(false);
        });
    };
    let tr = move || state.tr();
    let me_line = move || {
        state
            .me
            .get()
            .map(|me| format!("{} {} ({})", tr().signed_in_as, me.display_name, me.email))
    };

    view! {
        <h1>{move || tr().signin_title}</h1>
        <p class="hint">{me_line}</p>
        <form class="card" on:submit=login data-testid="login-form">
            <TextField value=email id="email" kind="email" autocomplete="username" label=Signal::derive(move || tr().email.to_owned())/>
            <TextField value=password id="password" kind="password" autocomplete="current-password" label=Signal::derive(move || tr().password.to_owned())/>
            <button class="btn btn-primary btn-big" type="submit" disabled=move || busy.get()>
                {move || if busy.get() { tr().signing_in } else { tr().signin }}
            </button>
        </form>
        <form class="card" on:submit=enrol data-testid="enrol-form">
            <p>{move || tr().or_enrol}</p>
            <TextField
                value=code
                id="enrol-code"
                autocomplete="one-time-code"
                label=Signal::derive(move || tr().enrol_code.to_owned())
                hint=Signal::derive(move || tr().enrol_hint.to_owned())
            />
            <button class="btn btn-big" type="submit" disabled=move || busy.get()>{move || tr().enrol}</button>
        </form>
        <p class="error" role="alert" data-testid="signin-error">{move || error.get()}</p>
        <Show when=move || state.me.with(Option::is_some)>
            <button class="btn" on:click=move |_| spawn_local(async move {
                let _ = api::logout().await;
                state.signed_out().await;
            })>{move || tr().signout}</button>
        </Show>
    }
}
