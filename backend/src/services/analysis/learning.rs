//! What the coordinators' decisions teach the analysis (issue 14 §3), kept per deployment in
//! `theme_evidence`: the rules are the domain's (`portevoix_domain::analysis::learning`), the
//! counts live here. Each approval adds its lessons in the decision's transaction; the analyzer
//! is rebuilt with the words whose suggestions were removed more often than kept; the codebook
//! editor lists the proposed keywords.

use std::collections::BTreeMap;

use diesel::prelude::*;
use diesel::upsert::excluded;
use portevoix_domain::analysis::learning::{self, Evidence, KeywordProposal};

use crate::db::schema::theme_evidence;
use crate::db::DbConnection;
use crate::error::ApiError;

/// Words, theme code, and their evidence.
pub type Taught = (String, String, Evidence);

fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// Adds what approving `text` with the themes `chosen` teaches. The suggestion it is measured
/// against is the codebook's own (untaught) one.
pub fn record(conn: &mut DbConnection, text: &str, chosen: &[String]) -> Result<(), ApiError> {
    let analyzer = super::codebook_analyzer(conn)?;
    let suggested = analyzer.suggest_themes(text);
    for lesson in learning::lessons(text, &suggested, chosen) {
        let e = lesson.evidence;
        let row = (
            theme_evidence::words.eq(&lesson.words),
            theme_evidence::theme_code.eq(&lesson.theme),
            theme_evidence::confirmed.eq(i64::from(e.confirmed)),
            theme_evidence::rejected.eq(i64::from(e.rejected)),
            theme_evidence::added.eq(i64::from(e.added)),
        );
        crate::on_backend!(conn, |c| diesel::insert_into(theme_evidence::table)
            .values(row)
            .on_conflict((theme_evidence::words, theme_evidence::theme_code))
            .do_update()
            .set((
                theme_evidence::confirmed
                    .eq(theme_evidence::confirmed + excluded(theme_evidence::confirmed)),
                theme_evidence::rejected
                    .eq(theme_evidence::rejected + excluded(theme_evidence::rejected)),
                theme_evidence::added.eq(theme_evidence::added + excluded(theme_evidence::added)),
            ))
            .execute(c))?;
    }
    Ok(())
}

/// The words whose suggestions were removed more often than kept: the analyzer weighs them
/// less (`learning::weight` is below 1 exactly for these). Sorted, for a stable cache key.
pub fn lowered(conn: &mut DbConnection) -> Result<Vec<Taught>, ApiError> {
    let rows: Vec<(String, String, i64, i64)> = theme_evidence::table
        .filter(theme_evidence::rejected.gt(theme_evidence::confirmed))
        .select((
            theme_evidence::words,
            theme_evidence::theme_code,
            theme_evidence::confirmed,
            theme_evidence::rejected,
        ))
        .order((theme_evidence::words, theme_evidence::theme_code))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(words, theme, confirmed, rejected)| {
            let evidence = Evidence {
                confirmed: count(confirmed),
                rejected: count(rejected),
                added: 0,
            };
            (words, theme, evidence)
        })
        .collect())
}

/// The keywords to propose in the codebook editor, most confirmed first; retired themes and
/// unknown codes left out.
pub fn proposals(conn: &mut DbConnection) -> Result<Vec<KeywordProposal>, ApiError> {
    let rows: Vec<(String, String, i64)> = theme_evidence::table
        .filter(theme_evidence::added.gt(0))
        .select((
            theme_evidence::words,
            theme_evidence::theme_code,
            theme_evidence::added,
        ))
        .load(conn)?;
    let evidence: BTreeMap<(String, String), Evidence> = rows
        .into_iter()
        .map(|(words, theme, added)| {
            let evidence = Evidence {
                added: count(added),
                ..Evidence::default()
            };
            ((words, theme), evidence)
        })
        .collect();
    let book = crate::services::codebook::load(conn)?;
    let analyzer = super::codebook_analyzer(conn)?;
    Ok(learning::proposals(&analyzer, &evidence)
        .into_iter()
        .filter(|p| book.themes.iter().any(|t| t.code == p.theme && !t.retired))
        .collect())
}
