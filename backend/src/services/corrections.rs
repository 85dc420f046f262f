//! "À corriger", the volunteer's side (`routes/corrections.rs`; on the phone, `pages/fix.rs`): a
//! coordinator sent a testimony back from moderation with a message; the volunteer who collected
//! it reads it and resubmits it. The corrected text is analysed again and the testimony goes back
//! to the review queue as pending, its `seq` bumped (the phone's pull sees it) and the change
//! audited. Built on moderation's reading of a testimony; moderation never calls it.

use diesel::prelude::*;
use portevoix_domain::text::char_len;
use portevoix_domain::values::TestimonyText;
use portevoix_domain::wire::{
    CorrectionInput, CorrectionRequest, ModerationStatus, ThemeSource, MAX_TESTIMONY_CHARS,
};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::clock::to_datetime;
use crate::db::models::TestimonyRow;
use crate::db::schema::{testimonies, testimony_themes};
use crate::db::{write_transaction, DbConnection, Stored};
use crate::error::ApiError;
use crate::services::audit::{self, AuditAction};
use crate::services::moderation::{check_themes, insert_theme, load_row, theme_codes};
use crate::services::{analysis, sequence};

/// The caller's own testimony; anyone else's is "not found" (its existence is not revealed).
fn own_row(conn: &mut DbConnection, actor: &AuthUser, id: Uuid) -> Result<TestimonyRow, ApiError> {
    actor.require_collector()?;
    let row = load_row(conn, &id.to_string())?;
    if row.user_id != actor.id {
        return Err(ApiError::NotFound("témoignage"));
    }
    Ok(row)
}

fn to_correction(
    conn: &mut DbConnection,
    row: TestimonyRow,
) -> Result<CorrectionRequest, ApiError> {
    Ok(CorrectionRequest {
        id: Uuid::parse_str(&row.id).map_err(ApiError::internal)?,
        status: row.status,
        themes: theme_codes(conn, &row.id)?,
        message: row.moderation_message,
        text: row.text,
        quartier_id: row.quartier_id,
        place: row.place,
        captured_at: to_datetime(row.captured_at),
    })
}

/// `GET /api/v1/testimonies/{id}/correction`: what the volunteer must correct (the phone may
/// have purged its copy once the testimony was acknowledged).
pub fn correction_request(
    conn: &mut DbConnection,
    actor: &AuthUser,
    id: Uuid,
) -> Result<CorrectionRequest, ApiError> {
    let row = own_row(conn, actor, id)?;
    to_correction(conn, row)
}

/// `POST /api/v1/testimonies/{id}/correction`: the volunteer's corrected text. It is analysed
/// again (redaction, sensitive flag, suggestions) and goes back to the queue as pending. Sending
/// the same correction twice is harmless (the second answers the current state).
pub fn submit_correction(
    conn: &mut DbConnection,
    actor: &AuthUser,
    id: Uuid,
    input: CorrectionInput,
) -> Result<CorrectionRequest, ApiError> {
    // The same text at the door as the push (NFC, no controls nor bidi overrides).
    let text = TestimonyText::parse(&input.text)
        .map_err(|_| {
            ApiError::validation(
                "invalid_text",
                format!("texte : 1 à {MAX_TESTIMONY_CHARS} caractères"),
                Some("text".into()),
            )
        })?
        .into_string();
    let row = write_transaction(conn, |conn| {
        let seq = sequence::next(conn)?;
        let row = own_row(conn, actor, id)?;
        match row.status {
            ModerationStatus::NeedsCorrection => {}
            ModerationStatus::Pending if row.text == text => return Ok(row),
            _ => {
                return Err(ApiError::conflict(
                    "not_awaiting_correction",
                    "ce témoignage n'attend pas de correction",
                    None,
                ))
            }
        }
        let current = theme_codes(conn, &row.id)?;
        let volunteer_themes = match &input.themes {
            Some(codes) => Some(check_themes(conn, codes, &[])?),
            None => None,
        };
        let analysed = analysis::analyse(conn, &text)?;
        diesel::update(testimonies::table.find(&row.id))
            .set((
                testimonies::text.eq(&text),
                testimonies::redacted_text.eq(&analysed.redacted),
                testimonies::redaction_edited.eq(false),
                testimonies::sensitive.eq(analysed.sensitive),
                testimonies::analysis_failed.eq(analysed.failed),
                testimonies::status.eq(Stored(ModerationStatus::Pending)),
                testimonies::moderation_message.eq(None::<String>),
                testimonies::seq.eq(seq),
            ))
            .execute(conn)?;
        let mut stale = vec![Stored(ThemeSource::Suggested)];
        if volunteer_themes.is_some() {
            stale.push(Stored(ThemeSource::Volunteer));
        }
        diesel::delete(
            testimony_themes::table
                .filter(testimony_themes::testimony_id.eq(&row.id))
                .filter(testimony_themes::source.eq_any(&stale)),
        )
        .execute(conn)?;
        let mut present = theme_codes(conn, &row.id)?;
        for code in volunteer_themes.iter().flatten() {
            if !present.contains(code) {
                insert_theme(conn, &row.id, code, ThemeSource::Volunteer, &[])?;
                present.push(code.clone());
            }
        }
        for suggestion in analysed.themes {
            if !present.contains(&suggestion.code) {
                insert_theme(
                    conn,
                    &row.id,
                    &suggestion.code,
                    ThemeSource::Suggested,
                    &suggestion.words,
                )?;
                present.push(suggestion.code);
            }
        }
        audit::record(
            conn,
            actor.actor(),
            AuditAction::TestimonyCorrected,
            &format!("testimony:{}", row.id),
            serde_json::json!({"themes_before": current, "chars": char_len(&text)}),
        )?;
        load_row(conn, &row.id)
    })?;
    to_correction(conn, row)
}
