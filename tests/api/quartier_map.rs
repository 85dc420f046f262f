//! The quartier map (issue 16 §3): one square per quartier until outlines are uploaded, then
//! the outlines of a GeoJSON file drawn for these tests (`tests/fixtures/quartiers-contours.geojson`,
//! invented codes and shapes placed roughly where the quartiers are).

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::spawn_app;
use crate::helpers::TestApp;

const FIXTURE: &str = include_str!("../fixtures/quartiers-contours.geojson");

fn fixture() -> Value {
    serde_json::from_str(FIXTURE).unwrap()
}

/// Gives each seeded quartier the official code the fixture's feature of the same slug carries.
async fn set_fixture_codes(app: &TestApp) {
    let quartiers = app.get("/api/v1/quartiers", &app.admin).await.body;
    for feature in fixture()["features"].as_array().unwrap() {
        let Some(slug) = feature["properties"]["slug"].as_str() else {
            continue;
        };
        let q = quartiers
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["slug"] == slug)
            .unwrap_or_else(|| panic!("no seeded quartier {slug}"));
        let reply = app
            .put(
                &format!("/api/v1/quartiers/{}", q["id"]),
                &app.admin,
                &json!({"slug": slug, "name": q["name"], "communes": q["communes"],
                        "official_code": feature["properties"]["official_code"]}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
}

async fn delete(app: &TestApp, path: &str, token: &str) -> crate::helpers::Reply {
    TestApp::send(app.request(Method::DELETE, path, Some(token))).await
}

fn shapes(map: &Value) -> &Vec<Value> {
    map["shapes"].as_array().unwrap()
}

#[tokio::test]
async fn without_outlines_each_quartier_has_its_own_square_that_staff_can_move() {
    let app = spawn_app().await;
    let (_, coordinator) = app.user("coordinator", None).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let map = app.get("/api/v1/map", &volunteer).await;
    assert_eq!(map.status, StatusCode::OK, "{}", map.body);
    assert_eq!(map.body["mode"], "tiles");
    let all = shapes(&map.body);
    assert_eq!(all.len(), 13, "one shape per seeded quartier");
    let mut cells: Vec<(i64, i64)> = all
        .iter()
        .map(|s| {
            (
                s["tile"]["col"].as_i64().unwrap(),
                s["tile"]["row"].as_i64().unwrap(),
            )
        })
        .collect();
    cells.sort_unstable();
    cells.dedup();
    assert_eq!(cells.len(), 13, "no two quartiers on one square: {cells:?}");
    assert!(all.iter().all(|s| s["path"].is_null()));

    let bellevue = app.quartier_id("bellevue").await;
    let breil = app.quartier_id("breil").await;
    let moved = app
        .put(
            &format!("/api/v1/quartiers/{bellevue}/tile"),
            &coordinator,
            &json!({"col": 7, "row": 2}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    let placed = shapes(&moved.body)
        .iter()
        .find(|s| s["quartier"]["id"] == bellevue)
        .unwrap();
    assert_eq!(placed["tile"], json!({"col": 7, "row": 2}));

    let taken = app
        .put(
            &format!("/api/v1/quartiers/{breil}/tile"),
            &coordinator,
            &json!({"col": 7, "row": 2}),
        )
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT, "{}", taken.body);
    assert_eq!(taken.body["error"]["code"], "tile_taken");
    assert!(taken.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Bellevue"));

    let outside = app
        .put(
            &format!("/api/v1/quartiers/{breil}/tile"),
            &coordinator,
            &json!({"col": 1, "row": 20}),
        )
        .await;
    assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(outside.body["error"]["field"], "row");
    let unknown = app
        .put(
            "/api/v1/quartiers/999999/tile",
            &coordinator,
            &json!({"col": 1, "row": 1}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let bad = app
        .put(
            &format!("/api/v1/quartiers/{breil}/tile"),
            &coordinator,
            &json!({"col": -1, "row": 1}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    assert!(bad.body["error"]["message"].is_string());
}

#[tokio::test]
async fn uploaded_outlines_are_matched_on_official_codes_and_drawn() {
    let app = spawn_app().await;
    let (_, coordinator) = app.user("coordinator", None).await;
    let council_id = app.council_id("Conseil citoyen de Bellevue").await;
    let (_, council) = app.user("council_member", Some(council_id)).await;

    // No quartier has an official code yet: nothing matches, nothing is stored.
    let none = app
        .put("/api/v1/quartiers/outlines", &coordinator, &fixture())
        .await;
    assert_eq!(
        none.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        none.body
    );
    assert_eq!(none.body["error"]["code"], "no_outline_matched");
    assert_eq!(app.get("/api/v1/map", &council).await.body["mode"], "tiles");

    set_fixture_codes(&app).await;
    let report = app
        .put("/api/v1/quartiers/outlines", &coordinator, &fixture())
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    let matched = report.body["matched"].as_array().unwrap();
    assert_eq!(matched.len(), 13, "{}", report.body);
    assert!(matched
        .iter()
        .all(|m| (4..=150).contains(&m["points"].as_i64().unwrap())));
    let unmatched = report.body["unmatched"].as_array().unwrap();
    assert_eq!(unmatched.len(), 2, "{}", report.body);
    // Feature 13 carries a code no quartier has; feature 14 is a point, not an outline.
    let by_index = |i: i64| unmatched.iter().find(|u| u["feature"] == i).unwrap();
    assert_eq!(by_index(13)["code"], "QN099999Z");
    assert!(by_index(13)["message"]
        .as_str()
        .unwrap()
        .contains("QN099999Z"));
    assert!(!by_index(14)["message"].as_str().unwrap().is_empty());
    assert_eq!(report.body["missing"], json!([]));

    let map = app.get("/api/v1/map", &council).await;
    assert_eq!(map.status, StatusCode::OK);
    assert_eq!(map.body["mode"], "outlines", "{}", map.body);
    let view_box: Vec<f64> = map.body["view_box"]
        .as_str()
        .unwrap()
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    assert_eq!(view_box[2], 1000.0);
    for shape in shapes(&map.body) {
        let path = shape["path"].as_str().unwrap();
        assert!(path.starts_with('M') && path.ends_with('Z'), "{path}");
        let [x, y] = [
            shape["label_at"][0].as_f64().unwrap(),
            shape["label_at"][1].as_f64().unwrap(),
        ];
        assert!((0.0..=view_box[2]).contains(&x) && (0.0..=view_box[3]).contains(&y));
    }
    // Bellevue is west of Malakoff on the drawing as on the ground.
    let x_of = |slug: &str| {
        shapes(&map.body)
            .iter()
            .find(|s| s["quartier"]["slug"] == slug)
            .unwrap()["label_at"][0]
            .as_f64()
            .unwrap()
    };
    assert!(x_of("bellevue") < x_of("malakoff"));

    // A quartier created afterwards has no outline: the map falls back to tiles, and a new
    // upload says which quartier still lacks one.
    let created = app
        .post(
            "/api/v1/quartiers",
            &coordinator,
            &json!({"slug": "nouveau", "name": "Nouveau", "communes": ["Nantes"]}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(app.get("/api/v1/map", &council).await.body["mode"], "tiles");
    let again = app
        .put("/api/v1/quartiers/outlines", &coordinator, &fixture())
        .await;
    assert_eq!(
        again.body["missing"][0]["slug"], "nouveau",
        "{}",
        again.body
    );

    let cleared = delete(&app, "/api/v1/quartiers/outlines", &coordinator).await;
    assert_eq!(cleared.status, StatusCode::NO_CONTENT);
    let map = app.get("/api/v1/map", &council).await.body;
    assert!(shapes(&map).iter().all(|s| s["path"].is_null()));
}

#[tokio::test]
async fn a_lambert_93_file_lands_in_the_same_place() {
    let app = spawn_app().await;
    set_fixture_codes(&app).await;
    // Bellevue's feature alone, its corners converted to Lambert-93 by the usual formulas
    // (computed here, independently of the server's inverse).
    let wgs = fixture()["features"][0].clone();
    let ring: Vec<Value> = wgs["geometry"]["coordinates"][0]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let (x, y) = lambert93(p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
            json!([x, y])
        })
        .collect();
    let doc = json!({"type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2154"}},
        "features": [{"type": "Feature", "properties": wgs["properties"],
                      "geometry": {"type": "Polygon", "coordinates": [ring]}}]});
    // First every outline in WGS 84: the map is drawn; Bellevue's path noted.
    let wgs84 = app
        .put("/api/v1/quartiers/outlines", &app.admin, &fixture())
        .await;
    assert_eq!(wgs84.status, StatusCode::OK, "{}", wgs84.body);
    let path_of = |map: &Value| -> Vec<f64> {
        shapes(map)
            .iter()
            .find(|s| s["quartier"]["slug"] == "bellevue")
            .unwrap()["path"]
            .as_str()
            .unwrap()
            .split(|c: char| c == ' ' || c.is_ascii_alphabetic())
            .filter_map(|n| n.parse().ok())
            .collect()
    };
    let drawn = path_of(&app.get("/api/v1/map", &app.admin).await.body);
    // Then Bellevue again, in Lambert-93: drawn in the same place, within a drawing unit.
    let report = app
        .put("/api/v1/quartiers/outlines", &app.admin, &doc)
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    assert_eq!(report.body["matched"][0]["quartier"]["slug"], "bellevue");
    let redrawn = path_of(&app.get("/api/v1/map", &app.admin).await.body);
    assert_eq!(drawn.len(), redrawn.len());
    assert!(
        drawn
            .iter()
            .zip(&redrawn)
            .all(|(a, b)| (a - b).abs() <= 0.5),
        "{drawn:?} against {redrawn:?}"
    );

    let not_geojson = app
        .put(
            "/api/v1/quartiers/outlines",
            &app.admin,
            &json!({"type": "Topology"}),
        )
        .await;
    assert_eq!(not_geojson.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(not_geojson.body["error"]["code"], "invalid_geojson");
    let other_crs = app
        .put(
            "/api/v1/quartiers/outlines",
            &app.admin,
            &json!({"type": "FeatureCollection",
                    "crs": {"type": "name", "properties": {"name": "EPSG:27572"}}, "features": []}),
        )
        .await;
    assert_eq!(other_crs.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(other_crs.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("27572"));
    let text = TestApp::send(
        app.request(Method::PUT, "/api/v1/quartiers/outlines", Some(&app.admin))
            .header("Content-Type", "application/geo+json")
            .body("{\"type\": \"FeatureCollection\", \"features\": ["),
    )
    .await;
    assert_eq!(text.status, StatusCode::BAD_REQUEST, "{}", text.body);
    assert_eq!(text.body["error"]["code"], "invalid_json");
}

/// Lambert-93 (EPSG:2154) forward projection, GRS80: the IGN's formulas.
fn lambert93(lon: f64, lat: f64) -> (f64, f64) {
    let e: f64 = 0.081_819_191_042_815_79;
    let a = 6_378_137.0_f64;
    let (phi1, phi2, phi0) = (44f64.to_radians(), 49f64.to_radians(), 46.5f64.to_radians());
    let lambda0 = 3f64.to_radians();
    let m = |phi: f64| phi.cos() / (1.0 - e * e * phi.sin().powi(2)).sqrt();
    let t = |phi: f64| {
        (std::f64::consts::FRAC_PI_4 - phi / 2.0).tan()
            / ((1.0 - e * phi.sin()) / (1.0 + e * phi.sin())).powf(e / 2.0)
    };
    let n = (m(phi1).ln() - m(phi2).ln()) / (t(phi1).ln() - t(phi2).ln());
    let f = m(phi1) / (n * t(phi1).powf(n));
    let rho = |phi: f64| a * f * t(phi).powf(n);
    let theta = n * (lon.to_radians() - lambda0);
    let r = rho(lat.to_radians());
    (
        700_000.0 + r * theta.sin(),
        6_600_000.0 + rho(phi0) - r * theta.cos(),
    )
}

#[tokio::test]
async fn uploads_are_staff_only_bounded_and_shared_codes_and_merges_keep_outlines() {
    let app = spawn_app().await;
    let (_, volunteer) = app.user("volunteer", None).await;
    set_fixture_codes(&app).await;

    // A volunteer is refused before the file is read, however large.
    let big = "x".repeat(6 * 1024 * 1024);
    let refused = TestApp::send(
        app.request(Method::PUT, "/api/v1/quartiers/outlines", Some(&volunteer))
            .header("Content-Type", "application/json")
            .body(big.clone()),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    // Staff past 5 MiB: 413, named.
    let too_large = TestApp::send(
        app.request(Method::PUT, "/api/v1/quartiers/outlines", Some(&app.admin))
            .header("Content-Type", "application/json")
            .body(big),
    )
    .await;
    assert_eq!(
        too_large.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        too_large.body
    );
    assert_eq!(too_large.body["error"]["code"], "payload_too_large");

    // Two quartiers with one official code both get the outline.
    let quartiers = app.get("/api/v1/quartiers", &app.admin).await.body;
    let breil = quartiers
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["slug"] == "breil")
        .unwrap()
        .clone();
    let shared = app
        .put(
            &format!("/api/v1/quartiers/{}", breil["id"]),
            &app.admin,
            &json!({"slug": "breil", "name": "Breil", "communes": breil["communes"], "official_code": "QN044901X"}),
        )
        .await;
    assert_eq!(shared.status, StatusCode::OK, "{}", shared.body);
    let report = app
        .put("/api/v1/quartiers/outlines", &app.admin, &fixture())
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    let matched: Vec<&str> = report.body["matched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["quartier"]["slug"].as_str().unwrap())
        .collect();
    assert!(
        matched.contains(&"bellevue") && matched.contains(&"breil"),
        "{matched:?}"
    );

    // A merge draws the kept quartier with both outlines.
    let rings_of = |map: &Value, slug: &str| {
        shapes(map)
            .iter()
            .find(|s| s["quartier"]["slug"] == slug)
            .map(|s| s["path"].as_str().unwrap_or("").matches('M').count())
    };
    let before = app.get("/api/v1/map", &app.admin).await.body;
    assert_eq!(before["mode"], "outlines", "{before}");
    assert_eq!(rings_of(&before, "malakoff"), Some(1));
    let malakoff = app.quartier_id("malakoff").await;
    let clos_toreau = app.quartier_id("clos-toreau").await;
    let merged = app
        .post(
            "/api/v1/quartiers/merge",
            &app.admin,
            &json!({"from": clos_toreau, "into": malakoff}),
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.body);
    let after = app.get("/api/v1/map", &app.admin).await.body;
    assert_eq!(after["mode"], "outlines", "{after}");
    assert_eq!(rings_of(&after, "malakoff"), Some(2), "{after}");
    assert_eq!(rings_of(&after, "clos-toreau"), None);
}
