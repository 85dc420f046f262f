//! The quartier map (issue 16 §3): quartier outlines read from a GeoJSON file an admin
//! uploads (official open data, in WGS 84 or Lambert-93), simplified to a size a phone draws
//! quickly; a tile map (one square per quartier) while outlines are missing; and the shapes the
//! screens draw, in SVG coordinates.
//!
//! Everything reads untrusted input (a file, a stored JSON column): nothing here may panic.

mod draw;
mod lambert;
mod read;
mod simplify;
#[cfg(test)]
mod test_shapes;
mod tiles;

use serde::{Deserialize, Serialize};

pub use draw::{quartier_map, QuartierPlace};
pub use read::{parse_outlines, MAX_FEATURES, MAX_RING_POSITIONS, MAX_TEXT_BYTES};
pub use tiles::{place_tiles, MAX_TILE};

/// `value` rounded to `decimals` places (1 for drawings, 6 for stored positions), never "-0".
pub(crate) fn round_to(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    let rounded = (value * scale).round() / scale;
    if rounded == 0.0 {
        0.0
    } else {
        rounded
    }
}

/// A quartier's outline: rings of [longitude, latitude] (WGS 84), simplified, rounded to 6
/// decimals. Stored as JSON in quartiers.outline.
///
/// Each ring is closed (its last position repeats the first) and has at least 4 positions;
/// outer rings and holes are kept alike (drawn with the even-odd rule they come out right).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outline {
    pub rings: Vec<Vec<[f64; 2]>>,
}

impl Outline {
    /// Positions in all rings (closing positions included).
    pub fn points(&self) -> usize {
        self.rings
            .iter()
            .map(Vec::len)
            .fold(0, usize::saturating_add)
    }

    /// Two outlines drawn as one (features sharing a code, quartiers merged), simplified again
    /// so that the whole stays within the same number of positions as one feature.
    pub fn joined(mut self, other: Outline) -> Outline {
        self.rings.extend(other.rings);
        let (rings, _) = simplify::simplify(&self.rings);
        Outline { rings }
    }
}

/// A feature of the file that gave an outline.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFeature {
    /// Position in the file's `features`, from 0.
    pub index: usize,
    /// The quartier's official code as written in the file (trimmed).
    pub code: String,
    pub outline: Outline,
}

/// A feature of the file that gave no outline, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureProblem {
    /// Position in the file's `features`, from 0.
    pub index: usize,
    /// When the feature had one.
    pub code: Option<String>,
    /// Plain French, for the admin who uploaded the file.
    pub message: String,
}

/// What a file gave: the features that read, the ones that did not. Every feature of the file
/// is in exactly one of the two lists.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedOutlines {
    pub features: Vec<ParsedFeature>,
    pub problems: Vec<FeatureProblem>,
}

/// Why a whole file is refused (a bad feature is only a [`FeatureProblem`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GeoError {
    #[error("Ce fichier n'est pas du GeoJSON : {0}")]
    NotJson(String),
    #[error(
        "Ce fichier n'est pas une collection GeoJSON : il faut un objet \
         « \"type\": \"FeatureCollection\" » avec une liste « features »"
    )]
    NotFeatureCollection,
    #[error("Ce fichier contient {0} contours : {max} au plus", max = MAX_FEATURES)]
    TooManyFeatures(usize),
    #[error(
        "Système de coordonnées inconnu : « {0} » (acceptés : WGS 84, EPSG:4326, ou \
         Lambert-93, EPSG:2154)"
    )]
    UnknownCrs(String),
}

/// Twice the signed area of a ring (shoelace), in its own units squared. The ring may be
/// closed or not: the closing edge is added either way.
fn twice_area(ring: &[[f64; 2]]) -> f64 {
    let Some(&[x0, y0]) = ring.first() else {
        return 0.0;
    };
    // Relative to the first position: large coordinates would cancel out otherwise.
    let edges = ring.iter().zip(ring.iter().skip(1).chain(ring.first()));
    edges
        .map(|([ax, ay], [bx, by])| (ax - x0) * (by - y0) - (bx - x0) * (ay - y0))
        .sum()
}

/// The ring with the largest area (the first of equals), if any.
fn largest_ring(rings: &[Vec<[f64; 2]>]) -> Option<usize> {
    rings
        .iter()
        .map(|ring| twice_area(ring).abs())
        .enumerate()
        .fold(None, |best: Option<(usize, f64)>, (i, area)| match best {
            Some((_, best_area)) if best_area >= area => best,
            _ => Some((i, area)),
        })
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::test_shapes::square;
    use super::*;

    #[test]
    fn area_of_a_unit_square_either_way_round() {
        let square = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]];
        assert!((twice_area(&square) - 2.0).abs() < 1e-12);
        let open = [[0.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, 0.0]];
        assert!((twice_area(&open) + 2.0).abs() < 1e-12);
        assert_eq!(twice_area(&[]), 0.0);
    }

    #[test]
    fn largest_ring_is_the_first_of_the_largest() {
        let small = vec![[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 0.0]];
        let big = vec![[0.0, 0.0], [3.0, 0.0], [0.0, 3.0], [0.0, 0.0]];
        assert_eq!(largest_ring(&[small.clone(), big.clone(), big]), Some(1));
        assert_eq!(largest_ring(&[small]), Some(0));
        assert_eq!(largest_ring(&[]), None);
    }

    #[test]
    fn points_counts_every_position() {
        let outline = Outline {
            rings: vec![vec![[0.0, 0.0]; 5], vec![[1.0, 1.0]; 4]],
        };
        assert_eq!(outline.points(), 9);
        let text = serde_json::to_string(&outline).unwrap();
        assert_eq!(serde_json::from_str::<Outline>(&text).unwrap(), outline);
    }

    #[test]
    fn joined_outlines_keep_every_ring_within_the_limit() {
        let a = Outline {
            rings: vec![square([-1.60, 47.20], 0.01)],
        };
        let b = Outline {
            rings: vec![square([-1.50, 47.20], 0.01)],
        };
        let joined = a.clone().joined(b.clone());
        assert_eq!(joined.rings.len(), 2);
        assert!(joined.rings.contains(&a.rings[0]) && joined.rings.contains(&b.rings[0]));
        let many = Outline {
            rings: (0..100)
                .map(|i| square([-1.6 + f64::from(i) * 0.001, 47.2], 0.0005))
                .collect(),
        };
        assert!(many.clone().joined(many).points() <= 150);
    }
}
