//! Douglas–Peucker simplification of a feature's rings until the whole feature fits in
//! [`MAX_POINTS`] positions: official outlines carry thousands of positions per quartier, a
//! phone needs a hundred or so to draw a recognisable shape.
//!
//! Each position's significance is computed once (the largest tolerance at which
//! Douglas–Peucker keeps it); the tolerance then doubles until few enough positions are
//! significant. That is the same result as running Douglas–Peucker at each tolerance, with one
//! pass instead of one per tolerance, and an explicit stack rather than recursion (a long ring
//! must not exhaust the phone's stack).

use super::largest_ring;

/// Positions per feature, at most, after simplification.
pub const MAX_POINTS: usize = 150;
/// The first tolerance tried, in degrees (about a metre).
pub const START_TOLERANCE: f64 = 1e-5;
/// Doublings tried at most; 2^40 × 1e-5 degrees is far beyond any distance on Earth.
const MAX_DOUBLINGS: u32 = 40;

/// Distance from `p` to the segment `a`–`b`.
pub fn segment_distance(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let [px, py] = p;
    let [ax, ay] = a;
    let (dx, dy) = (b[0] - ax, b[1] - ay);
    let length2 = dx * dx + dy * dy;
    let along = if length2 > 0.0 {
        (((px - ax) * dx + (py - ay) * dy) / length2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (cx, cy) = (ax + along * dx, ay + along * dy);
    (px - cx).hypot(py - cy)
}

/// The farthest position strictly between `start` and `end` from the segment joining them.
fn farthest(ring: &[[f64; 2]], start: usize, end: usize) -> Option<(usize, f64)> {
    let a = *ring.get(start)?;
    let b = *ring.get(end)?;
    let inside = end.saturating_sub(start).saturating_sub(1);
    ring.iter()
        .enumerate()
        .skip(start.saturating_add(1))
        .take(inside)
        .map(|(i, p)| (i, segment_distance(*p, a, b)))
        .fold(None, |best, (i, d)| match best {
            Some((_, best_d)) if best_d >= d => best,
            _ => Some((i, d)),
        })
}

/// For a closed ring, each position's significance: kept at tolerance `t` exactly when its
/// significance is greater than `t`. The first and last positions are always kept.
pub fn significance(ring: &[[f64; 2]]) -> Vec<f64> {
    let mut sig = vec![f64::INFINITY; ring.len()];
    let last = ring.len().saturating_sub(1);
    let Some(&first) = ring.first() else {
        return sig;
    };
    // A closed ring's two ends are one point: split it first at the position farthest from
    // it, then each half is an ordinary polyline.
    let split = ring
        .iter()
        .enumerate()
        .take(last)
        .skip(1)
        .map(|(i, p)| (i, (p[0] - first[0]).hypot(p[1] - first[1])))
        .fold(None, |best: Option<(usize, f64)>, (i, d)| match best {
            Some((_, best_d)) if best_d >= d => best,
            _ => Some((i, d)),
        });
    let Some((split, d)) = split else {
        return sig;
    };
    if let Some(s) = sig.get_mut(split) {
        *s = d;
    }
    let mut stack = vec![(0, split, d), (split, last, d)];
    while let Some((start, end, parent)) = stack.pop() {
        let Some((i, d)) = farthest(ring, start, end) else {
            continue;
        };
        // A position is only reached when every split above it was kept.
        let s = d.min(parent);
        if s <= START_TOLERANCE {
            // No tolerance tried keeps any of these: settle them at once (dense or repeated
            // positions would otherwise cost a pass each).
            let inside = end.saturating_sub(start).saturating_sub(1);
            sig.iter_mut()
                .skip(start.saturating_add(1))
                .take(inside)
                .for_each(|slot| *slot = s);
            continue;
        }
        if let Some(slot) = sig.get_mut(i) {
            *slot = s;
        }
        stack.push((start, i, s));
        stack.push((i, end, s));
    }
    sig
}

/// Positions of a ring kept at tolerance `t`.
fn kept(sig: &[f64], t: f64) -> usize {
    sig.iter().filter(|s| **s > t).count()
}

/// Simplifies a feature's rings (each closed, at least 4 positions, finite) until they hold at
/// most [`MAX_POINTS`] positions in all. Rings that collapse below 4 positions are dropped,
/// except the largest, which keeps at least 4. Returns the rings and the tolerance used.
pub fn simplify(rings: &[Vec<[f64; 2]>]) -> (Vec<Vec<[f64; 2]>>, f64) {
    let largest = largest_ring(rings);
    let sigs: Vec<Vec<f64>> = rings.iter().map(|ring| significance(ring)).collect();
    let size = |sig: &Vec<f64>, i: usize, t: f64| {
        let n = kept(sig, t);
        if n >= 4 {
            n
        } else if Some(i) == largest {
            4.min(sig.len())
        } else {
            0
        }
    };
    let total = |t: f64| {
        sigs.iter()
            .enumerate()
            .map(|(i, sig)| size(sig, i, t))
            .fold(0, usize::saturating_add)
    };
    let mut tolerance = START_TOLERANCE;
    for _ in 0..MAX_DOUBLINGS {
        if total(tolerance) <= MAX_POINTS {
            break;
        }
        tolerance *= 2.0;
    }
    let simplified = rings
        .iter()
        .zip(&sigs)
        .enumerate()
        .filter_map(|(i, (ring, sig))| {
            let n = kept(sig, tolerance);
            if n >= 4 {
                let out: Vec<[f64; 2]> = ring
                    .iter()
                    .zip(sig)
                    .filter(|(_, s)| **s > tolerance)
                    .map(|(p, _)| *p)
                    .collect();
                Some(out)
            } else if Some(i) == largest {
                Some(at_least_four(ring, sig))
            } else {
                None
            }
        })
        .collect();
    (simplified, tolerance)
}

/// The ring's ends and its two most significant positions between them, in order.
fn at_least_four(ring: &[[f64; 2]], sig: &[f64]) -> Vec<[f64; 2]> {
    let last = ring.len().saturating_sub(1);
    let mut middle: Vec<(usize, f64)> =
        sig.iter().copied().enumerate().take(last).skip(1).collect();
    middle.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut chosen: Vec<usize> = middle.iter().take(2).map(|(i, _)| *i).collect();
    chosen.push(0);
    chosen.push(last);
    chosen.sort_unstable();
    chosen.dedup();
    chosen
        .iter()
        .filter_map(|i| ring.get(*i).copied())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::test_shapes::{circle, square};
    use crate::testing::config;
    use proptest::prelude::*;

    /// Where the circles are drawn: a quartier of Nantes.
    const CENTRE: [f64; 2] = [-1.55, 47.2];

    fn closed(ring: &[[f64; 2]]) -> bool {
        ring.len() >= 4 && ring.first() == ring.last()
    }

    /// Every original position lies within `t` of the simplified ring.
    fn within(original: &[[f64; 2]], simplified: &[[f64; 2]], t: f64) -> bool {
        original.iter().all(|p| {
            simplified
                .windows(2)
                .any(|w| segment_distance(*p, w[0], w[1]) <= t * (1.0 + 1e-9))
        })
    }

    #[test]
    fn ten_thousand_points_on_a_circle_become_at_most_150() {
        // About 5 km across: a large quartier.
        let ring = circle(CENTRE, 0.05, 10_000);
        let (rings, t) = simplify(std::slice::from_ref(&ring));
        assert_eq!(rings.len(), 1);
        let out = &rings[0];
        assert!(out.len() <= MAX_POINTS, "{}", out.len());
        assert!(out.len() >= 50, "a circle stays round: {}", out.len());
        assert!(closed(out));
        assert!(t > START_TOLERANCE && t < 1e-3, "{t}");
        assert!(within(&ring, out, t));
    }

    #[test]
    fn a_small_ring_is_left_alone() {
        let ring = square([0.0, 0.0], 0.001);
        let (rings, t) = simplify(std::slice::from_ref(&ring));
        assert_eq!(rings, vec![ring]);
        assert_eq!(t, START_TOLERANCE);
    }

    #[test]
    fn collinear_positions_go() {
        let ring = vec![
            [0.0, 0.0],
            [0.5, 0.0],
            [1.0, 0.0],
            [1.0, 1.0],
            [0.0, 1.0],
            [0.0, 0.0],
        ];
        let (rings, _) = simplify(&[ring]);
        assert_eq!(
            rings,
            vec![vec![
                [0.0, 0.0],
                [1.0, 0.0],
                [1.0, 1.0],
                [0.0, 1.0],
                [0.0, 0.0]
            ]]
        );
    }

    #[test]
    fn many_rings_drop_the_small_ones_and_keep_the_largest() {
        // 60 tiny islands of 5 positions and one large circle: 300 + 101 positions.
        let mut rings: Vec<Vec<[f64; 2]>> = (0..60)
            .map(|i| square([i as f64 * 0.001, 0.0], 1e-4))
            .collect();
        rings.push(circle(CENTRE, 0.05, 100));
        let (out, _) = simplify(&rings);
        let points: usize = out.iter().map(Vec::len).sum();
        assert!(points <= MAX_POINTS, "{points}");
        assert!(out.iter().all(|r| closed(r)));
        assert!(out.iter().any(|r| r.len() > 20), "the circle is kept");
    }

    #[test]
    fn a_degenerate_largest_ring_still_has_four_positions() {
        let ring = vec![[1.0, 1.0]; 200];
        let (rings, _) = simplify(&[ring]);
        assert_eq!(rings, vec![vec![[1.0, 1.0]; 4]]);
    }

    /// A closed ring of 4 to 400 positions drawn from a seed (cheaper than one strategy per
    /// coordinate): spread over the globe, over a quartier, or crowded on a tiny grid where
    /// positions repeat and line up.
    fn ring() -> impl Strategy<Value = Vec<[f64; 2]>> {
        let scale = proptest::sample::select(&[180.0, 0.01, 1e-5, 1e-7, 0.0][..]);
        let grid = proptest::sample::select(&[0.0, 1e-3, 0.25][..]);
        (any::<u64>(), 3usize..400, scale, grid).prop_map(|(seed, n, scale, grid)| {
            let mut state = seed | 1;
            let mut next = move || {
                // xorshift64: reproducible from the seed proptest shrinks.
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let unit = (state >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0;
                if grid > 0.0 {
                    (unit / grid).round() * grid * scale
                } else {
                    unit * scale
                }
            };
            let mut ring: Vec<[f64; 2]> = (0..n).map(|_| [next(), next() / 2.0]).collect();
            ring.push(ring[0]);
            ring
        })
    }

    proptest! {
        #![proptest_config(config())]

        /// Never more positions than given; every kept ring closed with 4 positions or more;
        /// at most 150 in all; at least one ring kept.
        #[test]
        fn simplification_keeps_rings_whole(rings in proptest::collection::vec(ring(), 1..6)) {
            let before: usize = rings.iter().map(Vec::len).sum();
            let (out, t) = simplify(&rings);
            let after: usize = out.iter().map(Vec::len).sum();
            prop_assert!(after <= before);
            prop_assert!(after <= MAX_POINTS);
            prop_assert!(!out.is_empty());
            prop_assert!(t.is_finite());
            for ring in &out {
                prop_assert!(closed(ring), "{:?}", ring);
            }
        }

        /// Simplifying at a tolerance keeps every original position within it (when the ring
        /// was not collapsed).
        #[test]
        fn dropped_positions_are_within_the_tolerance(ring in ring()) {
            let (out, t) = simplify(std::slice::from_ref(&ring));
            let sig = significance(&ring);
            if kept(&sig, t) >= 4 {
                prop_assert!(within(&ring, &out[0], t));
            }
        }
    }
}
