//! The role matrix: every endpoint of the served OpenAPI document × every role, with the
//! expected status, from the one table in [`matrix`]. An endpoint without a row fails the test
//! (and so does a row whose endpoint is gone). Rows may repeat an endpoint for object-level
//! checks: another volunteer's testimony or device, another council's quartier.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a panic is a failure"
)]

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{
    response_item, sample_answers, sample_survey, spawn_app, testimony_item, TestApp, ADMIN_EMAIL,
    ADMIN_PASSWORD,
};
use crate::role_fixtures::{erase_code, resident_erase_code, setup, Fixtures, N};

/// Columns of the table, in this order.
const ROLES: [&str; 6] = [
    "anonymous",
    "volunteer",
    "coordinator",
    "council member",
    "admin",
    "member of another council",
];

/// How a row builds its request for the caller in column `r`: (path, JSON body).
type Build = fn(&Fixtures, usize) -> (String, Option<Value>);

struct Row {
    method: &'static str,
    /// The path as the OpenAPI document spells it.
    path: &'static str,
    what: &'static str,
    expect: [u16; N],
    build: Build,
}

fn row(
    method: &'static str,
    path: &'static str,
    what: &'static str,
    expect: [u16; N],
    build: Build,
) -> Row {
    Row {
        method,
        path,
        what,
        expect,
        build,
    }
}

// Expected statuses per column: anonymous, volunteer, coordinator, council, admin, other council.
const PUBLIC: [u16; N] = [200, 200, 200, 200, 200, 200];
const SIGNED_IN: [u16; N] = [401, 200, 200, 200, 200, 200];
const STAFF: [u16; N] = [401, 403, 200, 403, 200, 403];
const SIGNED_IN_BUT_VOLUNTEERS: [u16; N] = [401, 403, 200, 200, 200, 200];
const STAFF_CREATES: [u16; N] = [401, 403, 201, 403, 201, 403];
const COLLECTORS: [u16; N] = [401, 200, 200, 403, 200, 403];
const COLLECTORS_CREATE: [u16; N] = [401, 201, 201, 403, 201, 403];
const ADMIN_ONLY: [u16; N] = [401, 403, 403, 403, 200, 403];
/// Staff may ask, and are told there is nothing to accept.
const STAFF_CONFLICT: [u16; N] = [401, 403, 409, 403, 409, 403];
/// Council views naming council A: its member and staff previewing it.
const COUNCIL_A: [u16; N] = [401, 403, 200, 200, 200, 403];
/// Council views of a quartier of council A without naming a council: staff must name one,
/// the other council's member is refused A's quartier.
const QUARTIER_OF_A: [u16; N] = [401, 403, 422, 200, 422, 403];

fn bare(path: String) -> (String, Option<Value>) {
    (path, None)
}

fn matrix() -> Vec<Row> {
    vec![
        row("GET", "/healthz", "", PUBLIC, |_, _| {
            bare("/healthz".into())
        }),
        row("POST", "/api/v1/auth/login", "", PUBLIC, |_, _| {
            (
                "/api/v1/auth/login".into(),
                Some(json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})),
            )
        }),
        row("POST", "/api/v1/auth/refresh", "", PUBLIC, |f, r| {
            (
                "/api/v1/auth/refresh".into(),
                Some(json!({"refresh_token": f.refresh[r]})),
            )
        }),
        row("POST", "/api/v1/auth/logout", "", [204; N], |f, r| {
            (
                "/api/v1/auth/logout".into(),
                Some(json!({"refresh_token": f.logout[r]})),
            )
        }),
        row("POST", "/api/v1/auth/enrol", "", PUBLIC, |f, r| {
            (
                "/api/v1/auth/enrol".into(),
                Some(json!({"code": f.enrol_codes[r]})),
            )
        }),
        row("GET", "/api/v1/auth/me", "", SIGNED_IN, |_, _| {
            bare("/api/v1/auth/me".into())
        }),
        row("GET", "/api/v1/quartiers", "", SIGNED_IN, |_, _| {
            bare("/api/v1/quartiers".into())
        }),
        row("POST", "/api/v1/quartiers", "", STAFF_CREATES, |_, r| {
            (
                "/api/v1/quartiers".into(),
                Some(
                    json!({"slug": format!("matrice-{r}"), "name": format!("Matrice {r}"), "communes": ["Nantes"]}),
                ),
            )
        }),
        row("PUT", "/api/v1/quartiers/{id}", "", STAFF, |f, _| {
            (
                format!("/api/v1/quartiers/{}", f.spare_quartier),
                Some(
                    json!({"slug": "quartier-libre", "name": "Quartier libre", "communes": ["Nantes"]}),
                ),
            )
        }),
        row("POST", "/api/v1/quartiers/merge", "", STAFF, |f, r| {
            (
                "/api/v1/quartiers/merge".into(),
                Some(json!({"from": f.merges[r].0, "into": f.merges[r].1})),
            )
        }),
        row("GET", "/api/v1/map", "", SIGNED_IN, |_, _| {
            bare("/api/v1/map".into())
        }),
        row("PUT", "/api/v1/quartiers/outlines", "", STAFF, |_, _| {
            (
                "/api/v1/quartiers/outlines".into(),
                Some(json!({"type": "FeatureCollection", "features": [{
                    "type": "Feature", "properties": {"official_code": "QN04499Z"},
                    "geometry": {"type": "Polygon", "coordinates": [[[-1.55, 47.21], [-1.54, 47.21], [-1.54, 47.22], [-1.55, 47.21]]]}
                }]})),
            )
        }),
        row(
            "DELETE",
            "/api/v1/quartiers/outlines",
            "",
            [401, 403, 204, 403, 204, 403],
            |_, _| bare("/api/v1/quartiers/outlines".into()),
        ),
        row("PUT", "/api/v1/quartiers/{id}/tile", "", STAFF, |f, _| {
            (
                format!("/api/v1/quartiers/{}/tile", f.mapped_quartier),
                Some(json!({"col": 19, "row": 19})),
            )
        }),
        row("GET", "/api/v1/councils", "", SIGNED_IN, |_, _| {
            bare("/api/v1/councils".into())
        }),
        row("POST", "/api/v1/councils", "", STAFF_CREATES, |f, r| {
            (
                "/api/v1/councils".into(),
                Some(
                    json!({"name": format!("Conseil matrice {r}"), "quartier_ids": [f.spare_quartier]}),
                ),
            )
        }),
        row("PUT", "/api/v1/councils/{id}", "", STAFF, |f, _| {
            (
                format!("/api/v1/councils/{}", f.spare_council),
                Some(json!({"name": "Conseil libre", "quartier_ids": [f.spare_quartier]})),
            )
        }),
        row("GET", "/api/v1/users", "", STAFF, |_, _| {
            bare("/api/v1/users".into())
        }),
        row(
            "POST",
            "/api/v1/users",
            "a volunteer",
            STAFF_CREATES,
            |_, r| {
                (
                    "/api/v1/users".into(),
                    Some(
                        json!({"email": format!("new-{r}-{}@test.local", Uuid::new_v4().simple()), "display_name": "Nouveau", "role": "volunteer"}),
                    ),
                )
            },
        ),
        row(
            "GET",
            "/api/v1/users/{id}",
            "one's own account",
            SIGNED_IN,
            |f, r| bare(format!("/api/v1/users/{}", f.user_ids[r])),
        ),
        row(
            "GET",
            "/api/v1/users/{id}",
            "another account",
            STAFF,
            |f, _| bare(format!("/api/v1/users/{}", f.volunteer2)),
        ),
        row(
            "PATCH",
            "/api/v1/users/{id}",
            "a volunteer's account",
            STAFF,
            |f, r| {
                (
                    format!("/api/v1/users/{}", f.patchable[r]),
                    Some(json!({"display_name": "Renommé"})),
                )
            },
        ),
        row("GET", "/api/v1/devices", "", COLLECTORS, |_, _| {
            bare("/api/v1/devices".into())
        }),
        row(
            "POST",
            "/api/v1/devices/enrolments",
            "",
            STAFF_CREATES,
            |f, _| {
                (
                    "/api/v1/devices/enrolments".into(),
                    Some(json!({"user_id": f.user_ids[1]})),
                )
            },
        ),
        row(
            "DELETE",
            "/api/v1/devices/{id}",
            "the volunteer's own device",
            [401, 200, 200, 403, 200, 403],
            |f, r| bare(format!("/api/v1/devices/{}", f.own_devices[r])),
        ),
        row(
            "DELETE",
            "/api/v1/devices/{id}",
            "another volunteer's device",
            [401, 404, 200, 403, 200, 403],
            |f, r| bare(format!("/api/v1/devices/{}", f.other_devices[r])),
        ),
        // A JSON body is no multipart form: staff get past the role check to a 400; the
        // import itself is tested in xlsform.rs.
        row(
            "POST",
            "/api/v1/surveys/import",
            "not multipart",
            [401, 403, 400, 403, 400, 403],
            |_, _| ("/api/v1/surveys/import".into(), Some(json!({"file": "x"}))),
        ),
        row("GET", "/api/v1/surveys", "", STAFF, |_, _| {
            bare("/api/v1/surveys".into())
        }),
        row("POST", "/api/v1/surveys", "", STAFF_CREATES, |_, _| {
            ("/api/v1/surveys".into(), Some(sample_survey()))
        }),
        row("GET", "/api/v1/surveys/{id}", "", STAFF, |f, _| {
            bare(format!("/api/v1/surveys/{}", f.survey))
        }),
        row("GET", "/api/v1/surveys/{id}/xlsform", "", STAFF, |f, _| {
            bare(format!("/api/v1/surveys/{}/xlsform?version=1", f.survey))
        }),
        row("PUT", "/api/v1/surveys/{id}", "a draft", STAFF, |f, _| {
            (
                format!("/api/v1/surveys/{}", f.draft),
                Some(sample_survey()),
            )
        }),
        row("POST", "/api/v1/surveys/{id}/publish", "", STAFF, |f, r| {
            (
                format!("/api/v1/surveys/{}/publish", f.to_publish[r]),
                Some(json!({})),
            )
        }),
        row("POST", "/api/v1/surveys/{id}/open", "", STAFF, |f, r| {
            (
                format!("/api/v1/surveys/{}/open", f.to_open[r]),
                Some(json!({})),
            )
        }),
        row("POST", "/api/v1/surveys/{id}/close", "", STAFF, |f, r| {
            (
                format!("/api/v1/surveys/{}/close", f.to_close[r]),
                Some(json!({})),
            )
        }),
        row(
            "PUT",
            "/api/v1/surveys/{id}/quartiers",
            "",
            STAFF,
            |f, _| {
                (
                    format!("/api/v1/surveys/{}/quartiers", f.draft),
                    Some(json!({"quartier_ids": [f.bellevue]})),
                )
            },
        ),
        row(
            "POST",
            "/api/v1/responses",
            "",
            COLLECTORS_CREATE,
            |f, _| {
                (
                    "/api/v1/responses".into(),
                    Some(response_item(f.version, f.bellevue, sample_answers())),
                )
            },
        ),
        row(
            "POST",
            "/api/v1/testimonies",
            "",
            COLLECTORS_CREATE,
            |f, _| {
                (
                    "/api/v1/testimonies".into(),
                    Some(testimony_item(f.bellevue, "Le tram passe trop rarement.")),
                )
            },
        ),
        row("GET", "/api/v1/themes", "", SIGNED_IN, |_, _| {
            bare("/api/v1/themes".into())
        }),
        row("POST", "/api/v1/themes", "", STAFF_CREATES, |_, r| {
            (
                "/api/v1/themes".into(),
                Some(
                    json!({"code": format!("matrice_{r}"), "label": format!("Matrice {r}"), "keywords": [format!("matrice{r}")]}),
                ),
            )
        }),
        row("PUT", "/api/v1/themes/{code}", "", STAFF, |_, _| {
            (
                "/api/v1/themes/mobilite".into(),
                Some(
                    json!({"label": "Mobilités et déplacements", "keywords": ["tram", "bus", "vélo"]}),
                ),
            )
        }),
        row("POST", "/api/v1/themes/reanalyse", "", STAFF, |_, _| {
            ("/api/v1/themes/reanalyse".into(), Some(json!({})))
        }),
        row("GET", "/api/v1/themes/proposals", "", STAFF, |_, _| {
            bare("/api/v1/themes/proposals".into())
        }),
        row(
            "POST",
            "/api/v1/themes/proposals",
            "nothing proposed yet",
            STAFF_CONFLICT,
            |_, _| {
                (
                    "/api/v1/themes/proposals".into(),
                    Some(json!({"words": "frelons", "theme": "logement"})),
                )
            },
        ),
        row("POST", "/api/v1/sync/push", "", COLLECTORS, |f, _| {
            (
                "/api/v1/sync/push".into(),
                Some(
                    json!({"device_id": null, "items": [{"kind": "response", "item": response_item(f.version, f.bellevue, sample_answers())}]}),
                ),
            )
        }),
        row("GET", "/api/v1/sync/pull", "", COLLECTORS, |_, _| {
            bare("/api/v1/sync/pull?cursor=0".into())
        }),
        row("POST", "/api/v1/sync/check", "", COLLECTORS, |f, _| {
            (
                "/api/v1/sync/check".into(),
                Some(json!({"ids": [f.testimony_of_volunteer, f.testimony_of_volunteer2]})),
            )
        }),
        row(
            "GET",
            "/api/v1/moderation/testimonies",
            "",
            STAFF,
            |_, _| bare("/api/v1/moderation/testimonies".into()),
        ),
        row(
            "GET",
            "/api/v1/moderation/testimonies/{id}",
            "",
            STAFF,
            |f, _| {
                bare(format!(
                    "/api/v1/moderation/testimonies/{}",
                    f.testimony_of_volunteer2
                ))
            },
        ),
        row(
            "PUT",
            "/api/v1/moderation/testimonies/{id}/themes",
            "",
            STAFF,
            |f, _| {
                (
                    format!(
                        "/api/v1/moderation/testimonies/{}/themes",
                        f.testimony_of_volunteer2
                    ),
                    Some(json!({"themes": ["mobilite"]})),
                )
            },
        ),
        row(
            "PUT",
            "/api/v1/moderation/testimonies/{id}/redaction",
            "",
            STAFF,
            |f, _| {
                (
                    format!(
                        "/api/v1/moderation/testimonies/{}/redaction",
                        f.testimony_of_volunteer2
                    ),
                    Some(json!({"redacted_text": "Le tram passe trop rarement."})),
                )
            },
        ),
        row(
            "POST",
            "/api/v1/moderation/testimonies/{id}/decision",
            "",
            STAFF,
            |f, r| {
                (
                    format!("/api/v1/moderation/testimonies/{}/decision", f.to_decide[r]),
                    Some(json!({"decision": "approve", "confirm_sensitive": true})),
                )
            },
        ),
        row(
            "GET",
            "/api/v1/testimonies/{id}/correction",
            "one's own testimony",
            [401, 200, 404, 403, 404, 403],
            |f, _| {
                bare(format!(
                    "/api/v1/testimonies/{}/correction",
                    f.testimony_of_volunteer
                ))
            },
        ),
        row(
            "GET",
            "/api/v1/testimonies/{id}/correction",
            "another volunteer's testimony",
            [401, 404, 404, 403, 404, 403],
            |f, _| {
                bare(format!(
                    "/api/v1/testimonies/{}/correction",
                    f.testimony_of_volunteer2
                ))
            },
        ),
        row(
            "POST",
            "/api/v1/testimonies/{id}/correction",
            "one's own testimony",
            [401, 200, 404, 403, 404, 403],
            |f, _| {
                (
                    format!(
                        "/api/v1/testimonies/{}/correction",
                        f.testimony_of_volunteer
                    ),
                    Some(json!({"text": "Le tram passe trop rarement le soir."})),
                )
            },
        ),
        row(
            "POST",
            "/api/v1/testimonies/{id}/correction",
            "another volunteer's testimony",
            [401, 404, 404, 403, 404, 403],
            |f, _| {
                (
                    format!(
                        "/api/v1/testimonies/{}/correction",
                        f.testimony_of_volunteer2
                    ),
                    Some(json!({"text": "Autre texte."})),
                )
            },
        ),
        row(
            "GET",
            "/api/v1/council/home",
            "council A named",
            COUNCIL_A,
            |f, _| bare(format!("/api/v1/council/home?council_id={}", f.council_a)),
        ),
        row(
            "GET",
            "/api/v1/council/home",
            "one's own council",
            [401, 403, 422, 200, 422, 200],
            |_, _| bare("/api/v1/council/home".into()),
        ),
        row(
            "GET",
            "/api/v1/council/surveys/{version_id}/results",
            "council A named",
            COUNCIL_A,
            |f, _| {
                bare(format!(
                    "/api/v1/council/surveys/{}/results?quartier_id={}&council_id={}",
                    f.version, f.bellevue, f.council_a
                ))
            },
        ),
        row(
            "GET",
            "/api/v1/council/surveys/{version_id}/results",
            "a quartier of council A",
            QUARTIER_OF_A,
            |f, _| {
                bare(format!(
                    "/api/v1/council/surveys/{}/results?quartier_id={}",
                    f.version, f.bellevue
                ))
            },
        ),
        row(
            "GET",
            "/api/v1/council/themes",
            "council A named",
            COUNCIL_A,
            |f, _| {
                bare(format!(
                    "/api/v1/council/themes?quartier_id={}&council_id={}",
                    f.bellevue, f.council_a
                ))
            },
        ),
        row(
            "GET",
            "/api/v1/council/themes",
            "a quartier of council A",
            QUARTIER_OF_A,
            |f, _| bare(format!("/api/v1/council/themes?quartier_id={}", f.bellevue)),
        ),
        row(
            "GET",
            "/api/v1/council/quotes",
            "council A named",
            COUNCIL_A,
            |f, _| {
                bare(format!(
                    "/api/v1/council/quotes?quartier_id={}&council_id={}",
                    f.bellevue, f.council_a
                ))
            },
        ),
        row(
            "GET",
            "/api/v1/council/quotes",
            "a quartier of council A",
            QUARTIER_OF_A,
            |f, _| bare(format!("/api/v1/council/quotes?quartier_id={}", f.bellevue)),
        ),
        row(
            "GET",
            "/api/v1/council/report",
            "council A named",
            COUNCIL_A,
            |f, _| {
                bare(format!(
                    "/api/v1/council/report?quartier_id={}&council_id={}",
                    f.bellevue, f.council_a
                ))
            },
        ),
        row(
            "GET",
            "/api/v1/council/report",
            "a quartier of council A",
            QUARTIER_OF_A,
            |f, _| bare(format!("/api/v1/council/report?quartier_id={}", f.bellevue)),
        ),
        // As published (public on each quartier's page): councils too, for their map.
        row(
            "GET",
            "/api/v1/compare/themes",
            "",
            SIGNED_IN_BUT_VOLUNTEERS,
            |_, _| bare("/api/v1/compare/themes?theme=mobilite".into()),
        ),
        row("GET", "/api/v1/compare/themes", "raw", STAFF, |_, _| {
            bare("/api/v1/compare/themes?theme=mobilite&raw=true".into())
        }),
        row("GET", "/api/v1/compare/questions", "", STAFF, |f, _| {
            bare(format!(
                "/api/v1/compare/questions?survey_version_id={}&question=mode",
                f.version
            ))
        }),
        row("GET", "/api/v1/exports/responses", "", STAFF, |f, _| {
            bare(format!("/api/v1/exports/responses?survey_id={}", f.survey))
        }),
        row("GET", "/api/v1/exports/testimonies", "", STAFF, |_, _| {
            bare("/api/v1/exports/testimonies".into())
        }),
        row("GET", "/api/v1/exports/outings", "", STAFF, |_, _| {
            bare("/api/v1/exports/outings".into())
        }),
        row("GET", "/api/v1/exports/codebook", "", STAFF, |_, _| {
            bare("/api/v1/exports/codebook".into())
        }),
        row(
            "GET",
            "/api/v1/council/answers",
            "council A named",
            COUNCIL_A,
            |f, _| {
                bare(format!(
                    "/api/v1/council/answers?quartier_id={}&council_id={}",
                    f.bellevue, f.council_a
                ))
            },
        ),
        row(
            "POST",
            "/api/v1/council/answers",
            "council A named",
            [401, 403, 201, 201, 201, 403],
            |f, r| {
                (
                    format!("/api/v1/council/answers?council_id={}", f.council_a),
                    Some(
                        json!({"quartier_id": f.bellevue, "theme": "logement", "answer": format!("Réponse du conseil {r}")}),
                    ),
                )
            },
        ),
        row(
            "POST",
            "/api/v1/council/answers/{id}/decision",
            "",
            STAFF,
            |f, r| {
                (
                    format!(
                        "/api/v1/council/answers/{}/decision",
                        f.answers_to_decide[r]
                    ),
                    Some(json!({"approve": true})),
                )
            },
        ),
        row("GET", "/api/v1/publications", "", STAFF, |f, _| {
            bare(format!("/api/v1/publications?council_id={}", f.council_a))
        }),
        row("POST", "/api/v1/publications", "", STAFF_CREATES, |f, r| {
            (
                "/api/v1/publications".into(),
                Some(json!({"kind": "themes", "quartier_id": f.to_publish_to_councils[r]})),
            )
        }),
        row(
            "POST",
            "/api/v1/exports/links",
            "",
            STAFF_CREATES,
            |_, _| {
                (
                    "/api/v1/exports/links".into(),
                    Some(json!({"export": "codebook", "format": "xlsx"})),
                )
            },
        ),
        // The link is the credential: whoever holds it downloads, once.
        row(
            "GET",
            "/api/v1/exports/download/{secret}",
            "",
            PUBLIC,
            |f, r| bare(f.download_links[r].clone()),
        ),
        row("GET", "/api/v1/followup/outings", "", STAFF, |_, _| {
            bare("/api/v1/followup/outings".into())
        }),
        row("GET", "/api/v1/followup/summary", "", STAFF, |_, _| {
            bare("/api/v1/followup/summary".into())
        }),
        row("GET", "/api/v1/analysis/emerging", "", STAFF, |f, _| {
            bare(format!(
                "/api/v1/analysis/emerging?quartier_id={}",
                f.bellevue
            ))
        }),
        row("GET", "/api/v1/receipts/{code}", "", STAFF, |_, _| {
            bare("/api/v1/receipts/FNDR-ZZ23".into())
        }),
        row("DELETE", "/api/v1/receipts/{code}", "", STAFF, |_, r| {
            bare(format!("/api/v1/receipts/{}", erase_code(r)))
        }),
        // The residents' own page: the receipt code is the key, no account.
        row("POST", "/api/v1/resident/receipt", "", PUBLIC, |_, _| {
            (
                "/api/v1/resident/receipt".into(),
                Some(json!({"code": "FNDR-ZZ23"})),
            )
        }),
        row(
            "POST",
            "/api/v1/resident/receipt/withdraw-consent",
            "",
            PUBLIC,
            |_, _| {
                (
                    "/api/v1/resident/receipt/withdraw-consent".into(),
                    Some(json!({"code": "FNDR-ZZ23"})),
                )
            },
        ),
        row(
            "POST",
            "/api/v1/resident/receipt/erase",
            "",
            PUBLIC,
            |_, r| {
                (
                    "/api/v1/resident/receipt/erase".into(),
                    Some(json!({"code": resident_erase_code(r)})),
                )
            },
        ),
        row("GET", "/api/v1/audit", "", ADMIN_ONLY, |_, _| {
            bare("/api/v1/audit".into())
        }),
        row("GET", "/api/v1/audit/export", "", ADMIN_ONLY, |_, _| {
            bare("/api/v1/audit/export".into())
        }),
        row("GET", "/api/v1/register", "", ADMIN_ONLY, |_, _| {
            bare("/api/v1/register".into())
        }),
        row(
            "GET",
            "/api/v1/retention/preview",
            "",
            ADMIN_ONLY,
            |_, _| bare("/api/v1/retention/preview".into()),
        ),
        // Last: it ends the caller's sessions, access tokens included.
        row(
            "POST",
            "/api/v1/auth/logout-all",
            "",
            [401, 204, 204, 204, 204, 204],
            |_, _| bare("/api/v1/auth/logout-all".into()),
        ),
    ]
}

fn method(name: &str) -> Method {
    Method::from_bytes(name.as_bytes()).unwrap()
}

#[tokio::test]
async fn every_endpoint_answers_every_role_as_the_table_says() {
    let app = spawn_app().await;
    let document = TestApp::send(app.request(Method::GET, "/api/v1/openapi.json", None))
        .await
        .body;
    let mut served = BTreeSet::new();
    for (path, operations) in document["paths"].as_object().unwrap() {
        for verb in operations.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete"].contains(&verb.as_str()) {
                served.insert((verb.to_uppercase(), path.clone()));
            }
        }
    }
    let rows = matrix();
    let tabled: BTreeSet<(String, String)> = rows
        .iter()
        .map(|r| (r.method.to_owned(), r.path.to_owned()))
        .collect();
    let missing: Vec<_> = served.difference(&tabled).collect();
    let gone: Vec<_> = tabled.difference(&served).collect();
    assert!(
        missing.is_empty(),
        "endpoints without a row in the role matrix: {missing:?}"
    );
    assert!(
        gone.is_empty(),
        "rows for endpoints the server no longer documents: {gone:?}"
    );

    let (fixtures, tokens) = setup(&app).await;
    // Object-level contents: a volunteer sees only their own devices and items. Checked before
    // the table, whose last row signs everyone out.
    let volunteer = tokens[1].as_deref().unwrap();
    let devices = app.get("/api/v1/devices", volunteer).await.body;
    assert!(!devices.as_array().unwrap().is_empty(), "{devices}");
    assert!(
        devices
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["user_id"] == fixtures.user_ids[1]),
        "{devices}"
    );
    let pulled = app.get("/api/v1/sync/pull?cursor=0", volunteer).await.body;
    let items: Vec<&str> = pulled["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert!(
        !items.contains(&fixtures.testimony_of_volunteer2.as_str()),
        "{items:?}"
    );
    let check = app
        .post(
            "/api/v1/sync/check",
            volunteer,
            &json!({"ids": [fixtures.testimony_of_volunteer2]}),
        )
        .await;
    assert_eq!(check.body["present"], json!([]));

    let mut wrong = Vec::new();
    for row in &rows {
        for (r, token) in tokens.iter().enumerate() {
            let (path, body) = (row.build)(&fixtures, r);
            let mut request = app.request(method(row.method), &path, token.as_deref());
            if let Some(body) = &body {
                request = request.json(body);
            }
            let reply = TestApp::send(request).await;
            let expected = StatusCode::from_u16(row.expect[r]).unwrap();
            if reply.status != expected {
                wrong.push(format!(
                    "{} {} ({}) as {}: expected {expected}, got {} {}",
                    row.method, path, row.what, ROLES[r], reply.status, reply.body
                ));
            } else if reply.status.is_client_error() {
                reply.error_code();
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} cell(s) differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
