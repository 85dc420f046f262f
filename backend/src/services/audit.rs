//! The audit log: moderation, exports, erasures and account changes.

use diesel::prelude::*;

use crate::clock::now_ms;
use crate::db::schema::audit_log;
use crate::db::DbConnection;

/// Appends one entry; call it inside the transaction of the change it records.
pub fn record(
    conn: &mut DbConnection,
    actor_id: Option<i64>,
    action: &str,
    target: &str,
    details: serde_json::Value,
) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(now_ms()),
            audit_log::actor_id.eq(actor_id),
            audit_log::action.eq(action),
            audit_log::target.eq(target),
            audit_log::details.eq(details.to_string()),
        ))
        .execute(conn)
        .map(|_| ())
}
