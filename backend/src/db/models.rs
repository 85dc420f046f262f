//! Rows as diesel reads and writes them. Wire types live in the domain crate; conversion
//! happens in the services.

use diesel::prelude::*;
use portevoix_domain::wire::{AgeBand, Consent, ModerationStatus, Role, SurveyStatus, ThemeSource};

use super::schema::*;
use super::Stored;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: Option<String>,
    pub role: Role,
    pub council_id: Option<i64>,
    pub active: bool,
    pub expires_on: Option<String>,
    pub created_at: i64,
    pub sessions_valid_after: i64,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUserRow<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: Option<&'a str>,
    pub role: Stored<Role>,
    pub council_id: Option<i64>,
    pub active: bool,
    pub expires_on: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = devices)]
pub struct DeviceRow {
    pub id: String,
    pub user_id: i64,
    pub label: String,
    pub created_at: i64,
    pub last_seen_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRow {
    pub id: i64,
    pub token_hash: String,
    pub family: String,
    pub user_id: i64,
    pub device_id: Option<String>,
    pub issued_at: i64,
    pub expires_at: i64,
    pub rotated_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = quartiers)]
pub struct QuartierRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub official_code: Option<String>,
    pub created_at: i64,
    pub seq: i64,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = surveys)]
pub struct SurveyRow {
    pub id: i64,
    pub status: SurveyStatus,
    pub draft: String,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub closed_at: Option<i64>,
    pub seq: i64,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = survey_versions)]
pub struct SurveyVersionRow {
    pub id: i64,
    pub survey_id: i64,
    pub version: i32,
    pub definition: String,
    pub published_at: i64,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = themes)]
pub struct ThemeRow {
    pub code: String,
    pub label: String,
    pub keywords: String,
    pub related: String,
    pub retired: bool,
    pub position: i32,
    pub seq: i64,
    pub label_en: Option<String>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = responses)]
pub struct NewResponse {
    pub id: String,
    pub survey_version_id: i64,
    pub quartier_id: i64,
    pub user_id: i64,
    pub device_id: Option<String>,
    pub outing_id: Option<String>,
    pub place: String,
    pub captured_at: i64,
    pub age_band: Option<Stored<AgeBand>>,
    pub receipt_code: Option<String>,
    pub content_hash: String,
    pub received_at: i64,
    pub seq: i64,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = answers)]
pub struct NewAnswer {
    pub response_id: String,
    pub question_code: String,
    pub option_code: String,
    pub number_value: Option<f64>,
    pub text_value: Option<String>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = testimonies)]
pub struct NewTestimony {
    pub id: String,
    pub quartier_id: i64,
    pub user_id: i64,
    pub device_id: Option<String>,
    pub outing_id: Option<String>,
    pub place: String,
    pub captured_at: i64,
    pub text: String,
    pub redacted_text: String,
    pub consent: Stored<Consent>,
    pub age_band: Option<Stored<AgeBand>>,
    pub sensitive: bool,
    /// The analysis failed on arrival: no suggestion, a placeholder as redacted text.
    pub analysis_failed: bool,
    pub status: Stored<ModerationStatus>,
    pub receipt_code: Option<String>,
    pub content_hash: String,
    pub received_at: i64,
    pub seq: i64,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = testimony_themes)]
pub struct NewTestimonyTheme {
    pub testimony_id: String,
    pub theme_code: String,
    pub source: Stored<ThemeSource>,
    pub matched: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = outings)]
pub struct NewOuting {
    pub id: String,
    pub user_id: i64,
    pub device_id: Option<String>,
    pub quartier_id: i64,
    pub place: String,
    pub started_at: i64,
    pub ended_at: Option<i64>,
    pub approached: i32,
    pub answered: i32,
    pub note: Option<String>,
    pub content_hash: String,
    pub received_at: i64,
    pub seq: i64,
}

/// A testimony as the review queue, the council's quotes and erasure read it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = testimonies)]
pub struct TestimonyRow {
    pub id: String,
    pub quartier_id: i64,
    pub user_id: i64,
    pub outing_id: Option<String>,
    pub place: String,
    pub captured_at: i64,
    pub received_at: i64,
    pub text: String,
    pub redacted_text: String,
    pub redaction_edited: bool,
    pub sensitive: bool,
    pub analysis_failed: bool,
    pub consent: Consent,
    pub age_band: Option<AgeBand>,
    pub status: ModerationStatus,
    pub moderation_message: Option<String>,
    pub moderated_by: Option<i64>,
    pub moderated_at: Option<i64>,
    pub seq: i64,
}

impl TestimonyRow {
    pub fn is_approved(&self) -> bool {
        self.status == ModerationStatus::Approved
    }
}
