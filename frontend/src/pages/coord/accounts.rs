//! Accounts and devices: create volunteers and council members, disable accounts, enrol a
//! volunteer's phone (one-time code shown as text and as a link), revoke a device.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::wire::{Device, Enrolment, NewUser, Role, User, UserPatch};

use super::{explain, st, use_lookups, when, LoadFailed};
use crate::api::{staff, ApiError};
use crate::state::use_state;

/// Only administrators create coordinators or switch staff accounts off (the server says so
/// too): others are not offered what would be refused.
fn i_am_admin() -> bool {
    use_state()
        .me
        .with_untracked(|m| m.as_ref().is_some_and(|m| m.role == Role::Admin))
}

/// Today on this computer's calendar.
fn today() -> chrono::NaiveDate {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}

fn role_label(t: &crate::i18n::staff::St, role: Role) -> &'static str {
    match role {
        Role::Admin => t.role_admin,
        Role::Coordinator => t.role_coordinator,
        Role::Volunteer => t.role_volunteer,
        Role::CouncilMember => t.role_council,
    }
}

#[component]
pub fn Accounts() -> impl IntoView {
    let state = use_state();
    let lookups = use_lookups();
    let t = move || st(state);
    let users = RwSignal::new(Vec::<User>::new());
    let devices = RwSignal::new(Vec::<Device>::new());
    let enrolment = RwSignal::new(None::<(String, Enrolment)>);
    let status = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    // A failed load of either list is said where the list stands, with Réessayer.
    let users_failed = RwSignal::new(None::<ApiError>);
    let devices_failed = RwSignal::new(None::<ApiError>);
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Volunteer);
    let password = RwSignal::new(String::new());
    let council = RwSignal::new(None::<i64>);
    let expires = RwSignal::new(String::new());

    let reload = move || {
        spawn_local(async move {
            match staff::users().await {
                Ok(list) => {
                    users.set(list);
                    users_failed.set(None);
                }
                Err(e) => users_failed.set(Some(e)),
            }
            match staff::devices().await {
                Ok(list) => {
                    devices.set(list);
                    devices_failed.set(None);
                }
                Err(e) => devices_failed.set(Some(e)),
            }
        })
    };
    reload();

    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pw = password.get_untracked();
        let user = NewUser {
            email: email.get_untracked().trim().to_owned(),
            display_name: name.get_untracked().trim().to_owned(),
            role: role.get_untracked(),
            password: (!pw.is_empty()).then_some(pw),
            council_id: (role.get_untracked() == Role::CouncilMember)
                .then(|| council.get_untracked())
                .flatten(),
            expires_on: expires.get_untracked().parse().ok(),
        };
        spawn_local(async move {
            match staff::create_user(&user).await {
                Ok(u) => {
                    status.set(Some(format!(
                        "{} {}",
                        st(state).account_created,
                        u.display_name
                    )));
                    failure.set(None);
                    email.set(String::new());
                    name.set(String::new());
                    password.set(String::new());
                    reload();
                }
                Err(e) => failure.set(Some(explain(state, e))),
            }
        });
    };
    let enrol = move |user: User| {
        spawn_local(async move {
            match staff::enrol_device(user.id, None).await {
                Ok(e) => {
                    enrolment.set(Some((user.display_name.clone(), e)));
                    reload();
                }
                Err(e) => failure.set(Some(explain(state, e))),
            }
        });
    };
    let set_active = move |id: i64, active: bool| {
        spawn_local(async move {
            let patch = UserPatch {
                active: Some(active),
                ..Default::default()
            };
            match staff::patch_user(id, &patch).await {
                Ok(_) => reload(),
                Err(e) => failure.set(Some(explain(state, e))),
            }
        });
    };
    let revoke = move |id: uuid::Uuid| {
        spawn_local(async move {
            match staff::revoke_device(id).await {
                Ok(_) => reload(),
                Err(e) => failure.set(Some(explain(state, e))),
            }
        });
    };
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let enrolment_box = move || {
        let origin = origin.clone();
        enrolment.get().map(|(who, e)| {
            // The server gives a full URL when its public address is configured, else a path.
            let link = if e.url.starts_with("http") {
                e.url.clone()
            } else {
                format!("{origin}{}", e.url)
            };
            view! {
                <section class="card enrolment" aria-live="polite" data-testid="enrolment">
                    <h2>{format!("{} {who}", t().enrolment_for)}</h2>
                    <p class="code" data-testid="enrolment-code">{e.code.clone()}</p>
                    <div class="qr" data-testid="enrolment-qr" role="img"
                        aria-label=format!("{} {link}", t().qr_of) inner_html=qr_svg(&link)></div>
                    <p><a href=link.clone() data-testid="enrolment-link">{link.clone()}</a></p>
                    <p class="hint">{format!("{} {}", t().expires, super::when(&e.expires_at))}</p>
                    <p class="hint">{t().enrolment_hint}</p>
                </section>
            }
        })
    };
    let user_rows = move || {
        let t = t();
        users.get().into_iter().map(|u| {
            let council = u.council_id.map(|c| lookups.councils.with(|l| l.iter().find(|x| x.id == c).map(|x| x.name.clone()).unwrap_or_else(|| format!("#{c}")))).unwrap_or_default();
            let (id, active) = (u.id, u.active);
            // Works through its last day, stops the day after.
            let expired = u.expires_on.is_some_and(|last| last < today());
            let volunteer = u.role == Role::Volunteer;
            let for_enrol = u.clone();
            view! {
                <tr data-testid="user-row">
                    <th scope="row">{u.display_name.clone()}</th>
                    <td>{u.email.clone()}</td>
                    <td>{role_label(t, u.role)}</td>
                    <td>{council}</td>
                    <td>{u.expires_on.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default()}</td>
                    <td data-testid="user-status">{if !active { t.disabled } else if expired { t.expired } else { t.active }}</td>
                    <td class="actions">
                        {volunteer.then(|| view! { <button class="btn btn-small" on:click=move |_| enrol(for_enrol.clone())>{t.enrol_phone}</button> })}
                        {(i_am_admin() || matches!(u.role, Role::Volunteer | Role::CouncilMember)).then(|| view! {
                            <button class="btn btn-small" on:click=move |_| set_active(id, !active)>{if active { t.disable } else { t.enable }}</button>
                        })}
                    </td>
                </tr>
            }
        }).collect_view()
    };
    let device_rows = move || {
        let t = t();
        let names = users.get();
        devices.get().into_iter().map(|d| {
            let owner = names.iter().find(|u| u.id == d.user_id).map(|u| u.display_name.clone()).unwrap_or_default();
            let id = d.id;
            view! {
                <tr>
                    <th scope="row">{d.label.clone()}</th>
                    <td>{owner}</td>
                    <td>{when(&d.created_at)}</td>
                    <td>{d.last_seen_at.as_ref().map(when).unwrap_or_default()}</td>
                    <td>{if d.revoked { t.revoked } else { t.active }}</td>
                    <td>{(!d.revoked).then(|| view! { <button class="btn btn-small danger" on:click=move |_| revoke(id)>{t.revoke}</button> })}</td>
                </tr>
            }
        }).collect_view()
    };
    view! {
        <h1 id="accounts-h">{move || t().nav_accounts}</h1>
        <p class="ok" role="status">{move || status.get()}</p>
        <p class="error" role="alert">{move || failure.get()}</p>
        {enrolment_box}
        {move || users_failed.get().map(|error| view! {
            <LoadFailed what=|t| t.accounts_failed error=error on_retry=Callback::new(move |()| reload()) testid="accounts-load-error"/>
        })}
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="accounts-h">
            <table class="data">
                <thead><tr>
                    <th scope="col">{move || t().name}</th>
                    <th scope="col">{move || state.tr().email}</th>
                    <th scope="col">{move || t().role}</th>
                    <th scope="col">{move || t().council}</th>
                    <th scope="col">{move || t().expires}</th>
                    <th scope="col">{move || t().status}</th>
                    <th scope="col"><span class="sr-only">{move || t().actions}</span></th>
                </tr></thead>
                <tbody>{user_rows}</tbody>
            </table>
        </div>
        <form class="card" on:submit=create data-testid="new-user">
            <h2>{move || t().new_account}</h2>
            <div class="filter-grid">
                <div class="field"><label for="nu-name">{move || t().name}</label><input id="nu-name" type="text" required bind:value=name/></div>
                <div class="field"><label for="nu-email">{move || state.tr().email}</label><input id="nu-email" type="email" required bind:value=email/></div>
                <div class="field">
                    <label for="nu-role">{move || t().role}</label>
                    <select id="nu-role" on:change=move |ev| role.set(Role::parse(&event_target_value(&ev)).unwrap_or(Role::Volunteer))>
                        {[Role::Volunteer, Role::CouncilMember, Role::Coordinator].into_iter().filter(move |r| *r != Role::Coordinator || i_am_admin()).map(|r| view! {
                            <option value=r.as_str() selected=move || role.get() == r>{move || role_label(t(), r)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Show when=move || role.get() == Role::CouncilMember>
                    <div class="field">
                        <label for="nu-council">{move || t().council}</label>
                        <select id="nu-council" on:change=move |ev| council.set(event_target_value(&ev).parse().ok())>
                            <option value="">{move || state.tr().choose}</option>
                            {move || lookups.councils.get().into_iter().map(|c| view! { <option value=c.id.to_string()>{c.name}</option> }).collect_view()}
                        </select>
                    </div>
                </Show>
                <div class="field"><label for="nu-password">{move || format!("{} ({})", state.tr().password, state.tr().optional)}</label>
                    <input id="nu-password" type="password" autocomplete="new-password" bind:value=password/></div>
                <div class="field"><label for="nu-expires">{move || format!("{} ({})", t().expires, state.tr().optional)}</label>
                    <input id="nu-expires" type="date" bind:value=expires/></div>
            </div>
            <button class="btn btn-primary" type="submit">{move || t().create_account}</button>
        </form>
        <h2 id="devices-h">{move || t().devices}</h2>
        {move || devices_failed.get().map(|error| view! {
            <LoadFailed what=|t| t.devices_failed error=error on_retry=Callback::new(move |()| reload()) testid="devices-load-error"/>
        })}
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="devices-h">
            <table class="data">
                <thead><tr>
                    <th scope="col">{move || t().device}</th>
                    <th scope="col">{move || t().volunteer}</th>
                    <th scope="col">{move || t().created}</th>
                    <th scope="col">{move || t().last_seen}</th>
                    <th scope="col">{move || t().status}</th>
                    <th scope="col"><span class="sr-only">{move || t().actions}</span></th>
                </tr></thead>
                <tbody>{device_rows}</tbody>
            </table>
        </div>
    }
}

/// The enrolment link as a QR code (SVG markup): the volunteer points the phone's camera at the
/// screen or at a printout. Empty if the link cannot be encoded (it always can: it is short).
fn qr_svg(link: &str) -> String {
    use qrcode::render::svg;
    match qrcode::QrCode::with_error_correction_level(link.as_bytes(), qrcode::EcLevel::M) {
        Ok(code) => {
            let image = code
                .render::<svg::Color>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build();
            // Inside HTML the XML declaration has no place.
            match image.split_once("<svg") {
                Some((_, rest)) => format!("<svg{rest}"),
                None => String::new(),
            }
        }
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_link_becomes_an_svg_qr_code() {
        let svg = super::qr_svg("https://porte-voix.example/enrol?code=K7QX-2M9D");
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("<path") || svg.contains("<rect"), "{svg}");
    }
}
