//! The resident's right to erasure: with the receipt code handed over at the interview, a
//! coordinator finds that person's items and erases them. Tallies are decremented, the phones
//! get tombstones, and the erasure is audited, all in one transaction.

use diesel::prelude::*;
use portevoix_domain::wire::{
    ErasureReport, ModerationStatus, ReceiptItem, ReceiptItemKind, ReceiptLookup, TombstoneEntity,
    RECEIPT_CODE_LEN,
};

use crate::auth::AuthUser;
use crate::clock::{now_ms, to_datetime};
use crate::db::schema::{
    answers, responses, survey_versions, testimonies, testimony_themes, tombstones,
};
use crate::db::{write_transaction, DbConnection, Stored};
use crate::error::ApiError;
use crate::services::audit::{Actor, AuditAction};
use crate::services::tallies::{self, AnswerRow};
use crate::services::{audit, moderation, sequence};

const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// The code as stored: upper case, without dashes or spaces; refused if it cannot be one.
pub fn canonical_code(code: &str) -> Result<String, ApiError> {
    let canonical: String = code
        .chars()
        .filter(|c| *c != '-' && *c != ' ')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if canonical.len() == RECEIPT_CODE_LEN && canonical.bytes().all(|b| ALPHABET.contains(&b)) {
        Ok(canonical)
    } else {
        Err(ApiError::validation(
            "invalid_receipt_code",
            format!("code de reçu invalide : {RECEIPT_CODE_LEN} caractères (lettres et chiffres, sans 0, O, 1, I ni L)"),
            Some("code".to_owned()),
        ))
    }
}

type ResponseRow = (String, i64, i64, String, i64, i64);
type TestimonyRow = (String, i64, String, i64, ModerationStatus);

pub(super) fn responses_of(conn: &mut DbConnection, code: &str) -> QueryResult<Vec<ResponseRow>> {
    responses::table
        .inner_join(survey_versions::table)
        .filter(responses::receipt_code.eq(code))
        .select((
            responses::id,
            responses::survey_version_id,
            responses::quartier_id,
            responses::place,
            responses::captured_at,
            survey_versions::survey_id,
        ))
        .order(responses::captured_at)
        .load(conn)
}

pub(super) fn testimonies_of(
    conn: &mut DbConnection,
    code: &str,
) -> QueryResult<Vec<TestimonyRow>> {
    testimonies::table
        .filter(testimonies::receipt_code.eq(code))
        .select((
            testimonies::id,
            testimonies::quartier_id,
            testimonies::place,
            testimonies::captured_at,
            testimonies::status,
        ))
        .order(testimonies::captured_at)
        .load(conn)
}

/// Which items the code finds (no content: the coordinator confirms with the resident).
pub fn find(
    conn: &mut DbConnection,
    actor: &AuthUser,
    code: &str,
) -> Result<ReceiptLookup, ApiError> {
    actor.require_staff()?;
    let code = canonical_code(code)?;
    let mut items: Vec<ReceiptItem> = responses_of(conn, &code)?
        .into_iter()
        .map(
            |(id, _, quartier_id, place, captured_at, survey_id)| ReceiptItem {
                kind: ReceiptItemKind::Response,
                id,
                quartier_id,
                place,
                captured_at: to_datetime(captured_at),
                survey_id: Some(survey_id),
                status: None,
            },
        )
        .collect();
    items.extend(testimonies_of(conn, &code)?.into_iter().map(
        |(id, quartier_id, place, captured_at, status)| ReceiptItem {
            kind: ReceiptItemKind::Testimony,
            id,
            quartier_id,
            place,
            captured_at: to_datetime(captured_at),
            survey_id: None,
            status: Some(status),
        },
    ));
    if items.is_empty() {
        return Err(ApiError::NotFound("code de reçu"));
    }
    Ok(ReceiptLookup { code, items })
}

/// An erased item's tombstone names its owner: only that volunteer's phones may hold the item,
/// so only they are told it is gone (the pull sends it to nobody else).
fn tombstone(
    conn: &mut DbConnection,
    entity: TombstoneEntity,
    id: &str,
    owner: i64,
) -> QueryResult<()> {
    let seq = sequence::next(conn)?;
    diesel::insert_into(tombstones::table)
        .values((
            tombstones::seq.eq(seq),
            tombstones::entity.eq(Stored(entity)),
            tombstones::entity_id.eq(id),
            tombstones::at.eq(now_ms()),
            tombstones::user_id.eq(Some(owner)),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Erases one answer set and takes it out of the running tallies.
pub fn erase_response(
    conn: &mut DbConnection,
    id: &str,
    version: i64,
    quartier: i64,
) -> Result<(), ApiError> {
    let rows: Vec<AnswerRow> = answers::table
        .filter(answers::response_id.eq(id))
        .select((answers::question_code, answers::option_code))
        .load::<(String, String)>(conn)?
        .into_iter()
        .map(|(question, option)| AnswerRow {
            question,
            option,
            number: None,
            text: None,
        })
        .collect();
    tallies::count_response(conn, version, quartier, &rows, -1)?;
    let owner: i64 = responses::table
        .find(id)
        .select(responses::user_id)
        .first(conn)?;
    diesel::delete(answers::table.filter(answers::response_id.eq(id))).execute(conn)?;
    diesel::delete(responses::table.find(id)).execute(conn)?;
    tombstone(conn, TombstoneEntity::Response, id, owner)?;
    Ok(())
}

/// Erases one testimony; an approved one leaves the theme tallies first.
pub fn erase_testimony(conn: &mut DbConnection, id: &str) -> Result<(), ApiError> {
    moderation::uncount(conn, id)?;
    let owner: i64 = testimonies::table
        .find(id)
        .select(testimonies::user_id)
        .first(conn)?;
    diesel::delete(testimony_themes::table.filter(testimony_themes::testimony_id.eq(id)))
        .execute(conn)?;
    diesel::delete(testimonies::table.find(id)).execute(conn)?;
    tombstone(conn, TombstoneEntity::Testimony, id, owner)?;
    Ok(())
}

pub fn erase(
    conn: &mut DbConnection,
    actor: &AuthUser,
    code: &str,
) -> Result<ErasureReport, ApiError> {
    actor.require_staff()?;
    erase_as(conn, actor.actor(), code, "coordination")
}

/// Erases every item of a code, audited under `actor` with who asked (`coordination`, or
/// `resident` from the receipt page).
pub fn erase_as(
    conn: &mut DbConnection,
    actor: Actor,
    code: &str,
    asked_by: &str,
) -> Result<ErasureReport, ApiError> {
    let code = canonical_code(code)?;
    write_transaction(conn, |conn| {
        // The sequence row first: writers queue here (as at ingest), so an item of this code
        // arriving meanwhile is either erased now or stored after, never half-counted.
        sequence::next(conn)?;
        let found_responses = responses_of(conn, &code)?;
        let found_testimonies = testimonies_of(conn, &code)?;
        if found_responses.is_empty() && found_testimonies.is_empty() {
            return Err(ApiError::NotFound("code de reçu"));
        }
        for (id, version, quartier, ..) in &found_responses {
            erase_response(conn, id, *version, *quartier)?;
        }
        for (id, ..) in &found_testimonies {
            erase_testimony(conn, id)?;
        }
        let report = ErasureReport {
            code: code.clone(),
            responses: found_responses.len() as u64,
            testimonies: found_testimonies.len() as u64,
        };
        audit::record(
            conn,
            actor,
            AuditAction::ItemErased,
            &format!("receipt:{code}"),
            serde_json::json!({
                "asked_by": asked_by,
                "responses": found_responses.iter().map(|r| &r.0).collect::<Vec<_>>(),
                "testimonies": found_testimonies.iter().map(|t| &t.0).collect::<Vec<_>>(),
            }),
        )?;
        Ok(report)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_canonicalised_or_refused() {
        assert_eq!(canonical_code("k7qx-2m9d").unwrap(), "K7QX2M9D");
        assert_eq!(canonical_code(" K7QX 2M9D ").unwrap(), "K7QX2M9D");
        for bad in [
            "",
            "K7QX2M9",
            "K7QX2M9DD",
            "K7QX2M90",
            "K7QX2MOD",
            "K7QX2M1D",
            "K7QX2M9É",
        ] {
            assert!(canonical_code(bad).is_err(), "{bad}");
        }
    }
}
