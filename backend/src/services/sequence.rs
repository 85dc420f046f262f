//! The sync sequence: a counter bumped inside each writing transaction, so numbers follow
//! commit order (the row lock serialises writers) and a pull cursor never misses a change.

use diesel::prelude::*;

use crate::db::schema::sync_counter;
use crate::db::DbConnection;

pub fn next(conn: &mut DbConnection) -> QueryResult<i64> {
    diesel::update(sync_counter::table.filter(sync_counter::id.eq(1)))
        .set(sync_counter::value.eq(sync_counter::value + 1))
        .returning(sync_counter::value)
        .get_result(conn)
}

pub fn current(conn: &mut DbConnection) -> QueryResult<i64> {
    sync_counter::table
        .filter(sync_counter::id.eq(1))
        .select(sync_counter::value)
        .first(conn)
}
