//! Councils see only their quartiers, only aggregates with small cells suppressed, only
//! approved redacted quotes. Checked per endpoint.

use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::fixtures::{approve, assert_no_small_cell, decide, testimony};
use crate::helpers::{response_item, spawn_app, testimony_item, TestApp};

pub(crate) struct Setup {
    pub(crate) bellevue: i64,
    pub(crate) dervallieres: i64,
    pub(crate) version: i64,
    pub(crate) council_id: i64,
    pub(crate) council: String,
}

/// Bellevue: 26 answers (14 tram, 9 bus, 3 on foot; note 4 × 20, 2 × 6); Dervallières: 3.
/// A Bellevue council member.
pub(crate) async fn setup(app: &TestApp) -> Setup {
    let bellevue = app.quartier_id("bellevue").await;
    let dervallieres = app.quartier_id("dervallieres").await;
    let (_, version) = app.open_survey(&[bellevue, dervallieres]).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let mut items = Vec::new();
    for i in 0..26 {
        let mode = match i {
            0..14 => "tram",
            14..23 => "bus",
            _ => "pied",
        };
        let note = if i < 20 { 4 } else { 2 };
        let mut answers = json!({"mode": mode, "note": note});
        if mode != "pied" {
            answers["attente"] = json!(i % 2 == 0);
        }
        if i < 5 {
            answers["idee"] = json!("Un abri à l'arrêt, c'est urgent");
        }
        items.push(("response", response_item(version, bellevue, answers)));
    }
    for _ in 0..3 {
        items.push((
            "response",
            response_item(version, dervallieres, json!({"mode": "pied", "note": 3})),
        ));
    }
    app.push_new(&volunteer, &items).await;
    for quartier in [bellevue, dervallieres] {
        app.published(quartier, Some(version)).await;
        app.published(quartier, None).await;
    }
    let council_id = app.council_id("Conseil citoyen de Bellevue").await;
    let (_, council) = app.user("council_member", Some(council_id)).await;
    Setup {
        bellevue,
        dervallieres,
        version,
        council_id,
        council,
    }
}

/// The figure of one option of one question in a survey's results.
pub(crate) fn option<'a>(results: &'a Value, question: &str, code: &str) -> &'a Value {
    results["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["code"] == question)
        .unwrap()["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["code"] == code)
        .map(|o| &o["figure"])
        .unwrap()
}

#[tokio::test]
async fn results_are_suppressed_and_limited_to_the_council() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let url = |q: i64| {
        format!(
            "/api/v1/council/surveys/{}/results?quartier_id={q}",
            s.version
        )
    };

    let home = app.get("/api/v1/council/home", &s.council).await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.body);
    let quartiers: Vec<i64> = home.body["quartiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_i64().unwrap())
        .collect();
    assert_eq!(quartiers, [s.bellevue], "only the council's quartiers");
    let survey = &home.body["surveys"][0];
    assert_eq!(survey["survey_version_id"], s.version);
    assert_eq!(survey["quartiers"][0]["responses"]["count"], 26);
    assert!(!home
        .body
        .to_string()
        .contains(&format!("\"quartier_id\":{}", s.dervallieres)));

    let results = app.get(&url(s.bellevue), &s.council).await;
    assert_eq!(results.status, StatusCode::OK, "{}", results.body);
    assert_eq!(results.body["responses"]["count"], 26);
    assert_eq!(results.body["publishable"], true);
    assert_no_small_cell(&results.body);
    let bus = option(&results.body, "mode", "bus");
    assert_eq!(bus["display"], "< 11");
    assert_eq!(bus["suppressed"], "small");
    assert_eq!(option(&results.body, "mode", "pied")["display"], "< 11");
    let tram = option(&results.body, "mode", "tram");
    assert_eq!(tram["count"], 14, "9 + 3 hidden together hold 12 people");
    assert_eq!(tram["percent"], 53.8);
    assert_eq!(
        option(&results.body, "mode", "")["count"],
        0,
        "sans réponse"
    );
    assert_eq!(option(&results.body, "note", "2")["suppressed"], "small");
    let four = option(&results.body, "note", "4");
    assert_eq!(
        four["suppressed"], "secondary",
        "26 − 20 would give the 6 others"
    );
    for question in results.body["questions"].as_array().unwrap() {
        if question["multiple"] == false {
            let hidden = question["options"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|o| o["figure"]["count"].is_null())
                .count();
            assert_ne!(hidden, 1, "a lone hidden cell is recomputable: {question}");
        }
    }
    let idee = &results.body["questions"].as_array().unwrap()[3];
    assert_eq!(
        idee["options"].as_array().unwrap().len(),
        1,
        "free text: answered only"
    );
    assert!(!results.body.to_string().contains("abri"), "no raw answers");

    // Staff preview the same page by naming the council.
    let preview = app
        .get(
            &format!("{}&council_id={}", url(s.bellevue), s.council_id),
            &app.admin,
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert_eq!(preview.body["questions"], results.body["questions"]);
    let needs = app.get(&url(s.bellevue), &app.admin).await;
    assert_eq!(needs.error_code(), "council_required");
    let coordinator_view = app
        .get(
            &format!(
                "{}&council_id={}",
                url(s.dervallieres),
                app.council_id("Conseil citoyen des Dervallières").await
            ),
            &app.admin,
        )
        .await;
    assert_eq!(coordinator_view.body["publishable"], false);
    assert_no_small_cell(&coordinator_view.body);

    // Another council's quartier, another council, unknown things, other roles.
    assert_eq!(
        app.get(&url(s.dervallieres), &s.council).await.status,
        StatusCode::FORBIDDEN
    );
    let other = app.council_id("Conseil citoyen du Breil").await;
    let foreign = app
        .get(
            &format!("/api/v1/council/home?council_id={other}"),
            &s.council,
        )
        .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&url(999_999), &s.council).await.status,
        StatusCode::NOT_FOUND
    );
    let unknown = format!(
        "/api/v1/council/surveys/999999/results?quartier_id={}",
        s.bellevue
    );
    assert_eq!(
        app.get(&unknown, &s.council).await.status,
        StatusCode::NOT_FOUND
    );
    let malakoff = app.quartier_id("malakoff").await;
    assert_eq!(
        app.get(&url(malakoff), &s.council).await.status,
        StatusCode::FORBIDDEN
    );
    let (_, volunteer) = app.user("volunteer", None).await;
    assert_eq!(
        app.get("/api/v1/council/home", &volunteer).await.status,
        StatusCode::FORBIDDEN
    );
    let bad = app
        .get(
            &format!("/api/v1/council/surveys/{}/results", s.version),
            &s.council,
        )
        .await;
    assert_eq!(bad.error_code(), "invalid_query");

    // Raw answers, items and exports are not for councils.
    for path in [
        "/api/v1/exports/responses?survey_id=1&format=csv".to_string(),
        "/api/v1/exports/testimonies".to_owned(),
        "/api/v1/moderation/testimonies".to_owned(),
        "/api/v1/surveys".to_owned(),
        "/api/v1/followup/outings".to_owned(),
        "/api/v1/compare/themes?theme=logement&raw=true".to_owned(),
        format!(
            "/api/v1/compare/questions?survey_version_id={}&question=mode",
            s.version
        ),
    ] {
        let reply = app.get(&path, &s.council).await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "{path}: {}",
            reply.body
        );
    }
}

#[tokio::test]
async fn quotes_and_themes_show_only_approved_redacted_words() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let mut approved = Vec::new();
    let words = [
        "pomme", "poire", "cerise", "prune", "fraise", "mangue", "citron", "orange", "raisin",
        "melon", "figue", "datte",
    ];
    for word in words {
        let text = format!("Le loyer a encore augmenté cette année, comme le prix des {word}s.");
        approved.push(testimony(&app, &volunteer, testimony_item(s.bellevue, &text)).await);
    }
    let mut counted = testimony_item(s.bellevue, "Le loyer est trop cher, ne me citez pas.");
    counted["consent"] = json!("count_only");
    let counted = testimony(&app, &volunteer, counted).await;
    let pending = testimony(
        &app,
        &volunteer,
        testimony_item(s.bellevue, "Texte en attente de relecture."),
    )
    .await;
    let rejected = testimony(
        &app,
        &volunteer,
        testimony_item(s.bellevue, "Texte refusé par la coordination."),
    )
    .await;
    decide(
        &app,
        &rejected,
        json!({"decision": "reject", "message": "hors sujet"}),
    )
    .await;
    let quotes_url = format!("/api/v1/council/quotes?quartier_id={}", s.bellevue);

    for id in &approved[..9] {
        approve(&app, id, &["logement"]).await;
    }
    approve(&app, &counted, &["logement"]).await;
    let few = app.get(&quotes_url, &s.council).await;
    assert_eq!(few.status, StatusCode::OK, "{}", few.body);
    assert_eq!(
        few.body["items"],
        json!([]),
        "10 approved in the month: no quote yet"
    );

    for id in &approved[9..] {
        approve(&app, id, &["logement", "mobilite"]).await;
    }
    let page = app.get(&format!("{quotes_url}&limit=50"), &s.council).await;
    let items = page.body["items"].as_array().unwrap();
    assert_eq!(
        items.len(),
        12,
        "consented, approved quotes only: {}",
        page.body
    );
    let text = page.body.to_string();
    for absent in [
        "ne me citez pas",
        "en attente",
        "refusé",
        "\"place\"",
        "\"user_id\"",
        "\"volunteer\"",
        "\"captured_at\"",
        "\"id\":\"",
    ] {
        assert!(!text.contains(absent), "{absent} leaked: {text}");
    }
    // The month in Nantes (`Europe/Paris`), as the tallies count it.
    let month = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%Y-%m")
        .to_string();
    assert!(items.iter().all(|q| q["month"] == month.as_str()));
    assert!(items.iter().all(|q| q["themes"][0]["code"] == "logement"));

    let mobility = app
        .get(&format!("{quotes_url}&theme=mobilite"), &s.council)
        .await;
    assert_eq!(mobility.body["items"].as_array().unwrap().len(), 3);
    let found = app
        .get(&format!("{quotes_url}&q=CERISES"), &s.council)
        .await;
    assert_eq!(
        found.body["items"].as_array().unwrap().len(),
        1,
        "{}",
        found.body
    );
    // Accents, case and apostrophes as a resident types them: « augmente » finds « augmenté ».
    for typed in ["augmente%20CETTE%20annee", "AUGMENT%C3%89", "Ann%C3%A9e"] {
        let found = app
            .get(&format!("{quotes_url}&limit=50&q={typed}"), &s.council)
            .await;
        assert_eq!(
            found.body["items"].as_array().unwrap().len(),
            12,
            "{typed}: {}",
            found.body
        );
    }
    let second_page = app
        .get(
            &format!("{quotes_url}&limit=5&offset=10&q=augmente"),
            &s.council,
        )
        .await;
    assert_eq!(second_page.body["items"].as_array().unwrap().len(), 2);
    assert_eq!(second_page.body["has_more"], false);
    let none = app.get(&format!("{quotes_url}&q=100%25"), &s.council).await;
    assert_eq!(none.body["items"], json!([]));
    let paged = app
        .get(&format!("{quotes_url}&limit=5&offset=10"), &s.council)
        .await;
    assert_eq!(paged.body["items"].as_array().unwrap().len(), 2);
    assert_eq!(paged.body["has_more"], false);
    let old = app
        .get(&format!("{quotes_url}&to=2020-01"), &s.council)
        .await;
    assert_eq!(old.body["items"], json!([]));
    assert_eq!(
        app.get(&format!("{quotes_url}&from=2026-13"), &s.council)
            .await
            .error_code(),
        "invalid_month"
    );
    assert_eq!(
        app.get(&format!("{quotes_url}&limit=500"), &s.council)
            .await
            .error_code(),
        "invalid_limit"
    );
    let foreign = format!("/api/v1/council/quotes?quartier_id={}", s.dervallieres);
    assert_eq!(
        app.get(&foreign, &s.council).await.status,
        StatusCode::FORBIDDEN
    );
    assert!(!pending.is_empty());

    app.published(s.bellevue, None).await;
    let themes = app
        .get(
            &format!("/api/v1/council/themes?quartier_id={}", s.bellevue),
            &s.council,
        )
        .await;
    assert_eq!(themes.status, StatusCode::OK, "{}", themes.body);
    assert_no_small_cell(&themes.body);
    let series = |code: &str| {
        themes.body["themes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["code"] == code)
            .unwrap()
            .clone()
    };
    assert_eq!(series("logement")["total"]["count"], 13);
    assert_eq!(
        series("logement")["months"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()["count"],
        13
    );
    assert_eq!(series("mobilite")["total"]["display"], "< 11");
    assert_eq!(
        themes.body["months"].as_array().unwrap().last().unwrap(),
        &json!(month)
    );
    let window = app
        .get(
            &format!(
                "/api/v1/council/themes?quartier_id={}&from=2020-01&to=2020-02",
                s.bellevue
            ),
            &s.council,
        )
        .await;
    assert_eq!(
        window.body["months"],
        json!([]),
        "nothing on record before the first month"
    );
    let backwards = app
        .get(
            &format!(
                "/api/v1/council/themes?quartier_id={}&from=2026-05&to=2026-01",
                s.bellevue
            ),
            &s.council,
        )
        .await;
    assert_eq!(backwards.error_code(), "invalid_range");

    let report = app
        .get(
            &format!("/api/v1/council/report?quartier_id={}", s.bellevue),
            &s.council,
        )
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    assert_no_small_cell(&report.body);
    assert_eq!(report.body["council_name"], "Conseil citoyen de Bellevue");
    assert_eq!(report.body["surveys"][0]["survey_version_id"], s.version);
    assert_eq!(report.body["quotes"].as_array().unwrap().len(), 3);
    assert!(!report.body.to_string().contains("ne me citez pas"));
    let foreign = format!("/api/v1/council/report?quartier_id={}", s.dervallieres);
    assert_eq!(
        app.get(&foreign, &s.council).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(
            &format!("/api/v1/moderation/testimonies/{pending}"),
            &s.council
        )
        .await
        .status,
        StatusCode::FORBIDDEN,
        "unapproved items stay out of reach"
    );
    let random = Uuid::now_v7();
    assert_eq!(
        app.get(
            &format!("/api/v1/testimonies/{random}/correction"),
            &s.council
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn coordinators_compare_quartiers() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let malakoff = app.quartier_id("malakoff").await;
    for quartier in [s.bellevue, malakoff] {
        let count = if quartier == s.bellevue { 12 } else { 4 };
        for i in 0..count {
            let id = testimony(
                &app,
                &volunteer,
                testimony_item(quartier, &format!("Loyer trop cher {i}")),
            )
            .await;
            approve(&app, &id, &["logement"]).await;
        }
        if quartier == s.bellevue {
            // Three more people in Bellevue, on another theme: housing is 12 of 15.
            for i in 0..3 {
                let text = format!("Le bus passe trop peu {i}");
                let id = testimony(&app, &volunteer, testimony_item(quartier, &text)).await;
                approve(&app, &id, &["mobilite"]).await;
            }
        }
        app.published(quartier, None).await;
    }
    // Approved after the publications: counted live (raw), not in the comparison as published.
    let late = testimony(
        &app,
        &volunteer,
        testimony_item(s.bellevue, "Loyer trop cher, encore"),
    )
    .await;
    approve(&app, &late, &["logement"]).await;

    let themes = app
        .get("/api/v1/compare/themes?theme=logement", &app.admin)
        .await;
    assert_eq!(themes.status, StatusCode::OK, "{}", themes.body);
    assert_no_small_cell(&themes.body);
    let row = |body: &Value, q: i64| {
        body["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["quartier"]["id"] == q)
            .unwrap()
            .clone()
    };
    assert_eq!(row(&themes.body, s.bellevue)["total"]["count"], 12);
    // Its share of the quartier's approved testimonies as published: 12 of Bellevue's 15;
    // Malakoff's share is hidden with its count.
    assert_eq!(row(&themes.body, s.bellevue)["total"]["percent"], 80.0);
    assert_eq!(row(&themes.body, malakoff)["total"]["display"], "< 11");
    assert!(row(&themes.body, malakoff)["total"]["percent"].is_null());
    // A council member reads what the public pages show: each quartier's published total and
    // share, no months, no metropolitan months.
    let council_view = app
        .get("/api/v1/compare/themes?theme=logement", &s.council)
        .await;
    assert_eq!(council_view.status, StatusCode::OK, "{}", council_view.body);
    assert_eq!(council_view.body["months"], json!([]));
    assert_eq!(council_view.body["totals"], json!([]));
    assert_eq!(
        row(&council_view.body, s.bellevue)["total"],
        row(&themes.body, s.bellevue)["total"]
    );
    assert_eq!(row(&council_view.body, s.bellevue)["cells"], json!([]));
    assert_eq!(
        row(&council_view.body, malakoff)["total"]["display"],
        "< 11"
    );
    assert!(
        themes.body["totals"].as_array().unwrap().last().unwrap()["count"].is_null(),
        "16 − 12 would give Malakoff's 4"
    );
    let raw = app
        .get("/api/v1/compare/themes?theme=logement&raw=true", &app.admin)
        .await;
    assert_eq!(row(&raw.body, malakoff)["total"]["count"], 4);
    assert_eq!(row(&raw.body, s.bellevue)["total"]["count"], 13);
    assert_eq!(raw.body["suppressed"], false);
    // Quartiers with no themes publication have no row as published.
    let breil = app.quartier_id("breil").await;
    assert!(themes.body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["quartier"]["id"] != breil));
    assert!(raw.body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["quartier"]["id"] == breil));
    let some = app
        .get(
            &format!(
                "/api/v1/compare/themes?theme=logement&quartier_ids={},{malakoff}",
                s.bellevue
            ),
            &app.admin,
        )
        .await;
    assert_eq!(some.body["rows"].as_array().unwrap().len(), 2);
    let bad = app
        .get(
            "/api/v1/compare/themes?theme=logement&quartier_ids=1,x",
            &app.admin,
        )
        .await;
    assert_eq!(bad.error_code(), "invalid_query");
    let unknown = app
        .get("/api/v1/compare/themes?theme=licornes", &app.admin)
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    let question = app
        .get(
            &format!(
                "/api/v1/compare/questions?survey_version_id={}&question=mode",
                s.version
            ),
            &app.admin,
        )
        .await;
    assert_eq!(question.status, StatusCode::OK, "{}", question.body);
    assert_no_small_cell(&question.body);
    assert_eq!(row(&question.body, s.bellevue)["total"]["count"], 26);
    assert_eq!(
        row(&question.body, s.dervallieres)["total"]["display"],
        "< 11"
    );
    let raw = app
        .get(
            &format!(
                "/api/v1/compare/questions?survey_version_id={}&question=mode&raw=true",
                s.version
            ),
            &app.admin,
        )
        .await;
    assert_eq!(raw.body["total"]["count"], 29);
    // One more answer: the comparison as published does not move, the raw one does.
    app.push_new(
        &volunteer,
        &[(
            "response",
            response_item(s.version, s.bellevue, json!({"mode": "bus", "note": 3})),
        )],
    )
    .await;
    let again = app
        .get(
            &format!(
                "/api/v1/compare/questions?survey_version_id={}&question=mode",
                s.version
            ),
            &app.admin,
        )
        .await;
    assert_eq!(again.body, question.body);
    let missing = app
        .get(
            &format!(
                "/api/v1/compare/questions?survey_version_id={}&question=nope",
                s.version
            ),
            &app.admin,
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_report_has_quotes_even_when_no_theme_reaches_11() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    // 12 approved quotable testimonies in the month (quotes publishable), spread over six
    // themes: two each, so no theme total is published.
    let themes = [
        "logement",
        "mobilite",
        "sante",
        "jeunesse",
        "proprete_cadre_vie",
        "commerces_vie_chere",
    ];
    for i in 0..12 {
        let text = format!("Parole numéro {i} sur la vie du quartier, dite au marché.");
        let id = testimony(&app, &volunteer, testimony_item(s.bellevue, &text)).await;
        approve(&app, &id, &[themes[i % themes.len()]]).await;
    }
    let home_quotes = app
        .get(
            &format!("/api/v1/council/quotes?quartier_id={}", s.bellevue),
            &s.council,
        )
        .await;
    assert_eq!(home_quotes.body["items"].as_array().unwrap().len(), 12);
    let report = app
        .get(
            &format!("/api/v1/council/report?quartier_id={}", s.bellevue),
            &s.council,
        )
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    assert_no_small_cell(&report.body);
    let quotes = report.body["quotes"].as_array().unwrap();
    assert_eq!(
        quotes.len(),
        12,
        "the latest quotes, up to twelve: {}",
        report.body
    );
    assert!(quotes
        .iter()
        .all(|q| q["text"].as_str().unwrap().starts_with("Parole numéro")));
}
