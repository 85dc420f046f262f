//! How often one address may fetch the public pages (`/quartier/…`): a count per address and
//! minute, in memory. A flood from one address gets 429 with `Retry-After` instead of taking
//! the database's time; ordinary readers (a page, its poster, a reload) never come near it.
//! Each server instance counts its own requests: behind a proxy with several instances an
//! address gets the limit once per instance, which is still a bound.

use std::collections::HashMap;
use std::sync::Mutex;

/// Addresses remembered at most; past it, the oldest minutes are forgotten first.
const MAX_ADDRESSES: usize = 20_000;

pub struct RequestRate {
    per_minute: u32,
    seen: Mutex<HashMap<String, (i64, u32)>>,
}

impl RequestRate {
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request from `address` at `now_ms`: `Ok` if under the limit, else the
    /// seconds until the next minute starts.
    pub fn allow(&self, address: &str, now_ms: i64) -> Result<(), u64> {
        let minute = now_ms.div_euclid(60_000);
        let mut seen = self
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if seen.len() >= MAX_ADDRESSES && !seen.contains_key(address) {
            seen.retain(|_, (m, _)| *m == minute);
            if seen.len() >= MAX_ADDRESSES {
                seen.clear();
            }
        }
        let entry = seen.entry(address.to_owned()).or_insert((minute, 0));
        if entry.0 != minute {
            *entry = (minute, 0);
        }
        if entry.1 >= self.per_minute {
            let next = minute.saturating_add(1).saturating_mul(60_000);
            let wait_ms = next.saturating_sub(now_ms).max(1);
            return Err(u64::try_from(wait_ms.div_euclid(1000).saturating_add(1)).unwrap_or(60));
        }
        entry.1 = entry.1.saturating_add(1);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_minute_then_waits_for_the_next() {
        let rate = RequestRate::new(3);
        let t = 120_000 + 10_000;
        for _ in 0..3 {
            assert_eq!(rate.allow("a", t), Ok(()));
        }
        assert_eq!(
            rate.allow("a", t),
            Err(51),
            "50 s to the next minute, rounded up"
        );
        assert_eq!(
            rate.allow("b", t),
            Ok(()),
            "another address is counted apart"
        );
        assert_eq!(rate.allow("a", 180_000), Ok(()), "a new minute");
    }

    #[test]
    fn memory_stays_bounded() {
        let rate = RequestRate::new(1);
        for i in 0..(MAX_ADDRESSES + 10) {
            let _ = rate.allow(&i.to_string(), 0);
        }
        let held = rate.seen.lock().map(|s| s.len()).unwrap_or(usize::MAX);
        assert!(held <= MAX_ADDRESSES);
    }
}
