//! The coordinators' and councils' side of the API client (staff bundle only): surveys,
//! moderation, codebook, follow-up, comparisons, exports, accounts, council views.
//! Same client as the volunteers' (`super::authorised`): one refresh and retry on 401.
#![cfg_attr(
    not(feature = "staff"),
    expect(dead_code, reason = "the council bundle uses the council views only")
)]

use portevoix_domain::analysis::learning::KeywordProposal;
use portevoix_domain::codebook::Theme;
use portevoix_domain::survey::SurveyDefinition;
use portevoix_domain::wire::{
    AnswerDecision, Council, CouncilAnswer, CouncilAnswerInput, CouncilHome, CouncilReport,
    Decision, Device, Enrolment, EnrolmentRequest, ExportLink, ExportLinkRequest, FollowupQuery,
    FollowupRow, KeywordAcceptance, NewUser, OutingPage, Publication, PublicationBoard,
    PublicationRequest, Quartier, QuestionComparison, QuotePage, ReanalysisReport, RedactionUpdate,
    ReviewItem, ReviewOrder, ReviewPage, ReviewQuery, Survey, SurveyAssignment, SurveyResults,
    ThemeComparison, ThemeInput, ThemesOverTime, ThemesUpdate, User, UserPatch,
};
use wasm_bindgen::JsCast;

use super::{authorised, js_text, ApiError};

/// `?a=1&b=x` from the pairs that have a value, each encoded.
pub fn query(pairs: &[(&str, Option<String>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| {
            v.as_ref()
                .map(|v| format!("{k}={}", String::from(js_sys::encode_uri_component(v))))
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

fn some<T: ToString>(value: Option<T>) -> Option<String> {
    value.map(|v| v.to_string())
}

const NO_BODY: Option<&()> = None;

// ---- surveys ----

pub async fn surveys() -> Result<Vec<Survey>, ApiError> {
    authorised("GET", "/api/v1/surveys", NO_BODY).await
}

pub async fn survey(id: i64) -> Result<Survey, ApiError> {
    authorised("GET", &format!("/api/v1/surveys/{id}"), NO_BODY).await
}

pub async fn create_survey(definition: &SurveyDefinition) -> Result<Survey, ApiError> {
    authorised("POST", "/api/v1/surveys", Some(definition)).await
}

pub async fn save_draft(id: i64, definition: &SurveyDefinition) -> Result<Survey, ApiError> {
    authorised("PUT", &format!("/api/v1/surveys/{id}"), Some(definition)).await
}

/// `action`: `publish`, `open` or `close`.
pub async fn survey_action(id: i64, action: &str) -> Result<Survey, ApiError> {
    authorised(
        "POST",
        &format!("/api/v1/surveys/{id}/{action}"),
        Some(&serde_json::json!({})),
    )
    .await
}

pub async fn assign_survey(id: i64, quartier_ids: Vec<i64>) -> Result<Survey, ApiError> {
    authorised(
        "PUT",
        &format!("/api/v1/surveys/{id}/quartiers"),
        Some(&SurveyAssignment { quartier_ids }),
    )
    .await
}

// ---- places and accounts ----

pub async fn quartiers() -> Result<Vec<Quartier>, ApiError> {
    authorised("GET", "/api/v1/quartiers", NO_BODY).await
}

pub async fn councils() -> Result<Vec<Council>, ApiError> {
    authorised("GET", "/api/v1/councils", NO_BODY).await
}

pub async fn users() -> Result<Vec<User>, ApiError> {
    authorised("GET", "/api/v1/users", NO_BODY).await
}

pub async fn create_user(user: &NewUser) -> Result<User, ApiError> {
    authorised("POST", "/api/v1/users", Some(user)).await
}

pub async fn patch_user(id: i64, patch: &UserPatch) -> Result<User, ApiError> {
    authorised("PATCH", &format!("/api/v1/users/{id}"), Some(patch)).await
}

pub async fn devices() -> Result<Vec<Device>, ApiError> {
    authorised("GET", "/api/v1/devices", NO_BODY).await
}

pub async fn enrol_device(user_id: i64, label: Option<String>) -> Result<Enrolment, ApiError> {
    authorised(
        "POST",
        "/api/v1/devices/enrolments",
        Some(&EnrolmentRequest { user_id, label }),
    )
    .await
}

pub async fn revoke_device(id: uuid::Uuid) -> Result<serde_json::Value, ApiError> {
    authorised("DELETE", &format!("/api/v1/devices/{id}"), NO_BODY).await
}

// ---- codebook ----

pub async fn themes() -> Result<Vec<Theme>, ApiError> {
    authorised("GET", "/api/v1/themes", NO_BODY).await
}

pub async fn create_theme(input: &ThemeInput) -> Result<Theme, ApiError> {
    authorised("POST", "/api/v1/themes", Some(input)).await
}

pub async fn update_theme(code: &str, input: &ThemeInput) -> Result<Theme, ApiError> {
    authorised("PUT", &format!("/api/v1/themes/{code}"), Some(input)).await
}

pub async fn reanalyse() -> Result<ReanalysisReport, ApiError> {
    authorised(
        "POST",
        "/api/v1/themes/reanalyse",
        Some(&serde_json::json!({})),
    )
    .await
}

pub async fn keyword_proposals() -> Result<Vec<KeywordProposal>, ApiError> {
    authorised("GET", "/api/v1/themes/proposals", NO_BODY).await
}

pub async fn accept_proposal(acceptance: &KeywordAcceptance) -> Result<Theme, ApiError> {
    authorised("POST", "/api/v1/themes/proposals", Some(acceptance)).await
}

// ---- moderation ----

pub async fn review_queue(q: &ReviewQuery) -> Result<ReviewPage, ApiError> {
    let path = format!(
        "/api/v1/moderation/testimonies{}",
        query(&[
            ("quartier_id", some(q.quartier_id)),
            ("status", q.status.map(|s| s.as_str().to_owned())),
            ("theme", q.theme.clone()),
            ("user_id", some(q.user_id)),
            ("from", some(q.from)),
            ("to", some(q.to)),
            ("sensitive", some(q.sensitive)),
            (
                "order",
                (q.order == ReviewOrder::Newest).then(|| "newest".to_owned())
            ),
            ("limit", some(q.limit)),
            ("offset", (q.offset > 0).then(|| q.offset.to_string())),
        ])
    );
    authorised("GET", &path, NO_BODY).await
}

pub async fn set_item_themes(
    id: uuid::Uuid,
    update: &ThemesUpdate,
) -> Result<ReviewItem, ApiError> {
    authorised(
        "PUT",
        &format!("/api/v1/moderation/testimonies/{id}/themes"),
        Some(update),
    )
    .await
}

pub async fn set_redaction(
    id: uuid::Uuid,
    update: &RedactionUpdate,
) -> Result<ReviewItem, ApiError> {
    authorised(
        "PUT",
        &format!("/api/v1/moderation/testimonies/{id}/redaction"),
        Some(update),
    )
    .await
}

pub async fn decide(id: uuid::Uuid, decision: &Decision) -> Result<ReviewItem, ApiError> {
    authorised(
        "POST",
        &format!("/api/v1/moderation/testimonies/{id}/decision"),
        Some(decision),
    )
    .await
}

// ---- follow-up and comparisons ----

fn followup_query(q: &FollowupQuery) -> String {
    query(&[
        ("user_id", some(q.user_id)),
        ("quartier_id", some(q.quartier_id)),
        ("from", some(q.from)),
        ("to", some(q.to)),
        ("limit", some(q.limit)),
        ("offset", (q.offset > 0).then(|| q.offset.to_string())),
    ])
}

pub async fn followup_outings(q: &FollowupQuery) -> Result<OutingPage, ApiError> {
    let path = format!("/api/v1/followup/outings{}", followup_query(q));
    authorised("GET", &path, NO_BODY).await
}

pub async fn followup_summary(q: &FollowupQuery) -> Result<Vec<FollowupRow>, ApiError> {
    let path = format!("/api/v1/followup/summary{}", followup_query(q));
    authorised("GET", &path, NO_BODY).await
}

fn ids(quartier_ids: &[i64]) -> Option<String> {
    (!quartier_ids.is_empty()).then(|| {
        quartier_ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",")
    })
}

pub async fn compare_theme(
    theme: &str,
    from: Option<String>,
    to: Option<String>,
    quartier_ids: &[i64],
    raw: bool,
) -> Result<ThemeComparison, ApiError> {
    let path = format!(
        "/api/v1/compare/themes{}",
        query(&[
            ("theme", Some(theme.to_owned())),
            ("from", from),
            ("to", to),
            ("quartier_ids", ids(quartier_ids)),
            ("raw", raw.then(|| "true".to_owned())),
        ])
    );
    authorised("GET", &path, NO_BODY).await
}

pub async fn compare_question(
    survey_version_id: i64,
    question: &str,
    quartier_ids: &[i64],
    raw: bool,
) -> Result<QuestionComparison, ApiError> {
    let path = format!(
        "/api/v1/compare/questions{}",
        query(&[
            ("survey_version_id", Some(survey_version_id.to_string())),
            ("question", Some(question.to_owned())),
            ("quartier_ids", ids(quartier_ids)),
            ("raw", raw.then(|| "true".to_owned())),
        ])
    );
    authorised("GET", &path, NO_BODY).await
}

// ---- publications ----

pub async fn publication_board(council: i64) -> Result<PublicationBoard, ApiError> {
    let path = format!("/api/v1/publications?council_id={council}");
    authorised("GET", &path, NO_BODY).await
}

pub async fn publish(request: &PublicationRequest) -> Result<Publication, ApiError> {
    authorised("POST", "/api/v1/publications", Some(request)).await
}

// ---- council answers ----

pub async fn council_answers(
    quartier: i64,
    council: Option<i64>,
) -> Result<Vec<CouncilAnswer>, ApiError> {
    let path = format!(
        "/api/v1/council/answers{}",
        query(&[
            ("quartier_id", Some(quartier.to_string())),
            ("council_id", some(council)),
        ])
    );
    authorised("GET", &path, NO_BODY).await
}

pub async fn submit_answer(
    council: Option<i64>,
    input: &CouncilAnswerInput,
) -> Result<CouncilAnswer, ApiError> {
    let path = format!(
        "/api/v1/council/answers{}",
        query(&[("council_id", some(council))])
    );
    authorised("POST", &path, Some(input)).await
}

pub async fn pending_answers() -> Result<Vec<CouncilAnswer>, ApiError> {
    authorised("GET", "/api/v1/council/answers", NO_BODY).await
}

pub async fn decide_answer(id: i64, approve: bool) -> Result<CouncilAnswer, ApiError> {
    let path = format!("/api/v1/council/answers/{id}/decision");
    authorised("POST", &path, Some(&AnswerDecision { approve })).await
}

// ---- council views ----

pub async fn council_home(council: Option<i64>) -> Result<CouncilHome, ApiError> {
    let path = format!(
        "/api/v1/council/home{}",
        query(&[("council_id", some(council))])
    );
    authorised("GET", &path, NO_BODY).await
}

pub async fn council_results(
    version_id: i64,
    quartier: i64,
    council: Option<i64>,
) -> Result<SurveyResults, ApiError> {
    let path = format!(
        "/api/v1/council/surveys/{version_id}/results{}",
        query(&[
            ("quartier_id", Some(quartier.to_string())),
            ("council_id", some(council)),
        ])
    );
    authorised("GET", &path, NO_BODY).await
}

pub async fn council_themes(
    quartier: i64,
    council: Option<i64>,
) -> Result<ThemesOverTime, ApiError> {
    let path = format!(
        "/api/v1/council/themes{}",
        query(&[
            ("quartier_id", Some(quartier.to_string())),
            ("council_id", some(council)),
        ])
    );
    authorised("GET", &path, NO_BODY).await
}

/// Filters of the quotes list (`YYYY-MM` months).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuoteFilter {
    pub theme: Option<String>,
    pub search: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub offset: u64,
}

pub async fn council_quotes(
    quartier: i64,
    council: Option<i64>,
    filter: &QuoteFilter,
) -> Result<QuotePage, ApiError> {
    let path = format!(
        "/api/v1/council/quotes{}",
        query(&[
            ("quartier_id", Some(quartier.to_string())),
            ("council_id", some(council)),
            ("theme", filter.theme.clone()),
            ("q", filter.search.clone()),
            ("from", filter.from.clone()),
            ("to", filter.to.clone()),
            (
                "offset",
                (filter.offset > 0).then(|| filter.offset.to_string())
            ),
        ])
    );
    authorised("GET", &path, NO_BODY).await
}

/// The report's choices: months `YYYY-MM` and theme codes (empty: the server's defaults).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportChoice {
    pub from: Option<String>,
    pub to: Option<String>,
    pub themes: Vec<String>,
}

pub async fn council_report(
    quartier: i64,
    council: Option<i64>,
    choice: ReportChoice,
) -> Result<CouncilReport, ApiError> {
    let themes = (!choice.themes.is_empty()).then(|| choice.themes.join(","));
    let path = format!(
        "/api/v1/council/report{}",
        query(&[
            ("quartier_id", Some(quartier.to_string())),
            ("council_id", some(council)),
            ("from", choice.from),
            ("to", choice.to),
            ("themes", themes),
        ])
    );
    authorised("GET", &path, NO_BODY).await
}

// ---- exports ----

/// Asks for a single-use link to an export and hands it to the browser: its download manager
/// streams the file to disk, so a large export never sits in the tab's memory.
pub async fn download_export(request: &ExportLinkRequest) -> Result<(), ApiError> {
    let link: ExportLink = authorised("POST", "/api/v1/exports/links", Some(request)).await?;
    // The server's `Content-Disposition` names the file.
    save_as(&link.url, "")
}

/// Hands `href` to the browser's download manager, saved as `name` (empty: the server's name).
fn save_as(href: &str, name: &str) -> Result<(), ApiError> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| ApiError::Network("no document".into()))?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| ApiError::Network(js_text(&e)))?
        .unchecked_into();
    anchor.set_href(href);
    anchor.set_download(name);
    if let Some(body) = document.body() {
        let _ = body.append_child(&anchor);
        anchor.click();
        let _ = body.remove_child(&anchor);
    }
    Ok(())
}

// ---- trust: emerging topics, erasure by receipt code ----

pub async fn emerging(
    quartier: Option<i64>,
) -> Result<portevoix_domain::wire::EmergingTopics, ApiError> {
    let path = format!(
        "/api/v1/analysis/emerging{}",
        query(&[
            ("quartier_id", some(quartier)),
            ("limit", Some("10".into()))
        ])
    );
    authorised("GET", &path, NO_BODY).await
}

fn receipt_path(code: &str) -> String {
    format!(
        "/api/v1/receipts/{}",
        String::from(js_sys::encode_uri_component(code.trim()))
    )
}

pub async fn find_receipt(code: &str) -> Result<portevoix_domain::wire::ReceiptLookup, ApiError> {
    authorised("GET", &receipt_path(code), NO_BODY).await
}

pub async fn erase_receipt(code: &str) -> Result<portevoix_domain::wire::ErasureReport, ApiError> {
    authorised("DELETE", &receipt_path(code), NO_BODY).await
}

// ---- quartiers and councils ----

pub async fn quartier_map() -> Result<portevoix_domain::wire::QuartierMap, ApiError> {
    authorised("GET", "/api/v1/map", NO_BODY).await
}

pub async fn upload_outlines(
    geojson: &serde_json::Value,
) -> Result<portevoix_domain::wire::OutlineReport, ApiError> {
    authorised("PUT", "/api/v1/quartiers/outlines", Some(geojson)).await
}

pub async fn clear_outlines() -> Result<serde_json::Value, ApiError> {
    authorised("DELETE", "/api/v1/quartiers/outlines", NO_BODY).await
}

pub async fn place_tile(
    id: i64,
    col: u8,
    row: u8,
) -> Result<portevoix_domain::wire::QuartierMap, ApiError> {
    let request = portevoix_domain::wire::TileRequest { col, row };
    authorised(
        "PUT",
        &format!("/api/v1/quartiers/{id}/tile"),
        Some(&request),
    )
    .await
}

pub async fn create_quartier(
    input: &portevoix_domain::wire::QuartierInput,
) -> Result<Quartier, ApiError> {
    authorised("POST", "/api/v1/quartiers", Some(input)).await
}

pub async fn update_quartier(
    id: i64,
    input: &portevoix_domain::wire::QuartierInput,
) -> Result<Quartier, ApiError> {
    authorised("PUT", &format!("/api/v1/quartiers/{id}"), Some(input)).await
}

pub async fn merge_quartiers(from: i64, into: i64) -> Result<Quartier, ApiError> {
    authorised(
        "POST",
        "/api/v1/quartiers/merge",
        Some(&portevoix_domain::wire::QuartierMerge { from, into }),
    )
    .await
}

pub async fn save_council(
    id: Option<i64>,
    input: &portevoix_domain::wire::CouncilInput,
) -> Result<Council, ApiError> {
    match id {
        Some(id) => authorised("PUT", &format!("/api/v1/councils/{id}"), Some(input)).await,
        None => authorised("POST", "/api/v1/councils", Some(input)).await,
    }
}

/// Reads an XLSForm on the server (`dry_run`: report only) or makes a draft from it with the
/// questions in `keep` (all the importable ones up to the limit when empty).
#[cfg(feature = "staff")]
pub async fn import_xlsform(
    file: &web_sys::File,
    dry_run: bool,
    keep: &[String],
) -> Result<portevoix_domain::wire::ImportReport, ApiError> {
    let form = web_sys::FormData::new().map_err(|e| ApiError::Network(js_text(&e)))?;
    form.append_with_blob_and_filename("file", file, &file.name())
        .map_err(|e| ApiError::Network(js_text(&e)))?;
    form.append_with_str("dry_run", if dry_run { "true" } else { "false" })
        .map_err(|e| ApiError::Network(js_text(&e)))?;
    if !keep.is_empty() {
        form.append_with_str("keep", &keep.join(","))
            .map_err(|e| ApiError::Network(js_text(&e)))?;
    }
    super::authorised_form("POST", "/api/v1/surveys/import", form).await
}

/// Survey `id`'s saved draft as an XLSForm, saved by the browser under the server's file name.
#[cfg(feature = "staff")]
pub async fn download_xlsform(id: i64) -> Result<(), ApiError> {
    let (blob, name) = super::fetch_file(&format!("/api/v1/surveys/{id}/xlsform")).await?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|e| ApiError::Network(js_text(&e)))?;
    let saved = save_as(&url, &name);
    let _ = web_sys::Url::revoke_object_url(&url);
    saved
}
