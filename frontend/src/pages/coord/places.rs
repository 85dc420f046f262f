//! Quartiers and citizen councils: rename a quartier, set its official code (QP… before 2024,
//! QN… since) and communes, add one, merge two; create a council and choose its quartiers.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::wire::{Council, CouncilInput, Quartier, QuartierInput};

use super::{explain, st, use_lookups, Lookups};
use crate::api::staff;
use crate::state::use_state;

fn communes(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

/// After a change: the lists again (a failure is said above the screen, with Réessayer).
async fn reload(lookups: Lookups) {
    lookups.load(true).await;
}

#[component]
pub fn Places() -> impl IntoView {
    let state = use_state();
    let lookups = use_lookups();
    let t = move || st(state);
    let status = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let done = move |result: Result<String, crate::api::ApiError>| match result {
        Ok(message) => {
            status.set(Some(message));
            failure.set(None);
            spawn_local(reload(lookups));
        }
        Err(e) => failure.set(Some(explain(state, e))),
    };
    let done = StoredValue::new(done);

    let (slug, name, code, comm) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let add_quartier = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = QuartierInput {
            slug: slug.get_untracked().trim().to_owned(),
            name: name.get_untracked().trim().to_owned(),
            official_code: Some(code.get_untracked().trim().to_owned()).filter(|c| !c.is_empty()),
            communes: communes(&comm.get_untracked()),
        };
        spawn_local(async move {
            let r = staff::create_quartier(&input)
                .await
                .map(|q| format!("{} {}", st(state).saved, q.name));
            done.with_value(|d| d(r));
        });
    };
    let (from, into) = (RwSignal::new(None::<i64>), RwSignal::new(None::<i64>));
    let merge = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(f), Some(i)) = (from.get_untracked(), into.get_untracked()) else {
            return;
        };
        if f == i {
            return;
        }
        spawn_local(async move {
            let r = staff::merge_quartiers(f, i)
                .await
                .map(|q| format!("{} {}", st(state).merged_into, q.name));
            done.with_value(|d| d(r));
        });
    };
    let quartier_select = move |id: &'static str, value: RwSignal<Option<i64>>| {
        view! {
            <select id=id required on:change=move |ev| value.set(event_target_value(&ev).parse().ok())>
                <option value="">{move || state.tr().choose}</option>
                {move || lookups.quartiers.get().into_iter().map(|q| view! { <option value=q.id.to_string()>{q.name}</option> }).collect_view()}
            </select>
        }
    };
    view! {
        <h1>{move || t().nav_places}</h1>
        <p class="ok" role="status">{move || status.get()}</p>
        <p class="error" role="alert">{move || failure.get()}</p>
        <h2>{move || t().quartiers}</h2>
        <ul class="plain places">
            {move || lookups.quartiers.get().into_iter().map(|q| view! { <QuartierRow quartier=q status=status failure=failure/> }).collect_view()}
        </ul>
        <form class="card" on:submit=add_quartier>
            <h2>{move || t().add_quartier}</h2>
            <div class="filter-grid">
                <div class="field"><label for="nq-name">{move || t().name}</label><input id="nq-name" type="text" required bind:value=name/></div>
                <div class="field"><label for="nq-slug">{move || t().slug}</label><input id="nq-slug" type="text" class="code" required bind:value=slug/></div>
                <div class="field"><label for="nq-code">{move || t().official_code}</label><input id="nq-code" type="text" class="code" bind:value=code/></div>
                <div class="field"><label for="nq-communes">{move || t().communes}</label><input id="nq-communes" type="text" bind:value=comm/></div>
            </div>
            <button class="btn btn-primary" type="submit">{move || t().add_quartier}</button>
        </form>
        <form class="card" on:submit=merge>
            <h2>{move || t().merge_quartiers}</h2>
            <p class="hint">{move || t().merge_hint}</p>
            <div class="filter-grid">
                <div class="field"><label for="mq-from">{move || t().merge_from}</label>{quartier_select("mq-from", from)}</div>
                <div class="field"><label for="mq-into">{move || t().merge_into}</label>{quartier_select("mq-into", into)}</div>
            </div>
            <button class="btn danger" type="submit">{move || t().merge}</button>
        </form>
        <h2>{move || t().councils}</h2>
        <ul class="plain places">
            {move || lookups.councils.get().into_iter().map(|c| view! { <CouncilRow council=Some(c) status=status failure=failure/> }).collect_view()}
        </ul>
        <CouncilRow council=None status=status failure=failure/>
        <super::map_setup::MapSetup/>
    }
}

#[component]
fn QuartierRow(
    quartier: Quartier,
    status: RwSignal<Option<String>>,
    failure: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = use_state();
    let lookups = use_lookups();
    let t = move || st(state);
    let id = quartier.id;
    let slug = quartier.slug.clone();
    let name = RwSignal::new(quartier.name.clone());
    let code = RwSignal::new(quartier.official_code.clone().unwrap_or_default());
    let comm = RwSignal::new(quartier.communes.join(", "));
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = QuartierInput {
            slug: slug.clone(),
            name: name.get_untracked().trim().to_owned(),
            official_code: Some(code.get_untracked().trim().to_owned()).filter(|c| !c.is_empty()),
            communes: communes(&comm.get_untracked()),
        };
        spawn_local(async move {
            match staff::update_quartier(id, &input).await {
                Ok(q) => {
                    status.set(Some(format!("{} {}", st(state).saved, q.name)));
                    failure.set(None);
                    reload(lookups).await;
                }
                Err(e) => failure.set(Some(explain(state, e))),
            }
        });
    };
    let field = |what: &str| format!("pq-{id}-{what}");
    view! {
        <li class="card">
            <form on:submit=save class="row">
                <div class="field grow"><label for=field("name")>{move || t().name}</label>
                    <textarea id=field("name") class="one-line" rows="1" bind:value=name on:keydown=super::submit_on_enter></textarea></div>
                <div class="field"><label for=field("code")>{move || t().official_code}</label><input id=field("code") type="text" class="code" bind:value=code/></div>
                <div class="field grow"><label for=field("communes")>{move || t().communes}</label><textarea id=field("communes") class="one-line" rows="1" bind:value=comm on:keydown=super::submit_on_enter></textarea></div>
                <button class="btn" type="submit">{move || t().save}</button>
            </form>
        </li>
    }
}

#[component]
fn CouncilRow(
    council: Option<Council>,
    status: RwSignal<Option<String>>,
    failure: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = use_state();
    let lookups = use_lookups();
    let t = move || st(state);
    let id = council.as_ref().map(|c| c.id);
    let key = id.map(|i| i.to_string()).unwrap_or_else(|| "new".into());
    let name = RwSignal::new(council.as_ref().map(|c| c.name.clone()).unwrap_or_default());
    let picked = RwSignal::new(council.map(|c| c.quartier_ids).unwrap_or_default());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CouncilInput {
            name: name.get_untracked().trim().to_owned(),
            quartier_ids: picked.get_untracked(),
        };
        spawn_local(async move {
            match staff::save_council(id, &input).await {
                Ok(c) => {
                    status.set(Some(format!("{} {}", st(state).saved, c.name)));
                    failure.set(None);
                    if id.is_none() {
                        name.set(String::new());
                        picked.set(Vec::new());
                    }
                    reload(lookups).await;
                }
                Err(e) => failure.set(Some(explain(state, e))),
            }
        });
    };
    let boxes = move || {
        lookups.quartiers.get().into_iter().map(|q| {
            let qid = q.id;
            view! {
                <label class="choice compact">
                    <input type="checkbox" prop:checked=move || picked.with(|p| p.contains(&qid))
                        on:change=move |ev| { let on = event_target_checked(&ev); picked.update(|p| { p.retain(|x| *x != qid); if on { p.push(qid) } }) }/>
                    <span>{q.name}</span>
                </label>
            }
        }).collect_view()
    };
    let name_id = format!("pc-{key}-name");
    let form = view! {
        <form on:submit=save>
            {id.is_none().then(|| view! { <h2>{move || t().add_council}</h2> })}
            <div class="field"><label for=name_id.clone()>{move || t().name}</label>
                <textarea id=name_id class="one-line" rows="1" required bind:value=name on:keydown=super::submit_on_enter></textarea></div>
            <fieldset class="question">
                <legend>{move || t().quartiers}</legend>
                <div class="checks">{boxes}</div>
            </fieldset>
            <button class="btn" type="submit">{move || if id.is_some() { t().save } else { t().add_council }}</button>
        </form>
    };
    // A council is an item of the councils' list; the new-council form stands after the list.
    if id.is_some() {
        view! { <li class="card">{form}</li> }.into_any()
    } else {
        view! { <div class="card">{form}</div> }.into_any()
    }
}
