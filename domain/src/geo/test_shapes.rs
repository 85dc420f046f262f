//! Shapes the geo tests build their outlines from, in [longitude, latitude] degrees (or any
//! plane units: Lambert-93 metres, SVG).

/// A square drawn from `corner`, `side` wide, closed (5 positions).
pub(super) fn square(corner: [f64; 2], side: f64) -> Vec<[f64; 2]> {
    let [x, y] = corner;
    vec![
        [x, y],
        [x + side, y],
        [x + side, y + side],
        [x, y + side],
        [x, y],
    ]
}

/// `n` positions evenly around a circle of `radius` about `centre`, closed (n + 1 positions).
pub(super) fn circle(centre: [f64; 2], radius: f64, n: usize) -> Vec<[f64; 2]> {
    let [x, y] = centre;
    let mut ring: Vec<[f64; 2]> = (0..n)
        .map(|i| {
            let a = std::f64::consts::TAU * i as f64 / n as f64;
            [x + radius * a.cos(), y + radius * a.sin()]
        })
        .collect();
    ring.push(ring[0]);
    ring
}
