//! Issue 14 §3: the coordinators' approvals teach the analysis. A theme removed when a lone
//! word suggested it is no longer suggested by that word alone; words beside which a theme is
//! added by hand three times are proposed as its keyword, and accepting the proposal makes the
//! analysis suggest it.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::fixtures::{approve, audit_actions, testimony};
use crate::helpers::{spawn_app, testimony_item, TestApp};

async fn suggested(app: &TestApp, id: &str) -> Vec<String> {
    let reply = app
        .get(&format!("/api/v1/moderation/testimonies/{id}"), &app.admin)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["code"].as_str().unwrap().to_owned())
        .collect()
}

async fn proposals(app: &TestApp, token: &str) -> Vec<Value> {
    let reply = app.get("/api/v1/themes/proposals", token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body.as_array().unwrap().clone()
}

#[tokio::test]
async fn a_theme_removed_from_a_lone_word_is_no_longer_suggested_by_it() {
    let app = spawn_app().await;
    let quartier = app.quartier_id("bellevue").await;
    let (_, volunteer) = app.user("volunteer", None).await;

    let first = testimony(
        &app,
        &volunteer,
        testimony_item(quartier, "Le tram passe devant chez moi."),
    )
    .await;
    assert_eq!(suggested(&app, &first).await, vec!["mobilite"]);
    // The coordinator reads it as about noise, not transport.
    approve(&app, &first, &["tranquillite_securite"]).await;

    let second = testimony(
        &app,
        &volunteer,
        testimony_item(quartier, "Le tram passe sous ma fenêtre."),
    )
    .await;
    let second = suggested(&app, &second).await;
    assert!(!second.contains(&"mobilite".to_owned()), "{second:?}");
    // Beside another word of the theme, it still counts.
    let third = testimony(
        &app,
        &volunteer,
        testimony_item(quartier, "Le tram et le bus sont toujours en retard."),
    )
    .await;
    assert!(suggested(&app, &third)
        .await
        .contains(&"mobilite".to_owned()));
}

#[tokio::test]
async fn words_added_beside_a_theme_three_times_are_proposed_and_accepted_in_one_click() {
    let app = spawn_app().await;
    let quartier = app.quartier_id("bellevue").await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let (_, coordinator) = app.user("coordinator", None).await;
    let texts = [
        "Des ragondins près du pont ce matin.",
        "Encore des ragondins vers la passerelle.",
        "Les enfants ont vu des ragondins à la sortie.",
    ];
    for (n, text) in texts.iter().enumerate() {
        let id = testimony(&app, &volunteer, testimony_item(quartier, text)).await;
        assert!(!suggested(&app, &id)
            .await
            .contains(&"proprete_cadre_vie".to_owned()));
        // Before the third decision, nothing is proposed yet.
        if n < 2 {
            approve(&app, &id, &["proprete_cadre_vie"]).await;
            assert!(proposals(&app, &coordinator).await.is_empty());
        } else {
            approve(&app, &id, &["proprete_cadre_vie"]).await;
        }
    }
    let proposed = proposals(&app, &coordinator).await;
    assert_eq!(
        proposed,
        vec![json!({"words": "ragondins", "theme": "proprete_cadre_vie", "confirmed": 3})]
    );

    // Volunteers and council members see no proposal.
    let (_, other) = app.user("volunteer", None).await;
    let refused = app.get("/api/v1/themes/proposals", &other).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // Until the proposal is accepted, the word alone suggests nothing.
    let before = testimony(
        &app,
        &volunteer,
        testimony_item(quartier, "Des ragondins dans la haie."),
    )
    .await;
    assert!(!suggested(&app, &before)
        .await
        .contains(&"proprete_cadre_vie".to_owned()));

    let accepted = app
        .post(
            "/api/v1/themes/proposals",
            &coordinator,
            &json!({"words": "ragondins", "theme": "proprete_cadre_vie"}),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    assert!(accepted.body["keywords"]
        .as_array()
        .unwrap()
        .contains(&json!("ragondins")));
    assert!(proposals(&app, &coordinator).await.is_empty());
    assert!(audit_actions(&app, "theme:proprete_cadre_vie")
        .await
        .contains(&"theme.updated".to_owned()));
    // Accepting it again: it is no longer a proposal.
    let again = app
        .post(
            "/api/v1/themes/proposals",
            &coordinator,
            &json!({"words": "ragondins", "theme": "proprete_cadre_vie"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert_eq!(again.error_code(), "no_such_proposal");

    let next = testimony(
        &app,
        &volunteer,
        testimony_item(quartier, "Des ragondins dans la haie."),
    )
    .await;
    assert!(suggested(&app, &next)
        .await
        .contains(&"proprete_cadre_vie".to_owned()));
}
