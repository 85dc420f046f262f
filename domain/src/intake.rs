//! The checks a captured item passes before anything is looked up: its times, place, receipt
//! code, texts and counts. Pure, so the server runs them first (a bad item costs no query) and
//! the phone can run the very same ones offline. What needs the database (the survey version,
//! the quartier, the themes, the device, the outing's owner) is checked by the server after.

use chrono::{DateTime, Utc};

use crate::codebook::MAX_THEMES_PER_ITEM;
use crate::receipt::ReceiptCode;
use crate::text::{char_len, clean_text, TextKind};
use crate::values::{Place, TestimonyText};
use crate::wire::{
    OutingInput, ResponseInput, TestimonyInput, MAX_NOTE_CHARS, MAX_PLACE_CHARS,
    MAX_TESTIMONY_CHARS,
};

const DAY_MS: i64 = 24 * 3600 * 1000;
/// 2020-01-01: nothing older was captured with Porte-Voix.
const EARLIEST_MS: i64 = 1_577_836_800_000;
/// More people than one outing can approach: a typing slip, not a count.
const MAX_PEOPLE: u32 = 10_000;

/// Why one item is not stored: a stable code, a French message, the field at fault. Sent back
/// for that item only; never fails its batch.
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

/// What every answer set and testimony carries, checked and cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    /// Unix milliseconds.
    pub captured_at: i64,
    pub place: String,
    /// Canonical form (8 upper-case characters).
    pub receipt_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedTestimony {
    pub capture: Capture,
    /// Cleaned and trimmed, 1 to [`MAX_TESTIMONY_CHARS`] characters.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedOuting {
    pub started_at: i64,
    pub ended_at: Option<i64>,
    pub place: String,
    /// Cleaned and trimmed; `None` when empty.
    pub note: Option<String>,
}

/// An answer set's own fields (its answers are checked against its survey's definition).
pub fn check_response(input: &ResponseInput, now_ms: i64) -> Result<Capture, Rejection> {
    capture(
        &input.captured_at,
        &input.place,
        input.receipt_code.as_deref(),
        now_ms,
    )
}

pub fn check_testimony(input: &TestimonyInput, now_ms: i64) -> Result<CheckedTestimony, Rejection> {
    let capture = capture(
        &input.captured_at,
        &input.place,
        input.receipt_code.as_deref(),
        now_ms,
    )?;
    let text = TestimonyText::parse(&input.text).map_err(|_| {
        Rejection::new(
            "invalid_text",
            format!("texte : 1 à {MAX_TESTIMONY_CHARS} caractères"),
            Some("text"),
        )
    })?;
    if input.themes.len() > MAX_THEMES_PER_ITEM {
        return Err(Rejection::new(
            "too_many_themes",
            "3 thèmes au plus",
            Some("themes"),
        ));
    }
    Ok(CheckedTestimony {
        capture,
        text: text.into_string(),
    })
}

pub fn check_outing(input: &OutingInput, now_ms: i64) -> Result<CheckedOuting, Rejection> {
    let started_at = time(&input.started_at, "started_at", now_ms)?;
    let ended_at = input
        .ended_at
        .as_ref()
        .map(|e| time(e, "ended_at", now_ms))
        .transpose()?;
    if ended_at.is_some_and(|e| e < started_at) {
        return Err(Rejection::new(
            "ended_before_start",
            "la fin précède le début",
            Some("ended_at"),
        ));
    }
    if input.approached > MAX_PEOPLE || input.answered > MAX_PEOPLE {
        return Err(Rejection::new(
            "invalid_count",
            "compte de personnes invraisemblable",
            Some("approached"),
        ));
    }
    if input.answered > input.approached {
        return Err(Rejection::new(
            "invalid_count",
            "plus de personnes ont répondu que de personnes abordées",
            Some("answered"),
        ));
    }
    let note = input
        .note
        .as_deref()
        .map(|n| clean_text(n, TextKind::Long))
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
    Ok(CheckedOuting {
        started_at,
        ended_at,
        place: place(&input.place)?,
        note,
    })
}

fn capture(
    at: &DateTime<Utc>,
    typed_place: &str,
    receipt_code: Option<&str>,
    now_ms: i64,
) -> Result<Capture, Rejection> {
    Ok(Capture {
        captured_at: time(at, "captured_at", now_ms)?,
        place: place(typed_place)?,
        receipt_code: receipt(receipt_code)?,
    })
}

/// Phones' clocks drift, but not by more than a day ahead, nor years back.
pub fn time(at: &DateTime<Utc>, field: &str, now_ms: i64) -> Result<i64, Rejection> {
    let ms = at.timestamp_millis();
    if ms > now_ms.saturating_add(DAY_MS) {
        return Err(Rejection::new(
            "time_in_future",
            "date de saisie dans le futur : vérifiez l'heure du téléphone",
            Some(field),
        ));
    }
    if ms < EARLIEST_MS {
        return Err(Rejection::new(
            "time_too_old",
            "date de saisie invalide (avant 2020)",
            Some(field),
        ));
    }
    Ok(ms)
}

/// Cleaned and trimmed, 1 to [`MAX_PLACE_CHARS`] characters on one line.
pub fn place(typed: &str) -> Result<String, Rejection> {
    Place::parse(typed).map(Place::into_string).map_err(|_| {
        Rejection::new(
            "invalid_place",
            format!("lieu : 1 à {MAX_PLACE_CHARS} caractères"),
            Some("place"),
        )
    })
}

/// Dashes, spaces and case are ignored; the stored form is 8 upper-case characters.
pub fn receipt(code: Option<&str>) -> Result<Option<String>, Rejection> {
    let Some(code) = code else { return Ok(None) };
    match ReceiptCode::parse(code) {
        Ok(code) => Ok(Some(code.as_str().to_owned())),
        Err(error) => Err(Rejection::new(
            "invalid_receipt_code",
            error.to_string(),
            Some("receipt_code"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;
    use proptest::prelude::*;
    use uuid::Uuid;

    use super::*;
    use crate::testing::{any_text, config, french_text};
    use crate::wire::Consent;

    /// 2025-11-24, as the server's clock would give it (the domain has no clock).
    const NOW_MS: i64 = 1_764_000_000_000;

    fn now() -> (DateTime<Utc>, i64) {
        (DateTime::from_timestamp_millis(NOW_MS).unwrap(), NOW_MS)
    }

    fn testimony(text: &str, place: &str) -> TestimonyInput {
        TestimonyInput {
            id: Uuid::from_u128(7),
            quartier_id: 1,
            place: place.to_owned(),
            captured_at: now().0,
            text: text.to_owned(),
            consent: Consent::Quote,
            age_band: None,
            themes: Vec::new(),
            outing_id: None,
            device_id: None,
            receipt_code: None,
        }
    }

    fn outing(note: Option<&str>, approached: u32, answered: u32) -> OutingInput {
        OutingInput {
            id: Uuid::from_u128(7),
            quartier_id: 1,
            place: "marché".into(),
            started_at: now().0,
            ended_at: None,
            approached,
            answered,
            note: note.map(str::to_owned),
            device_id: None,
        }
    }

    #[test]
    fn receipts_places_and_times() {
        let (at, now) = now();
        assert_eq!(receipt(Some("k7qx-2m9d")).unwrap(), Some("K7QX2M9D".into()));
        assert!(receipt(Some("0000-OOOO")).is_err());
        assert!(receipt(Some("ABC")).is_err());
        assert_eq!(receipt(None).unwrap(), None);
        assert_eq!(place("  marché  ").unwrap(), "marché");
        assert_eq!(place(" ").unwrap_err().code, "invalid_place");
        assert!(place(&"x".repeat(121)).is_err());
        assert!(time(&at, "t", now).is_ok());
        let late = time(&(at + Duration::days(2)), "t", now).unwrap_err();
        assert_eq!(
            (late.code, late.field.as_deref()),
            ("time_in_future", Some("t"))
        );
        assert_eq!(
            time(&(at - Duration::days(365 * 10)), "t", now)
                .unwrap_err()
                .code,
            "time_too_old"
        );
    }

    #[test]
    fn testimonies_and_outings() {
        let (_, now) = now();
        let checked = check_testimony(&testimony("  Le bus\u{0} passe  ", " école "), now).unwrap();
        assert_eq!(checked.text, "Le bus passe");
        assert_eq!(checked.capture.place, "école");
        let blank = check_testimony(&testimony(" \u{202e} ", "école"), now).unwrap_err();
        assert_eq!(blank.code, "invalid_text");
        let mut themed = testimony("Le bus", "école");
        themed.themes = vec!["a".into(), "b".into(), "c".into(), "d".into()];
        assert_eq!(
            check_testimony(&themed, now).unwrap_err().code,
            "too_many_themes"
        );

        assert_eq!(
            check_outing(&outing(Some("  "), 9, 4), now).unwrap().note,
            None
        );
        assert_eq!(
            check_outing(&outing(None, 4, 9), now)
                .unwrap_err()
                .field
                .as_deref(),
            Some("answered")
        );
        assert_eq!(
            check_outing(&outing(None, 20_000, 1), now)
                .unwrap_err()
                .code,
            "invalid_count"
        );
        let long = "é".repeat(MAX_NOTE_CHARS + 1);
        assert_eq!(
            check_outing(&outing(Some(&long), 9, 4), now)
                .unwrap_err()
                .code,
            "note_too_long"
        );
        let mut backwards = outing(None, 9, 4);
        backwards.ended_at = Some(backwards.started_at - Duration::hours(1));
        assert_eq!(
            check_outing(&backwards, now).unwrap_err().code,
            "ended_before_start"
        );
    }

    proptest! {
        #![proptest_config(config())]

        /// Whatever a person types, the checks answer (no panic); what they accept is clean,
        /// trimmed, within its limits, and checking it again gives the same.
        #[test]
        fn accepted_texts_are_clean_and_within_limits(
            text in prop_oneof![french_text(), any_text()],
            typed_place in prop_oneof![french_text(), any_text()],
            note in prop_oneof![french_text(), any_text()],
        ) {
            let (_, now) = now();
            if let Ok(checked) = check_testimony(&testimony(&text, &typed_place), now) {
                prop_assert_eq!(checked.text.trim(), checked.text.as_str());
                prop_assert!(!checked.text.is_empty());
                prop_assert!(char_len(&checked.text) <= MAX_TESTIMONY_CHARS);
                prop_assert_eq!(&checked.text, &clean_text(&checked.text, TextKind::Long));
                prop_assert!(char_len(&checked.capture.place) <= MAX_PLACE_CHARS);
                prop_assert!(!checked.capture.place.contains(['\n', '\t']));
                let again = check_testimony(&testimony(&checked.text, &checked.capture.place), now);
                prop_assert_eq!(again.map(|c| c.text), Ok(checked.text.clone()));
            }
            if let Ok(checked) = check_outing(&outing(Some(&note), 9, 4), now) {
                if let Some(note) = checked.note {
                    prop_assert!(!note.is_empty() && char_len(&note) <= MAX_NOTE_CHARS);
                    prop_assert_eq!(note.trim(), note.as_str());
                }
            }
        }
    }
}
