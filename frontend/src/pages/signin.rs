//! Sign-in: e-mail and password, or the one-time enrolment code (typed or from the link).

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::wire::TokenResponse;

use crate::api::{self, ApiError};
use crate::components::TextField;
use crate::i18n::Tr;
use crate::route::Route;
use crate::state::{use_state, AppState};

/// Which form was sent: each shows its own error beside its own button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Login,
    Enrol,
}

/// A sign-in that failed, said in the volunteer's language when drawn.
#[derive(Debug, Clone, PartialEq)]
struct Failure {
    form: Form,
    error: ApiError,
}

fn failure_text(state: AppState, failure: &Failure) -> String {
    let tr = state.tr();
    match (&failure.error, failure.form) {
        (ApiError::Network(_), _) => tr.signin_offline.to_owned(),
        (ApiError::Unauthorized, Form::Login) => tr.login_refused.to_owned(),
        // The server says which (its code): unknown, used, expired, or the account is closed.
        (ApiError::Refused(_, detail), Form::Enrol) => match enrol_refusal(tr, &detail.code) {
            Some(text) => text.to_owned(),
            None => crate::i18n::api_error(state.lang.get(), &failure.error),
        },
        // A server that gives no reason: the three possibilities and what to do.
        (ApiError::Unauthorized, Form::Enrol) => tr.enrol_refused.to_owned(),
        (other, _) => crate::i18n::api_error(state.lang.get(), other),
    }
}

/// Why an enrolment code was refused, from the server's code.
fn enrol_refusal(tr: &Tr, code: &str) -> Option<&'static str> {
    match code {
        "enrol_code_unknown" | "invalid_code" => Some(tr.enrol_unknown),
        "enrol_code_used" => Some(tr.enrol_used),
        "enrol_code_expired" => Some(tr.enrol_expired),
        "enrol_account_inactive" => Some(tr.enrol_inactive),
        _ => None,
    }
}

async fn finish(
    state: AppState,
    form: Form,
    result: Result<TokenResponse, ApiError>,
    error: RwSignal<Option<Failure>>,
) {
    match result {
        Ok(tokens) => {
            let home = Route::home_for(tokens.user.role);
            state.signed_in(tokens.user).await;
            crate::sync::request(state);
            state.go(home);
        }
        Err(failure) => error.set(Some(Failure {
            form,
            error: failure,
        })),
    }
}

#[component]
pub fn SignIn(enrol_code: String) -> impl IntoView {
    let state = use_state();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(enrol_code.clone());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Failure>);

    let login = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::login(email.get_untracked().trim(), &password.get_untracked()).await;
            finish(state, Form::Login, result, error).await;
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
            finish(state, Form::Enrol, result, error).await;
            busy.set(false);
        });
    };
    let tr = move || state.tr();
    let error_for = move |form: Form| {
        move || {
            error.with(|e| {
                e.as_ref()
                    .filter(|f| f.form == form)
                    .map(|f| failure_text(state, f))
            })
        }
    };
    // Typing again clears the last error of that form.
    let clear = move |form: Form| {
        if error.with_untracked(|e| e.as_ref().is_some_and(|f| f.form == form)) {
            error.set(None);
        }
    };
    Effect::new(move |_| {
        email.track();
        password.track();
        clear(Form::Login);
    });
    Effect::new(move |_| {
        code.track();
        clear(Form::Enrol);
    });
    let me_line = move || {
        state
            .me
            .get()
            .map(|me| format!("{} {} ({})", tr().signed_in_as, me.display_name, me.email))
    };

    // Opened from the coordinator's link (or its QR code): one button, the code already there.
    let from_link = RwSignal::new(!enrol_code.trim().is_empty());
    let activation = move || {
        view! {
            <h1>{move || tr().activate_title}</h1>
            <form class="card" on:submit=enrol data-testid="activate-form">
                <p>{move || tr().activate_hint}</p>
                <p class="code" data-testid="activate-code">{move || code.get()}</p>
                <button class="btn btn-primary btn-big" type="submit" disabled=move || busy.get()>
                    {move || if busy.get() { tr().signing_in } else { tr().activate_title }}
                </button>
                <p class="error" role="alert" data-testid="enrol-error">{error_for(Form::Enrol)}</p>
            </form>
            <button class="btn" data-testid="signin-otherwise" on:click=move |_| from_link.set(false)>
                {move || tr().signin_otherwise}
            </button>
        }
    };
    let forms = move || {
        view! {
            <h1>{move || tr().signin_title}</h1>
            <p class="hint">{me_line}</p>
            <form class="card" on:submit=login data-testid="login-form">
                <TextField value=email id="email" kind="email" autocomplete="username" label=Signal::derive(move || tr().email.to_owned())/>
                <TextField value=password id="password" kind="password" autocomplete="current-password" label=Signal::derive(move || tr().password.to_owned())/>
                <button class="btn btn-primary btn-big" type="submit" disabled=move || busy.get()>
                    {move || if busy.get() { tr().signing_in } else { tr().signin }}
                </button>
                <p class="error" role="alert" data-testid="signin-error">{error_for(Form::Login)}</p>
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
                <p class="error" role="alert" data-testid="enrol-error">{error_for(Form::Enrol)}</p>
            </form>
            <Show when=move || state.me.with(Option::is_some)>
                <button class="btn" on:click=move |_| spawn_local(async move {
                    let _ = api::logout().await;
                    state.signed_out().await;
                })>{move || tr().signout}</button>
            </Show>
        }
    };
    move || {
        if from_link.get() {
            activation().into_any()
        } else {
            forms().into_any()
        }
    }
}
