//! Ending sessions at once: every refresh token of an account revoked, and the account's
//! `sessions_valid_after` moved to now, so access tokens issued before are refused on their
//! next request (checked with the account on every request, `accounts::session_user`).

use diesel::prelude::*;

use crate::clock::now_ms;
use crate::db::schema::{refresh_tokens, users};
use crate::db::{write_transaction, DbConnection};
use crate::error::ApiError;
use crate::services::audit::{self, Actor, AuditAction};

/// Ends every session of an account at once: refresh tokens revoked, and access tokens issued
/// until now refused by `accounts::session_user` (logout everywhere, password change or reset,
/// role change, disabled account). `actor` is who asked, for the audit log.
pub fn end_all_sessions(
    conn: &mut DbConnection,
    user_id: i64,
    actor: Actor,
) -> Result<(), ApiError> {
    write_transaction(conn, |conn| {
        let now = now_ms();
        revoke_sessions_at(conn, user_id, now)?;
        audit::record(
            conn,
            actor,
            AuditAction::SessionEndedEverywhere,
            &format!("user:{user_id}"),
            serde_json::json!({}),
        )?;
        Ok(())
    })
}

pub fn revoke_sessions_at(conn: &mut DbConnection, user_id: i64, now: i64) -> QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .set(users::sessions_valid_after.eq(now))
        .execute(conn)?;
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(now)))
    .execute(conn)?;
    Ok(())
}
