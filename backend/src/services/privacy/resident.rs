//! A resident's own receipt page (RGPD articles 15 to 17): with the receipt code the volunteer
//! gave them, residents see what was recorded about them — their answers in words, their words
//! with personal data masked, whether a council reads them as a quote — and can withdraw their
//! consent to be quoted or erase everything. No account: the code is the key, so every lookup
//! goes through the guessing throttle (per address and for everyone together, see
//! `throttle::resident_keys` and docs/operations.md for the arithmetic).

use diesel::prelude::*;
use portevoix_domain::survey::{QuestionKind, SurveyDefinition};
use portevoix_domain::wire::{
    Consent, ErasureReport, ModerationStatus, ReceiptItemKind, ResidentAnswer, ResidentItem,
    ResidentRecord,
};

use super::erasure::{self, canonical_code};
use crate::db::schema::{answers, quartiers, responses, survey_versions, testimonies};
use crate::db::{write_transaction, DbConnection, Stored};
use crate::error::ApiError;
use crate::services::audit::{self, Actor, AuditAction};
use crate::services::exports::labels::yes_no;
use crate::services::period::local_date;

fn not_found() -> ApiError {
    ApiError::NotFound("code de reçu")
}

fn quartier_name(conn: &mut DbConnection, id: i64) -> Result<String, ApiError> {
    Ok(quartiers::table
        .find(id)
        .select(quartiers::name)
        .first(conn)
        .optional()?
        .unwrap_or_default())
}

/// A number as a person writes it: `3`, `2,5`.
fn number_words(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string().replace('.', ",")
    }
}

/// One answer set's answers in the survey's order, in words.
fn answers_in_words(
    definition: &SurveyDefinition,
    rows: &[(String, String, Option<f64>, Option<String>)],
) -> Vec<ResidentAnswer> {
    definition
        .questions
        .iter()
        .filter_map(|question| {
            let mine: Vec<_> = rows.iter().filter(|r| r.0 == question.code).collect();
            let first = mine.first()?;
            let answer = if let Some(n) = first.2 {
                number_words(n)
            } else if let Some(text) = &first.3 {
                text.clone()
            } else {
                let words: Vec<String> = mine
                    .iter()
                    .map(|r| {
                        let code = r.1.as_str();
                        match &question.kind {
                            QuestionKind::Scale { .. } => format!("{code} sur 5"),
                            kind => kind
                                .options()
                                .and_then(|o| o.iter().find(|o| o.code == code))
                                .map_or_else(|| yes_no(code).to_owned(), |o| o.label.clone()),
                        }
                    })
                    .collect();
                words.join(", ")
            };
            Some(ResidentAnswer {
                question: question.label.clone(),
                answer,
            })
        })
        .collect()
}

/// Everything the code finds, oldest first; 404 when it finds nothing.
pub fn record(conn: &mut DbConnection, code: &str) -> Result<ResidentRecord, ApiError> {
    let code = canonical_code(code)?;
    let mut items = Vec::new();
    let found: Vec<(String, i64, String, i64, String)> = responses::table
        .inner_join(survey_versions::table)
        .filter(responses::receipt_code.eq(&code))
        .order(responses::captured_at)
        .select((
            responses::id,
            responses::quartier_id,
            responses::place,
            responses::captured_at,
            survey_versions::definition,
        ))
        .load(conn)?;
    for (id, quartier_id, place, captured_at, definition) in found {
        let definition: SurveyDefinition =
            serde_json::from_str(&definition).map_err(ApiError::internal)?;
        let rows: Vec<(String, String, Option<f64>, Option<String>)> = answers::table
            .filter(answers::response_id.eq(&id))
            .select((
                answers::question_code,
                answers::option_code,
                answers::number_value,
                answers::text_value,
            ))
            .load(conn)?;
        items.push(ResidentItem {
            kind: ReceiptItemKind::Response,
            recorded_on: local_date(captured_at),
            quartier: quartier_name(conn, quartier_id)?,
            place,
            survey: Some(definition.title.clone()),
            answers: answers_in_words(&definition, &rows),
            text: None,
            status: None,
            consent: None,
            quoted: false,
        });
    }
    let found: Vec<(i64, String, i64, String, ModerationStatus, Consent)> = testimonies::table
        .filter(testimonies::receipt_code.eq(&code))
        .order(testimonies::captured_at)
        .select((
            testimonies::quartier_id,
            testimonies::place,
            testimonies::captured_at,
            testimonies::redacted_text,
            testimonies::status,
            testimonies::consent,
        ))
        .load(conn)?;
    for (quartier_id, place, captured_at, redacted, status, consent) in found {
        items.push(ResidentItem {
            kind: ReceiptItemKind::Testimony,
            recorded_on: local_date(captured_at),
            quartier: quartier_name(conn, quartier_id)?,
            place,
            survey: None,
            answers: Vec::new(),
            text: Some(redacted),
            status: Some(status),
            consent: Some(consent),
            quoted: status == ModerationStatus::Approved && consent == Consent::Quote,
        });
    }
    if items.is_empty() {
        return Err(not_found());
    }
    Ok(ResidentRecord { code, items })
}

/// The resident's words are no longer quoted anywhere (they still count in the themes); the
/// record as it is now.
pub fn withdraw_consent(conn: &mut DbConnection, code: &str) -> Result<ResidentRecord, ApiError> {
    let canonical = canonical_code(code)?;
    write_transaction(conn, |conn| -> Result<(), ApiError> {
        let quotable: Vec<String> = testimonies::table
            .filter(testimonies::receipt_code.eq(&canonical))
            .filter(testimonies::consent.eq(Stored(Consent::Quote)))
            .select(testimonies::id)
            .load(conn)?;
        if quotable.is_empty() {
            return Ok(());
        }
        diesel::update(testimonies::table.filter(testimonies::id.eq_any(&quotable)))
            .set(testimonies::consent.eq(Stored(Consent::CountOnly)))
            .execute(conn)?;
        audit::record(
            conn,
            Actor::System,
            AuditAction::ConsentWithdrawn,
            &format!("receipt:{canonical}"),
            serde_json::json!({"asked_by": "resident", "testimonies": quotable}),
        )?;
        Ok(())
    })?;
    record(conn, &canonical)
}

/// Erases everything the code finds, as a coordinator would (tallies, phones, audit).
pub fn erase(conn: &mut DbConnection, code: &str) -> Result<ErasureReport, ApiError> {
    erasure::erase_as(conn, Actor::System, code, "resident")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_written_in_french() {
        assert_eq!(number_words(3.0), "3");
        assert_eq!(number_words(2.5), "2,5");
        assert_eq!(number_words(-1.0), "-1");
    }
}
