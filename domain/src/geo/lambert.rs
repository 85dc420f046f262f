//! Lambert-93 (EPSG:2154), the projection French open data often comes in, back to longitude
//! and latitude. Lambert conformal conic with two standard parallels on the GRS80 ellipsoid
//! (IGN, note NTG 71). The RGF93 and WGS 84 datums differ by a few centimetres: ignored.

use std::f64::consts::{FRAC_PI_2, FRAC_PI_4};

/// GRS80 semi-major axis, metres.
const A: f64 = 6_378_137.0;
/// GRS80 flattening.
const F: f64 = 1.0 / 298.257_222_101;
const LAT1: f64 = 44.0;
const LAT2: f64 = 49.0;
const LAT0: f64 = 46.5;
const LON0: f64 = 3.0;
const X0: f64 = 700_000.0;
const Y0: f64 = 6_600_000.0;

/// Where Lambert-93 is meant to be used (metropolitan France and its sea), widely: points
/// outside are a mistake in the file, not a place in France.
const X_RANGE: (f64, f64) = (-500_000.0, 2_000_000.0);
const Y_RANGE: (f64, f64) = (5_500_000.0, 7_700_000.0);

/// The constants of the cone, computed from the definition rather than copied.
struct Cone {
    e: f64,
    n: f64,
    /// a·F in the usual notation.
    af: f64,
    rho0: f64,
}

fn eccentricity() -> f64 {
    (2.0 * F - F * F).sqrt()
}

fn m(lat: f64, e: f64) -> f64 {
    let s = e * lat.sin();
    lat.cos() / (1.0 - s * s).sqrt()
}

fn t(lat: f64, e: f64) -> f64 {
    let s = e * lat.sin();
    (FRAC_PI_4 - lat / 2.0).tan() / ((1.0 - s) / (1.0 + s)).powf(e / 2.0)
}

fn cone() -> Cone {
    let e = eccentricity();
    let (lat1, lat2, lat0) = (LAT1.to_radians(), LAT2.to_radians(), LAT0.to_radians());
    let (m1, m2) = (m(lat1, e), m(lat2, e));
    let (t1, t2) = (t(lat1, e), t(lat2, e));
    let n = (m1.ln() - m2.ln()) / (t1.ln() - t2.ln());
    let af = A * m1 / (n * t1.powf(n));
    let rho0 = af * t(lat0, e).powf(n);
    Cone { e, n, af, rho0 }
}

/// Whether (x, y) can be a Lambert-93 position in or near metropolitan France.
pub fn in_range(x: f64, y: f64) -> bool {
    (X_RANGE.0..=X_RANGE.1).contains(&x) && (Y_RANGE.0..=Y_RANGE.1).contains(&y)
}

/// Lambert-93 metres to [longitude, latitude] in degrees.
pub fn to_wgs84(x: f64, y: f64) -> [f64; 2] {
    let c = cone();
    let dx = x - X0;
    let dy = c.rho0 - (y - Y0);
    // n > 0 for a cone tangent north of the equator.
    let rho = (dx * dx + dy * dy).sqrt();
    let theta = dx.atan2(dy);
    let t = (rho / c.af).powf(1.0 / c.n);
    let lon = theta / c.n + LON0.to_radians();
    // The latitude has no closed form: fixed-point iteration, which converges in a few steps.
    let mut lat = FRAC_PI_2 - 2.0 * t.atan();
    for _ in 0..30 {
        let s = c.e * lat.sin();
        let next = FRAC_PI_2 - 2.0 * (t * ((1.0 - s) / (1.0 + s)).powf(c.e / 2.0)).atan();
        let done = (next - lat).abs() < 1e-14;
        lat = next;
        if done {
            break;
        }
    }
    [lon.to_degrees(), lat.to_degrees()]
}

/// [longitude, latitude] in degrees to Lambert-93 metres (the tests' way back).
#[cfg(test)]
pub fn from_wgs84(lon: f64, lat: f64) -> [f64; 2] {
    let c = cone();
    let rho = c.af * t(lat.to_radians(), c.e).powf(c.n);
    let theta = c.n * (lon - LON0).to_radians();
    [X0 + rho * theta.sin(), Y0 + c.rho0 - rho * theta.cos()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_origin_is_the_false_origin() {
        let [x, y] = from_wgs84(3.0, 46.5);
        assert!((x - 700_000.0).abs() < 1e-6 && (y - 6_600_000.0).abs() < 1e-6);
        let [lon, lat] = to_wgs84(700_000.0, 6_600_000.0);
        assert!((lon - 3.0).abs() < 1e-9 && (lat - 46.5).abs() < 1e-9);
    }

    #[test]
    fn nantes_city_hall_round_trips() {
        let (lon, lat) = (-1.5536, 47.2184);
        let [x, y] = from_wgs84(lon, lat);
        // Published about 355,800 / 6,689,500.
        assert!((x - 355_800.0).abs() < 1_000.0, "x {x}");
        assert!((y - 6_689_500.0).abs() < 1_000.0, "y {y}");
        let [back_lon, back_lat] = to_wgs84(x, y);
        assert!((back_lon - lon).abs() < 1e-6, "{back_lon}");
        assert!((back_lat - lat).abs() < 1e-6, "{back_lat}");
        assert!(in_range(x, y));
        assert!(!in_range(lon, lat));
    }

    #[test]
    fn round_trips_across_france() {
        for (lon, lat) in [
            (-4.5, 48.4),
            (7.7, 48.6),
            (9.4, 42.0),
            (-1.8, 43.4),
            (2.35, 51.0),
        ] {
            let [x, y] = from_wgs84(lon, lat);
            assert!(in_range(x, y), "{lon} {lat}");
            let [back_lon, back_lat] = to_wgs84(x, y);
            assert!((back_lon - lon).abs() < 1e-9 && (back_lat - lat).abs() < 1e-9);
        }
    }
}
