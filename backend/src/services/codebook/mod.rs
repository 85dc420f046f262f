//! The theme codebook as stored (`GET /api/v1/themes`), and below it the coordinators' editor
//! ([`editor`]), which builds on it.

pub mod editor;

use diesel::prelude::*;
use portevoix_domain::codebook::{Codebook, Theme};

use crate::db::models::ThemeRow;
use crate::db::schema::themes;
use crate::db::DbConnection;
use crate::error::ApiError;

fn split_list(value: &str) -> Vec<String> {
    value
        .split('|')
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

fn to_theme(row: ThemeRow) -> Theme {
    Theme {
        code: row.code,
        label: row.label,
        label_en: row.label_en,
        keywords: split_list(&row.keywords),
        related: split_list(&row.related),
        retired: row.retired,
    }
}

pub fn list(conn: &mut DbConnection) -> Result<Vec<Theme>, ApiError> {
    let rows: Vec<ThemeRow> = themes::table
        .select(ThemeRow::as_select())
        .order(themes::position)
        .load(conn)?;
    Ok(rows.into_iter().map(to_theme).collect())
}

pub fn load(conn: &mut DbConnection) -> Result<Codebook, ApiError> {
    Ok(Codebook {
        themes: list(conn)?,
    })
}
