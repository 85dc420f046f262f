//! The inter-council view (coordinators): quartiers side by side on one theme (month by month)
//! or on one survey question, with metropolitan totals: as published (each quartier's counts
//! frozen with its latest publication, so two looks differ only by a publication, that is by 11
//! people or more), or, with `raw=true`, from the running tallies.
//!
//! These tables get printed for inter-council meetings, so they are protected by default, and
//! each quartier's row is protected exactly as its own council sees it
//! ([`suppression::suppress_rows`]): a council member holding both papers learns nothing more.
//! Metropolitan totals are published only where they cannot give a hidden cell back.
//! `raw=true` gives coordinators the exact figures (not for publication).

use std::collections::HashMap;

use diesel::prelude::*;
use portevoix_domain::month::Month;
use portevoix_domain::suppression::{self, Cell, Table};
use portevoix_domain::wire::{
    CompareRow, Figure, OptionRef, QuartierRef, QuestionComparison, ThemeComparison, ThemeRef,
};

use crate::auth::AuthUser;
use crate::db::schema::{
    quartiers, survey_quartiers, tally_answers, tally_responses, tally_testimonies, tally_themes,
    themes,
};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::services::council::dashboards::{question_counts, version_info, AnswerTally};
use crate::services::council::snapshots;
use crate::services::council::timeline::{current_month, month_window, stored_month};
use portevoix_domain::wire::Role;

/// `"1,4,7"` as ids; empty or absent means every quartier.
pub fn parse_ids(value: Option<&str>) -> Result<Option<Vec<i64>>, ApiError> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    value
        .split(',')
        .map(|part| part.trim().parse::<i64>())
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
        .map_err(|_| {
            ApiError::bad_request(
                "invalid_query",
                "quartier_ids : identifiants séparés par des virgules",
                Some("quartier_ids".into()),
            )
        })
}

fn all_quartiers(conn: &mut DbConnection) -> Result<Vec<QuartierRef>, ApiError> {
    Ok(quartiers::table
        .order(quartiers::name)
        .select((quartiers::id, quartiers::slug, quartiers::name))
        .load::<(i64, String, String)>(conn)?
        .into_iter()
        .map(|(id, slug, name)| QuartierRef { id, slug, name })
        .collect())
}

/// Exact figures, for `raw=true`.
fn raw_table(rows: &[Vec<u64>]) -> Table {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let col_sums: Vec<u64> = (0..cols)
        .map(|c| rows.iter().map(|r| r.get(c).copied().unwrap_or(0)).sum())
        .collect();
    Table {
        cells: rows
            .iter()
            .map(|r| r.iter().map(|&v| Cell::Shown(v)).collect())
            .collect(),
        row_totals: rows.iter().map(|r| Cell::Shown(r.iter().sum())).collect(),
        grand_total: Cell::Shown(col_sums.iter().sum()),
        col_totals: col_sums.into_iter().map(Cell::Shown).collect(),
    }
}

fn protect(rows: &[Vec<u64>], raw: bool) -> Table {
    if raw {
        raw_table(rows)
    } else {
        suppression::suppress_rows(rows)
    }
}

fn unknown_quartier(wanted: &Option<Vec<i64>>, all: &[QuartierRef]) -> Result<(), ApiError> {
    if let Some(ids) = wanted {
        if ids.iter().any(|id| !all.iter().any(|q| q.id == *id)) {
            return Err(ApiError::validation(
                "unknown_quartier",
                "quartier inconnu",
                Some("quartier_ids".into()),
            ));
        }
    }
    Ok(())
}

/// `GET /api/v1/compare/themes?theme=&from=&to=&quartier_ids=&raw=`.
pub fn themes(
    conn: &mut DbConnection,
    actor: &AuthUser,
    theme: &str,
    window: (Option<&str>, Option<&str>),
    quartier_ids: Option<Vec<i64>>,
    raw: bool,
) -> Result<ThemeComparison, ApiError> {
    // Published theme totals are public (each quartier's page shows them): council members
    // may compare them too, for the map, and get nothing more ([`for_councils`]). Exact
    // figures stay with coordinators.
    if raw {
        actor.require_staff()?;
    } else {
        actor.require(&[Role::Admin, Role::Coordinator, Role::CouncilMember])?;
    }
    let (from, to) = month_window(window.0, window.1)?;
    let label: String = themes::table
        .find(theme)
        .select(themes::label)
        .first(conn)
        .optional()?
        .ok_or(ApiError::NotFound("thème"))?;
    let mut quartiers = all_quartiers(conn)?;
    unknown_quartier(&quartier_ids, &quartiers)?;
    let mut data: HashMap<(i64, Month), u64> = HashMap::new();
    // Each quartier's approved testimonies: the theme's share is its people over these.
    let mut people: HashMap<i64, u64> = HashMap::new();
    let now = if raw {
        for (q, n) in tally_testimonies::table
            .select((
                tally_testimonies::quartier_id,
                tally_testimonies::testimonies,
            ))
            .load::<(i64, i64)>(conn)?
        {
            let entry = people.entry(q).or_default();
            *entry = entry.saturating_add(n.max(0) as u64);
        }
        for (q, month, n) in tally_themes::table
            .filter(tally_themes::theme_code.eq(theme))
            .select((
                tally_themes::quartier_id,
                tally_themes::month,
                tally_themes::testimonies,
            ))
            .load::<(i64, String, i64)>(conn)?
        {
            data.insert((q, stored_month(&month)?), n.max(0) as u64);
        }
        current_month()
    } else {
        // As published: each quartier's counts frozen with its latest themes publication.
        let published = snapshots::latest_themes_per_quartier(conn)?;
        quartiers.retain(|q| published.iter().any(|p| p.quartier_id == q.id));
        let mut until: Option<Month> = None;
        for publication in published {
            people.insert(publication.quartier_id, publication.people.max(0) as u64);
            let counts = publication.counts()?;
            if let Some(line) = counts.themes.get(theme) {
                for (month, n) in line {
                    data.insert((publication.quartier_id, *month), *n);
                }
            }
            until = until.max(counts.until);
        }
        until.unwrap_or_else(current_month)
    };
    let first = data.keys().map(|(_, m)| *m).min().unwrap_or(now);
    let months = first.through(now.max(first));
    let values: Vec<Vec<u64>> = quartiers
        .iter()
        .map(|q| {
            months
                .iter()
                .map(|m| data.get(&(q.id, *m)).copied().unwrap_or(0))
                .collect()
        })
        .collect();
    let table = protect(&values, raw);
    let keep: Vec<usize> = months
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            from.as_ref().is_none_or(|f| *m >= f) && to.as_ref().is_none_or(|t| *m <= t)
        })
        .map(|(i, _)| i)
        .collect();
    let rows = quartiers
        .into_iter()
        .enumerate()
        .filter(|(_, q)| quartier_ids.as_ref().is_none_or(|ids| ids.contains(&q.id)))
        .map(|(r, quartier)| CompareRow {
            total: Figure::new(
                table.row_totals[r],
                people.get(&quartier.id).map(|n| suppression::primary(*n)),
            ),
            quartier,
            cells: keep
                .iter()
                .map(|&c| Figure::new(table.cells[r][c], None))
                .collect(),
        })
        .collect();
    let comparison = ThemeComparison {
        theme: ThemeRef {
            code: theme.to_owned(),
            label,
        },
        months: keep.iter().map(|&i| months[i]).collect(),
        rows,
        totals: keep
            .iter()
            .map(|&c| Figure::new(table.col_totals[c], None))
            .collect(),
        suppressed: !raw,
    };
    Ok(if actor.role == Role::CouncilMember {
        for_councils(comparison)
    } else {
        comparison
    })
}

/// What a council member reads of another quartier is what its public page shows: each
/// quartier's published total and share, not its months, nor the metropolitan months.
fn for_councils(mut comparison: ThemeComparison) -> ThemeComparison {
    comparison.months.clear();
    comparison.totals.clear();
    for row in &mut comparison.rows {
        row.cells.clear();
    }
    comparison
}

type QuestionCounts = (HashMap<i64, u64>, HashMap<i64, AnswerTally>);

/// One question's running tallies per quartier (`raw=true`).
fn live_counts(
    conn: &mut DbConnection,
    version_id: i64,
    code: &str,
) -> Result<QuestionCounts, ApiError> {
    let responses: HashMap<i64, u64> = tally_responses::table
        .filter(tally_responses::survey_version_id.eq(version_id))
        .select((tally_responses::quartier_id, tally_responses::responses))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .map(|(q, n)| (q, n.max(0) as u64))
        .collect();
    let mut tallies: HashMap<i64, AnswerTally> = HashMap::new();
    for (q, option, n) in tally_answers::table
        .filter(tally_answers::survey_version_id.eq(version_id))
        .filter(tally_answers::question_code.eq(code))
        .select((
            tally_answers::quartier_id,
            tally_answers::option_code,
            tally_answers::answers,
        ))
        .load::<(i64, String, i64)>(conn)?
    {
        tallies
            .entry(q)
            .or_default()
            .insert((code.to_owned(), option), n.max(0) as u64);
    }
    Ok((responses, tallies))
}

/// One question's counts per quartier as frozen by each quartier's latest publication of the
/// version: two looks at the comparison differ only where a publication did, by 11 people.
fn published_counts(
    conn: &mut DbConnection,
    version_id: i64,
    code: &str,
) -> Result<QuestionCounts, ApiError> {
    let mut responses = HashMap::new();
    let mut tallies: HashMap<i64, AnswerTally> = HashMap::new();
    for publication in snapshots::latest_survey_per_quartier(conn, version_id)? {
        let counts = publication.counts()?;
        responses.insert(publication.quartier_id, counts.responses);
        let tally = tallies.entry(publication.quartier_id).or_default();
        for (question, option, n) in counts.answers {
            if question == code {
                tally.insert((question, option), n);
            }
        }
    }
    Ok((responses, tallies))
}

/// `GET /api/v1/compare/questions?survey_version_id=&question=&quartier_ids=&raw=`.
pub fn question(
    conn: &mut DbConnection,
    actor: &AuthUser,
    version_id: i64,
    code: &str,
    quartier_ids: Option<Vec<i64>>,
    raw: bool,
) -> Result<QuestionComparison, ApiError> {
    actor.require_staff()?;
    let info = version_info(conn, version_id)?;
    let question = info
        .definition
        .question(code)
        .ok_or(ApiError::NotFound("question"))?
        .clone();
    let all = all_quartiers(conn)?;
    unknown_quartier(&quartier_ids, &all)?;
    let assigned: Vec<i64> = survey_quartiers::table
        .filter(survey_quartiers::survey_id.eq(info.survey_id))
        .select(survey_quartiers::quartier_id)
        .load(conn)?;
    let (responses, tallies) = if raw {
        live_counts(conn, version_id, code)?
    } else {
        published_counts(conn, version_id, code)?
    };
    // Every quartier that could hold figures, so the metropolitan totals are complete; as
    // published, the quartiers with a publication of this version.
    let quartiers: Vec<QuartierRef> = all
        .into_iter()
        .filter(|q| (raw && assigned.contains(&q.id)) || responses.contains_key(&q.id))
        .collect();
    let single = portevoix_domain::survey::SurveyDefinition {
        title: String::new(),
        intro: None,
        questions: vec![question.clone()],
        languages: Vec::new(),
        title_translations: Default::default(),
        intro_translations: Default::default(),
    };
    let empty = AnswerTally::new();
    let counts: Vec<_> = quartiers
        .iter()
        .map(|q| {
            let n = responses.get(&q.id).copied().unwrap_or(0);
            let tally = tallies.get(&q.id).unwrap_or(&empty);
            question_counts(&single, n, tally).remove(0)
        })
        .collect();
    let Some(first) = counts.first() else {
        return Err(ApiError::NotFound("résultats"));
    };
    let options: Vec<OptionRef> = first
        .options
        .iter()
        .map(|(code, label)| OptionRef {
            code: code.clone(),
            label: label.clone(),
        })
        .collect();
    let multiple = first.multiple;
    if options.is_empty() {
        return Err(ApiError::NotFound("question"));
    }
    // One table for a single-answer question; one binary table per option otherwise.
    let tables: Vec<Table> = if multiple {
        (0..options.len())
            .map(|o| {
                let rows: Vec<Vec<u64>> = counts.iter().map(|c| c.lines[o].clone()).collect();
                protect(&rows, raw)
            })
            .collect()
    } else {
        let rows: Vec<Vec<u64>> = counts.iter().map(|c| c.lines[0].clone()).collect();
        vec![protect(&rows, raw)]
    };
    let cell = |r: usize, o: usize| -> (Cell, Cell) {
        if multiple {
            (tables[o].cells[r][0], tables[o].row_totals[r])
        } else {
            (tables[0].cells[r][o], tables[0].row_totals[r])
        }
    };
    let total_of = |o: usize| -> (Cell, Cell) {
        if multiple {
            (tables[o].col_totals[0], tables[o].grand_total)
        } else {
            (tables[0].col_totals[o], tables[0].grand_total)
        }
    };
    let grand = if tables.iter().all(|t| !t.grand_total.is_hidden()) {
        tables[0].grand_total
    } else {
        Cell::Secondary
    };
    let rows = quartiers
        .into_iter()
        .enumerate()
        .filter(|(_, q)| quartier_ids.as_ref().is_none_or(|ids| ids.contains(&q.id)))
        .map(|(r, quartier)| {
            let row_total = if multiple {
                tables.first().map_or(Cell::Shown(0), |t| t.row_totals[r])
            } else {
                tables[0].row_totals[r]
            };
            CompareRow {
                quartier,
                total: Figure::new(row_total, None),
                cells: (0..options.len())
                    .map(|o| {
                        let (value, total) = cell(r, o);
                        Figure::new(value, Some(total))
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(QuestionComparison {
        survey_id: info.survey_id,
        survey_version_id: info.version_id,
        title: info.definition.title.clone(),
        question: question.code.clone(),
        question_label: question.label.clone(),
        multiple,
        totals: (0..options.len())
            .map(|o| {
                let (value, total) = total_of(o);
                Figure::new(value, Some(total))
            })
            .collect(),
        options,
        rows,
        total: Figure::new(grand, None),
        suppressed: !raw,
    })
}
