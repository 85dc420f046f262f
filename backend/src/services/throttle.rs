//! Sign-in throttling per account and per client address. Counters live in the database
//! (`login_throttle`), so several server instances share them and a restart forgets nothing.
//!
//! Each attempt is counted *before* the password is checked (a burst of parallel guesses
//! cannot slip past the limit) and a successful sign-in forgives it. Past the limit a key is
//! blocked for a delay that doubles with every further failure, capped at
//! [`Policy::max_delay_ms`]: an attacker gets a handful of guesses an hour, and the real person
//! waits at most that cap, never forever. Counters are forgotten after a quiet period.

use std::net::{IpAddr, Ipv6Addr};

use diesel::prelude::*;

use crate::auth::token::JwtKeys;
use crate::config::Settings;
use crate::db::schema::login_throttle;
use crate::db::{write_transaction, DbConnection};
use crate::error::ApiError;
use crate::services::accounts::sessions::{self, Session};

/// Limits and delays; [`Policy::from_settings`] reads the configured limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub account_max: i32,
    pub address_max: i32,
    /// First block, doubled with each failure past the limit.
    pub base_delay_ms: i64,
    pub max_delay_ms: i64,
    /// Failures are forgotten after this long without an attempt (counted from the end of
    /// the last block).
    pub forget_after_ms: i64,
    /// Wrong enrolment codes allowed per address, then from everywhere together.
    pub enrol_address_max: i32,
    pub enrol_global_max: i32,
    /// Receipt codes looked up or erased without success, per account and per address.
    pub receipt_max: i32,
    /// Receipt codes tried on the residents' own page without success, per address, then from
    /// everywhere together.
    pub resident_address_max: i32,
    pub resident_global_max: i32,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            account_max: 5,
            address_max: 50,
            base_delay_ms: 60_000,
            max_delay_ms: 15 * 60_000,
            forget_after_ms: 60 * 60_000,
            enrol_address_max: 10,
            enrol_global_max: 100,
            receipt_max: 20,
            resident_address_max: 10,
            resident_global_max: 100,
        }
    }
}

impl Policy {
    pub fn from_settings(settings: &Settings) -> Self {
        let clamp = |n: i64| i32::try_from(n).unwrap_or(i32::MAX).max(1);
        Self {
            account_max: clamp(settings.login_max_failures),
            address_max: clamp(settings.login_max_failures_per_address),
            ..Self::default()
        }
    }

    /// Block length after `failures` attempts on a key allowed `max`.
    pub fn delay_ms(&self, failures: i32, max: i32) -> i64 {
        if failures < max {
            return 0;
        }
        let doublings = u32::try_from(failures - max).unwrap_or(0).min(30);
        self.base_delay_ms
            .saturating_mul(1_i64 << doublings)
            .min(self.max_delay_ms)
    }
}

pub fn account_key(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

/// The key an address is counted under: the address itself for IPv4, its /64 network for IPv6
/// (one subscriber line or host usually holds a whole /64, and picks a new address in it at
/// will: counting single IPv6 addresses would not slow anybody down).
pub fn address_key(address: &str) -> String {
    match address.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => format!("address:{v4}"),
            None => {
                let network = u128::from(v6) & !((1u128 << 64) - 1);
                format!("address:{}/64", Ipv6Addr::from(network))
            }
        },
        _ => format!("address:{address}"),
    }
}

#[derive(Debug, Clone, Copy)]
struct Counter {
    failures: i32,
    last_at: i64,
    blocked_until: i64,
}

fn load(conn: &mut DbConnection, key: &str) -> QueryResult<Option<Counter>> {
    login_throttle::table
        .find(key)
        .select((
            login_throttle::failures,
            login_throttle::last_at,
            login_throttle::blocked_until,
        ))
        .first::<(i32, i64, i64)>(conn)
        .optional()
        .map(|row| {
            row.map(|(failures, last_at, blocked_until)| Counter {
                failures,
                last_at,
                blocked_until,
            })
        })
}

fn retry_after(blocked_until: i64, now: i64) -> ApiError {
    let seconds = (blocked_until - now + 999) / 1000;
    ApiError::TooManyRequests {
        retry_after: u64::try_from(seconds.max(1)).unwrap_or(1),
    }
}

/// A blocked key refuses at once, on a plain read: a flood of attempts past the limit does not
/// queue for the write lock the phones' pushes need.
fn refuse_if_blocked(
    conn: &mut DbConnection,
    keys: &[(String, i32)],
    now: i64,
) -> Result<(), ApiError> {
    let names: Vec<&str> = keys.iter().map(|(key, _)| key.as_str()).collect();
    let blocked: Option<i64> = login_throttle::table
        .filter(login_throttle::key.eq_any(names))
        .select(diesel::dsl::max(login_throttle::blocked_until))
        .first::<Option<i64>>(conn)?;
    match blocked {
        Some(until) if until > now => Err(retry_after(until, now)),
        _ => Ok(()),
    }
}

/// Counts one attempt on every key, or refuses it with 429 if one of them is blocked.
pub fn begin_attempt(
    conn: &mut DbConnection,
    policy: &Policy,
    keys: &[(String, i32)],
    now: i64,
) -> Result<(), ApiError> {
    refuse_if_blocked(conn, keys, now)?;
    write_transaction(conn, |conn| {
        // Create the rows first: on PostgreSQL the update below then holds their locks until
        // commit, so two instances counting the same key queue instead of losing a count.
        for (key, _) in keys {
            crate::on_backend!(&mut *conn, |c| diesel::insert_into(login_throttle::table)
                .values((
                    login_throttle::key.eq(key),
                    login_throttle::failures.eq(0),
                    login_throttle::last_at.eq(now),
                    login_throttle::blocked_until.eq(0_i64),
                ))
                .on_conflict_do_nothing()
                .execute(c))?;
            diesel::update(login_throttle::table.find(key))
                .set(login_throttle::last_at.eq(login_throttle::last_at))
                .execute(conn)?;
        }
        let mut counters = Vec::with_capacity(keys.len());
        for (key, max) in keys {
            let counter = load(conn, key)?.ok_or(diesel::result::Error::NotFound)?;
            if counter.blocked_until > now {
                return Err(retry_after(counter.blocked_until, now));
            }
            counters.push((key, *max, counter));
        }
        for (key, max, counter) in counters {
            let quiet_since = counter.last_at.max(counter.blocked_until);
            let failures = if now - quiet_since > policy.forget_after_ms {
                1
            } else {
                counter.failures.saturating_add(1)
            };
            let delay = policy.delay_ms(failures, max);
            diesel::update(login_throttle::table.find(key))
                .set((
                    login_throttle::failures.eq(failures),
                    login_throttle::last_at.eq(now),
                    login_throttle::blocked_until.eq(if delay > 0 { now + delay } else { 0 }),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// Forgives the attempt of a successful sign-in: the account starts afresh, the address gets
/// its attempt back (a shared computer at the *maison de quartier* is not blocked by the
/// people who sign in correctly on it).
pub fn succeeded(
    conn: &mut DbConnection,
    policy: &Policy,
    account: &str,
    address: &str,
) -> Result<(), ApiError> {
    write_transaction(conn, |conn| {
        diesel::delete(login_throttle::table.find(account)).execute(conn)?;
        give_back(conn, policy, address, policy.address_max)
    })
}

/// Gives one attempt back to a key (a success is not a failure).
fn give_back(
    conn: &mut DbConnection,
    policy: &Policy,
    key: &str,
    max: i32,
) -> Result<(), ApiError> {
    if let Some(counter) = load(conn, key)? {
        let failures = (counter.failures - 1).max(0);
        let blocked_until = if policy.delay_ms(failures, max) == 0 {
            0
        } else {
            counter.blocked_until
        };
        diesel::update(login_throttle::table.find(key))
            .set((
                login_throttle::failures.eq(failures),
                login_throttle::blocked_until.eq(blocked_until),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The keys an enrolment attempt counts under: its address and the whole server. Codes are
/// random (31^8), so only a flood can find one; the global key stops a flood spread over many
/// addresses, and wrong codes are rare enough that it stays far from real users.
pub fn enrol_keys(policy: &Policy, address: &str) -> Vec<(String, i32)> {
    vec![
        (
            format!("enrol:{}", address_key(address)),
            policy.enrol_address_max,
        ),
        ("enrol:all".to_owned(), policy.enrol_global_max),
    ]
}

/// Runs `work` as one counted attempt on `keys`: refused with 429 while a key is blocked, the
/// attempt given back when `work` succeeds (only failures count towards the limits).
pub fn guarded<T>(
    conn: &mut DbConnection,
    policy: &Policy,
    keys: &[(String, i32)],
    now: i64,
    work: impl FnOnce(&mut DbConnection) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    begin_attempt(conn, policy, keys, now)?;
    let value = work(conn)?;
    write_transaction(conn, |conn| {
        keys.iter()
            .try_for_each(|(key, max)| give_back(conn, policy, key, *max))
    })?;
    Ok(value)
}

/// Enrolment with throttling (per address and global), at the given time.
pub fn enrol_at(
    conn: &mut DbConnection,
    keys: &JwtKeys,
    settings: &Settings,
    policy: &Policy,
    enrolment: (&str, Option<&str>),
    address: &str,
    now: i64,
) -> Result<Session, ApiError> {
    let (code, label) = enrolment;
    guarded(conn, policy, &enrol_keys(policy, address), now, |conn| {
        sessions::enrol(conn, keys, settings, code, label)
    })
}

/// A receipt code is as guessable as an enrolment code: lookups and erasures that find nothing
/// count per account (a stolen staff session) and per address.
pub fn receipt_keys(policy: &Policy, user_id: i64, address: &str) -> Vec<(String, i32)> {
    vec![
        (format!("receipt:user:{user_id}"), policy.receipt_max),
        (
            format!("receipt:{}", address_key(address)),
            policy.receipt_max,
        ),
    ]
}

/// The residents' page has no account to count on: wrong codes count per address and for
/// everyone together. Past the global limit one guess per [`Policy::max_delay_ms`] gets through
/// (about 100 a day), against 31^8 ≈ 8.5 × 10^11 codes (docs/operations.md has the arithmetic).
pub fn resident_keys(policy: &Policy, address: &str) -> Vec<(String, i32)> {
    vec![
        (
            format!("resident:{}", address_key(address)),
            policy.resident_address_max,
        ),
        ("resident:all".to_owned(), policy.resident_global_max),
    ]
}

pub fn enrol(
    conn: &mut DbConnection,
    keys: &JwtKeys,
    settings: &Settings,
    code: &str,
    label: Option<&str>,
    address: &str,
) -> Result<Session, ApiError> {
    let policy = Policy::from_settings(settings);
    let now = crate::clock::now_ms();
    enrol_at(conn, keys, settings, &policy, (code, label), address, now)
}

/// Removes counters nobody has used for a long time (called by the retention purge).
pub fn forget_stale(conn: &mut DbConnection, policy: &Policy, now: i64) -> QueryResult<usize> {
    diesel::delete(
        login_throttle::table
            .filter(login_throttle::last_at.lt(now - policy.forget_after_ms))
            .filter(login_throttle::blocked_until.lt(now - policy.forget_after_ms)),
    )
    .execute(conn)
}

/// Sign-in with throttling at the given time (the HTTP handler passes the clock's now; tests
/// pass a fake one).
#[expect(
    clippy::too_many_arguments,
    reason = "the sign-in inputs plus an injected clock"
)]
pub fn login_at(
    conn: &mut DbConnection,
    keys: &JwtKeys,
    settings: &Settings,
    policy: &Policy,
    email: &str,
    password: &str,
    address: &str,
    now: i64,
) -> Result<Session, ApiError> {
    let account = account_key(email);
    let address = address_key(address);
    begin_attempt(
        conn,
        policy,
        &[
            (account.clone(), policy.account_max),
            (address.clone(), policy.address_max),
        ],
        now,
    )?;
    let session = sessions::login(conn, keys, settings, email, password)?;
    succeeded(conn, policy, &account, &address)?;
    Ok(session)
}

pub fn login(
    conn: &mut DbConnection,
    keys: &JwtKeys,
    settings: &Settings,
    email: &str,
    password: &str,
    address: &str,
) -> Result<Session, ApiError> {
    let policy = Policy::from_settings(settings);
    let now = crate::clock::now_ms();
    login_at(conn, keys, settings, &policy, email, password, address, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_addresses_count_per_64_and_ipv4_per_address() {
        assert_eq!(address_key("192.0.2.7"), "address:192.0.2.7");
        assert_eq!(address_key("::ffff:192.0.2.7"), "address:192.0.2.7");
        assert_eq!(address_key("2001:db8:1:2::1"), "address:2001:db8:1:2::/64");
        assert_eq!(
            address_key("2001:db8:1:2:ffff:ee:dd:cc"),
            "address:2001:db8:1:2::/64"
        );
        assert_ne!(
            address_key("2001:db8:1:3::1"),
            address_key("2001:db8:1:2::1")
        );
        assert_eq!(address_key("unknown"), "address:unknown");
    }

    #[test]
    fn delays_double_and_stop_at_the_cap() {
        let policy = Policy::default();
        assert_eq!(policy.delay_ms(4, 5), 0);
        assert_eq!(policy.delay_ms(5, 5), 60_000);
        assert_eq!(policy.delay_ms(6, 5), 120_000);
        assert_eq!(policy.delay_ms(9, 5), 900_000);
        assert_eq!(policy.delay_ms(1_000_000, 5), policy.max_delay_ms);
    }
}
