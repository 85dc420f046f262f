//! Reading the GeoJSON FeatureCollection an admin uploads: one outline per feature, found by
//! the quartier's official code in its properties. A bad feature is reported and the others
//! still read; only a file that is not a FeatureCollection at all is refused.

use serde_json::{Map, Value};

use super::{
    lambert, largest_ring, round_to, simplify, twice_area, FeatureProblem, GeoError, Outline,
    ParsedFeature, ParsedOutlines,
};

/// Features per file, at most (a city has tens of quartiers; a national file has ~1,500 and
/// should be cut down to the city first).
pub const MAX_FEATURES: usize = 500;
/// Largest text read: 5 MiB.
pub const MAX_TEXT_BYTES: usize = 5_242_880;
/// Positions in one ring: official outlines hold a few thousand; the simplification's worst
/// case grows with the square of a ring's length.
pub const MAX_RING_POSITIONS: usize = 20_000;

/// Property names that may hold the official code, by preference (compared ignoring case).
const CODE_KEYS: [&str; 5] = [
    "official_code",
    "code_qp",
    "code_quartier",
    "code_qpv",
    "code",
];
const MAX_CODE_CHARS: usize = 100;
/// Quoted names and values are cut to this in messages.
const MAX_QUOTED_CHARS: usize = 60;
/// Below this (in square degrees, about a hundredth of a square metre) a contour has no area.
const MIN_TWICE_AREA: f64 = 1e-12;

type Ring = Vec<[f64; 2]>;

/// A feature with a code and rings as written in the file (not yet in WGS 84).
struct RawFeature {
    index: usize,
    code: String,
    rings: Vec<Ring>,
}

/// Reads a GeoJSON FeatureCollection uploaded by an admin (up to 500 features; 5 MiB text).
///
/// Coordinates are WGS 84 longitude/latitude unless the file says Lambert-93 (an old-style
/// `crs` naming EPSG:2154) or, without a `crs`, most features have positions no longitude and
/// latitude can have. Each outline is then simplified to at most 150 positions and rounded to
/// 6 decimals (about 10 cm).
pub fn parse_outlines(text: &str) -> Result<ParsedOutlines, GeoError> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(GeoError::NotJson("le fichier dépasse 5 Mo".into()));
    }
    // Files saved by some Windows tools start with a byte-order mark JSON does not allow.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(|e| GeoError::NotJson(why(&e)))?;
    let Value::Object(root) = value else {
        return Err(GeoError::NotFeatureCollection);
    };
    let is_collection = root
        .get("type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("FeatureCollection"));
    let features = match root.get("features") {
        Some(Value::Array(features)) if is_collection => features,
        _ => return Err(GeoError::NotFeatureCollection),
    };
    if features.len() > MAX_FEATURES {
        return Err(GeoError::TooManyFeatures(features.len()));
    }
    let declared = declared_lambert(&root)?;
    let read: Vec<Result<RawFeature, FeatureProblem>> = features
        .iter()
        .enumerate()
        .map(|(index, feature)| read_feature(index, feature))
        .collect();
    let lambert = declared.unwrap_or_else(|| mostly_projected(&read));
    let mut parsed = ParsedOutlines {
        features: Vec::new(),
        problems: Vec::new(),
    };
    for result in read {
        match result.and_then(|raw| finish(raw, lambert)) {
            Ok(feature) => parsed.features.push(feature),
            Err(problem) => parsed.problems.push(problem),
        }
    }
    Ok(parsed)
}

/// serde_json's reason, in French.
fn why(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let at = format!("ligne {}, colonne {}", error.line(), error.column());
    match error.classify() {
        Category::Eof => format!("le texte s'arrête avant la fin ({at})"),
        Category::Syntax | Category::Data | Category::Io => format!("texte illisible ({at})"),
    }
}

fn quoted(text: &str) -> String {
    let mut short: String = text.chars().take(MAX_QUOTED_CHARS).collect();
    if text.chars().nth(MAX_QUOTED_CHARS).is_some() {
        short.push('…');
    }
    short
}

/// `Some(true)` for Lambert-93, `Some(false)` for WGS 84, `None` when the file does not say.
fn declared_lambert(root: &Map<String, Value>) -> Result<Option<bool>, GeoError> {
    let name = root
        .get("crs")
        .and_then(|crs| crs.get("properties"))
        .and_then(|properties| properties.get("name"))
        .and_then(Value::as_str);
    let Some(name) = name else {
        return Ok(None);
    };
    let upper = name.to_uppercase();
    if upper.contains("2154") {
        Ok(Some(true))
    } else if upper.contains("4326") || upper.contains("CRS84") {
        Ok(Some(false))
    } else {
        Err(GeoError::UnknownCrs(quoted(name)))
    }
}

fn fits_wgs84([lon, lat]: [f64; 2]) -> bool {
    (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)
}

/// Without a `crs`: Lambert-93 when more features have positions out of longitude/latitude
/// range than not (one mistyped feature does not turn a whole WGS 84 file into Lambert-93).
fn mostly_projected(read: &[Result<RawFeature, FeatureProblem>]) -> bool {
    let (projected, geographic) = read
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|raw| raw.rings.iter().flatten().all(|p| fits_wgs84(*p)))
        .fold((0usize, 0usize), |(p, g), fits| {
            if fits {
                (p, g.saturating_add(1))
            } else {
                (p.saturating_add(1), g)
            }
        });
    projected > geographic
}

fn problem(index: usize, code: Option<String>, message: impl Into<String>) -> FeatureProblem {
    FeatureProblem {
        index,
        code,
        message: message.into(),
    }
}

/// The official code, from the first of [`CODE_KEYS`] present with a value.
fn code_of(properties: Option<&Value>) -> Option<String> {
    let properties = properties?.as_object()?;
    CODE_KEYS.iter().find_map(|key| {
        let value = properties
            .iter()
            .find(|(name, _)| name.trim().eq_ignore_ascii_case(key))
            .map(|(_, value)| value)?;
        let code = match value {
            Value::String(text) => text.trim().to_owned(),
            Value::Number(number) => number_code(number),
            _ => return None,
        };
        Some(code).filter(|code| !code.is_empty())
    })
}

/// A code written as a number: `44109`, also when a tool wrote it `44109.0`.
fn number_code(number: &serde_json::Number) -> String {
    match number.as_f64() {
        Some(value) if number.is_f64() && value.fract() == 0.0 && value.abs() < 1e15 => {
            format!("{value:.0}")
        }
        _ => number.to_string(),
    }
}

fn read_feature(index: usize, feature: &Value) -> Result<RawFeature, FeatureProblem> {
    let Some(feature) = feature.as_object() else {
        return Err(problem(
            index,
            None,
            "cet élément n'est pas un objet « Feature »",
        ));
    };
    let Some(code) = code_of(feature.get("properties")) else {
        return Err(problem(
            index,
            None,
            "pas de code de quartier dans ses propriétés (official_code, code_qp, \
             code_quartier, code_qpv ou code)",
        ));
    };
    if code.chars().nth(MAX_CODE_CHARS).is_some() {
        return Err(problem(
            index,
            Some(quoted(&code)),
            format!("code de quartier trop long (plus de {MAX_CODE_CHARS} caractères)"),
        ));
    }
    match read_geometry(feature.get("geometry")) {
        Ok(rings) => Ok(RawFeature { index, code, rings }),
        Err(message) => Err(problem(index, Some(code), message)),
    }
}

/// The rings of a Polygon or MultiPolygon, closed, as written.
fn read_geometry(geometry: Option<&Value>) -> Result<Vec<Ring>, String> {
    let geometry = match geometry {
        None | Some(Value::Null) => return Err("pas de géométrie".into()),
        Some(Value::Object(geometry)) => geometry,
        Some(_) => return Err("géométrie illisible (ce n'est pas un objet)".into()),
    };
    let kind = geometry.get("type").and_then(Value::as_str).unwrap_or("");
    let coordinates = geometry.get("coordinates");
    let polygons: Vec<&Value> = match kind.trim() {
        "Polygon" => match coordinates {
            Some(polygon @ Value::Array(_)) => vec![polygon],
            _ => return Err("coordonnées manquantes ou illisibles".into()),
        },
        "MultiPolygon" => match coordinates {
            Some(Value::Array(polygons)) => polygons.iter().collect(),
            _ => return Err("coordonnées manquantes ou illisibles".into()),
        },
        "" => return Err("géométrie sans type".into()),
        other => {
            return Err(format!(
                "géométrie « {} » : seuls les polygones (Polygon, MultiPolygon) sont acceptés",
                quoted(other)
            ))
        }
    };
    let mut rings = Vec::new();
    for polygon in polygons {
        let Value::Array(polygon) = polygon else {
            return Err("coordonnées manquantes ou illisibles".into());
        };
        for ring in polygon {
            rings.push(read_ring(ring)?);
        }
    }
    if rings.is_empty() {
        return Err("géométrie vide (aucun contour)".into());
    }
    Ok(rings)
}

fn read_ring(ring: &Value) -> Result<Ring, String> {
    let unreadable = || "coordonnées illisibles : chaque position doit être [longitude, latitude]";
    let Value::Array(positions) = ring else {
        return Err(unreadable().into());
    };
    if positions.len() > MAX_RING_POSITIONS {
        return Err(format!(
            "un contour a {} positions : {MAX_RING_POSITIONS} au plus (simplifiez le fichier)",
            positions.len()
        ));
    }
    let mut out = Vec::with_capacity(positions.len().saturating_add(1));
    for position in positions {
        let numbers = position.as_array().ok_or_else(unreadable)?;
        let mut numbers = numbers.iter().map(Value::as_f64);
        // A third number (altitude) may follow; it is not needed.
        let (Some(Some(x)), Some(Some(y))) = (numbers.next(), numbers.next()) else {
            return Err(unreadable().into());
        };
        if !x.is_finite() || !y.is_finite() {
            return Err("coordonnée non finie".into());
        }
        out.push([x, y]);
    }
    // GeoJSON rings repeat their first position at the end; some tools forget.
    if let (Some(first), Some(last)) = (out.first().copied(), out.last().copied()) {
        if first != last {
            out.push(first);
        }
    }
    if out.len() < 4 {
        return Err(format!(
            "un contour n'a que {} position(s) : il en faut au moins 4, la dernière répétant \
             la première",
            out.len()
        ));
    }
    Ok(out)
}

/// To WGS 84, checked, simplified, rounded.
fn finish(raw: RawFeature, lambert: bool) -> Result<ParsedFeature, FeatureProblem> {
    let RawFeature { index, code, rings } = raw;
    let fail = |message: String| problem(index, Some(code.clone()), message);
    let mut converted: Vec<Ring> = Vec::with_capacity(rings.len());
    for ring in rings {
        let mut out = Vec::with_capacity(ring.len());
        for [x, y] in ring {
            let position = if lambert {
                if !lambert::in_range(x, y) {
                    return Err(fail(format!(
                        "position hors de la France métropolitaine en Lambert-93 : [{x}, {y}]"
                    )));
                }
                lambert::to_wgs84(x, y)
            } else {
                [x, y]
            };
            if !position.iter().all(|c| c.is_finite()) || !fits_wgs84(position) {
                return Err(fail(format!(
                    "position hors des limites (longitude entre -180 et 180, latitude entre \
                     -90 et 90) : [{x}, {y}]"
                )));
            }
            out.push(position);
        }
        converted.push(out);
    }
    let area = largest_ring(&converted)
        .and_then(|i| converted.get(i))
        .map_or(0.0, |ring| twice_area(ring).abs());
    if area < MIN_TWICE_AREA {
        return Err(fail(
            "le contour n'a pas de surface (ses positions sont alignées ou confondues)".into(),
        ));
    }
    let (simplified, _) = simplify::simplify(&converted);
    let rings = simplified
        .into_iter()
        .map(|ring| {
            ring.into_iter()
                .map(|[x, y]| [round_to(x, 6), round_to(y, 6)])
                .collect()
        })
        .collect();
    Ok(ParsedFeature {
        index,
        code,
        outline: Outline { rings },
    })
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;
