//! The tests of read.rs: GeoJSON files good and bad, and random ones.

use super::*;
use crate::geo::test_shapes::{circle, square};
use crate::testing::{any_text, config};
use proptest::prelude::*;
use serde_json::json;

/// Nantes city hall, about.
const NANTES: [f64; 2] = [-1.5536, 47.2184];

fn collection(features: Vec<Value>) -> Value {
    json!({ "type": "FeatureCollection", "features": features })
}

fn feature(code: &str, geometry: Value) -> Value {
    json!({ "type": "Feature", "properties": { "code_qp": code }, "geometry": geometry })
}

fn polygon(rings: Vec<Vec<[f64; 2]>>) -> Value {
    json!({ "type": "Polygon", "coordinates": rings })
}

fn parse(value: &Value) -> ParsedOutlines {
    parse_outlines(&value.to_string()).unwrap()
}

fn problem_at(parsed: &ParsedOutlines, index: usize) -> &FeatureProblem {
    parsed
        .problems
        .iter()
        .find(|p| p.index == index)
        .unwrap_or_else(|| panic!("no problem for feature {index}: {parsed:?}"))
}

fn close(a: [f64; 2], b: [f64; 2], within: f64) -> bool {
    (a[0] - b[0]).abs() <= within && (a[1] - b[1]).abs() <= within
}

#[test]
fn a_square_in_wgs84_reads_as_drawn() {
    let ring = square(NANTES, 0.01);
    let parsed = parse(&collection(vec![feature(
        " QN04401M ",
        polygon(vec![ring.clone()]),
    )]));
    assert_eq!(parsed.problems, []);
    let ring: Vec<[f64; 2]> = ring
        .iter()
        .map(|[x, y]| [round_to(*x, 6), round_to(*y, 6)])
        .collect();
    assert_eq!(
        parsed.features,
        [ParsedFeature {
            index: 0,
            code: "QN04401M".into(),
            outline: Outline { rings: vec![ring] },
        }]
    );
    assert_eq!(parsed.features[0].outline.points(), 5);
}

#[test]
fn the_same_square_in_lambert_93_comes_back_to_wgs84() {
    let ring = square(NANTES, 0.01);
    let projected: Vec<[f64; 2]> = ring
        .iter()
        .map(|[lon, lat]| lambert::from_wgs84(*lon, *lat))
        .collect();
    // Nantes city hall is about 355,800 / 6,689,500 in Lambert-93.
    assert!(
        close(projected[0], [355_800.0, 6_689_500.0], 1_000.0),
        "{:?}",
        projected[0]
    );
    let declared = json!({
        "type": "FeatureCollection",
        "crs": { "type": "name", "properties": { "name": "urn:ogc:def:crs:EPSG::2154" } },
        "features": [feature("QN04401M", polygon(vec![projected.clone()]))],
    });
    let guessed = collection(vec![feature("QN04401M", polygon(vec![projected]))]);
    for file in [declared, guessed] {
        let parsed = parse(&file);
        assert_eq!(parsed.problems, []);
        let rings = &parsed.features[0].outline.rings;
        assert_eq!(rings.len(), 1);
        assert_eq!(rings[0].len(), 5);
        for (got, want) in rings[0].iter().zip(&ring) {
            assert!(close(*got, *want, 1.0001e-6), "{got:?} {want:?}");
        }
        assert!(close(rings[0][0], NANTES, 1.0001e-6));
    }
}

#[test]
fn a_multipolygon_keeps_every_ring_and_hole() {
    let outer = square([-1.6, 47.2], 0.02);
    let hole = square([-1.595, 47.205], 0.005);
    let island = square([-1.5, 47.25], 0.01);
    let geometry = json!({
        "type": "MultiPolygon",
        "coordinates": [[outer.clone(), hole.clone()], [island.clone()]],
    });
    let parsed = parse(&collection(vec![feature("QN04402M", geometry)]));
    assert_eq!(parsed.problems, []);
    let rounded: Vec<Vec<[f64; 2]>> = [outer, hole, island]
        .iter()
        .map(|ring| {
            ring.iter()
                .map(|[x, y]| [round_to(*x, 6), round_to(*y, 6)])
                .collect()
        })
        .collect();
    assert_eq!(parsed.features[0].outline.rings, rounded);
}

#[test]
fn codes_are_found_under_any_known_name() {
    let geometry = polygon(vec![square(NANTES, 0.01)]);
    let with = |properties: Value| json!({ "type": "Feature", "properties": properties, "geometry": geometry.clone() });
    let parsed = parse(&collection(vec![
        with(json!({ "OFFICIAL_CODE": "A", "code": "B" })),
        with(json!({ "Code": "B", "Code_QPV": "C" })),
        with(json!({ "code_quartier": 44109 })),
        with(json!({ "code": 44109.0 })),
        with(json!({ "code_qp": "  ", "code": "E" })),
        with(json!({ "official_code": null, "code_qp": "F" })),
    ]));
    let codes: Vec<&str> = parsed.features.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["A", "C", "44109", "44109", "E", "F"]);
}

#[test]
fn each_bad_feature_is_reported_with_its_index_and_the_others_read() {
    let good = polygon(vec![square(NANTES, 0.01)]);
    let parsed = parse(&collection(vec![
        json!(42),
        json!({ "type": "Feature", "geometry": good.clone() }),
        json!({ "type": "Feature", "properties": { "nom": "Bellevue" }, "geometry": good }),
        feature("Q3", Value::Null),
        json!({ "type": "Feature", "properties": { "code": "Q4" } }),
        feature("Q5", json!({ "type": "Point", "coordinates": NANTES })),
        feature(
            "Q6",
            json!({ "type": "LineString", "coordinates": [NANTES, [0.0, 0.0]] }),
        ),
        feature("Q7", polygon(vec![vec![NANTES, [-1.5, 47.3], NANTES]])),
        feature(
            "Q8",
            json!({ "type": "Polygon", "coordinates": [[["a", "b"]]] }),
        ),
        feature("Q9", json!({ "type": "Polygon" })),
        feature("Q10", json!({ "type": "Polygon", "coordinates": [] })),
        feature("Q11", json!({ "coordinates": [] })),
        feature(
            "Q12",
            polygon(vec![vec![NANTES, [-1.5, 47.3], [-1.5, 47.3], NANTES]]),
        ),
        feature("Q13", polygon(vec![square([179.995, 47.0], 0.01)])),
        feature("Q14", polygon(vec![square(NANTES, 0.01)])),
        json!({ "type": "Feature", "properties": { "code": "x".repeat(101) }, "geometry": null }),
        feature("Q16", polygon(vec![vec![[1.0, 1.0]]])),
    ]));
    assert_eq!(parsed.features.len(), 1);
    assert_eq!(parsed.features[0].index, 14);
    assert_eq!(parsed.problems.len(), 16);
    let says = |index: usize, code: Option<&str>, words: &str| {
        let p = problem_at(&parsed, index);
        assert_eq!(p.code.as_deref(), code, "{p:?}");
        assert!(p.message.contains(words), "{index}: {}", p.message);
    };
    says(0, None, "pas un objet");
    says(1, None, "pas de code");
    says(2, None, "pas de code");
    says(3, Some("Q3"), "pas de géométrie");
    says(4, Some("Q4"), "pas de géométrie");
    says(5, Some("Q5"), "« Point »");
    says(6, Some("Q6"), "« LineString »");
    says(7, Some("Q7"), "3 position(s)");
    says(8, Some("Q8"), "illisibles");
    says(9, Some("Q9"), "manquantes");
    says(10, Some("Q10"), "vide");
    says(11, Some("Q11"), "sans type");
    says(12, Some("Q12"), "pas de surface");
    says(13, Some("Q13"), "hors des limites");
    says(16, Some("Q16"), "1 position(s)");
    let long = problem_at(&parsed, 15);
    assert!(long.message.contains("trop long"), "{}", long.message);
    assert!(long.code.as_ref().is_some_and(|c| c.chars().count() == 61));
}

#[test]
fn out_of_range_positions_in_a_declared_wgs84_file_are_a_problem() {
    let file = json!({
        "type": "FeatureCollection",
        "crs": { "type": "name", "properties": { "name": "urn:ogc:def:crs:OGC:1.3:CRS84" } },
        "features": [
            feature("A", polygon(vec![square([355_800.0, 6_689_500.0], 100.0)])),
            feature("B", polygon(vec![square([2.0, 89.995], 0.01)])),
        ],
    });
    let parsed = parse(&file);
    assert_eq!(parsed.features, []);
    assert!(parsed
        .problems
        .iter()
        .all(|p| p.message.contains("hors des limites")));
}

#[test]
fn one_mistyped_feature_does_not_make_a_file_lambert_93() {
    let parsed = parse(&collection(vec![
        feature("A", polygon(vec![square(NANTES, 0.01)])),
        feature("B", polygon(vec![square([-1.56, 472.1], 0.01)])),
        feature("C", polygon(vec![square([-1.58, 47.2], 0.01)])),
    ]));
    assert_eq!(parsed.features.len(), 2);
    assert_eq!(problem_at(&parsed, 1).code.as_deref(), Some("B"));
    // And in a Lambert-93 file, a position in degrees is out of Lambert-93's area.
    let lambert = |lon: f64, lat: f64| {
        square(NANTES, 0.01)
            .iter()
            .map(|[x, y]| lambert::from_wgs84(*x + lon, *y + lat))
            .collect::<Vec<_>>()
    };
    let parsed = parse(&collection(vec![
        feature("A", polygon(vec![lambert(0.0, 0.0)])),
        feature("B", polygon(vec![square(NANTES, 0.01)])),
        feature("C", polygon(vec![lambert(0.1, 0.0)])),
    ]));
    assert_eq!(parsed.features.len(), 2);
    assert!(problem_at(&parsed, 1).message.contains("Lambert-93"));
}

#[test]
fn files_that_are_not_collections_are_refused() {
    let not_json = parse_outlines("{\"type\": ").unwrap_err();
    assert!(matches!(not_json, GeoError::NotJson(_)));
    assert!(not_json
        .to_string()
        .starts_with("Ce fichier n'est pas du GeoJSON : "));
    assert!(matches!(
        parse_outlines("bonjour"),
        Err(GeoError::NotJson(_))
    ));
    assert!(matches!(parse_outlines(""), Err(GeoError::NotJson(_))));
    assert!(matches!(
        parse_outlines("[1e999]"),
        Err(GeoError::NotJson(_))
    ));
    for text in [
        "[]",
        "null",
        "{}",
        r#"{"type": "Feature", "features": []}"#,
        r#"{"type": "FeatureCollection"}"#,
        r#"{"type": "FeatureCollection", "features": {}}"#,
    ] {
        assert_eq!(
            parse_outlines(text),
            Err(GeoError::NotFeatureCollection),
            "{text}"
        );
    }
    let many = collection(vec![json!(null); MAX_FEATURES + 1]).to_string();
    assert_eq!(parse_outlines(&many), Err(GeoError::TooManyFeatures(501)));
    let just_enough = collection(vec![json!(null); MAX_FEATURES]).to_string();
    assert_eq!(
        parse_outlines(&just_enough).unwrap().problems.len(),
        MAX_FEATURES
    );
    let huge = " ".repeat(MAX_TEXT_BYTES + 1);
    assert!(matches!(parse_outlines(&huge), Err(GeoError::NotJson(_))));
}

#[test]
fn an_unknown_crs_is_refused_and_known_ones_read() {
    let with_crs = |name: &str| {
        json!({
            "type": "FeatureCollection",
            "crs": { "type": "name", "properties": { "name": name } },
            "features": [feature("A", polygon(vec![square(NANTES, 0.01)]))],
        })
        .to_string()
    };
    assert_eq!(
        parse_outlines(&with_crs("urn:ogc:def:crs:EPSG::3857")),
        Err(GeoError::UnknownCrs("urn:ogc:def:crs:EPSG::3857".into()))
    );
    assert!(GeoError::UnknownCrs("x".into())
        .to_string()
        .contains("« x »"));
    for name in ["EPSG:4326", "urn:ogc:def:crs:OGC:1.3:crs84"] {
        assert_eq!(
            parse_outlines(&with_crs(name)).unwrap().features.len(),
            1,
            "{name}"
        );
    }
}

#[test]
fn a_byte_order_mark_and_altitudes_are_fine_and_rings_get_closed() {
    let open = vec![
        [-1.55, 47.2, 12.0],
        [-1.54, 47.2, 12.0],
        [-1.54, 47.21, 13.0],
    ];
    let text = format!(
        "\u{feff}{}",
        collection(vec![feature(
            "A",
            json!({ "type": "Polygon", "coordinates": [open] })
        )])
    );
    let parsed = parse_outlines(&text).unwrap();
    assert_eq!(
        parsed.features[0].outline.rings,
        vec![vec![
            [-1.55, 47.2],
            [-1.54, 47.2],
            [-1.54, 47.21],
            [-1.55, 47.2]
        ]]
    );
}

#[test]
fn a_detailed_outline_is_simplified_to_150_points_at_most() {
    let ring = circle(NANTES, 0.01, 10_000);
    let parsed = parse(&collection(vec![feature("A", polygon(vec![ring]))]));
    let outline = &parsed.features[0].outline;
    assert!(
        outline.points() <= 150 && outline.points() > 40,
        "{}",
        outline.points()
    );
    for p in &outline.rings[0] {
        let r = (p[0] - NANTES[0]).hypot(p[1] - NANTES[1]);
        assert!(
            (r - 0.01).abs() < 1e-5,
            "kept positions stay on the circle: {r}"
        );
    }
}

fn check(parsed: &ParsedOutlines, features: usize) -> Result<(), TestCaseError> {
    let mut indices: Vec<usize> = parsed
        .features
        .iter()
        .map(|f| f.index)
        .chain(parsed.problems.iter().map(|p| p.index))
        .collect();
    indices.sort_unstable();
    prop_assert_eq!(indices, (0..features).collect::<Vec<_>>());
    for feature in &parsed.features {
        prop_assert!(!feature.code.trim().is_empty());
        prop_assert!(!feature.outline.rings.is_empty());
        prop_assert!(feature.outline.points() <= 150);
        for ring in &feature.outline.rings {
            prop_assert!(ring.len() >= 4 && ring.first() == ring.last(), "{:?}", ring);
            for [lon, lat] in ring {
                prop_assert!(lon.is_finite() && lat.is_finite());
                prop_assert!(lon.abs() <= 180.0 && lat.abs() <= 90.0);
                prop_assert!(((lon * 1e6).round() / 1e6 - lon).abs() < 1e-12);
            }
        }
    }
    for problem in &parsed.problems {
        prop_assert!(!problem.message.is_empty());
    }
    Ok(())
}

fn coordinate() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -180.0..180.0f64,
        2 => -1.6..-1.5f64,
        2 => 46.0..48.0f64,
        2 => 100_000.0..1_200_000.0f64,
        2 => 6_000_000.0..7_200_000.0f64,
        1 => Just(0.0),
        1 => Just(1e308),
        1 => Just(-1e308),
        1 => Just(f64::MAX),
        1 => Just(f64::MIN_POSITIVE),
        1 => Just(5e-324),
        1 => any::<f64>(),
        1 => any::<i64>().prop_map(|i| i as f64),
    ]
}

/// Any JSON, leaning on the names a GeoJSON file uses.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        coordinate().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        "\\PC{0,8}".prop_map(Value::from),
        proptest::sample::select(&["Polygon", "MultiPolygon", "Feature", "EPSG:2154"][..])
            .prop_map(Value::from),
    ];
    let key = prop_oneof![
        3 => proptest::sample::select(
            &["type", "features", "geometry", "coordinates", "properties", "crs", "name",
              "code", "code_qp", "official_code"][..]
        ).prop_map(str::to_owned),
        1 => "\\PC{0,6}",
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(key.clone(), inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn position() -> impl Strategy<Value = Value> {
    prop_oneof![
        8 => [coordinate(), coordinate()].prop_map(|p| json!(p)),
        1 => proptest::collection::vec(coordinate(), 0..4).prop_map(|p| json!(p)),
        1 => value(),
    ]
}

/// Rings: random positions, or a noisy circle (closed or not) anywhere.
fn ring() -> impl Strategy<Value = Value> {
    prop_oneof![
        proptest::collection::vec(position(), 0..8).prop_map(Value::Array),
        (
            coordinate(),
            coordinate(),
            0.0..0.1f64,
            3usize..400,
            any::<bool>(),
            any::<bool>()
        )
            .prop_map(|(x, y, r, n, closed, lambert)| {
                let r = if lambert { r * 1e6 } else { r };
                let mut ring: Vec<[f64; 2]> = (0..n)
                    .map(|i| {
                        let a = std::f64::consts::TAU * i as f64 / n as f64;
                        let wobble = 1.0 + 0.1 * ((i * 7) % 5) as f64;
                        [x + r * wobble * a.cos(), y + r * wobble * a.sin()]
                    })
                    .collect();
                if closed {
                    ring.push(ring[0]);
                }
                json!(ring)
            }),
        Just(json!([])),
    ]
}

fn geometry() -> impl Strategy<Value = Value> {
    let rings = || proptest::collection::vec(ring(), 0..3);
    prop_oneof![
        4 => rings().prop_map(|rings| json!({ "type": "Polygon", "coordinates": rings })),
        2 => proptest::collection::vec(rings(), 0..3)
            .prop_map(|polygons| json!({ "type": "MultiPolygon", "coordinates": polygons })),
        1 => value(),
        1 => Just(Value::Null),
    ]
}

fn random_feature() -> impl Strategy<Value = Value> {
    let code = prop_oneof![
        "\\PC{0,12}".prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        coordinate().prop_map(Value::from),
        value(),
    ];
    let key = proptest::sample::select(
        &[
            "official_code",
            "CODE_QP",
            "code_quartier",
            "code_qpv",
            "Code",
            "nom",
        ][..],
    );
    prop_oneof![
        8 => (key, code, geometry()).prop_map(|(key, code, geometry)| {
            json!({ "type": "Feature", "properties": { key: code }, "geometry": geometry })
        }),
        1 => value(),
    ]
}

fn random_file() -> impl Strategy<Value = (String, usize)> {
    let crs = proptest::option::of(prop_oneof![
        proptest::sample::select(
            &[
                "EPSG:4326",
                "urn:ogc:def:crs:EPSG::2154",
                "urn:ogc:def:crs:OGC:1.3:CRS84",
                "EPSG:3857"
            ][..]
        )
        .prop_map(|name| json!({ "type": "name", "properties": { "name": name } })),
        value(),
    ]);
    (proptest::collection::vec(random_feature(), 0..6), crs).prop_map(|(features, crs)| {
        let n = features.len();
        let mut file = collection(features);
        if let (Some(crs), Some(object)) = (crs, file.as_object_mut()) {
            object.insert("crs".into(), crs);
        }
        (file.to_string(), n)
    })
}

proptest! {
    #![proptest_config(config())]

    /// Whatever is uploaded as text: an answer or a refusal, never a panic.
    #[test]
    fn any_text_is_read_or_refused(text in any_text()) {
        if let Ok(parsed) = parse_outlines(&text) {
            prop_assert!(parsed.features.is_empty() || text.contains("FeatureCollection"));
        }
    }

    /// Random GeoJSON-like files: every feature is either an outline that keeps the
    /// promises (closed rings of 4+, ≤ 150 positions, finite WGS 84, 6 decimals) or a
    /// problem; never a panic. Cut short or broken, they are refused.
    #[test]
    fn random_files_give_sound_outlines_or_problems(
        (text, n) in random_file(),
        cut in any::<proptest::sample::Index>(),
        noise in proptest::sample::select(&["", "NaN", "1e999", "-Infinity", "]"][..]),
    ) {
        match parse_outlines(&text) {
            Ok(parsed) => check(&parsed, n)?,
            Err(error) => prop_assert!(
                matches!(error, GeoError::UnknownCrs(_)),
                "{error:?}"
            ),
        }
        let at = text.char_indices().map(|(i, _)| i).nth(cut.index(text.chars().count()));
        let broken = format!("{}{noise}", &text[..at.unwrap_or(0)]);
        let _ = parse_outlines(&broken);
        if let Some(middle) = text.find(',') {
            let _ = parse_outlines(&format!("{}{noise}{}", &text[..middle], &text[middle..]));
        }
    }

    /// Random JSON of every shape, not only GeoJSON-like.
    #[test]
    fn any_json_is_read_or_refused(value in value()) {
        let _ = parse_outlines(&value.to_string());
        let wrapped = collection(vec![value]);
        let parsed = parse_outlines(&wrapped.to_string());
        if let Ok(parsed) = parsed {
            check(&parsed, 1)?;
        }
    }
}

#[test]
fn a_ring_of_too_many_positions_is_a_problem_not_a_stall() {
    let ring: Vec<[f64; 2]> = (0..=super::MAX_RING_POSITIONS)
        .map(|i| {
            let a = i as f64 / 1000.0;
            [-1.55 + 0.01 * a.cos(), 47.2 + 0.01 * a.sin()]
        })
        .collect();
    let text = serde_json::json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code_qp": "QN04401M"},
         "geometry": {"type": "Polygon", "coordinates": [ring]}}
    ]})
    .to_string();
    let parsed = parse_outlines(&text).unwrap();
    assert!(parsed.features.is_empty());
    assert_eq!(parsed.problems.len(), 1);
    let limit = format!("{} au plus", super::MAX_RING_POSITIONS);
    assert!(
        parsed.problems[0].message.contains(&limit),
        "{:?}",
        parsed.problems
    );
}
