//! The audit log: moderation, exports, erasures and account changes.

use diesel::prelude::*;

use crate::clock::now_ms;
use crate::db::schema::audit_log;
use crate::db::DbConnection;

/// Who acted, as the audit log records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// A signed-in account (its id).
    User(i64),
    /// No account: the command line (`portevoix user`, `seed --demo`, `export`), the first
    /// start's administrator and the server's own work (key rotation, the retention purge).
    /// Stored as a NULL `actor_id`.
    System,
}

impl Actor {
    /// The `actor_id` column: the account, or NULL for the system.
    pub fn user_id(self) -> Option<i64> {
        match self {
            Self::User(id) => Some(id),
            Self::System => None,
        }
    }
}

/// What an audit entry records. The text stored (`as_str`) is what the audit page filters on
/// (`action=survey.` matches every `survey.…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    AccountCreated,
    AccountUpdated,
    /// The first administrator, created at the first start.
    FirstAdminCreated,
    AuditExported,
    CodebookReanalysed,
    /// A coordinator approved or refused a council's answer (public page).
    CouncilAnswerDecided,
    CouncilCreated,
    CouncilUpdated,
    DeviceEnrolmentCreated,
    DeviceEnrolled,
    DeviceRevoked,
    ExportResponses,
    ExportTestimonies,
    ExportOutings,
    ExportCodebook,
    ItemErased,
    /// A resident withdrew their consent to be quoted (receipt page).
    ConsentWithdrawn,
    KeysRotated,
    /// Figures published to councils (issue 16 §1).
    PublicationMade,
    QuartierCreated,
    QuartierUpdated,
    QuartierMerged,
    /// Quartier outlines uploaded as GeoJSON (the map, issue 16 §3), or removed.
    QuartierOutlines,
    RetentionPurge,
    SessionEndedEverywhere,
    SessionReuseDetected,
    SurveyCreated,
    /// A draft made from an XLSForm (issue 15).
    SurveyImported,
    SurveyPublished,
    SurveyStatus,
    SurveyAssigned,
    TestimonyThemes,
    TestimonyRedaction,
    TestimonyApproved,
    TestimonyRejected,
    TestimonyNeedsCorrection,
    TestimonyReopened,
    TestimonyCorrected,
    ThemeCreated,
    ThemeUpdated,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AccountCreated => "account.created",
            Self::AccountUpdated => "account.updated",
            Self::FirstAdminCreated => "account.create_first_admin",
            Self::AuditExported => "audit.exported",
            Self::CodebookReanalysed => "codebook.reanalysed",
            Self::CouncilAnswerDecided => "council.answer_decided",
            Self::CouncilCreated => "council.created",
            Self::CouncilUpdated => "council.updated",
            Self::DeviceEnrolmentCreated => "device.enrolment_created",
            Self::DeviceEnrolled => "device.enrolled",
            Self::DeviceRevoked => "device.revoked",
            Self::ExportResponses => "export.responses",
            Self::ExportTestimonies => "export.testimonies",
            Self::ExportOutings => "export.outings",
            Self::ExportCodebook => "export.codebook",
            Self::ItemErased => "item.erased",
            Self::ConsentWithdrawn => "item.consent_withdrawn",
            Self::KeysRotated => "keys.rotated",
            Self::PublicationMade => "publication.made",
            Self::QuartierCreated => "quartier.created",
            Self::QuartierUpdated => "quartier.updated",
            Self::QuartierMerged => "quartier.merged",
            Self::QuartierOutlines => "quartier.outlines",
            Self::RetentionPurge => "retention.purge",
            Self::SessionEndedEverywhere => "session.ended_everywhere",
            Self::SessionReuseDetected => "session.reuse_detected",
            Self::SurveyCreated => "survey.created",
            Self::SurveyImported => "survey.imported",
            Self::SurveyPublished => "survey.published",
            Self::SurveyStatus => "survey.status",
            Self::SurveyAssigned => "survey.assigned",
            Self::TestimonyThemes => "testimony.themes",
            Self::TestimonyRedaction => "testimony.redaction",
            Self::TestimonyApproved => "testimony.approved",
            Self::TestimonyRejected => "testimony.rejected",
            Self::TestimonyNeedsCorrection => "testimony.needs_correction",
            Self::TestimonyReopened => "testimony.reopened",
            Self::TestimonyCorrected => "testimony.corrected",
            Self::ThemeCreated => "theme.created",
            Self::ThemeUpdated => "theme.updated",
        }
    }
}

/// Appends one entry; call it inside the transaction of the change it records.
pub fn record(
    conn: &mut DbConnection,
    actor: Actor,
    action: AuditAction,
    target: &str,
    details: serde_json::Value,
) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(now_ms()),
            audit_log::actor_id.eq(actor.user_id()),
            audit_log::action.eq(action.as_str()),
            audit_log::target.eq(target),
            audit_log::details.eq(details.to_string()),
        ))
        .execute(conn)
        .map(|_| ())
}
