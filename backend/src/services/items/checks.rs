//! Per-item checks that need no database: times, place labels, receipt codes, content hashes.

use chrono::{DateTime, Utc};
use portevoix_domain::receipt::ReceiptCode;
use portevoix_domain::text::{char_len, clean_text, TextKind};
use portevoix_domain::wire::MAX_PLACE_CHARS;
use sha2::{Digest, Sha256};

use super::Rejection;
use crate::clock::now_ms;

const DAY_MS: i64 = 24 * 3600 * 1000;
/// 2020-01-01: nothing older was captured with Porte-Voix.
const EARLIEST_MS: i64 = 1_577_836_800_000;

/// Phones' clocks drift, but not by more than a day ahead, nor years back.
pub fn time(at: &DateTime<Utc>, field: &str) -> Result<i64, Rejection> {
    let ms = at.timestamp_millis();
    if ms > now_ms() + DAY_MS {
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

pub fn place(place: &str) -> Result<String, Rejection> {
    let place = clean_text(place, TextKind::Line);
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

/// What makes a re-sent item a duplicate (same hash) or a conflict (another hash).
pub fn content_hash<T: serde::Serialize>(item: &T) -> String {
    let json = serde_json::to_string(item).unwrap_or_default();
    hex::encode(Sha256::digest(json.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipts() {
        assert_eq!(receipt(Some("k7qx-2m9d")).unwrap(), Some("K7QX2M9D".into()));
        assert!(receipt(Some("0000-OOOO")).is_err());
        assert!(receipt(Some("ABC")).is_err());
        assert_eq!(receipt(None).unwrap(), None);
    }

    #[test]
    fn places_and_times() {
        assert_eq!(place("  marché  ").unwrap(), "marché");
        assert!(place(" ").is_err());
        assert!(place(&"x".repeat(121)).is_err());
        assert!(time(&Utc::now(), "t").is_ok());
        assert!(time(&(Utc::now() + chrono::Duration::days(2)), "t").is_err());
    }
}
