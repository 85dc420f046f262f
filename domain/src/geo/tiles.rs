//! The tile map: one square per quartier on a grid of at most 20 × 20, for as long as outlines
//! are missing. A coordinator may move a quartier's square; the others fall into place.

use std::collections::BTreeSet;

/// Tiles' columns and rows are in `0..=MAX_TILE`.
pub const MAX_TILE: u8 = 19;
const SIDE: u8 = MAX_TILE.saturating_add(1);

/// The narrowest square grid that holds `n` cells: ⌈√n⌉, between 1 and 20.
fn grid_width(n: usize) -> u8 {
    (1..SIDE)
        .find(|k| {
            usize::from(*k)
                .checked_mul(usize::from(*k))
                .is_some_and(|cells| cells >= n)
        })
        .unwrap_or(SIDE)
}

/// Places one square per quartier: each wanted cell is kept if valid and not taken by an
/// earlier one; the others fill free cells row-major in a grid ceil(sqrt(n)) wide (growing rows
/// as needed).
///
/// Returns `(col, row)` for each quartier, in the order given. All distinct when there are at
/// most 400 quartiers; beyond, the extra ones share the last cell.
pub fn place_tiles(wanted: &[Option<(u8, u8)>]) -> Vec<(u8, u8)> {
    let width = grid_width(wanted.len());
    let mut taken = BTreeSet::new();
    let mut placed: Vec<Option<(u8, u8)>> = wanted
        .iter()
        .map(|cell| match *cell {
            Some((col, row)) if col <= MAX_TILE && row <= MAX_TILE && taken.insert((col, row)) => {
                Some((col, row))
            }
            _ => None,
        })
        .collect();
    // Row-major within the grid's width, then, if wanted cells crowd it, anywhere on the board.
    let mut free = (0..SIDE)
        .flat_map(|row| (0..width).map(move |col| (col, row)))
        .chain((0..SIDE).flat_map(|row| (0..SIDE).map(move |col| (col, row))));
    for cell in placed.iter_mut().filter(|cell| cell.is_none()) {
        *cell = free.find(|candidate| taken.insert(*candidate));
    }
    placed
        .into_iter()
        .map(|cell| cell.unwrap_or((MAX_TILE, MAX_TILE)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::config;
    use proptest::prelude::*;

    #[test]
    fn grid_width_is_the_ceiling_of_the_square_root() {
        let widths: Vec<u8> = [0, 1, 2, 4, 5, 9, 10, 16, 17, 400, 401, 100_000]
            .iter()
            .map(|n| grid_width(*n))
            .collect();
        assert_eq!(widths, [1, 1, 2, 2, 3, 3, 4, 4, 5, 20, 20, 20]);
    }

    #[test]
    fn without_wishes_quartiers_fill_a_square() {
        assert_eq!(
            place_tiles(&[None; 5]),
            [(0, 0), (1, 0), (2, 0), (0, 1), (1, 1)]
        );
        assert_eq!(place_tiles(&[]), []);
    }

    #[test]
    fn wishes_are_kept_unless_taken_or_off_the_board() {
        let placed = place_tiles(&[
            None,
            Some((0, 0)),
            Some((0, 0)),
            Some((20, 3)),
            Some((5, 19)),
            Some((1, 255)),
        ]);
        // Wished cells first: (0, 0) to the second, (5, 19) to the fifth; the others fill the
        // 3-wide grid from the top left, skipping (0, 0).
        assert_eq!(placed, [(1, 0), (0, 0), (2, 0), (0, 1), (5, 19), (1, 1)]);
    }

    #[test]
    fn wished_cells_inside_the_grid_are_skipped() {
        // Four quartiers (a 2-wide grid) whose wishes sit where the others would go.
        let placed = place_tiles(&[Some((0, 0)), Some((1, 0)), None, None]);
        assert_eq!(placed, [(0, 0), (1, 0), (0, 1), (1, 1)]);
        let placed = place_tiles(&[Some((0, 1)), Some((1, 1)), Some((0, 0)), None]);
        assert_eq!(placed, [(0, 1), (1, 1), (0, 0), (1, 0)]);
    }

    #[test]
    fn a_full_board_still_places_everyone() {
        // 400 wishes all on column 0 and row 0: the rest spill over the whole board.
        let wanted: Vec<Option<(u8, u8)>> = (0..400).map(|i| Some(((i % 20) as u8, 0))).collect();
        let placed = place_tiles(&wanted);
        let distinct: BTreeSet<_> = placed.iter().collect();
        assert_eq!(distinct.len(), 400);
        assert_eq!(place_tiles(&[None; 401]).len(), 401);
    }

    proptest! {
        #![proptest_config(config())]

        /// n ≤ 400 quartiers get n distinct cells on the board, wished cells honoured when
        /// valid and first.
        #[test]
        fn tiles_are_distinct_and_on_the_board(
            wanted in proptest::collection::vec(
                proptest::option::of((0u8..24, 0u8..24)),
                0..=400,
            )
        ) {
            let placed = place_tiles(&wanted);
            prop_assert_eq!(placed.len(), wanted.len());
            let distinct: BTreeSet<_> = placed.iter().collect();
            prop_assert_eq!(distinct.len(), placed.len());
            for (col, row) in &placed {
                prop_assert!(*col <= MAX_TILE && *row <= MAX_TILE);
            }
            let mut seen = BTreeSet::new();
            for (wish, cell) in wanted.iter().zip(&placed) {
                if let Some((col, row)) = *wish {
                    if col <= MAX_TILE && row <= MAX_TILE && seen.insert((col, row)) {
                        prop_assert_eq!((col, row), *cell);
                    }
                }
            }
        }
    }
}
