//! Field follow-up and the codebook editor.

use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::fixtures::testimony;
use crate::helpers::{response_item, sample_answers, spawn_app, testimony_item};

fn outing(quartier: i64, place: &str, minutes_ago: i64, length: i64, approached: u32) -> Value {
    let started = chrono::Utc::now() - chrono::Duration::minutes(minutes_ago);
    json!({"id": Uuid::now_v7(), "quartier_id": quartier, "place": place, "started_at": started,
           "ended_at": started + chrono::Duration::minutes(length), "approached": approached, "answered": approached / 2})
}

#[tokio::test]
async fn outings_per_volunteer_and_quartier() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let malakoff = app.quartier_id("malakoff").await;
    let (_, version) = app.open_survey(&[bellevue]).await;
    let (alice, alice_token) = app.user("volunteer", None).await;
    let (bob, bob_token) = app.user("volunteer", None).await;
    let market = outing(bellevue, "marché de Bellevue", 300, 120, 30);
    let school = outing(bellevue, "sortie d'école", 100, 45, 10);
    let mut answer = response_item(version, bellevue, sample_answers());
    answer["outing_id"] = market["id"].clone();
    let mut words = testimony_item(bellevue, "Les jeunes n'ont pas de salle le soir.");
    words["outing_id"] = market["id"].clone();
    app.push_new(
        &alice_token,
        &[
            ("outing", market.clone()),
            ("outing", school),
            ("response", answer),
            ("testimony", words),
        ],
    )
    .await;
    let mut open = outing(malakoff, "tram Mangin", 20, 0, 8);
    open["ended_at"] = Value::Null;
    app.push_new(&bob_token, &[("outing", open)]).await;

    let list = app.get("/api/v1/followup/outings", &app.admin).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(list.body["total"], 3);
    let items = list.body["items"].as_array().unwrap();
    assert_eq!(items[0]["volunteer"]["id"], bob, "newest first");
    assert!(items[0]["duration_minutes"].is_null(), "not ended yet");
    let first = items.iter().find(|o| o["id"] == market["id"]).unwrap();
    assert_eq!(first["duration_minutes"], 120);
    assert_eq!(first["approached"], 30);
    assert_eq!(first["answered"], 15);
    assert_eq!(first["responses"], 1);
    assert_eq!(first["testimonies"], 1);
    assert_eq!(first["volunteer"]["display_name"], "volunteer");

    let mine = app
        .get(
            &format!("/api/v1/followup/outings?user_id={alice}&limit=1"),
            &app.admin,
        )
        .await;
    assert_eq!(mine.body["total"], 2);
    assert_eq!(mine.body["items"].as_array().unwrap().len(), 1);
    let there = app
        .get(
            &format!("/api/v1/followup/outings?quartier_id={malakoff}"),
            &app.admin,
        )
        .await;
    assert_eq!(there.body["total"], 1);
    // Days are days in Nantes (`Europe/Paris`).
    let tomorrow = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive()
        .succ_opt()
        .unwrap();
    let later = app
        .get(
            &format!("/api/v1/followup/outings?from={tomorrow}"),
            &app.admin,
        )
        .await;
    assert_eq!(later.body["total"], 0);

    let summary = app.get("/api/v1/followup/summary", &app.admin).await;
    assert_eq!(summary.status, StatusCode::OK, "{}", summary.body);
    let rows = summary.body.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let alice_row = rows.iter().find(|r| r["volunteer"]["id"] == alice).unwrap();
    assert_eq!(alice_row["outings"], 2);
    assert_eq!(alice_row["minutes"], 165);
    assert_eq!(alice_row["approached"], 40);
    assert_eq!(alice_row["responses"], 1);
    assert_eq!(alice_row["testimonies"], 1);
    assert!(rows
        .iter()
        .any(|r| r["volunteer"]["id"] == bob && r["quartier_id"] == malakoff));

    assert_eq!(
        app.get("/api/v1/followup/outings?limit=1000", &app.admin)
            .await
            .error_code(),
        "invalid_limit"
    );
    assert_eq!(
        app.get("/api/v1/followup/outings?user_id=abc", &app.admin)
            .await
            .error_code(),
        "invalid_query"
    );
    assert_eq!(
        app.get("/api/v1/followup/outings", &alice_token)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let (_, council) = app
        .user(
            "council_member",
            Some(app.council_id("Conseil citoyen de Bellevue").await),
        )
        .await;
    assert_eq!(
        app.get("/api/v1/followup/summary", &council).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_codebook_is_edited_and_pending_testimonies_reanalysed() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let id = testimony(
        &app,
        &volunteer,
        testimony_item(
            bellevue,
            "Le potager partagé manque d'arrosoirs et de composteur.",
        ),
    )
    .await;
    let cursor = app.get("/api/v1/sync/pull?cursor=0", &volunteer).await.body["cursor"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/moderation/testimonies/{id}");
    assert!(!app.get(&path, &app.admin).await.body["themes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["code"] == "jardins"));

    let theme = json!({"code": "jardins", "label": "Jardins partagés", "keywords": ["potager", "composteur", " "], "related": ["arrosoir"]});
    let created = app.post("/api/v1/themes", &app.admin, &theme).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["keywords"], json!(["potager", "composteur"]));
    let suggested = app.get(&path, &app.admin).await.body;
    let jardins = suggested["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == "jardins")
        .expect("re-analysed");
    assert_eq!(jardins["source"], "suggested");
    assert!(!jardins["matched"].as_array().unwrap().is_empty());

    assert_eq!(
        app.post("/api/v1/themes", &app.admin, &theme)
            .await
            .error_code(),
        "theme_exists"
    );
    let bad = json!({"code": "Jardins Partagés", "label": "x", "keywords": []});
    assert_eq!(
        app.post("/api/v1/themes", &app.admin, &bad)
            .await
            .error_code(),
        "invalid_code"
    );
    let bad = json!({"code": "vide", "label": "  ", "keywords": []});
    assert_eq!(
        app.post("/api/v1/themes", &app.admin, &bad)
            .await
            .error_code(),
        "invalid_label"
    );
    let bad = json!({"code": "pipe", "label": "Pipe", "keywords": ["a|b"]});
    assert_eq!(
        app.post("/api/v1/themes", &app.admin, &bad)
            .await
            .error_code(),
        "invalid_keyword"
    );
    assert_eq!(
        app.post("/api/v1/themes", &volunteer, &theme).await.status,
        StatusCode::FORBIDDEN
    );

    let renamed = json!({"label": "Jardins et potagers", "keywords": ["potager"], "related": []});
    let reply = app
        .put("/api/v1/themes/jardins", &app.admin, &renamed)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.body["label"], "Jardins et potagers");
    let moved = json!({"code": "potagers", "label": "x", "keywords": []});
    assert_eq!(
        app.put("/api/v1/themes/jardins", &app.admin, &moved)
            .await
            .error_code(),
        "code_immutable"
    );
    assert_eq!(
        app.put("/api/v1/themes/licornes", &app.admin, &renamed)
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let pulled = app
        .get(&format!("/api/v1/sync/pull?cursor={cursor}"), &volunteer)
        .await
        .body;
    let theme = pulled["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == "jardins")
        .expect("phones get it");
    assert_eq!(theme["label"], "Jardins et potagers");
    let cursor = pulled["cursor"].as_i64().unwrap();

    let retired = json!({"label": "Jardins et potagers", "keywords": ["potager"], "retired": true});
    let reply = app
        .put("/api/v1/themes/jardins", &app.admin, &retired)
        .await;
    assert_eq!(reply.body["retired"], true);
    let pulled = app
        .get(&format!("/api/v1/sync/pull?cursor={cursor}"), &volunteer)
        .await
        .body;
    assert!(pulled["tombstones"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["entity"] == "theme" && t["id"] == "jardins"));
    let after = app.get(&path, &app.admin).await.body;
    assert!(
        !after["themes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["code"] == "jardins" && t["source"] == "suggested"),
        "a retired theme is no longer suggested: {after}"
    );
    let set = app
        .put(
            &format!("/api/v1/moderation/testimonies/{id}/themes"),
            &app.admin,
            &json!({"themes": ["jardins"]}),
        )
        .await;
    assert_eq!(set.error_code(), "retired_theme");

    let report = app
        .post("/api/v1/themes/reanalyse", &app.admin, &json!({}))
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    assert_eq!(report.body["analysed"], 1);
    let audit = app
        .get("/api/v1/audit?action=theme.&limit=10", &app.admin)
        .await;
    assert_eq!(audit.body["entries"].as_array().unwrap().len(), 3);
}
