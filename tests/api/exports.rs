//! Exports checked at the byte level: BOM, separators, quoting, CRLF, accents intact.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::fixtures::{approve, audit_actions, testimony};
use crate::helpers::{response_item, spawn_app, testimony_item, TestApp};

const IDEA: &str = "Plus de bancs; des \"arbres\",\net l'été à l'ombre";

async fn download(
    app: &TestApp,
    path: &str,
    token: &str,
) -> (StatusCode, Vec<u8>, reqwest::header::HeaderMap) {
    let response = app
        .request(Method::GET, path, Some(token))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    (status, response.bytes().await.unwrap().to_vec(), headers)
}

async fn setup(app: &TestApp) -> (i64, i64, String) {
    let bellevue = app.quartier_id("bellevue").await;
    let (survey, version) = app.open_survey(&[bellevue]).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let outing = Uuid::now_v7();
    let mut first = response_item(
        version,
        bellevue,
        json!({"mode": "tram", "attente": true, "note": 4, "idee": IDEA}),
    );
    first["outing_id"] = json!(outing);
    let second = response_item(version, bellevue, json!({"mode": "pied", "note": 2}));
    let started = chrono::Utc::now() - chrono::Duration::minutes(95);
    app.push_new(&volunteer, &[
            ("response", first),
            ("response", second),
            (
                "outing",
                json!({"id": outing, "quartier_id": bellevue, "place": "Marché; place Mendès-France", "started_at": started,
                       "ended_at": started + chrono::Duration::minutes(90), "approached": 20, "answered": 12}),
            ),
        ])
    .await;
    (survey, bellevue, volunteer)
}

fn crlf_lines(body: &str) -> Vec<&str> {
    assert!(body.ends_with("\r\n"), "rows end with CRLF");
    body.trim_end_matches("\r\n").split("\r\n").collect()
}

#[tokio::test]
async fn multiple_choice_answers_are_one_cell_of_codes_in_code_order() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let definition = json!({"title": "Lignes", "questions": [
        {"code": "lignes", "label": "Quelles lignes ?", "type": "multiple_choice",
         "options": [{"code": "c1", "label": "C1"}, {"code": "l23", "label": "23"}, {"code": "c3", "label": "C3"}]},
        {"code": "note", "label": "Note", "type": "scale"}]});
    let (survey, version) = app.open_survey_with(&definition, &[bellevue]).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let items = [
        json!({"lignes": ["l23", "c1", "c3"], "note": 5}),
        json!({"lignes": ["c3"]}),
        json!({"note": 1}),
    ]
    .into_iter()
    .map(|answers| ("response", response_item(version, bellevue, answers)))
    .collect::<Vec<_>>();
    app.push_new(&volunteer, &items).await;

    let path = format!("/api/v1/exports/responses?survey_id={survey}");
    let (status, bytes, _) = download(&app, &path, &app.admin).await;
    assert_eq!(status, StatusCode::OK);
    let text = String::from_utf8(bytes).unwrap();
    let mut cells: Vec<String> = crlf_lines(&text)[1..]
        .iter()
        .map(|row| row.rsplitn(3, ',').take(2).collect::<Vec<_>>().join("/"))
        .collect();
    cells.sort();
    assert_eq!(cells, ["/c3", "1/", "5/c1|c3|l23"], "{text}");
}

#[tokio::test]
async fn responses_export_in_three_dialects() {
    let app = spawn_app().await;
    let (survey, _, _) = setup(&app).await;

    let path = format!("/api/v1/exports/responses?survey_id={survey}&format=excel&labels=false");
    let (status, bytes, headers) = download(&app, &path, &app.admin).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"portevoix-responses-")
            && disposition.ends_with("-excel-fr.csv\""),
        "{disposition}"
    );
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 BOM for Excel");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(
        text.as_bytes().windows(2).any(|w| w == "é".as_bytes()),
        "accents as UTF-8"
    );
    let header = text.split("\r\n").next().unwrap();
    assert_eq!(
        header,
        "response_id;survey_id;survey_version;quartier;place;captured_at;age_band;outing_id;mode;attente;note;idee"
    );
    let quoted = "\"Plus de bancs; des \"\"arbres\"\",\net l'été à l'ombre\"";
    assert!(
        text.contains(&format!(";tram;yes;4;{quoted}\r\n")),
        "{text}"
    );
    assert!(text.contains(";pied;;2;\r\n"), "{text}");
    assert!(text.contains(";bellevue;marché de Bellevue;"));
    assert_eq!(
        text.matches("\r\n").count(),
        3,
        "header and two rows: {text}"
    );

    let path = format!("/api/v1/exports/responses?survey_id={survey}");
    let (_, bytes, headers) = download(&app, &path, &app.admin).await;
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.ends_with(".csv\"") && !disposition.contains("excel"),
        "{disposition}"
    );
    // A BOM here too: a coordinator opens this one in a spreadsheet as well.
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("response_id,survey_id,survey_version,quartier,place,"));
    assert!(
        text.contains(",tram,yes,4,\"Plus de bancs; des \"\"arbres\"\",\net l'été à l'ombre\"\r\n"),
        "{text}"
    );
    let timestamp = text
        .split("\r\n")
        .nth(1)
        .unwrap()
        .split(',')
        .nth(5)
        .unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(timestamp).is_ok(),
        "{timestamp}"
    );

    let path = format!("/api/v1/exports/responses?survey_id={survey}&format=jsonl");
    let (_, bytes, headers) = download(&app, &path, &app.admin).await;
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/x-ndjson"));
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["type"], "codebook");
    assert_eq!(
        lines[0]["versions"][0]["definition"]["questions"][0]["code"],
        "mode"
    );
    assert!(lines[0]["themes"].as_array().unwrap().len() > 5);
    let tram = lines.iter().find(|l| l["mode"] == "tram").unwrap();
    assert_eq!(tram["idee"], IDEA);
    assert_eq!(tram["note"], 4.0);
    assert_eq!(tram["survey_version"], 1);

    let codebook = format!("/api/v1/exports/codebook?survey_id={survey}&format=excel&labels=false");
    let (status, bytes, _) = download(&app, &codebook, &app.admin).await;
    assert_eq!(status, StatusCode::OK);
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines = crlf_lines(&text);
    assert_eq!(
        lines[0],
        "kind;survey_version;code;label;type;option_code;option_label"
    );
    assert!(
        lines.contains(&"question;1;mode;Comment vous déplacez-vous ?;single_choice;pied;À pied")
    );
    assert!(lines.contains(&"question;1;note;Note du quartier;scale;5;5"));
    assert!(lines
        .iter()
        .any(|l| l.starts_with("theme;;logement;Logement;active;;")));

    assert_eq!(
        audit_actions(&app, &format!("survey:{survey}"))
            .await
            .iter()
            .filter(|a| *a == "export.responses")
            .count(),
        3
    );
}

#[tokio::test]
async fn testimonies_and_outings_export() {
    let app = spawn_app().await;
    let (_, bellevue, volunteer) = setup(&app).await;
    let approved = testimony(
        &app,
        &volunteer,
        testimony_item(bellevue, "=HYPERLINK(\"http://x\") le loyer est trop cher"),
    )
    .await;
    approve(&app, &approved, &["logement", "mobilite"]).await;
    let pending = testimony(
        &app,
        &volunteer,
        testimony_item(bellevue, "Encore à relire, pas publié."),
    )
    .await;

    let (status, bytes, _) = download(
        &app,
        "/api/v1/exports/testimonies?format=excel&labels=false",
        &app.admin,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines = crlf_lines(&text);
    assert_eq!(lines[0], "testimony_id;quartier;place;captured_at;status;consent;age_band;sensitive;themes;redacted_text");
    assert_eq!(lines.len(), 2, "approved only by default: {text}");
    assert!(lines[1].starts_with(&format!("{approved};bellevue;sortie d'école;")));
    assert!(
        lines[1].contains(";approved;quote;;non;logement|mobilite;"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].contains(";\"'=HYPERLINK(\"\"http"),
        "formulas are defused for Excel: {}",
        lines[1]
    );
    assert!(!text.contains(&pending));

    let (_, bytes, _) = download(
        &app,
        "/api/v1/exports/testimonies?approved_only=false&original=true&format=csv",
        &app.admin,
    )
    .await;
    let text = String::from_utf8(bytes).unwrap();
    let lines = crlf_lines(&text);
    assert!(lines[0].ends_with(",redacted_text,text"));
    assert_eq!(lines.len(), 3);
    assert!(text.contains("Encore à relire, pas publié."));
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://x\"\") le loyer est trop cher\""),
        "plain CSV opens in a spreadsheet too: formulas are defused there as well"
    );
    let audit = app
        .get(
            "/api/v1/audit?action=export.testimonies&limit=10",
            &app.admin,
        )
        .await;
    let entries = audit.body["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["details"]["original_text"], true);

    let (_, bytes, _) = download(&app, "/api/v1/exports/outings?format=jsonl", &app.admin).await;
    let text = String::from_utf8(bytes).unwrap();
    let outing: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(outing["duration_minutes"], 90);
    assert_eq!(outing["approached"], 20);
    assert_eq!(outing["responses"], 1);
    assert_eq!(outing["place"], "Marché; place Mendès-France");
    let (_, bytes, _) = download(&app, "/api/v1/exports/outings?format=excel", &app.admin).await;
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.contains(";\"Marché; place Mendès-France\";"), "{text}");
}

#[tokio::test]
async fn exports_are_for_coordinators_and_bad_requests_are_4xx() {
    let app = spawn_app().await;
    let (survey, _, volunteer) = setup(&app).await;
    let (_, council) = app
        .user(
            "council_member",
            Some(app.council_id("Conseil citoyen de Bellevue").await),
        )
        .await;
    for token in [&volunteer, &council] {
        for path in [
            format!("/api/v1/exports/responses?survey_id={survey}"),
            "/api/v1/exports/testimonies".into(),
            "/api/v1/exports/outings".into(),
            "/api/v1/exports/codebook".into(),
        ] {
            let reply = app.get(&path, token).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
        }
    }
    let reply = app
        .get(
            &format!("/api/v1/exports/responses?survey_id={survey}&format=pdf"),
            &app.admin,
        )
        .await;
    assert_eq!(reply.error_code(), "invalid_format");
    assert_eq!(
        app.get("/api/v1/exports/responses", &app.admin)
            .await
            .error_code(),
        "invalid_query"
    );
    assert_eq!(
        app.get("/api/v1/exports/responses?survey_id=99999", &app.admin)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let reply = app
        .get(
            &format!("/api/v1/exports/responses?survey_id={survey}&quartier_id=99999"),
            &app.admin,
        )
        .await;
    assert_eq!(reply.error_code(), "unknown_quartier");
    let anonymous = TestApp::send(app.request(Method::GET, "/api/v1/exports/outings", None)).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn date_answers_are_checked_stored_as_days_and_exported_as_written() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let definition = json!({
        "title": "Arrivées",
        "questions": [
            {"code": "arrivee", "label": "Arrivée dans le quartier", "type": "date", "required": true}
        ]
    });
    let (survey, version) = app.open_survey_with(&definition, &[bellevue]).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    for wrong in ["2026-02-30", "15/03/2026", "1850-01-01"] {
        let reply = app
            .post(
                "/api/v1/responses",
                &volunteer,
                &response_item(version, bellevue, json!({ "arrivee": wrong })),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{wrong}");
        assert_eq!(reply.error_code(), "invalid_answer");
        assert_eq!(reply.body["error"]["field"], "answers.arrivee");
    }
    let stored = app
        .post(
            "/api/v1/responses",
            &volunteer,
            &response_item(version, bellevue, json!({ "arrivee": " 2019-09-02 " })),
        )
        .await;
    assert_eq!(stored.status, StatusCode::CREATED, "{}", stored.body);

    let path = format!("/api/v1/exports/responses?survey_id={survey}");
    let (status, bytes, _) = download(&app, &path, &app.admin).await;
    assert_eq!(status, StatusCode::OK);
    let text = String::from_utf8(bytes).unwrap();
    let lines = crlf_lines(&text);
    assert!(lines[0].ends_with(",arrivee"), "{text}");
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[1].ends_with(",2019-09-02"), "{text}");
}
