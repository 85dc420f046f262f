//! `backend/src/db/schema.rs` (one schema for both backends) matches what each backend's
//! migrations create: same tables, columns, types and nullability.

use std::collections::BTreeMap;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::helpers::{backend, pool, TestDb};

type Columns = BTreeMap<String, (String, bool)>;

/// Tables and columns as `schema.rs` declares them: column → (diesel type, nullable).
fn declared() -> BTreeMap<String, Columns> {
    let source = include_str!("../../backend/src/db/schema.rs");
    let mut tables = BTreeMap::new();
    let mut current: Option<(String, Columns)> = None;
    for line in source.lines().map(str::trim) {
        if let Some((name, _)) = line
            .split_once(" (")
            .filter(|_| line.ends_with('{') && !line.starts_with("diesel"))
        {
            current = Some((name.to_owned(), Columns::new()));
        } else if let Some((column, ty)) = line.split_once(" -> ") {
            let ty = ty.trim_end_matches(',');
            let (ty, nullable) = match ty.strip_prefix("Nullable<") {
                Some(inner) => (inner.trim_end_matches('>'), true),
                None => (ty, false),
            };
            if let Some((_, columns)) = current.as_mut() {
                columns.insert(column.to_owned(), (ty.to_owned(), nullable));
            }
        } else if line == "}" {
            if let Some((name, columns)) = current.take() {
                tables.insert(name, columns);
            }
        }
    }
    tables
}

#[derive(QueryableByName)]
struct ColumnInfo {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = BigInt)]
    nullable: i64,
}

fn diesel_type(database_type: &str) -> &'static str {
    match database_type.to_lowercase().as_str() {
        "bigint" => "BigInt",
        "integer" => "Integer",
        "text" => "Text",
        "boolean" => "Bool",
        "real" | "double precision" => "Double",
        _ => "unknown",
    }
}

#[test]
fn schema_rs_matches_the_migrations() {
    let db = TestDb::new();
    let mut conn = pool(db.url()).get().unwrap();
    let rows: Vec<ColumnInfo> = if backend() == "postgres" {
        diesel::sql_query(
            "SELECT table_name::text AS table_name, column_name::text AS column_name, data_type::text AS data_type, \
             (CASE WHEN is_nullable = 'YES' THEN 1 ELSE 0 END)::bigint AS nullable \
             FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '\\_\\_%'",
        )
        .load(&mut conn)
        .unwrap()
    } else {
        diesel::sql_query(
            "SELECT m.name AS table_name, p.name AS column_name, p.type AS data_type, \
             CASE WHEN p.\"notnull\" = 1 OR p.pk > 0 THEN 0 ELSE 1 END AS nullable \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '\\_\\_%' ESCAPE '\\'",
        )
        .load(&mut conn)
        .unwrap()
    };
    let mut actual: BTreeMap<String, Columns> = BTreeMap::new();
    for row in rows {
        actual.entry(row.table_name).or_default().insert(
            row.column_name,
            (diesel_type(&row.data_type).to_owned(), row.nullable == 1),
        );
    }
    let mut declared = declared();
    if backend() != "postgres" {
        // SQLite integers are all 64-bit: INTEGER holds diesel's Integer and BigInt alike.
        for columns in declared.values_mut().chain(actual.values_mut()) {
            for (ty, _) in columns.values_mut() {
                if ty == "BigInt" {
                    *ty = "Integer".into();
                }
            }
        }
    }
    assert!(declared.len() >= 25, "parsed every table of schema.rs");
    assert_eq!(
        declared.keys().collect::<Vec<_>>(),
        actual.keys().collect::<Vec<_>>()
    );
    for (table, columns) in &declared {
        assert_eq!(columns, &actual[table], "table {table}");
    }
}
