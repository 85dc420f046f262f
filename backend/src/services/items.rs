//! Ingest of captured items (answer sets, testimonies, outings): the one path used by the
//! single-item endpoints and by the sync push. Each item is idempotent on its device-made id.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use portevoix_domain::survey::SurveyDefinition;
use portevoix_domain::text::char_len;
use portevoix_domain::wire::{
    ModerationStatus, OutingInput, PushItem, PushResult, PushStatus, ResponseInput, SurveyStatus,
    TestimonyInput, MAX_NOTE_CHARS, MAX_PLACE_CHARS, MAX_TESTIMONY_CHARS,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::clock::now_ms;
use crate::db::schema::{
    answers, devices, outings, responses, survey_quartiers, survey_versions, surveys, testimonies,
    testimony_themes, themes,
};
use crate::db::{write_transaction, DbConnection};
use crate::error::ApiError;
use crate::services::{analysis, sequence, tallies};

/// Why one item was not stored. Sent back per item; never fails the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
}

impl Rejection {
    pub fn new(code: &'static str, message: impl Into<String>, field: Option<&str>) -> Self {
        Self {
            code,
            message: message.into(),
            field: field.map(str::to_owned),
        }
    }
}

/// One item's fate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Duplicate,
    Conflict,
    Rejected(Rejection),
}

impl Outcome {
    pub fn into_result(self, index: usize, id: Option<Uuid>) -> PushResult {
        let (status, code, message, field) = match self {
            Outcome::Created => (PushStatus::Created, None, None, None),
            Outcome::Duplicate => (PushStatus::Duplicate, None, None, None),
            Outcome::Conflict => (
                PushStatus::Conflict,
                Some("conflict".to_owned()),
                Some("un autre contenu est déjà enregistré sous cet identifiant ; le premier est conservé".to_owned()),
                None,
            ),
            Outcome::Rejected(r) => (PushStatus::Rejected, Some(r.code.to_owned()), Some(r.message), r.field),
        };
        PushResult {
            index,
            id,
            status,
            code,
            message,
            field,
        }
    }
}

/// A published version as the ingest needs it, loaded once per batch.
struct VersionInfo {
    survey_status: SurveyStatus,
    definition: SurveyDefinition,
    quartiers: Vec<i64>,
}

#[derive(Default)]
struct BatchCache {
    versions: HashMap<i64, Option<VersionInfo>>,
    themes: Option<Vec<String>>,
    devices: HashMap<Uuid, bool>,
}

/// The earliest and latest capture times accepted (phones' clocks drift, but not by years).
fn check_time(at: &DateTime<Utc>, field: &str) -> Result<i64, Rejection> {
    let ms = at.timestamp_millis();
    let now = now_ms();
    if ms > now + 24 * 3600 * 1000 {
        return Err(Rejection::new(
            "time_in_future",
            "date de saisie dans le futur : vérifiez l'heure du téléphone",
            Some(field),
        ));
    }
    if ms < 1_577_836_800_000 {
        return Err(Rejection::new(
            "time_too_old",
            "date de saisie invalide (avant 2020)",
            Some(field),
        ));
    }
    Ok(ms)
}

fn check_place(place: &str) -> Result<String, Rejection> {
    let place = place.trim();
    if place.is_empty() || char_len(place) > MAX_PLACE_CHARS {
        return Err(Rejection::new(
            "invalid_place",
            format!("lieu : 1 à {MAX_PLACE_CHARS} caractères"),
            Some("place"),
        ));
    }
    Ok(place.to_owned())
}

/// Receipt codes are 8 characters of the unambiguous alphabet; dashes and case are ignored.
fn check_receipt(code: Option<&str>) -> Result<Option<String>, Rejection> {
    let Some(code) = code else { return Ok(None) };
    let canonical: String = code
        .chars()
        .filter(|c| *c != '-' && *c != ' ')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let valid = canonical.len() == portevoix_domain::wire::RECEIPT_CODE_LEN
        && canonical
            .bytes()
            .all(|b| b"ABCDEFGHJKMNPQRSTUVWXYZ23456789".contains(&b));
    if valid {
        Ok(Some(canonical))
    } else {
        Err(Rejection::new(
            "invalid_receipt_code",
            "code de reçu invalide",
            Some("receipt_code"),
        ))
    }
}

fn content_hash<T: serde::Serialize>(item: &T) -> String {
    let json = serde_json::to_string(item).unwrap_or_default();
    hex::encode(Sha256::digest(json.as_bytes()))
}

/// Which device an item is recorded under. A phone signed in through enrolment can only push
/// for itself; otherwise the named device must belong to the caller and not be revoked.
fn effective_device(
    conn: &mut DbConnection,
    cache: &mut BatchCache,
    actor: &AuthUser,
    claimed: Option<Uuid>,
) -> Result<Result<Option<Uuid>, Rejection>, ApiError> {
    let foreign = || {
        Rejection::new(
            "foreign_device",
            "cet appareil n'est pas le vôtre ou a été révoqué",
            Some("device_id"),
        )
    };
    match (actor.device_id, claimed) {
        (Some(own), None) => Ok(Ok(Some(own))),
        (Some(own), Some(claimed)) if own == claimed => Ok(Ok(Some(own))),
        (Some(_), Some(_)) => Ok(Err(foreign())),
        (None, None) => Ok(Ok(None)),
        (None, Some(claimed)) => {
            let ok = match cache.devices.get(&claimed) {
                Some(ok) => *ok,
                None => {
                    let count: i64 = devices::table
                        .filter(devices::id.eq(claimed.to_string()))
                        .filter(devices::user_id.eq(actor.id))
                        .filter(devices::revoked_at.is_null())
                        .count()
                        .get_result(conn)?;
                    cache.devices.insert(claimed, count > 0);
                    count > 0
                }
            };
            Ok(if ok {
                Ok(Some(claimed))
            } else {
                Err(foreign())
            })
        }
    }
}

/// Whether the caller may push for this device at all (checked once per push request).
pub fn check_push_device(
    conn: &mut DbConnection,
    actor: &AuthUser,
    device_id: Option<Uuid>,
) -> Result<(), ApiError> {
    let mut cache = BatchCache::default();
    match effective_device(conn, &mut cache, actor, device_id)? {
        Ok(_) => Ok(()),
        Err(_) => Err(ApiError::Forbidden(
            "cet appareil n'est pas le vôtre ou a été révoqué".into(),
        )),
    }
}

fn version_info<'c>(
    conn: &mut DbConnection,
    cache: &'c mut BatchCache,
    version_id: i64,
) -> Result<Option<&'c VersionInfo>, ApiError> {
    if !cache.versions.contains_key(&version_id) {
        let row: Option<(i64, String, String)> = survey_versions::table
            .inner_join(surveys::table)
            .filter(survey_versions::id.eq(version_id))
            .select((surveys::id, surveys::status, survey_versions::definition))
            .first(conn)
            .optional()?;
        let info = match row {
            Some((survey_id, status, definition)) => Some(VersionInfo {
                survey_status: SurveyStatus::parse(&status).unwrap_or(SurveyStatus::Closed),
                definition: serde_json::from_str(&definition).map_err(ApiError::internal)?,
                quartiers: survey_quartiers::table
                    .filter(survey_quartiers::survey_id.eq(survey_id))
                    .select(survey_quartiers::quartier_id)
                    .load(conn)?,
            }),
            None => None,
        };
        cache.versions.insert(version_id, info);
    }
    Ok(cache.versions.get(&version_id).and_then(Option::as_ref))
}

/// Ingests a batch in one transaction. Items that fail validation are rejected alone;
/// a database failure fails the whole batch (the phone retries, ids keep it idempotent).
pub fn ingest_batch(
    conn: &mut DbConnection,
    actor: &AuthUser,
    items: Vec<Result<PushItem, Rejection>>,
) -> Result<Vec<Outcome>, ApiError> {
    actor.require_collector()?;
    write_transaction(conn, |conn| {
        // Taking the sequence row first serialises writers on PostgreSQL too, so the existence
        // checks below see every committed item and two pushes of one id cannot both insert.
        sequence::next(conn)?;
        let mut cache = BatchCache::default();
        let mut outcomes = Vec::with_capacity(items.len());
        for item in items {
            let outcome = match item {
                Err(rejection) => Outcome::Rejected(rejection),
                Ok(PushItem::Response(input)) => ingest_response(conn, &mut cache, actor, input)?,
                Ok(PushItem::Testimony(input)) => ingest_testimony(conn, &mut cache, actor, input)?,
                Ok(PushItem::Outing(input)) => ingest_outing(conn, &mut cache, actor, input)?,
            };
            outcomes.push(outcome);
        }
        Ok(outcomes)
    })
}

fn existing(stored_hash: Option<String>, hash: &str) -> Option<Outcome> {
    stored_hash.map(|stored| {
        if stored == hash {
            Outcome::Duplicate
        } else {
            Outcome::Conflict
        }
    })
}

fn ingest_response(
    conn: &mut DbConnection,
    cache: &mut BatchCache,
    actor: &AuthUser,
    input: ResponseInput,
) -> Result<Outcome, ApiError> {
    let id = input.id.to_string();
    let hash = content_hash(&input);
    let stored: Option<String> = responses::table
        .find(&id)
        .select(responses::content_hash)
        .first(conn)
        .optional()?;
    if let Some(outcome) = existing(stored, &hash) {
        return Ok(outcome);
    }
    let device = match effective_device(conn, cache, actor, input.device_id)? {
        Ok(device) => device,
        Err(rejection) => return Ok(Outcome::Rejected(rejection)),
    };
    let checked = (|| -> Result<_, Rejection> {
        Ok((
            check_time(&input.captured_at, "captured_at")?,
            check_place(&input.place)?,
            check_receipt(input.receipt_code.as_deref())?,
        ))
    })();
    let (captured_at, place, receipt) = match checked {
        Ok(values) => values,
        Err(rejection) => return Ok(Outcome::Rejected(rejection)),
    };
    let Some(info) = version_info(conn, cache, input.survey_version_id)? else {
        return Ok(Outcome::Rejected(Rejection::new(
            "unknown_survey_version",
            "version d'enquête inconnue",
            Some("survey_version_id"),
        )));
    };
    if info.survey_status != SurveyStatus::Open {
        return Ok(Outcome::Rejected(Rejection::new(
            "survey_not_open",
            "cette enquête n'est pas ouverte",
            Some("survey_version_id"),
        )));
    }
    if !info.quartiers.contains(&input.quartier_id) {
        return Ok(Outcome::Rejected(Rejection::new(
            "quartier_not_assigned",
            "cette enquête n'est pas affectée à ce quartier",
            Some("quartier_id"),
        )));
    }
    let valid = match info.definition.validate_answers(&input.answers) {
        Ok(valid) => valid,
        Err(errors) => {
            let first = &errors[0];
            return Ok(Outcome::Rejected(Rejection::new(
                "invalid_answer",
                format!("question {} : {}", first.question, first.message),
                Some(&format!("answers.{}", first.question)),
            )));
        }
    };
    let rows = tallies::answer_rows(&info.definition, valid.as_map());
    let seq = sequence::next(conn)?;
    diesel::insert_into(responses::table)
        .values((
            responses::id.eq(&id),
            responses::survey_version_id.eq(input.survey_version_id),
            responses::quartier_id.eq(input.quartier_id),
            responses::user_id.eq(actor.id),
            responses::device_id.eq(device.map(|d| d.to_string())),
            responses::outing_id.eq(input.outing_id.map(|o| o.to_string())),
            responses::place.eq(&place),
            responses::captured_at.eq(captured_at),
            responses::age_band.eq(input.age_band.map(|a| a.as_str())),
            responses::receipt_code.eq(&receipt),
            responses::content_hash.eq(&hash),
            responses::received_at.eq(now_ms()),
            responses::seq.eq(seq),
        ))
        .execute(conn)?;
    for row in &rows {
        diesel::insert_into(answers::table)
            .values((
                answers::response_id.eq(&id),
                answers::question_code.eq(&row.question),
                answers::option_code.eq(&row.option),
                answers::number_value.eq(row.number),
                answers::text_value.eq(&row.text),
            ))
            .execute(conn)?;
    }
    tallies::count_response(conn, input.survey_version_id, input.quartier_id, &rows, 1)?;
    Ok(Outcome::Created)
}

fn known_themes(conn: &mut DbConnection, cache: &mut BatchCache) -> Result<Vec<String>, ApiError> {
    if cache.themes.is_none() {
        cache.themes = Some(themes::table.select(themes::code).load(conn)?);
    }
    Ok(cache.themes.clone().unwrap_or_default())
}

fn ingest_testimony(
    conn: &mut DbConnection,
    cache: &mut BatchCache,
    actor: &AuthUser,
    input: TestimonyInput,
) -> Result<Outcome, ApiError> {
    let id = input.id.to_string();
    let hash = content_hash(&input);
    let stored: Option<String> = testimonies::table
        .find(&id)
        .select(testimonies::content_hash)
        .first(conn)
        .optional()?;
    if let Some(outcome) = existing(stored, &hash) {
        return Ok(outcome);
    }
    let device = match effective_device(conn, cache, actor, input.device_id)? {
        Ok(device) => device,
        Err(rejection) => return Ok(Outcome::Rejected(rejection)),
    };
    let known = known_themes(conn, cache)?;
    let checked = (|| -> Result<_, Rejection> {
        let captured_at = check_time(&input.captured_at, "captured_at")?;
        let place = check_place(&input.place)?;
        let receipt = check_receipt(input.receipt_code.as_deref())?;
        let text = input.text.trim();
        if text.is_empty() || char_len(text) > MAX_TESTIMONY_CHARS {
            return Err(Rejection::new(
                "invalid_text",
                format!("texte : 1 à {MAX_TESTIMONY_CHARS} caractères"),
                Some("text"),
            ));
        }
        if input.themes.len() > portevoix_domain::codebook::MAX_THEMES_PER_ITEM {
            return Err(Rejection::new(
                "too_many_themes",
                "3 thèmes au plus",
                Some("themes"),
            ));
        }
        if let Some(unknown) = input.themes.iter().find(|t| !known.contains(t)) {
            return Err(Rejection::new(
                "unknown_theme",
                format!("thème inconnu : {unknown}"),
                Some("themes"),
            ));
        }
        Ok((captured_at, place, receipt, text.to_owned()))
    })();
    let (captured_at, place, receipt, text) = match checked {
        Ok(values) => values,
        Err(rejection) => return Ok(Outcome::Rejected(rejection)),
    };
    let quartier_known: i64 = crate::db::schema::quartiers::table
        .find(input.quartier_id)
        .count()
        .get_result(conn)?;
    if quartier_known == 0 {
        return Ok(Outcome::Rejected(Rejection::new(
            "unknown_quartier",
            "quartier inconnu",
            Some("quartier_id"),
        )));
    }
    let analysed = analysis::analyse(conn, &text)?;
    let seq = sequence::next(conn)?;
    diesel::insert_into(testimonies::table)
        .values((
            testimonies::id.eq(&id),
            testimonies::quartier_id.eq(input.quartier_id),
            testimonies::user_id.eq(actor.id),
            testimonies::device_id.eq(device.map(|d| d.to_string())),
            testimonies::outing_id.eq(input.outing_id.map(|o| o.to_string())),
            testimonies::place.eq(&place),
            testimonies::captured_at.eq(captured_at),
            testimonies::text.eq(&text),
            testimonies::redacted_text.eq(&analysed.redacted),
            testimonies::consent.eq(input.consent.as_str()),
            testimonies::age_band.eq(input.age_band.map(|a| a.as_str())),
            testimonies::sensitive.eq(analysed.sensitive),
            testimonies::status.eq(ModerationStatus::Pending.as_str()),
            testimonies::receipt_code.eq(&receipt),
            testimonies::content_hash.eq(&hash),
            testimonies::received_at.eq(now_ms()),
            testimonies::seq.eq(seq),
        ))
        .execute(conn)?;
    for theme in &input.themes {
        diesel::insert_into(testimony_themes::table)
            .values((
                testimony_themes::testimony_id.eq(&id),
                testimony_themes::theme_code.eq(theme),
                testimony_themes::source.eq("volunteer"),
                testimony_themes::matched.eq("[]"),
            ))
            .execute(conn)?;
    }
    for suggestion in analysed
        .themes
        .iter()
        .filter(|s| !input.themes.contains(&s.code))
    {
        diesel::insert_into(testimony_themes::table)
            .values((
                testimony_themes::testimony_id.eq(&id),
                testimony_themes::theme_code.eq(&suggestion.code),
                testimony_themes::source.eq("suggested"),
                testimony_themes::matched
                    .eq(serde_json::to_string(&suggestion.words).unwrap_or_else(|_| "[]".into())),
            ))
            .execute(conn)?;
    }
    Ok(Outcome::Created)
}

fn ingest_outing(
    conn: &mut DbConnection,
    cache: &mut BatchCache,
    actor: &AuthUser,
    input: OutingInput,
) -> Result<Outcome, ApiError> {
    let id = input.id.to_string();
    let hash = content_hash(&input);
    let stored: Option<String> = outings::table
        .find(&id)
        .select(outings::content_hash)
        .first(conn)
        .optional()?;
    if let Some(outcome) = existing(stored, &hash) {
        return Ok(outcome);
    }
    let device = match effective_device(conn, cache, actor, input.device_id)? {
        Ok(device) => device,
        Err(rejection) => return Ok(Outcome::Rejected(rejection)),
    };
    let checked = (|| -> Result<_, Rejection> {
        let started = check_time(&input.started_at, "started_at")?;
        let ended = input
            .ended_at
            .as_ref()
            .map(|e| check_time(e, "ended_at"))
            .transpose()?;
        if ended.is_some_and(|e| e < started) {
            return Err(Rejection::new(
                "ended_before_start",
                "la fin précède le début",
                Some("ended_at"),
            ));
        }
        if input.approached > 10_000 || input.answered > 10_000 {
            return Err(Rejection::new(
                "invalid_count",
                "compte de personnes invraisemblable",
                Some("approached"),
            ));
        }
        let note = input
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned);
        if note
            .as_deref()
            .is_some_and(|n| char_len(n) > MAX_NOTE_CHARS)
        {
            return Err(Rejection::new(
                "note_too_long",
                format!("note : {MAX_NOTE_CHARS} caractères au plus"),
                Some("note"),
            ));
        }
        Ok((started, ended, check_place(&input.place)?, note))
    })();
    let (started, ended, place, note) = match checked {
        Ok(values) => values,
        Err(rejection) => return Ok(Outcome::Rejected(rejection)),
    };
    let quartier_known: i64 = crate::db::schema::quartiers::table
        .find(input.quartier_id)
        .count()
        .get_result(conn)?;
    if quartier_known == 0 {
        return Ok(Outcome::Rejected(Rejection::new(
            "unknown_quartier",
            "quartier inconnu",
            Some("quartier_id"),
        )));
    }
    let seq = sequence::next(conn)?;
    diesel::insert_into(outings::table)
        .values((
            outings::id.eq(&id),
            outings::user_id.eq(actor.id),
            outings::device_id.eq(device.map(|d| d.to_string())),
            outings::quartier_id.eq(input.quartier_id),
            outings::place.eq(&place),
            outings::started_at.eq(started),
            outings::ended_at.eq(ended),
            outings::approached.eq(i32::try_from(input.approached).unwrap_or(i32::MAX)),
            outings::answered.eq(i32::try_from(input.answered).unwrap_or(i32::MAX)),
            outings::note.eq(&note),
            outings::content_hash.eq(&hash),
            outings::received_at.eq(now_ms()),
            outings::seq.eq(seq),
        ))
        .execute(conn)?;
    Ok(Outcome::Created)
}
