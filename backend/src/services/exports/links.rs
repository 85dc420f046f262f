//! Single-use download links. A coordinator's screen asks for a link to an export; the
//! browser follows it and its download manager streams the file to disk, so a large export
//! never sits in a tab's memory, and no bearer token has to travel in a URL.
//!
//! The link carries a random 256-bit secret; only its SHA-256 is stored, with the checked
//! request and its account. The first download spends it (one conditional `UPDATE`, so two
//! downloads racing cannot both win); it expires after [`LINK_SECONDS`]. The export itself is
//! audited when downloaded, under the account that asked for the link, like any export.

use chrono::{TimeZone, Utc};
use diesel::prelude::*;
use portevoix_domain::wire::{ExportKind, ExportLink, ExportLinkRequest};

use super::format::Format;
use super::{check, ExportRequest};
use crate::auth::token::{random_token, sha256_hex};
use crate::auth::AuthUser;
use crate::clock::now_ms;
use crate::db::schema::export_links;
use crate::db::{write_transaction, DbConnection};
use crate::error::ApiError;
use crate::services::accounts::sessions;

/// How long a link may wait to be followed: the screen follows it at once.
pub const LINK_SECONDS: i64 = 120;

/// Where links point; the secret follows.
pub const DOWNLOAD_PATH: &str = "/api/v1/exports/download/";

/// An export as a link describes it: what to export, in which format, labels or codes.
pub struct LinkedExport {
    pub request: ExportRequest,
    pub format: Format,
    pub labels: Option<bool>,
}

/// Reads a link request into the export it stands for.
pub fn linked_export(asked: &ExportLinkRequest) -> Result<LinkedExport, ApiError> {
    let format = Format::parse(asked.format.as_deref())?;
    let request = match asked.export {
        ExportKind::Responses => ExportRequest::Responses {
            survey_id: asked.survey_id.ok_or_else(|| {
                ApiError::validation(
                    "missing_survey",
                    "choisissez l'enquête à exporter",
                    Some("survey_id".into()),
                )
            })?,
            quartier_id: asked.quartier_id,
        },
        ExportKind::Testimonies => ExportRequest::Testimonies {
            approved_only: asked.approved_only.unwrap_or(true),
            quartier_id: asked.quartier_id,
            original: asked.original.unwrap_or(false),
        },
        ExportKind::Outings => ExportRequest::Outings {
            quartier_id: asked.quartier_id,
        },
        ExportKind::Codebook => ExportRequest::Codebook {
            survey_id: asked.survey_id,
        },
    };
    Ok(LinkedExport {
        request,
        format,
        labels: asked.labels,
    })
}

/// Checks the export as if it ran now and hands out a link to it.
pub fn create(
    conn: &mut DbConnection,
    actor: &AuthUser,
    asked: &ExportLinkRequest,
) -> Result<ExportLink, ApiError> {
    let export = linked_export(asked)?;
    check(conn, actor, &export.request)?;
    let secret = random_token(32);
    let now = now_ms();
    let expires_at = now + LINK_SECONDS * 1000;
    let request = serde_json::to_string(asked).map_err(ApiError::internal)?;
    write_transaction(conn, |conn| -> Result<(), ApiError> {
        diesel::insert_into(export_links::table)
            .values((
                export_links::token_hash.eq(sha256_hex(&secret)),
                export_links::user_id.eq(actor.id),
                export_links::request.eq(&request),
                export_links::created_at.eq(now),
                export_links::expires_at.eq(expires_at),
            ))
            .execute(conn)?;
        Ok(())
    })?;
    Ok(ExportLink {
        url: format!("{DOWNLOAD_PATH}{secret}"),
        expires_at: Utc
            .timestamp_millis_opt(expires_at)
            .single()
            .unwrap_or_default(),
    })
}

/// Spends a link: the export it stands for and the account that asked for it (still able to
/// sign in). A second use, an expired or unknown secret are refused.
pub fn redeem(conn: &mut DbConnection, secret: &str) -> Result<(AuthUser, LinkedExport), ApiError> {
    let hash = sha256_hex(secret);
    let now = now_ms();
    let spent = write_transaction(conn, |conn| -> Result<usize, ApiError> {
        Ok(diesel::update(
            export_links::table
                .filter(export_links::token_hash.eq(&hash))
                .filter(export_links::used_at.is_null())
                .filter(export_links::expires_at.gt(now)),
        )
        .set(export_links::used_at.eq(now))
        .execute(conn)?)
    })?;
    let row: Option<(i64, String, i64, Option<i64>)> = export_links::table
        .find(&hash)
        .select((
            export_links::user_id,
            export_links::request,
            export_links::created_at,
            export_links::used_at,
        ))
        .first(conn)
        .optional()?;
    let Some((user_id, request, created_at, used_at)) = row else {
        return Err(ApiError::NotFound("lien de téléchargement"));
    };
    if spent == 0 {
        return Err(match used_at {
            Some(_) => ApiError::Gone {
                code: "link_used",
                message: "ce lien a déjà servi : relancez l'export depuis l'écran Exports".into(),
            },
            None => ApiError::Gone {
                code: "link_expired",
                message: "ce lien a expiré : relancez l'export depuis l'écran Exports".into(),
            },
        });
    }
    let actor = sessions::session_user(conn, user_id, None, created_at)?;
    let asked: ExportLinkRequest = serde_json::from_str(&request).map_err(ApiError::internal)?;
    Ok((actor, linked_export(&asked)?))
}
