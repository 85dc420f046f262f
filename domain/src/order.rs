//! Stable sorting with the sort algorithm compiled once.
//!
//! `slice::sort_by` is generic over the element type and the comparison: every call site with
//! its own closure gets its own copy of the standard library's stable sort, about 4 KB of wasm
//! each. The phone's bundle carried nine of them. Here the algorithm runs once, over positions,
//! with the comparison behind `dyn`; each call site adds only the small code that compares two
//! elements and moves them into place. Meant for the short lists of the analysis and of the
//! phone's screens, where the extra allocation of positions costs nothing measurable.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping equal items in their order (a stable sort, as
/// `slice::sort_by`).
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut positions: Vec<usize> = (0..items.len()).collect();
    {
        let current: &[T] = items;
        sort_positions(&mut positions, &|a, b| {
            match (current.get(a), current.get(b)) {
                (Some(a), Some(b)) => compare(a, b),
                // Positions come from `0..len`: never reached.
                _ => Ordering::Equal,
            }
        });
    }
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        positions
            .into_iter()
            .filter_map(|at| slots.get_mut(at).and_then(Option::take)),
    );
}

/// Sorts `items` by the key `key` gives each, stably (as `slice::sort_by_key`).
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The one instance of the standard library's stable sort: positions compared through `dyn`.
#[inline(never)]
fn sort_positions(positions: &mut [usize], compare: &dyn Fn(usize, usize) -> Ordering) {
    positions.sort_by(|&a, &b| compare(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn short_lists() {
        let mut empty: Vec<u8> = Vec::new();
        sort_by_key(&mut empty, |n| *n);
        assert!(empty.is_empty());
        let mut one = vec![7];
        sort_by_key(&mut one, |n| *n);
        assert_eq!(one, vec![7]);
        let mut words = vec!["tram", "bus", "CAF", "arbre"];
        sort_by(&mut words, |a, b| a.to_lowercase().cmp(&b.to_lowercase()));
        assert_eq!(words, vec!["arbre", "bus", "CAF", "tram"]);
    }

    proptest! {
        /// Same order as the standard library's stable sort, equal keys included: the second
        /// field tells whether equal keys kept their order.
        #[test]
        fn as_the_standard_stable_sort(mut items in prop::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut expected = items.clone();
            expected.sort_by_key(|(key, _)| *key);
            sort_by_key(&mut items, |(key, _)| *key);
            prop_assert_eq!(items, expected);
        }

        #[test]
        fn descending_comparisons_too(mut items in prop::collection::vec((any::<i16>(), any::<u8>()), 0..100)) {
            let mut expected = items.clone();
            expected.sort_by_key(|a| std::cmp::Reverse(a.0));
            sort_by(&mut items, |a, b| b.0.cmp(&a.0));
            prop_assert_eq!(items, expected);
        }
    }
}
