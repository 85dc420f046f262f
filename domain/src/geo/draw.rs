//! The map the screens draw: real outlines when every quartier has one, squares otherwise. In
//! SVG coordinates (y downwards), so the screens only place paths and labels.

use super::{largest_ring, place_tiles, round_to, twice_area, Outline};
use crate::wire::{MapMode, MapShape, MapTile, QuartierMap, QuartierRef};

/// View box width in outline mode; the height follows the map's proportions.
const WIDTH: f64 = 1000.0;
const MARGIN: f64 = 10.0;
/// A very tall map is narrowed rather than drawn taller than this.
const MAX_HEIGHT: f64 = 3000.0;
/// A tile's side in tile mode.
const TILE: u32 = 100;

type Ring = Vec<[f64; 2]>;

/// A quartier, its outline if it has one, the tile it was put on if any.
pub type QuartierPlace = (QuartierRef, Option<Outline>, Option<(u8, u8)>);

/// Builds the map the screens draw.
///
/// Outlines when every quartier has a usable one (and there is at least one quartier): an
/// equirectangular projection fitted to a view box 1000 wide. Otherwise one square per quartier
/// (`place_tiles`). Each shape has its tile in both modes; shapes are in the order given.
pub fn quartier_map(quartiers: Vec<QuartierPlace>) -> QuartierMap {
    let wanted: Vec<Option<(u8, u8)>> = quartiers.iter().map(|(_, _, tile)| *tile).collect();
    let tiles = place_tiles(&wanted);
    let outlines: Vec<Option<Vec<Ring>>> = quartiers
        .iter()
        .map(|(_, outline, _)| outline.as_ref().and_then(usable))
        .collect();
    let placed = quartiers
        .into_iter()
        .zip(tiles.into_iter().chain(std::iter::repeat((0, 0))))
        .map(|((quartier, _, _), (col, row))| (quartier, MapTile { col, row }));
    let all: Option<Vec<Vec<Ring>>> = outlines.into_iter().collect();
    match all {
        Some(outlines) if !outlines.is_empty() => outline_map(placed, outlines),
        _ => tile_map(placed),
    }
}

/// An outline's positions that can be drawn (a stored outline may have been edited by hand):
/// `None` when nothing is left.
fn usable(outline: &Outline) -> Option<Vec<Ring>> {
    let rings: Vec<Ring> = outline
        .rings
        .iter()
        .map(|ring| {
            ring.iter()
                .copied()
                .filter(|[lon, lat]| {
                    lon.is_finite()
                        && lat.is_finite()
                        && (-180.0..=180.0).contains(lon)
                        && (-90.0..=90.0).contains(lat)
                })
                .collect::<Ring>()
        })
        .filter(|ring| !ring.is_empty())
        .collect();
    Some(rings).filter(|rings| !rings.is_empty())
}

fn tile_map(placed: impl Iterator<Item = (QuartierRef, MapTile)>) -> QuartierMap {
    let shapes: Vec<MapShape> = placed
        .map(|(quartier, tile)| MapShape {
            quartier,
            tile,
            path: None,
            label_at: [
                f64::from(tile.col) * f64::from(TILE) + f64::from(TILE) / 2.0,
                f64::from(tile.row) * f64::from(TILE) + f64::from(TILE) / 2.0,
            ],
        })
        .collect();
    // The squares in use and no more: one square placed far away does not shrink the others.
    let span = |side: fn(&MapTile) -> u8| {
        let values = || shapes.iter().map(|shape| u32::from(side(&shape.tile)));
        let low = values().min().unwrap_or(0);
        let high = values().max().map_or(0, |h| h.saturating_add(1));
        (
            low.saturating_mul(TILE),
            high.saturating_sub(low).saturating_mul(TILE),
        )
    };
    let ((x, width), (y, height)) = (span(|t| t.col), span(|t| t.row));
    QuartierMap {
        mode: MapMode::Tiles,
        view_box: format!("{x} {y} {width} {height}"),
        shapes,
    }
}

/// Bounds of positions: (min x, min y, max x, max y); `None` for no positions.
fn bounds(points: impl Iterator<Item = [f64; 2]>) -> Option<[f64; 4]> {
    points.fold(None, |acc, [x, y]| {
        Some(match acc {
            None => [x, y, x, y],
            Some([x0, y0, x1, y1]) => [x0.min(x), y0.min(y), x1.max(x), y1.max(y)],
        })
    })
}

/// `value` brought within `lo..=hi` (which `f64::clamp` would panic on if they were NaN).
fn within(value: f64, lo: f64, hi: f64) -> f64 {
    value.max(lo).min(hi)
}

fn outline_map(
    placed: impl Iterator<Item = (QuartierRef, MapTile)>,
    outlines: Vec<Vec<Ring>>,
) -> QuartierMap {
    let all = || outlines.iter().flatten().flatten().copied();
    let [_, lat_min, _, lat_max] = bounds(all()).unwrap_or([0.0; 4]);
    // Equirectangular: a degree of longitude is cos(latitude) as long as a degree of latitude.
    let k = ((lat_min + lat_max) / 2.0).to_radians().cos().max(0.0);
    let project = |[lon, lat]: [f64; 2]| [lon * k, -lat];
    let [x_min, y_min, x_max, y_max] = bounds(all().map(project)).unwrap_or([0.0; 4]);
    let (width, height) = (x_max - x_min, y_max - y_min);
    let inner = WIDTH - 2.0 * MARGIN;
    let mut scale = if width > 0.0 {
        inner / width
    } else {
        f64::INFINITY
    };
    if height > 0.0 {
        scale = scale.min((MAX_HEIGHT - 2.0 * MARGIN) / height);
    }
    if !scale.is_finite() {
        // A single point (or nonsense): drawn where it is, at the top left.
        scale = 1.0;
    }
    let drawn_width = (width * scale).min(inner);
    let drawn_height = (height * scale).min(MAX_HEIGHT - 2.0 * MARGIN);
    let x_offset = MARGIN + (inner - drawn_width) / 2.0;
    let to_view = |p: [f64; 2]| {
        let [x, y] = project(p);
        [
            within(x_offset + (x - x_min) * scale, 0.0, WIDTH),
            within(MARGIN + (y - y_min) * scale, 0.0, MAX_HEIGHT),
        ]
    };
    let view_height = (drawn_height + 2.0 * MARGIN).ceil();
    let shapes = placed
        .zip(outlines.iter())
        .map(|((quartier, tile), rings)| {
            let rings: Vec<Ring> = rings
                .iter()
                .map(|ring| ring.iter().map(|p| to_view(*p)).collect())
                .collect();
            MapShape {
                quartier,
                tile,
                path: Some(path(&rings)),
                label_at: label(&rings),
            }
        })
        .collect();
    QuartierMap {
        mode: MapMode::Outlines,
        view_box: format!("0 0 {} {}", number(WIDTH), number(view_height)),
        shapes,
    }
}

/// A view-box number: one decimal, or none when it is whole.
fn number(value: f64) -> String {
    let value = round_to(value, 1);
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// `M x y L x y … Z` per ring, one decimal.
fn path(rings: &[Ring]) -> String {
    let mut path = String::new();
    for ring in rings {
        // The closing position is the `Z`.
        let open = match (ring.first(), ring.last()) {
            (Some(first), Some(last)) if ring.len() > 1 && first == last => {
                ring.len().saturating_sub(1)
            }
            _ => ring.len(),
        };
        for (i, [x, y]) in ring.iter().take(open).enumerate() {
            if !path.is_empty() {
                path.push(' ');
            }
            let command = if i == 0 { 'M' } else { 'L' };
            path.push_str(&format!(
                "{command} {:.1} {:.1}",
                round_to(*x, 1),
                round_to(*y, 1)
            ));
        }
        if open > 0 {
            path.push_str(" Z");
        }
    }
    path
}

/// The area-weighted centroid of the largest ring; its bounding box's centre when it has no
/// area. Kept inside the ring's bounding box.
fn label(rings: &[Ring]) -> [f64; 2] {
    let Some(ring) = largest_ring(rings).and_then(|i| rings.get(i)) else {
        return [0.0, 0.0];
    };
    let Some([x0, y0, x1, y1]) = bounds(ring.iter().copied()) else {
        return [0.0, 0.0];
    };
    let centre = [(x0 + x1) / 2.0, (y0 + y1) / 2.0];
    let a2 = twice_area(ring);
    let [cx, cy] = match (ring.first(), a2.abs() > 1e-9) {
        (Some([ox, oy]), true) => {
            // Relative to the first position, for precision.
            let edges = ring.iter().zip(ring.iter().skip(1).chain(ring.first()));
            let (sx, sy) = edges.fold((0.0, 0.0), |(sx, sy), ([ax, ay], [bx, by])| {
                let (ax, ay, bx, by) = (ax - ox, ay - oy, bx - ox, by - oy);
                let cross = ax * by - bx * ay;
                (sx + (ax + bx) * cross, sy + (ay + by) * cross)
            });
            [ox + sx / (3.0 * a2), oy + sy / (3.0 * a2)]
        }
        _ => centre,
    };
    let inside = |v: f64, lo: f64, hi: f64, fallback: f64| {
        if v.is_finite() {
            within(v, lo, hi)
        } else {
            fallback
        }
    };
    [
        round_to(inside(cx, x0, x1, centre[0]), 1),
        round_to(inside(cy, y0, y1, centre[1]), 1),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::test_shapes::square;
    use crate::testing::config;
    use proptest::prelude::*;

    fn quartier(id: i64) -> QuartierRef {
        QuartierRef {
            id,
            slug: format!("q{id}"),
            name: format!("Quartier {id}"),
        }
    }

    fn view_box(map: &QuartierMap) -> [f64; 4] {
        let numbers: Vec<f64> = map
            .view_box
            .split(' ')
            .map(|n| n.parse().unwrap())
            .collect();
        numbers.try_into().unwrap()
    }

    /// The numbers of a path, checked to be finite.
    fn path_numbers(path: &str) -> Vec<f64> {
        path.split(' ')
            .filter(|token| !matches!(*token, "M" | "L" | "Z"))
            .map(|n| n.parse::<f64>().unwrap_or_else(|_| panic!("{n} in {path}")))
            .collect()
    }

    fn inside(point: [f64; 2], view: [f64; 4]) -> bool {
        let [x0, y0, w, h] = view;
        point[0] >= x0 && point[0] <= x0 + w && point[1] >= y0 && point[1] <= y0 + h
    }

    #[test]
    fn without_every_outline_quartiers_are_tiles() {
        let outline = Outline {
            rings: vec![square([-1.55, 47.2], 0.01)],
        };
        let map = quartier_map(vec![
            (quartier(1), Some(outline), None),
            (quartier(2), None, Some((4, 2))),
            (quartier(3), None, None),
        ]);
        assert_eq!(map.mode, MapMode::Tiles);
        // 3 quartiers: a 2-wide grid; (4, 2) is wished.
        assert_eq!(map.view_box, "0 0 500 300");
        let ids: Vec<i64> = map.shapes.iter().map(|s| s.quartier.id).collect();
        assert_eq!(ids, [1, 2, 3]);
        let tiles: Vec<MapTile> = map.shapes.iter().map(|s| s.tile).collect();
        assert_eq!(
            tiles,
            [
                MapTile { col: 0, row: 0 },
                MapTile { col: 4, row: 2 },
                MapTile { col: 1, row: 0 }
            ]
        );
        assert!(map.shapes.iter().all(|s| s.path.is_none()));
        assert_eq!(map.shapes[1].label_at, [450.0, 250.0]);
    }

    #[test]
    fn the_tile_map_holds_the_squares_in_use_and_no_more() {
        let map = quartier_map(vec![
            (quartier(1), None, Some((18, 17))),
            (quartier(2), None, Some((19, 19))),
        ]);
        assert_eq!(map.view_box, "1800 1700 200 300");
        assert!(map
            .shapes
            .iter()
            .all(|s| inside(s.label_at, view_box(&map))));
    }

    #[test]
    fn no_quartier_is_an_empty_tile_map() {
        let map = quartier_map(vec![]);
        assert_eq!(map.mode, MapMode::Tiles);
        assert_eq!(map.view_box, "0 0 0 0");
        assert!(map.shapes.is_empty());
    }

    #[test]
    fn an_outline_with_nothing_drawable_counts_as_missing() {
        let map = quartier_map(vec![
            (
                quartier(1),
                Some(Outline {
                    rings: vec![square([-1.55, 47.2], 0.01)],
                }),
                None,
            ),
            (
                quartier(2),
                Some(Outline {
                    rings: vec![vec![[f64::NAN, 1.0]], vec![]],
                }),
                None,
            ),
        ]);
        assert_eq!(map.mode, MapMode::Tiles);
    }

    #[test]
    fn with_every_outline_quartiers_are_shapes() {
        // Two quartiers side by side, one with a hole, the other wishing a tile.
        let west = Outline {
            rings: vec![
                square([-1.60, 47.20], 0.02),
                square([-1.595, 47.205], 0.005),
            ],
        };
        let east = Outline {
            rings: vec![square([-1.58, 47.20], 0.02)],
        };
        let map = quartier_map(vec![
            (quartier(1), Some(west), None),
            (quartier(2), Some(east), Some((7, 3))),
        ]);
        assert_eq!(map.mode, MapMode::Outlines);
        let view = view_box(&map);
        assert_eq!(view[..3], [0.0, 0.0, 1000.0]);
        // 0.04 × cos(47.21°) wide by 0.02 high: about 2 : 0.74.
        let expected = 980.0 * 0.02 / (0.04 * 47.21f64.to_radians().cos()) + 20.0;
        assert!((view[3] - expected).abs() <= 1.0, "{} {expected}", view[3]);
        let west_path = map.shapes[0].path.as_deref().unwrap();
        assert!(west_path.starts_with("M 10.0 "), "{west_path}");
        assert_eq!(west_path.matches('M').count(), 2);
        assert_eq!(west_path.matches('Z').count(), 2);
        assert_eq!(west_path.matches('L').count(), 6);
        let east_path = map.shapes[1].path.as_deref().unwrap();
        assert!(east_path.starts_with("M 500.0 "), "{east_path}");
        for shape in &map.shapes {
            assert!(inside(shape.label_at, view), "{:?}", shape.label_at);
            for n in path_numbers(shape.path.as_deref().unwrap()) {
                assert!((0.0..=1000.0).contains(&n));
            }
        }
        // Labels at the squares' centres; north is up.
        assert!(
            (map.shapes[0].label_at[0] - 255.0).abs() < 0.2,
            "{:?}",
            map.shapes[0].label_at
        );
        assert!((map.shapes[1].label_at[0] - 745.0).abs() < 0.2);
        assert!((map.shapes[0].label_at[1] - view[3] / 2.0).abs() < 1.0);
        assert_eq!(map.shapes[1].tile, MapTile { col: 7, row: 3 });
        assert_eq!(map.shapes[0].tile, MapTile { col: 0, row: 0 });
    }

    #[test]
    fn a_tall_map_is_narrowed_and_a_point_map_still_draws() {
        let tall = Outline {
            rings: vec![vec![
                [0.0, 0.0],
                [0.001, 0.0],
                [0.001, 10.0],
                [0.0, 10.0],
                [0.0, 0.0],
            ]],
        };
        let map = quartier_map(vec![(quartier(1), Some(tall), None)]);
        let view = view_box(&map);
        assert_eq!(view[3], MAX_HEIGHT);
        let point = Outline {
            rings: vec![vec![[2.0, 45.0]; 4]],
        };
        let map = quartier_map(vec![(quartier(1), Some(point), None)]);
        assert_eq!(map.mode, MapMode::Outlines);
        assert_eq!(map.view_box, "0 0 1000 20");
        assert_eq!(
            map.shapes[0].path.as_deref(),
            Some("M 500.0 10.0 L 500.0 10.0 L 500.0 10.0 Z")
        );
        assert_eq!(map.shapes[0].label_at, [500.0, 10.0]);
    }

    fn coordinate() -> impl Strategy<Value = f64> {
        prop_oneof![
            4 => -2.0..-1.0f64,
            4 => 47.0..48.0f64,
            2 => -180.0..180.0f64,
            1 => Just(0.0),
            1 => Just(f64::NAN),
            1 => Just(f64::INFINITY),
            1 => Just(1e308),
            1 => Just(5e-324),
            1 => Just(90.0),
            1 => Just(-180.0),
        ]
    }

    fn outline() -> impl Strategy<Value = Outline> {
        proptest::collection::vec(
            proptest::collection::vec([coordinate(), coordinate()], 0..8),
            0..3,
        )
        .prop_map(|rings| Outline { rings })
    }

    proptest! {
        #![proptest_config(config())]

        /// Whatever is stored: a map in the order given, every number finite, paths and
        /// labels inside the view box, tiles distinct.
        #[test]
        fn any_quartiers_give_a_drawable_map(
            quartiers in proptest::collection::vec(
                (proptest::option::weighted(0.9, outline()), proptest::option::of((0u8..25, 0u8..25))),
                0..12,
            )
        ) {
            let n = quartiers.len();
            let input: Vec<_> = quartiers
                .into_iter()
                .enumerate()
                .map(|(i, (outline, tile))| (quartier(i as i64), outline, tile))
                .collect();
            let map = quartier_map(input);
            prop_assert_eq!(map.shapes.len(), n);
            let view = view_box(&map);
            prop_assert!(view.iter().all(|v| v.is_finite()));
            let mut tiles = std::collections::BTreeSet::new();
            for (i, shape) in map.shapes.iter().enumerate() {
                prop_assert_eq!(shape.quartier.id, i as i64);
                prop_assert!(tiles.insert((shape.tile.col, shape.tile.row)));
                prop_assert!(inside(shape.label_at, view), "{:?} {:?}", shape.label_at, view);
                match (&map.mode, &shape.path) {
                    (MapMode::Outlines, Some(path)) => {
                        prop_assert!(path.starts_with("M "));
                        prop_assert!(path.ends_with('Z'));
                        for v in path_numbers(path) {
                            prop_assert!(v.is_finite() && v >= 0.0);
                        }
                        let numbers = path_numbers(path);
                        for point in numbers.chunks(2) {
                            prop_assert!(inside([point[0], point[1]], view), "{path} {view:?}");
                        }
                    }
                    (MapMode::Tiles, None) => {}
                    other => prop_assert!(false, "{:?}", other),
                }
            }
        }
    }
}
