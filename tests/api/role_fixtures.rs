//! What the role matrix (`roles.rs`) calls endpoints with: accounts for every column, and a
//! fresh object per column wherever a call changes or consumes it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a panic is a failure"
)]

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{
    response_item, sample_answers, sample_survey, testimony_item, Reply, TestApp, ADMIN_EMAIL,
    ADMIN_PASSWORD, REFRESH_IN_BODY,
};

/// Columns of the matrix: anonymous, volunteer, coordinator, council member, admin, member of
/// another council.
pub const N: usize = 6;

/// A receipt code per column, erased by that column's call.
pub fn erase_code(r: usize) -> String {
    format!("ERASEZZ{}", ["2", "3", "4", "5", "6", "7"][r])
}

/// A receipt code per column, erased by that column's call on the residents' own endpoint.
pub fn resident_erase_code(r: usize) -> String {
    format!("RESDNTZ{}", ["2", "3", "4", "5", "6", "7"][r])
}

/// Everything the rows refer to; per-column copies where a call changes or consumes it.
pub struct Fixtures {
    pub bellevue: i64,
    pub council_a: i64,
    pub spare_quartier: i64,
    /// A quartier with an official code, for the map's outline upload.
    pub mapped_quartier: i64,
    pub spare_council: i64,
    pub survey: i64,
    pub version: i64,
    pub draft: i64,
    pub volunteer2: i64,
    pub user_ids: [i64; N],
    pub testimony_of_volunteer: String,
    pub testimony_of_volunteer2: String,
    pub refresh: Vec<String>,
    pub logout: Vec<String>,
    pub enrol_codes: Vec<String>,
    /// One single-use export link per column, made by the admin.
    pub download_links: Vec<String>,
    pub merges: Vec<(i64, i64)>,
    pub patchable: Vec<i64>,
    pub own_devices: Vec<String>,
    pub other_devices: Vec<String>,
    pub to_publish: Vec<i64>,
    /// One fresh quartier per column, whose themes it publishes to councils.
    pub to_publish_to_councils: Vec<i64>,
    /// One council answer per column, waiting for a coordinator's decision.
    pub answers_to_decide: Vec<i64>,
    pub to_open: Vec<i64>,
    pub to_close: Vec<i64>,
    pub to_decide: Vec<String>,
}

async fn ok(reply: Reply) -> Value {
    assert!(
        reply.status.is_success(),
        "fixture: {} {}",
        reply.status,
        reply.body
    );
    reply.body
}

async fn quartier(app: &TestApp, slug: &str) -> i64 {
    let body = json!({"slug": slug, "name": slug, "communes": ["Nantes"]});
    ok(app.post("/api/v1/quartiers", &app.admin, &body).await).await["id"]
        .as_i64()
        .unwrap()
}

async fn device_of(app: &TestApp, user: i64) -> String {
    let enrolment = ok(app
        .post(
            "/api/v1/devices/enrolments",
            &app.admin,
            &json!({"user_id": user}),
        )
        .await)
    .await;
    let code = enrolment["code"].as_str().unwrap();
    let session = ok(TestApp::send(
        app.request(Method::POST, "/api/v1/auth/enrol", None)
            .header(REFRESH_IN_BODY.0, REFRESH_IN_BODY.1)
            .json(&json!({"code": code})),
    )
    .await)
    .await;
    session["user"]["device_id"].as_str().unwrap().to_owned()
}

async fn survey_until(app: &TestApp, quartier: i64, steps: &[&str]) -> i64 {
    let id = ok(app
        .post("/api/v1/surveys", &app.admin, &sample_survey())
        .await)
    .await["id"]
        .as_i64()
        .unwrap();
    ok(app
        .put(
            &format!("/api/v1/surveys/{id}/quartiers"),
            &app.admin,
            &json!({"quartier_ids": [quartier]}),
        )
        .await)
    .await;
    for step in steps {
        ok(app
            .post(
                &format!("/api/v1/surveys/{id}/{step}"),
                &app.admin,
                &json!({}),
            )
            .await)
        .await;
    }
    id
}

pub async fn setup(app: &TestApp) -> (Fixtures, [Option<String>; N]) {
    let bellevue = app.quartier_id("bellevue").await;
    let council_a = app.council_id("Conseil citoyen de Bellevue").await;
    let council_b = app.council_id("Conseil citoyen du Breil").await;
    let (volunteer_id, volunteer) = app.user("volunteer", None).await;
    let (volunteer2, volunteer2_token) = app.user("volunteer", None).await;
    let (coordinator_id, coordinator) = app.user("coordinator", None).await;
    let (member_id, member) = app.user("council_member", Some(council_a)).await;
    let (other_id, other) = app.user("council_member", Some(council_b)).await;
    let admin_id = app.get("/api/v1/auth/me", &app.admin).await.body["id"]
        .as_i64()
        .unwrap();
    let tokens = [
        None,
        Some(volunteer.clone()),
        Some(coordinator),
        Some(member),
        Some(app.admin.clone()),
        Some(other),
    ];
    let (survey, version) = app.open_survey(&[bellevue]).await;
    for _ in 0..3 {
        app.push_new(
            &volunteer,
            &[(
                "response",
                response_item(version, bellevue, sample_answers()),
            )],
        )
        .await;
    }
    let mut lookup = response_item(version, bellevue, sample_answers());
    lookup["receipt_code"] = json!("FNDRZZ23");
    app.push_new(&volunteer, &[("response", lookup)])
        .await
        .remove(0);
    let testimony_of_volunteer = app
        .push_new(
            &volunteer,
            &[(
                "testimony",
                testimony_item(bellevue, "Le tram passe rarement."),
            )],
        )
        .await
        .remove(0);
    let decision =
        json!({"decision": "needs_correction", "message": "Précisez l'arrêt, s'il vous plaît."});
    ok(app
        .post(
            &format!("/api/v1/moderation/testimonies/{testimony_of_volunteer}/decision"),
            &app.admin,
            &decision,
        )
        .await)
    .await;
    let testimony_of_volunteer2 = app
        .push_new(
            &volunteer2_token,
            &[("testimony", testimony_item(bellevue, "Le bus est plein."))],
        )
        .await
        .remove(0);
    let spare_quartier = quartier(app, "quartier-libre").await;
    let mapped_quartier = ok(app
        .post(
            "/api/v1/quartiers",
            &app.admin,
            &json!({"slug": "quartier-carte", "name": "Quartier carte", "communes": ["Nantes"], "official_code": "QN04499Z"}),
        )
        .await)
    .await["id"]
        .as_i64()
        .unwrap();
    let spare_council = ok(app
        .post(
            "/api/v1/councils",
            &app.admin,
            &json!({"name": "Conseil libre", "quartier_ids": [spare_quartier]}),
        )
        .await)
    .await["id"]
        .as_i64()
        .unwrap();
    let draft = ok(app
        .post("/api/v1/surveys", &app.admin, &sample_survey())
        .await)
    .await["id"]
        .as_i64()
        .unwrap();

    let mut f = Fixtures {
        bellevue,
        council_a,
        spare_quartier,
        mapped_quartier,
        spare_council,
        survey,
        version,
        draft,
        volunteer2,
        user_ids: [
            admin_id,
            volunteer_id,
            coordinator_id,
            member_id,
            admin_id,
            other_id,
        ],
        testimony_of_volunteer,
        testimony_of_volunteer2,
        refresh: vec![],
        logout: vec![],
        enrol_codes: vec![],
        download_links: vec![],
        merges: vec![],
        patchable: vec![],
        own_devices: vec![],
        other_devices: vec![],
        to_publish: vec![],
        to_publish_to_councils: vec![],
        answers_to_decide: vec![],
        to_open: vec![],
        to_close: vec![],
        to_decide: vec![],
    };
    for r in 0..N {
        for list in [&mut f.refresh, &mut f.logout] {
            let session = ok(app.login_reply(ADMIN_EMAIL, ADMIN_PASSWORD).await).await;
            list.push(session["refresh_token"].as_str().unwrap().to_owned());
        }
        // A new code cancels the account's unused ones: one volunteer per column.
        let enrollee = app.user("volunteer", None).await.0;
        let enrolment = ok(app
            .post(
                "/api/v1/devices/enrolments",
                &app.admin,
                &json!({"user_id": enrollee}),
            )
            .await)
        .await;
        f.enrol_codes
            .push(enrolment["code"].as_str().unwrap().to_owned());
        let link = ok(app
            .post(
                "/api/v1/exports/links",
                &app.admin,
                &json!({"export": "outings"}),
            )
            .await)
        .await;
        f.download_links
            .push(link["url"].as_str().unwrap().to_owned());
        f.merges.push((
            quartier(app, &format!("fusion-{r}-a")).await,
            quartier(app, &format!("fusion-{r}-b")).await,
        ));
        f.to_publish_to_councils
            .push(quartier(app, &format!("publication-{r}")).await);
        let answer = ok(app
            .post(
                &format!("/api/v1/council/answers?council_id={council_a}"),
                &app.admin,
                &json!({"quartier_id": bellevue, "theme": "sante", "answer": format!("À décider {r}")}),
            )
            .await)
        .await;
        f.answers_to_decide.push(answer["id"].as_i64().unwrap());
        f.patchable.push(app.user("volunteer", None).await.0);
        f.own_devices.push(device_of(app, volunteer_id).await);
        f.other_devices.push(device_of(app, volunteer2).await);
        f.to_publish.push(survey_until(app, bellevue, &[]).await);
        f.to_open
            .push(survey_until(app, bellevue, &["publish"]).await);
        f.to_close
            .push(survey_until(app, bellevue, &["publish", "open"]).await);
        f.to_decide.push(
            app.push_new(
                &volunteer2_token,
                &[(
                    "testimony",
                    testimony_item(bellevue, "Les bancs manquent au square."),
                )],
            )
            .await
            .remove(0),
        );
        let mut erasable = response_item(version, bellevue, sample_answers());
        erasable["receipt_code"] = json!(erase_code(r));
        let mut resident = response_item(version, bellevue, sample_answers());
        resident["receipt_code"] = json!(resident_erase_code(r));
        app.push_new(
            &volunteer,
            &[("response", erasable), ("response", resident)],
        )
        .await
        .remove(0);
    }
    // Councils read publications only.
    app.published(bellevue, Some(version)).await;
    app.published(bellevue, None).await;
    (f, tokens)
}
