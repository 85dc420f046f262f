//! The quartier map (issue 16 §3): where each quartier is drawn, and what became of an
//! uploaded GeoJSON file. Colours are the screens' business (they already have the figures).

use serde::{Deserialize, Serialize};

use super::QuartierRef;

/// A square on the tile map: column and row, each in `0..=19` (`geo::MAX_TILE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapTile {
    pub col: u8,
    pub row: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MapMode {
    /// Every quartier has an outline: real shapes.
    Outlines,
    /// At least one outline is missing: one square per quartier.
    Tiles,
}

/// One quartier as drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapShape {
    pub quartier: QuartierRef,
    /// Its square on the tile map, in both modes (so the screens can switch).
    pub tile: MapTile,
    /// SVG path data in the view box (`M x y L … Z` per ring); absent in tile mode.
    pub path: Option<String>,
    /// Where to write its name, in the view box: `[x, y]`.
    pub label_at: [f64; 2],
}

/// `GET /api/v1/map`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuartierMap {
    pub mode: MapMode,
    /// SVG `viewBox`, e.g. `"0 0 1000 740"`.
    pub view_box: String,
    /// In the order the quartiers were given.
    pub shapes: Vec<MapShape>,
}

/// `PUT /api/v1/quartiers/outlines`: what became of each feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutlineReport {
    pub matched: Vec<MatchedOutline>,
    pub unmatched: Vec<UnmatchedFeature>,
    /// Quartiers still without an outline.
    pub missing: Vec<QuartierRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatchedOutline {
    pub quartier: QuartierRef,
    /// Positions kept after simplification.
    pub points: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnmatchedFeature {
    /// Position of the feature in the file's `features`, from 0.
    pub feature: u32,
    pub code: Option<String>,
    /// Why, in plain French.
    pub message: String,
}

/// `PUT /api/v1/quartiers/{id}/tile`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TileRequest {
    pub col: u8,
    pub row: u8,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn map_travels_as_snake_case_json() {
        let map = QuartierMap {
            mode: MapMode::Tiles,
            view_box: "0 0 100 100".into(),
            shapes: vec![MapShape {
                quartier: QuartierRef {
                    id: 1,
                    slug: "bellevue".into(),
                    name: "Bellevue".into(),
                },
                tile: MapTile { col: 0, row: 0 },
                path: None,
                label_at: [50.0, 50.0],
            }],
        };
        let value = serde_json::to_value(&map).unwrap();
        assert_eq!(value["mode"], "tiles");
        assert_eq!(value["shapes"][0]["label_at"], json!([50.0, 50.0]));
        assert_eq!(value["shapes"][0]["tile"], json!({"col": 0, "row": 0}));
        assert_eq!(serde_json::from_value::<QuartierMap>(value).unwrap(), map);
        assert_eq!(serde_json::to_value(MapMode::Outlines).unwrap(), "outlines");
    }

    #[test]
    fn tile_request_refuses_unknown_fields_and_out_of_range_bytes() {
        let ok: TileRequest = serde_json::from_value(json!({"col": 3, "row": 19})).unwrap();
        assert_eq!(ok, TileRequest { col: 3, row: 19 });
        assert!(
            serde_json::from_value::<TileRequest>(json!({"col": 3, "row": 1, "x": 0})).is_err()
        );
        assert!(serde_json::from_value::<TileRequest>(json!({"col": 300, "row": 1})).is_err());
        assert!(serde_json::from_value::<TileRequest>(json!({"col": -1, "row": 1})).is_err());
    }

    #[test]
    fn report_round_trips() {
        let report = OutlineReport {
            matched: vec![MatchedOutline {
                quartier: QuartierRef {
                    id: 2,
                    slug: "malakoff".into(),
                    name: "Malakoff".into(),
                },
                points: 120,
            }],
            unmatched: vec![UnmatchedFeature {
                feature: 3,
                code: None,
                message: "pas de géométrie".into(),
            }],
            missing: vec![],
        };
        let text = serde_json::to_string(&report).unwrap();
        assert_eq!(
            serde_json::from_str::<OutlineReport>(&text).unwrap(),
            report
        );
    }
}
