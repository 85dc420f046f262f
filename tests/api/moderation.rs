use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::fixtures::{approve, audit_actions, decide, testimony, testimony_tally, theme_tally};
use crate::helpers::{pool, spawn_app, testimony_item};

const LOYER: &str = "Le loyer augmente encore et le bailleur ne répond jamais aux demandes.";

async fn pull(app: &crate::helpers::TestApp, token: &str, cursor: i64) -> Value {
    let reply = app
        .get(&format!("/api/v1/sync/pull?cursor={cursor}"), token)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body
}

fn item_status<'a>(pulled: &'a Value, id: &str) -> Option<&'a Value> {
    pulled["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
}

#[tokio::test]
async fn the_queue_filters_and_pages() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let malakoff = app.quartier_id("malakoff").await;
    let (alice, alice_token) = app.user("volunteer", None).await;
    let (bob, bob_token) = app.user("volunteer", None).await;
    let mut themed = testimony_item(bellevue, LOYER);
    themed["themes"] = json!(["logement"]);
    app.push_new(
        &alice_token,
        &[
            ("testimony", themed),
            (
                "testimony",
                testimony_item(bellevue, "Il manque des bancs au square."),
            ),
            (
                "testimony",
                testimony_item(bellevue, "Les bus passent trop rarement le soir."),
            ),
        ],
    )
    .await;
    app.push_new(
        &bob_token,
        &[(
            "testimony",
            testimony_item(malakoff, "Le marché est très animé le dimanche."),
        )],
    )
    .await;

    let all = app.get("/api/v1/moderation/testimonies", &app.admin).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert_eq!(all.body["total"], 4);
    let first = &all.body["items"][0];
    for key in [
        "text",
        "redacted_text",
        "sensitive",
        "themes",
        "volunteer",
        "seq",
        "consent",
    ] {
        assert!(first.get(key).is_some(), "{key} missing in {first}");
    }
    let count = |reply: &crate::helpers::Reply| reply.body["total"].as_u64().unwrap();
    let by = |q: String| {
        let app = &app;
        async move {
            app.get(&format!("/api/v1/moderation/testimonies?{q}"), &app.admin)
                .await
        }
    };
    assert_eq!(count(&by(format!("quartier_id={bellevue}")).await), 3);
    assert_eq!(count(&by(format!("user_id={bob}")).await), 1);
    assert_eq!(
        count(&by(format!("user_id={alice}&quartier_id={malakoff}")).await),
        0
    );
    assert_eq!(count(&by("status=pending".into()).await), 4);
    assert_eq!(count(&by("status=approved".into()).await), 0);
    let housing = by("theme=logement".into()).await;
    assert_eq!(count(&housing), 1);
    let theme = &housing.body["items"][0]["themes"][0];
    assert_eq!(theme["code"], "logement");
    assert!(theme["label"].is_string());
    // Days are days in Nantes (`Europe/Paris`).
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive();
    let tomorrow = today.succ_opt().unwrap();
    assert_eq!(count(&by(format!("from={today}&to={today}")).await), 4);
    assert_eq!(count(&by(format!("from={tomorrow}")).await), 0);
    let page = by("limit=2&offset=2&order=newest".into()).await;
    assert_eq!(page.body["items"].as_array().unwrap().len(), 2);
    assert_eq!(count(&page), 4);

    assert_eq!(
        by(format!("from={tomorrow}&to={today}")).await.error_code(),
        "invalid_range"
    );
    assert_eq!(by("limit=0".into()).await.error_code(), "invalid_limit");
    assert_eq!(
        by("status=maybe".into()).await.error_code(),
        "invalid_query"
    );
    assert_eq!(by("colour=red".into()).await.error_code(), "invalid_query");
    assert_eq!(
        by("from=yesterday".into()).await.error_code(),
        "invalid_query"
    );

    let (_, council) = app
        .user(
            "council_member",
            Some(app.council_id("Conseil citoyen de Bellevue").await),
        )
        .await;
    for token in [&alice_token, &council] {
        let reply = app.get("/api/v1/moderation/testimonies", token).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        let id = all.body["items"][0]["id"].as_str().unwrap();
        let reply = app
            .get(&format!("/api/v1/moderation/testimonies/{id}"), token)
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn approving_counts_the_themes_and_every_change_reaches_the_phone() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let id = testimony(&app, &volunteer, testimony_item(bellevue, LOYER)).await;
    let cursor = pull(&app, &volunteer, 0).await["cursor"].as_i64().unwrap();

    let item = app
        .get(&format!("/api/v1/moderation/testimonies/{id}"), &app.admin)
        .await;
    assert_eq!(item.status, StatusCode::OK);
    assert_eq!(item.body["status"], "pending");
    let suggested = item.body["themes"].as_array().unwrap();
    let logement = suggested
        .iter()
        .find(|t| t["code"] == "logement")
        .expect("logement suggested");
    assert_eq!(logement["source"], "suggested");
    assert!(
        !logement["matched"].as_array().unwrap().is_empty(),
        "explainable: {logement}"
    );

    let path = format!("/api/v1/moderation/testimonies/{id}/themes");
    let set = app
        .put(
            &path,
            &app.admin,
            &json!({"themes": ["logement", "mobilite"]}),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    let themes = set.body["themes"].as_array().unwrap();
    assert_eq!(themes.len(), 2);
    assert!(themes.iter().all(|t| t["source"] == "coordinator"));
    let confirmed = themes.iter().find(|t| t["code"] == "logement").unwrap();
    assert_eq!(
        confirmed["matched"], logement["matched"],
        "the triggering words stay"
    );
    assert_eq!(
        theme_tally(&app, bellevue, "logement"),
        0,
        "pending items are not counted"
    );

    approve(&app, &id, &["logement", "mobilite"]).await;
    assert_eq!(theme_tally(&app, bellevue, "logement"), 1);
    assert_eq!(theme_tally(&app, bellevue, "mobilite"), 1);
    assert_eq!(testimony_tally(&app, bellevue), 1);

    let set = app
        .put(&path, &app.admin, &json!({"themes": ["mobilite"]}))
        .await;
    assert_eq!(set.status, StatusCode::OK);
    assert_eq!(
        theme_tally(&app, bellevue, "logement"),
        0,
        "a theme change moves the tally"
    );
    assert_eq!(theme_tally(&app, bellevue, "mobilite"), 1);
    assert_eq!(testimony_tally(&app, bellevue), 1);

    let pulled = pull(&app, &volunteer, cursor).await;
    assert_eq!(
        item_status(&pulled, &id).expect("status reaches the phone")["status"],
        "approved"
    );
    let cursor = pulled["cursor"].as_i64().unwrap();

    let reopened = decide(&app, &id, json!({"decision": "reopen"})).await;
    assert_eq!(reopened.body["status"], "pending");
    assert_eq!(theme_tally(&app, bellevue, "mobilite"), 0);
    assert_eq!(testimony_tally(&app, bellevue), 0);
    assert_eq!(
        item_status(&pull(&app, &volunteer, cursor).await, &id).unwrap()["status"],
        "pending"
    );

    let actions = audit_actions(&app, &format!("testimony:{id}")).await;
    assert_eq!(
        actions,
        [
            "testimony.themes",
            "testimony.approved",
            "testimony.themes",
            "testimony.reopened"
        ]
    );
}

#[tokio::test]
async fn a_correction_goes_to_the_phone_and_comes_back() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let (_, other) = app.user("volunteer", None).await;
    let id = testimony(
        &app,
        &volunteer,
        testimony_item(bellevue, "Le truc là-bas ne marche pas."),
    )
    .await;
    let cursor = pull(&app, &volunteer, 0).await["cursor"].as_i64().unwrap();

    let missing = decide(&app, &id, json!({"decision": "needs_correction"})).await;
    assert_eq!(missing.error_code(), "message_required");
    let sent = decide(
        &app,
        &id,
        json!({"decision": "needs_correction", "message": "Précisez de quel équipement il s'agit."}),
    )
    .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert_eq!(sent.body["status"], "needs_correction");

    let pulled = pull(&app, &volunteer, cursor).await;
    let status = item_status(&pulled, &id).expect("the request reaches the phone");
    assert_eq!(status["status"], "needs_correction");
    assert_eq!(status["message"], "Précisez de quel équipement il s'agit.");
    let cursor = pulled["cursor"].as_i64().unwrap();
    assert!(item_status(&pull(&app, &other, 0).await, &id).is_none());

    let path = format!("/api/v1/testimonies/{id}/correction");
    let request = app.get(&path, &volunteer).await;
    assert_eq!(request.status, StatusCode::OK, "{}", request.body);
    assert_eq!(request.body["text"], "Le truc là-bas ne marche pas.");
    assert_eq!(
        request.body["message"],
        "Précisez de quel équipement il s'agit."
    );
    assert_eq!(app.get(&path, &other).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&path, &app.admin).await.status,
        StatusCode::NOT_FOUND
    );
    let nobody = format!("/api/v1/testimonies/{}/correction", Uuid::now_v7());
    assert_eq!(
        app.get(&nobody, &volunteer).await.status,
        StatusCode::NOT_FOUND
    );

    let empty = app.post(&path, &volunteer, &json!({"text": "   "})).await;
    assert_eq!(empty.error_code(), "invalid_text");
    let foreign = app
        .post(&path, &other, &json!({"text": "Autre chose"}))
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    let corrected = "L'ascenseur de la tour est en panne depuis trois semaines.";
    let body = json!({"text": corrected, "themes": ["logement"]});
    let back = app.post(&path, &volunteer, &body).await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.body);
    assert_eq!(back.body["status"], "pending");
    assert!(back.body["message"].is_null());
    assert_eq!(back.body["themes"], json!(["logement"]));
    let again = app.post(&path, &volunteer, &body).await;
    assert_eq!(
        again.status,
        StatusCode::OK,
        "a retried correction is harmless"
    );
    let late = app
        .post(&path, &volunteer, &json!({"text": "Encore autre chose"}))
        .await;
    assert_eq!(late.error_code(), "not_awaiting_correction");

    let item = app
        .get(&format!("/api/v1/moderation/testimonies/{id}"), &app.admin)
        .await;
    assert_eq!(item.body["text"], corrected);
    assert_eq!(item.body["status"], "pending");
    let volunteer_theme = item.body["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == "logement")
        .unwrap();
    assert_eq!(volunteer_theme["source"], "volunteer");
    assert_eq!(
        item_status(&pull(&app, &volunteer, cursor).await, &id).unwrap()["status"],
        "pending"
    );

    let stale = decide(
        &app,
        &id,
        json!({"decision": "approve", "expected_seq": sent.body["seq"]}),
    )
    .await;
    assert_eq!(stale.error_code(), "stale");
    approve(&app, &id, &["logement"]).await;
    let actions = audit_actions(&app, &format!("testimony:{id}")).await;
    assert_eq!(
        actions,
        [
            "testimony.needs_correction",
            "testimony.corrected",
            "testimony.approved"
        ]
    );
}

#[tokio::test]
async fn decisions_are_checked() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let id = testimony(&app, &volunteer, testimony_item(bellevue, LOYER)).await;

    assert_eq!(
        decide(&app, &id, json!({"decision": "reject"}))
            .await
            .error_code(),
        "message_required"
    );
    let long = "x".repeat(501);
    assert_eq!(
        decide(&app, &id, json!({"decision": "reject", "message": long}))
            .await
            .error_code(),
        "message_too_long"
    );
    assert_eq!(
        decide(&app, &id, json!({"decision": "maybe"}))
            .await
            .error_code(),
        "invalid_json"
    );
    let four =
        json!({"decision": "approve", "themes": ["logement", "mobilite", "sante", "education"]});
    assert_eq!(
        decide(&app, &id, four).await.error_code(),
        "too_many_themes"
    );
    let unknown = json!({"decision": "approve", "themes": ["licornes"]});
    assert_eq!(
        decide(&app, &id, unknown).await.error_code(),
        "unknown_theme"
    );
    assert_eq!(
        decide(&app, "not-a-uuid", json!({"decision": "approve"}))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        decide(
            &app,
            &Uuid::now_v7().to_string(),
            json!({"decision": "approve"})
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );

    // A sensitive testimony needs an explicit confirmation.
    {
        use diesel::prelude::*;
        use portevoix::db::schema::testimonies;
        let pool = pool(app.db.url());
        let mut conn = pool.get().unwrap();
        diesel::update(testimonies::table.find(&id))
            .set(testimonies::sensitive.eq(true))
            .execute(&mut conn)
            .unwrap();
    }
    let unconfirmed = decide(&app, &id, json!({"decision": "approve"})).await;
    assert_eq!(unconfirmed.error_code(), "sensitive_unconfirmed");

    let path = format!("/api/v1/moderation/testimonies/{id}/redaction");
    assert_eq!(
        app.put(&path, &app.admin, &json!({"redacted_text": " "}))
            .await
            .error_code(),
        "invalid_redaction"
    );
    let edited = app
        .put(
            &path,
            &app.admin,
            &json!({"redacted_text": "Le loyer augmente encore et [bailleur] ne répond jamais."}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
    assert_eq!(edited.body["redaction_edited"], true);
    assert_eq!(
        edited.body["text"], LOYER,
        "the original stays for coordinators"
    );

    let rejected = decide(
        &app,
        &id,
        json!({"decision": "reject", "message": "Hors sujet"}),
    )
    .await;
    assert_eq!(rejected.body["status"], "rejected");
    assert_eq!(rejected.body["moderation_message"], "Hors sujet");
    assert_eq!(testimony_tally(&app, bellevue), 0);
    let approved = decide(
        &app,
        &id,
        json!({"decision": "approve", "confirm_sensitive": true}),
    )
    .await;
    assert_eq!(approved.body["status"], "approved", "{}", approved.body);
    assert!(approved.body["moderation_message"].is_null());
    assert_eq!(testimony_tally(&app, bellevue), 1);

    let audit = app
        .get(
            &format!("/api/v1/audit?target=testimony:{id}&limit=50"),
            &app.admin,
        )
        .await;
    let text = audit.body.to_string();
    assert!(
        !text.contains("bailleur ne répond"),
        "no redacted-away text in the audit log"
    );
    assert!(text.contains("Hors sujet"));
}

/// Tallies kept decision by decision equal a recount from the approved testimonies.
#[tokio::test]
async fn tallies_match_a_recount_after_many_decisions() {
    use std::collections::BTreeMap;

    use diesel::prelude::*;
    use portevoix::db::schema::{tally_testimonies, tally_themes, testimonies, testimony_themes};

    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let malakoff = app.quartier_id("malakoff").await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let mut ids = Vec::new();
    for i in 0..8 {
        let quartier = if i % 3 == 0 { malakoff } else { bellevue };
        let mut item = testimony_item(quartier, LOYER);
        item["captured_at"] = json!(chrono::Utc::now() - chrono::Duration::days(40 * (i % 3)));
        ids.push(testimony(&app, &volunteer, item).await);
    }
    let theme_sets: [&[&str]; 4] = [
        &["logement"],
        &["mobilite", "sante"],
        &[],
        &["logement", "sante"],
    ];
    let mut state: u64 = 7;
    for _ in 0..60 {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let id = &ids[(state >> 33) as usize % ids.len()];
        let themes = theme_sets[(state >> 20) as usize % theme_sets.len()];
        let body = match (state >> 40) % 5 {
            0 | 1 => json!({"decision": "approve", "themes": themes, "confirm_sensitive": true}),
            2 => json!({"decision": "reject", "message": "non"}),
            3 => json!({"decision": "reopen"}),
            _ => {
                let path = format!("/api/v1/moderation/testimonies/{id}/themes");
                let reply = app.put(&path, &app.admin, &json!({"themes": themes})).await;
                assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
                continue;
            }
        };
        let reply = decide(&app, id, body).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }

    let pool = pool(app.db.url());
    let mut conn = pool.get().unwrap();
    let approved: Vec<(String, i64, i64)> = testimonies::table
        .filter(testimonies::status.eq("approved"))
        .select((
            testimonies::id,
            testimonies::quartier_id,
            testimonies::captured_at,
        ))
        .load(&mut conn)
        .unwrap();
    let mut expected_themes: BTreeMap<(i64, String, String), i64> = BTreeMap::new();
    let mut expected_months: BTreeMap<(i64, String), i64> = BTreeMap::new();
    for (id, quartier, at) in approved {
        let month = portevoix::services::period::month_of(at);
        *expected_months
            .entry((quartier, month.clone()))
            .or_default() += 1;
        let codes: Vec<String> = testimony_themes::table
            .filter(testimony_themes::testimony_id.eq(&id))
            .select(testimony_themes::theme_code)
            .load(&mut conn)
            .unwrap();
        for code in codes {
            *expected_themes
                .entry((quartier, code, month.clone()))
                .or_default() += 1;
        }
    }
    let stored_themes: BTreeMap<(i64, String, String), i64> = tally_themes::table
        .filter(tally_themes::testimonies.ne(0))
        .select((
            tally_themes::quartier_id,
            tally_themes::theme_code,
            tally_themes::month,
            tally_themes::testimonies,
        ))
        .load::<(i64, String, String, i64)>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|(q, t, m, n)| ((q, t, m), n))
        .collect();
    let stored_months: BTreeMap<(i64, String), i64> = tally_testimonies::table
        .filter(tally_testimonies::testimonies.ne(0))
        .select((
            tally_testimonies::quartier_id,
            tally_testimonies::month,
            tally_testimonies::testimonies,
        ))
        .load::<(i64, String, i64)>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|(q, m, n)| ((q, m), n))
        .collect();
    assert_eq!(stored_themes, expected_themes);
    assert_eq!(stored_months, expected_months);
    assert!(!stored_months.is_empty(), "the sequence approved something");
}
