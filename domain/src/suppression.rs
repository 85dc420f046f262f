//! Small-cell protection for everything councils see (INSEE's table-protection rule).
//!
//! **Primary suppression**: a count from 1 to 10 people ([`THRESHOLD`] − 1) is never published;
//! it shows as "< 11". Zero is published: it describes nobody.
//!
//! **Secondary suppression**: a published total minus the published cells of its line must not
//! give back a hidden cell. In every line whose total is published, hidden cells are therefore
//! either absent or at least two, and together they hold at least [`THRESHOLD`] people (so their
//! sum does not bound any of them tightly either). Complements are the smallest non-zero cells of
//! the line (least information lost); when a line has no candidate left, its total is hidden.
//! Tables repeat this over rows, columns and margins until nothing changes.
//!
//! A total under the threshold hides its whole line.

use serde::{Deserialize, Serialize};

/// Counts based on fewer people than this are hidden.
pub const THRESHOLD: u64 = 11;

/// One published figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "status", content = "count")]
pub enum Cell {
    /// Published as is.
    Shown(u64),
    /// Primary suppression: 1 to 10 people. Shown as "< 11".
    Small,
    /// Secondary suppression: hidden so that totals cannot reveal a small cell.
    Secondary,
}

impl Cell {
    pub fn count(self) -> Option<u64> {
        match self {
            Cell::Shown(n) => Some(n),
            Cell::Small | Cell::Secondary => None,
        }
    }

    pub fn is_hidden(self) -> bool {
        !matches!(self, Cell::Shown(_))
    }

    /// The text a person sees: the count, "< 11", or "s" (secret) for a complement.
    pub fn display(self) -> String {
        match self {
            Cell::Shown(n) => n.to_string(),
            Cell::Small => format!("< {THRESHOLD}"),
            Cell::Secondary => "s".to_owned(),
        }
    }
}

/// Primary suppression of one count.
pub fn primary(count: u64) -> Cell {
    if (1..THRESHOLD).contains(&count) {
        Cell::Small
    } else {
        Cell::Shown(count)
    }
}

/// `count` out of `total` in percent, one decimal; only when both are published.
pub fn percent(count: Cell, total: Cell) -> Option<f64> {
    match (count, total) {
        (Cell::Shown(c), Cell::Shown(t)) if t > 0 => {
            Some((c as f64 * 1000.0 / t as f64).round() / 10.0)
        }
        _ => None,
    }
}

/// The sum of counts; saturating, so that no input can make it overflow (no table holds
/// 2^64 people).
fn sum_of<'a>(values: impl IntoIterator<Item = &'a u64>) -> u64 {
    values
        .into_iter()
        .fold(0u64, |sum, &v| sum.saturating_add(v))
}

/// The columns of equal-length rows (a row too short only leaves its column shorter).
fn columns<T: Copy>(rows: &[Vec<T>], cols: usize) -> Vec<Vec<T>> {
    let mut out = vec![Vec::with_capacity(rows.len()); cols];
    for row in rows {
        for (column, &value) in out.iter_mut().zip(row) {
            column.push(value);
        }
    }
    out
}

/// Independent counts with no published total (no additive relation to protect).
pub fn suppress_cells(counts: &[u64]) -> Vec<Cell> {
    counts.iter().map(|&c| primary(c)).collect()
}

/// The total of cells whose suppression was decided elsewhere (lines published in another
/// view, which must not change): published only when it cannot give a hidden cell back, that is
/// when no cell is hidden, or at least two are and they hold at least [`THRESHOLD`] people.
pub fn protected_total(values: &[u64], cells: &[Cell]) -> Cell {
    let total = sum_of(values);
    if primary(total) == Cell::Small {
        return Cell::Small;
    }
    let hidden: Vec<u64> = values
        .iter()
        .zip(cells)
        .filter(|(_, c)| c.is_hidden())
        .map(|(v, _)| *v)
        .collect();
    if hidden.is_empty() || (hidden.len() >= 2 && sum_of(&hidden) >= THRESHOLD) {
        Cell::Shown(total)
    } else {
        Cell::Secondary
    }
}

/// Rows protected one by one (each exactly as [`suppress_line`] publishes it on its own), then
/// column totals and the grand total published only where [`protected_total`] allows. Used
/// where the same rows appear in another view: both views hide the same cells.
pub fn suppress_rows(rows_in: &[Vec<u64>]) -> Table {
    let cols = rows_in.iter().map(Vec::len).max().unwrap_or(0);
    let rows: Vec<Vec<u64>> = rows_in
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.resize(cols, 0);
            r
        })
        .collect();
    let (row_totals, cells): (Vec<Cell>, Vec<Vec<Cell>>) = rows
        .iter()
        .map(|r| {
            let line = suppress_line(r);
            (line.total, line.cells)
        })
        .unzip();
    let col_values = columns(&rows, cols);
    let col_totals: Vec<Cell> = col_values
        .iter()
        .zip(columns(&cells, cols))
        .map(|(values, cells)| protected_total(values, &cells))
        .collect();
    let row_sums: Vec<u64> = rows.iter().map(sum_of).collect();
    let col_sums: Vec<u64> = col_values.iter().map(sum_of).collect();
    let by_rows = protected_total(&row_sums, &row_totals);
    let by_cols = protected_total(&col_sums, &col_totals);
    let grand_total = if by_rows.is_hidden() {
        by_rows
    } else {
        by_cols
    };
    let mut table = Table {
        cells,
        row_totals,
        col_totals,
        grand_total,
    };
    if recoverable(&table) > 0 {
        // The margins interlock (a hidden grand total derivable from the other margin, …):
        // hide the total of every column holding a hidden cell. Rows with
        // hidden cells have at least two, so at least two such columns exist and every line
        // keeps two unknowns or none.
        for (c, total) in table.col_totals.iter_mut().enumerate() {
            let holds_hidden = table
                .cells
                .iter()
                .any(|row| row.get(c).is_some_and(|cell| cell.is_hidden()));
            if holds_hidden && !total.is_hidden() {
                *total = Cell::Secondary;
            }
        }
        // The grand total stays published when the row totals give it anyway.
        table.grand_total = by_rows;
    }
    table
}

/// The classic attack on additive tables: any line with one unknown cell gives it away;
/// repeat with what was learnt. Returns how many hidden cells were recovered.
fn recoverable(table: &Table) -> usize {
    let rows = table.cells.len();
    let cols = table.col_totals.len();
    let mut known: Vec<Vec<bool>> = table
        .cells
        .iter()
        .zip(&table.row_totals)
        .map(|(row, total)| row.iter().chain([total]).map(|c| !c.is_hidden()).collect())
        .collect();
    known.push(
        table
            .col_totals
            .iter()
            .chain([&table.grand_total])
            .map(|c| !c.is_hidden())
            .collect(),
    );
    let initially_hidden = known.iter().flatten().filter(|k| !**k).count();
    loop {
        let mut learnt = false;
        for (cells, total) in lines(rows, cols) {
            let mut all = cells.clone();
            all.push(total);
            let unknown: Vec<Pos> = all
                .into_iter()
                .filter(|&(r, c)| known.get(r).and_then(|row| row.get(c)) == Some(&false))
                .collect();
            if let [(r, c)] = unknown[..] {
                if let Some(k) = known.get_mut(r).and_then(|row| row.get_mut(c)) {
                    *k = true;
                    learnt = true;
                }
            }
        }
        if !learnt {
            break;
        }
    }
    // Cells are only ever learnt, never forgotten: this cannot go below zero.
    initially_hidden.saturating_sub(known.iter().flatten().filter(|k| !**k).count())
}

/// A line: `cells` that add up to `total` (the caller adds a residual cell such as "no answer"
/// when needed, so the sum is exact).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub total: Cell,
    pub cells: Vec<Cell>,
}

pub fn suppress_line(cells: &[u64]) -> Line {
    let Table {
        cells: rows,
        row_totals,
        ..
    } = suppress_table(&[cells.to_vec()]);
    Line {
        // A table of one row has one row total; were it missing, hiding it is the safe side.
        total: row_totals.first().copied().unwrap_or(Cell::Secondary),
        cells: rows.into_iter().next().unwrap_or_default(),
    }
}

/// A two-way table with its margins: row totals, column totals and the grand total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub cells: Vec<Vec<Cell>>,
    pub row_totals: Vec<Cell>,
    pub col_totals: Vec<Cell>,
    pub grand_total: Cell,
}

/// Positions in the extended grid: (row, col), where row == rows and col == cols are margins.
type Pos = (usize, usize);

struct Grid {
    values: Vec<Vec<u64>>,
    hidden: Vec<Vec<Option<Cell>>>,
}

/// Positions come from [`lines`] over the grid's own size, so they are always inside it; were
/// one not, it reads as a published zero and cannot be hidden.
impl Grid {
    fn value(&self, (r, c): Pos) -> u64 {
        self.values
            .get(r)
            .and_then(|row| row.get(c))
            .copied()
            .unwrap_or(0)
    }

    fn hidden(&self, (r, c): Pos) -> Option<Cell> {
        self.hidden
            .get(r)
            .and_then(|row| row.get(c))
            .copied()
            .flatten()
    }

    fn is_hidden(&self, p: Pos) -> bool {
        self.hidden(p).is_some()
    }

    fn hide(&mut self, (r, c): Pos, why: Cell) {
        if let Some(cell) = self.hidden.get_mut(r).and_then(|row| row.get_mut(c)) {
            cell.get_or_insert(why);
        }
    }

    fn cell(&self, p: Pos) -> Cell {
        self.hidden(p).unwrap_or(Cell::Shown(self.value(p)))
    }
}

/// Every additive line of the extended grid: (its cells, its total).
fn lines(rows: usize, cols: usize) -> Vec<(Vec<Pos>, Pos)> {
    let mut lines = Vec::with_capacity(rows.saturating_add(cols).saturating_add(2));
    for r in 0..=rows {
        lines.push(((0..cols).map(|c| (r, c)).collect(), (r, cols)));
    }
    for c in 0..=cols {
        lines.push(((0..rows).map(|r| (r, c)).collect(), (rows, c)));
    }
    lines
}

/// Primary then secondary suppression of a table whose rows all have the same length.
/// Margins are the sums of the cells. Ragged input is padded with zeros.
pub fn suppress_table(rows_in: &[Vec<u64>]) -> Table {
    let rows = rows_in.len();
    let cols = rows_in.iter().map(Vec::len).max().unwrap_or(0);
    // Each row padded with zeros and followed by its total, then the row of column totals.
    let mut values: Vec<Vec<u64>> = rows_in
        .iter()
        .map(|row| {
            let mut line = row.clone();
            line.resize(cols, 0);
            line.push(sum_of(&line));
            line
        })
        .collect();
    let margin: Vec<u64> = columns(&values, cols.saturating_add(1))
        .iter()
        .map(sum_of)
        .collect();
    values.push(margin);
    let mut grid = Grid {
        hidden: vec![vec![None; cols.saturating_add(1)]; rows.saturating_add(1)],
        values,
    };
    for r in 0..=rows {
        for c in 0..=cols {
            if primary(grid.value((r, c))) == Cell::Small {
                grid.hide((r, c), Cell::Small);
            }
        }
    }
    let lines = lines(rows, cols);
    // A total under the threshold hides its whole line: nothing in it is publishable.
    for (cells, total) in &lines {
        if grid.is_hidden(*total) && grid.value(*total) < THRESHOLD {
            for &p in cells {
                grid.hide(p, Cell::Small);
            }
        }
    }
    loop {
        let mut changed = false;
        for (cells, total) in &lines {
            loop {
                let hidden: Vec<Pos> = cells
                    .iter()
                    .copied()
                    .filter(|&p| grid.is_hidden(p))
                    .collect();
                let safe = if grid.is_hidden(*total) {
                    // The total is unknown too: one hidden cell beside it is enough, none is not
                    // (the shown cells would add up to it).
                    !hidden.is_empty() || grid.value(*total) == 0
                } else {
                    let sum = hidden
                        .iter()
                        .fold(0u64, |sum, &p| sum.saturating_add(grid.value(p)));
                    hidden.is_empty() || (hidden.len() >= 2 && sum >= THRESHOLD)
                };
                if safe {
                    break;
                }
                if grid.is_hidden(*total) {
                    // Only reached with no hidden cell: hide the smallest non-zero one.
                    if let Some(p) = cells
                        .iter()
                        .copied()
                        .filter(|&p| grid.value(p) > 0)
                        .min_by_key(|&p| (grid.value(p), p))
                    {
                        grid.hide(p, Cell::Secondary);
                        changed = true;
                    }
                    break;
                }
                let candidate = cells
                    .iter()
                    .copied()
                    .filter(|&p| !grid.is_hidden(p) && grid.value(p) > 0)
                    .min_by_key(|&p| (grid.value(p), p));
                match candidate {
                    Some(p) => grid.hide(p, Cell::Secondary),
                    None => {
                        grid.hide(*total, Cell::Secondary);
                        changed = true;
                        break;
                    }
                }
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    Table {
        cells: (0..rows)
            .map(|r| (0..cols).map(|c| grid.cell((r, c))).collect())
            .collect(),
        row_totals: (0..rows).map(|r| grid.cell((r, cols))).collect(),
        col_totals: (0..cols).map(|c| grid.cell((rows, c))).collect(),
        grand_total: grid.cell((rows, cols)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn shown(cells: &[Cell]) -> Vec<Option<u64>> {
        cells.iter().map(|c| c.count()).collect()
    }

    #[test]
    fn small_counts_are_hidden_zero_and_large_are_not() {
        assert_eq!(primary(0), Cell::Shown(0));
        assert_eq!(primary(1), Cell::Small);
        assert_eq!(primary(10), Cell::Small);
        assert_eq!(primary(11), Cell::Shown(11));
        assert_eq!(Cell::Small.display(), "< 11");
    }

    #[test]
    fn a_single_small_cell_takes_the_smallest_partner() {
        let line = suppress_line(&[40, 5, 20, 0]);
        assert_eq!(line.total, Cell::Shown(65));
        assert_eq!(shown(&line.cells), [Some(40), None, None, Some(0)]);
        assert_eq!(line.cells[1], Cell::Small);
        assert_eq!(line.cells[2], Cell::Secondary);
    }

    #[test]
    fn two_small_cells_summing_under_eleven_need_a_third() {
        let line = suppress_line(&[3, 4, 30, 50]);
        assert_eq!(shown(&line.cells), [None, None, None, Some(50)]);
    }

    #[test]
    fn a_small_total_hides_everything() {
        let line = suppress_line(&[3, 4, 0]);
        assert_eq!(line.total, Cell::Small);
        assert!(line.cells.iter().all(|c| c.is_hidden()));
    }

    #[test]
    fn nothing_small_nothing_hidden() {
        let table = suppress_table(&[vec![20, 30], vec![11, 0]]);
        assert!(table.cells.iter().flatten().all(|c| !c.is_hidden()));
        assert_eq!(table.grand_total, Cell::Shown(61));
    }

    #[test]
    fn percentages_need_both_figures() {
        assert_eq!(percent(Cell::Shown(1), Cell::Shown(3)), Some(33.3));
        assert_eq!(percent(Cell::Small, Cell::Shown(30)), None);
        assert_eq!(percent(Cell::Shown(0), Cell::Shown(0)), None);
    }

    fn table_values() -> impl Strategy<Value = Vec<Vec<u64>>> {
        (1usize..6, 1usize..6).prop_flat_map(|(rows, cols)| {
            prop::collection::vec(
                prop::collection::vec(
                    prop_oneof![Just(0u64), 1u64..11, 11u64..40, 40u64..500],
                    cols,
                ),
                rows,
            )
        })
    }

    proptest! {
        #[test]
        fn no_published_count_is_small(values in table_values()) {
            let table = suppress_table(&values);
            let published = table.cells.iter().flatten()
                .chain(&table.row_totals).chain(&table.col_totals).chain([&table.grand_total]);
            for cell in published {
                if let Cell::Shown(n) = cell {
                    prop_assert!(*n == 0 || *n >= THRESHOLD, "published {n}");
                }
            }
        }

        #[test]
        fn published_counts_are_the_true_ones(values in table_values()) {
            let table = suppress_table(&values);
            for (r, row) in values.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    if let Cell::Shown(n) = table.cells[r][c] {
                        prop_assert_eq!(n, *v);
                    }
                }
                if let Cell::Shown(n) = table.row_totals[r] {
                    prop_assert_eq!(n, row.iter().sum::<u64>());
                }
            }
        }

        #[test]
        fn totals_never_give_a_hidden_cell_back(values in table_values()) {
            let table = suppress_table(&values);
            prop_assert_eq!(recoverable(&table), 0);
        }

        #[test]
        fn rows_protected_apart_keep_their_margins_safe(values in table_values()) {
            let table = suppress_rows(&values);
            prop_assert_eq!(recoverable(&table), 0);
            for (r, row) in values.iter().enumerate() {
                prop_assert_eq!(&table.cells[r], &suppress_line(row).cells);
            }
            for cell in table.col_totals.iter().chain([&table.grand_total]) {
                if let Cell::Shown(n) = cell {
                    prop_assert!(*n == 0 || *n >= THRESHOLD);
                }
            }
        }

        #[test]
        fn hidden_cells_of_a_published_line_hold_at_least_eleven(cells in prop::collection::vec(prop_oneof![Just(0u64), 1u64..11, 11u64..300], 1..8)) {
            let line = suppress_line(&cells);
            if !line.total.is_hidden() {
                let hidden: Vec<u64> = cells.iter().zip(&line.cells)
                    .filter(|(_, c)| c.is_hidden()).map(|(v, _)| *v).collect();
                prop_assert!(hidden.is_empty() || (hidden.len() >= 2 && hidden.iter().sum::<u64>() >= THRESHOLD));
            }
        }

        #[test]
        fn tables_without_small_cells_are_published_whole(values in prop::collection::vec(prop::collection::vec(prop_oneof![Just(0u64), 11u64..300], 3), 1..5)) {
            let table = suppress_table(&values);
            prop_assert!(table.cells.iter().flatten().all(|c| !c.is_hidden()));
        }
    }
}
