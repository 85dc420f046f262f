//! Builds the volunteers' PWA into `frontend/dist`, and measures it (`cargo xtask bench pwa`).
//!
//! Steps: `cargo build` for wasm32 with the size-tuned `release-wasm` profile, wasm-bindgen used
//! as a library (pinned to the Cargo.lock version, no global install, nothing downloaded), then
//! the app shell: content-hashed JS/wasm/CSS, `index.html`, `boot.js`, the web app manifest,
//! icons drawn here, and `sw.js` whose cache name is a hash of every file it precaches.
//!
//! The crate is built three times: without default features (the volunteers' bundle, precached,
//! kept small for phones), with `council` (the councils' screens) and with the default `staff`
//! (the coordinators' screens too). `boot.js` picks the bundle from the path (`/coordination`,
//! `/conseil`) and the account that signed in on this browser; the service worker caches the
//! council and staff bundles on first use only.
//!
//! wasm-opt is skipped on purpose: Debian's binaryen 108 corrupts wasm-bindgen 0.2.13x output,
//! the `wasm-opt` crate takes about seven minutes to compile on two cores, and on this app
//! binaryen 132's `-Oz` saved under 1 KB of 411 KB once compressed (docs/benchmarks.md).

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};

const CRATE: &str = "portevoix-frontend";
const STEM: &str = "portevoix";
const COUNCIL_STEM: &str = "council";
const STAFF_STEM: &str = "staff";
const THEME_COLOUR: &str = "#12355b";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Where the built PWA lands (served by `portevoix serve --static-dir`).
pub fn dist_dir() -> PathBuf {
    workspace_root().join("frontend/dist")
}

/// One wasm build of the frontend crate: the volunteers' bundle (no default features) or the
/// staff bundle (coordinators' and councils' screens too), each through wasm-bindgen.
struct Bundle {
    /// File stem of the glue and wasm (`portevoix`, `staff`).
    stem: &'static str,
    cargo_features: &'static [&'static str],
}

const VOLUNTEER: Bundle = Bundle {
    stem: STEM,
    cargo_features: &["--no-default-features"],
};
const COUNCIL: Bundle = Bundle {
    stem: COUNCIL_STEM,
    cargo_features: &["--no-default-features", "--features", "council"],
};
const STAFF: Bundle = Bundle {
    stem: STAFF_STEM,
    cargo_features: &[],
};

/// `cargo xtask frontend [--debug]`.
pub fn build(release: bool) -> Result<()> {
    let root = workspace_root();
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let mut staged = Vec::new();
    for bundle in [&VOLUNTEER, &COUNCIL, &STAFF] {
        staged.push(compile(&root, &target_dir, bundle, release)?);
    }
    assemble(&root.join("frontend"), &staged, &dist_dir())?;
    println!("frontend: built into {}", dist_dir().display());
    Ok(())
}

/// Rust flags for the wasm32 target only (host crates, build scripts and proc macros keep theirs).
const WASM_RUSTFLAGS: &str = "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS";

/// `--cfg erase_components`: Leptos 0.8 type-erases every component's view (`AnyView`) and every
/// reactive `{move || …}` child, so tachys' rendering code is instantiated per output type
/// rather than per view and closure: −32 KB gzip on the volunteers' bundle (docs/benchmarks.md),
/// at the cost of one allocation and a dynamic call per component and reactive child. Flags
/// already set for wasm32 are kept.
fn wasm_rustflags() -> String {
    let erase = "--cfg erase_components";
    match std::env::var(WASM_RUSTFLAGS) {
        Ok(flags) if flags.contains(erase) => flags,
        Ok(flags) if !flags.trim().is_empty() => format!("{flags} {erase}"),
        _ => erase.to_owned(),
    }
}

/// Builds one bundle for wasm32 and runs wasm-bindgen on it; returns its staging directory.
fn compile(root: &Path, target_dir: &Path, bundle: &Bundle, release: bool) -> Result<PathBuf> {
    let profile = if release { "release-wasm" } else { "dev" };
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root)
        .env(WASM_RUSTFLAGS, wasm_rustflags())
        .args([
            "build",
            "-p",
            CRATE,
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            profile,
        ])
        .args(bundle.cargo_features)
        .status()
        .context("running cargo build for wasm32")?;
    if !status.success() {
        bail!("cargo build of {CRATE} for wasm32 failed (is the target installed? `rustup target add wasm32-unknown-unknown`)");
    }
    let out_profile = if release { "release-wasm" } else { "debug" };
    let wasm = target_dir
        .join("wasm32-unknown-unknown")
        .join(out_profile)
        .join(format!("{CRATE}.wasm"));
    let staging = target_dir.join(format!("portevoix-frontend-bindgen-{}", bundle.stem));
    if staging.exists() {
        fs::remove_dir_all(&staging).with_context(|| format!("clearing {}", staging.display()))?;
    }
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .out_name(bundle.stem)
        .web(true)?
        .omit_default_module_path(false)
        .typescript(false)
        .debug(!release)
        .remove_producers_section(true)
        .remove_name_section(release)
        .generate(&staging)
        .with_context(|| format!("wasm-bindgen on {}", wasm.display()))?;
    Ok(staging)
}

/// A file of the app shell, as written to `dist/`.
struct Asset {
    name: String,
    bytes: Vec<u8>,
}

fn short_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().take(5).fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).with_context(|| format!("reading {}", path.display()))
}

fn read_text(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// The wasm and its JS glue for one bundle, content-hashed: `(glue name, wasm name, assets)`.
fn bundle_assets(staging: &Path, stem: &str) -> Result<(String, String, Vec<Asset>)> {
    let wasm_bytes = read(&staging.join(format!("{stem}_bg.wasm")))?;
    let wasm_name = format!("{stem}-{}_bg.wasm", short_hash(&wasm_bytes));
    let glue = read_text(&staging.join(format!("{stem}.js")))?;
    let default_path = format!("'{stem}_bg.wasm'");
    if !glue.contains(&default_path) {
        bail!("wasm-bindgen glue has no default module path {default_path}: check omit_default_module_path(false)");
    }
    let glue = glue.replace(&default_path, &format!("'{wasm_name}'"));
    if staging.join("snippets").exists() {
        bail!("wasm-bindgen emitted snippets/: the shell does not ship them; use web-sys/js-sys instead");
    }
    let glue_name = format!("{stem}-{}.js", short_hash(glue.as_bytes()));
    let assets = vec![
        Asset {
            name: wasm_name.clone(),
            bytes: wasm_bytes,
        },
        Asset {
            name: glue_name.clone(),
            bytes: glue.into_bytes(),
        },
    ];
    Ok((glue_name, wasm_name, assets))
}

fn assemble(frontend: &Path, staged: &[PathBuf], dist: &Path) -> Result<()> {
    let public = frontend.join("public");
    let [volunteer, council, staff] = staged else {
        bail!("expected the volunteer, council and staff bundles");
    };
    let (glue_name, wasm_name, mut assets) = bundle_assets(volunteer, STEM)?;
    // Council and staff files are not precached (volunteers' phones never download them); the
    // service worker caches them when such an account first loads them.
    let (council_glue, council_wasm, mut staff_assets) = bundle_assets(council, COUNCIL_STEM)?;
    let (staff_glue, staff_wasm, more) = bundle_assets(staff, STAFF_STEM)?;
    staff_assets.extend(more);

    let css = read(&public.join("styles.css"))?;
    let css_name = format!("styles-{}.css", short_hash(&css));

    let boot = read_text(&public.join("boot.js"))?
        .replace("__PV_COUNCIL_GLUE__", &council_glue)
        .replace("__PV_COUNCIL_WASM__", &council_wasm)
        .replace("__PV_STAFF_GLUE__", &staff_glue)
        .replace("__PV_STAFF_WASM__", &staff_wasm)
        .replace("__PV_GLUE__", &glue_name)
        .replace("__PV_WASM__", &wasm_name);
    let boot_name = format!("boot-{}.js", short_hash(boot.as_bytes()));

    let index = read_text(&public.join("index.html"))?
        .replace("__PV_CSS__", &css_name)
        .replace("__PV_BOOT__", &boot_name)
        .replace("__PV_GLUE__", &glue_name)
        .replace("__PV_WASM__", &wasm_name)
        .replace("__PV_THEME__", THEME_COLOUR);

    assets.push(Asset {
        name: css_name,
        bytes: css,
    });
    assets.push(Asset {
        name: boot_name,
        bytes: boot.into_bytes(),
    });
    assets.push(Asset {
        name: "index.html".into(),
        bytes: index.into_bytes(),
    });
    assets.push(Asset {
        name: "icon-192.png".into(),
        bytes: icon_png(192, false)?,
    });
    assets.push(Asset {
        name: "icon-512.png".into(),
        bytes: icon_png(512, false)?,
    });
    assets.push(Asset {
        name: "icon-maskable-512.png".into(),
        bytes: icon_png(512, true)?,
    });
    assets.push(Asset {
        name: "apple-touch-icon.png".into(),
        bytes: icon_png(180, true)?,
    });
    let manifest =
        read_text(&public.join("manifest.webmanifest"))?.replace("__PV_THEME__", THEME_COLOUR);
    assets.push(Asset {
        name: "manifest.webmanifest".into(),
        bytes: manifest.into_bytes(),
    });

    // The service worker's version is a hash of everything it precaches, so any change to the
    // shell makes browsers install the new worker and announce the update.
    let mut all = Sha256::new();
    for asset in assets.iter().chain(&staff_assets) {
        all.update(asset.name.as_bytes());
        all.update(&asset.bytes);
    }
    let version: String = all
        .finalize()
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect();
    let list = assets
        .iter()
        .map(|a| format!("\"/{}\"", a.name))
        .collect::<Vec<_>>()
        .join(", ");
    let lazy = staff_assets
        .iter()
        .map(|a| format!("\"/{}\"", a.name))
        .collect::<Vec<_>>()
        .join(", ");
    let sw = read_text(&public.join("sw.js"))?
        .replace("__PV_VERSION__", &version)
        .replace("\"__PV_ASSETS__\"", &list)
        .replace("\"__PV_LAZY__\"", &lazy);
    assets.extend(staff_assets);
    assets.push(Asset {
        name: "sw.js".into(),
        bytes: sw.into_bytes(),
    });
    assets.push(Asset {
        name: "version.txt".into(),
        bytes: format!("{version}\n").into_bytes(),
    });

    if dist.exists() {
        fs::remove_dir_all(dist).with_context(|| format!("clearing {}", dist.display()))?;
    }
    fs::create_dir_all(dist).with_context(|| format!("creating {}", dist.display()))?;
    for asset in &assets {
        let path = dist.join(&asset.name);
        fs::write(&path, &asset.bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// The app icon: a white speech bubble on the theme colour. `maskable` keeps the drawing inside
/// the 80 % safe zone and fills the whole square, as Android's adaptive icons require.
fn icon_png(size: u32, maskable: bool) -> Result<Vec<u8>> {
    let (bg, fg, accent) = ([0x12, 0x35, 0x5b], [0xff, 0xff, 0xff], [0xf4, 0xa2, 0x61]);
    let s = size as f32;
    let scale = if maskable { 0.62 } else { 0.78 };
    let (cx, cy) = (s / 2.0, s * 0.47);
    let (w, h, r) = (s * scale, s * scale * 0.66, s * scale * 0.16);
    let corner = if maskable { s * 0.0 } else { s * 0.18 };
    let mut rgba = Vec::with_capacity((size * size * 4) as usize);
    for y in 0..size {
        for x in 0..size {
            let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
            let inside_square = rounded_rect(px, py, s / 2.0, s / 2.0, s, s, corner);
            let bubble = rounded_rect(px, py, cx, cy, w, h, r);
            // The bubble's tail: a triangle under its lower left part.
            let tail_top = cy + h / 2.0 - 1.0;
            let tail = py >= tail_top
                && py <= tail_top + s * scale * 0.2
                && px >= cx - w * 0.28
                && px <= cx - w * 0.28 + (tail_top + s * scale * 0.2 - py) * 0.9;
            let dot = (0..3).any(|i| {
                let dx = cx + (i as f32 - 1.0) * w * 0.25;
                (px - dx).powi(2) + (py - cy).powi(2) <= (s * scale * 0.07).powi(2)
            });
            let (colour, alpha) = if !inside_square {
                (bg, 0)
            } else if dot {
                (accent, 255)
            } else if bubble || tail {
                (fg, 255)
            } else {
                (bg, 255)
            };
            rgba.extend_from_slice(&colour);
            rgba.push(alpha);
        }
    }
    encode_png(size, size, &rgba)
}

fn rounded_rect(px: f32, py: f32, cx: f32, cy: f32, w: f32, h: f32, r: f32) -> bool {
    let dx = ((px - cx).abs() - (w / 2.0 - r)).max(0.0);
    let dy = ((py - cy).abs() - (h / 2.0 - r)).max(0.0);
    dx * dx + dy * dy <= r * r
}

fn encode_png(width: u32, height: u32, rgba: &[u8]) -> Result<Vec<u8>> {
    let mut raw = Vec::with_capacity(rgba.len() + height as usize);
    for row in rgba.chunks(width as usize * 4) {
        raw.push(0); // filter: none
        raw.extend_from_slice(row);
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&raw)?;
    let idat = z.finish()?;
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]); // 8-bit RGBA
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [
        (b"IHDR", &ihdr[..]),
        (b"IDAT", &idat[..]),
        (b"IEND", &[][..]),
    ] {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = png.len();
        png.extend_from_slice(kind);
        png.extend_from_slice(data);
        let crc = crc32(&png[start..]);
        png.extend_from_slice(&crc.to_be_bytes());
    }
    Ok(png)
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Compressed size of the code a browser downloads to start (wasm + JS glue + boot), in bytes:
/// the volunteers' bundle (`stem` = `portevoix`), the council one or the staff one.
pub fn transfer_sizes(dist: &Path, stem: &str) -> Result<(usize, usize)> {
    let mut gzip = 0;
    let mut brotli_total = 0;
    for entry in fs::read_dir(dist).with_context(|| format!("listing {}", dist.display()))? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if !(name.ends_with(".wasm") || name.ends_with(".js")) || name == "sw.js" {
            continue;
        }
        if !(name.starts_with(&format!("{stem}-")) || name.starts_with("boot-")) {
            continue;
        }
        let bytes = read(&path)?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&bytes)?;
        gzip += gz.finish()?.len();
        let mut br = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut &bytes[..], &mut br, &params)?;
        brotli_total += br.len();
    }
    Ok((gzip, brotli_total))
}

/// `cargo xtask bench pwa`: builds the release PWA, measures its compressed size, then runs
/// `tests/e2e/bench.mjs` (headless Chromium against a spawned `portevoix`, binary from
/// `PORTEVOIX_BIN` or `target/debug/portevoix`, which must already be built) for the cold offline
/// start (median of 5), the outbox save time and the first visit's LCP under Lighthouse-like
/// mobile throttling (median of 3, printed on the line before the summary). The last line printed
/// is the summary.
#[allow(
    dead_code,
    reason = "called by `cargo xtask bench pwa`, wired in xtask/src/main.rs"
)]
pub fn bench_pwa() -> Result<()> {
    build(true)?;
    let (gzip, brotli_size) = transfer_sizes(&dist_dir(), STEM)?;
    for (stem, who) in [(COUNCIL_STEM, "councils"), (STAFF_STEM, "coordinators")] {
        let (g, b) = transfer_sizes(&dist_dir(), stem)?;
        println!(
            "{stem} bundle ({who}, not precached): gzip {:.0} KB, brotli {:.0} KB",
            g as f64 / 1024.0,
            b as f64 / 1024.0
        );
    }
    let e2e = workspace_root().join("tests/e2e");
    npm_ci(&e2e)?;
    let output = Command::new("node")
        .current_dir(&e2e)
        .arg("bench.mjs")
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("running node tests/e2e/bench.mjs (is Node.js installed?)")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    print!("{stdout}");
    if !output.status.success() {
        bail!("tests/e2e/bench.mjs failed");
    }
    let last = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with("bench:"))
        .context("bench.mjs printed no `bench:` line")?;
    let field = |key: &str| -> Result<f64> {
        last.split_whitespace()
            .find_map(|w| w.strip_prefix(key))
            .context("bench.mjs line lacks a field")?
            .parse::<f64>()
            .context("bench.mjs field is not a number")
    };
    let cold = field("cold_ms=")?;
    let save = field("save_ms=")?;
    let lcp = field("lcp_ms=")?;
    println!("lcp: {lcp:.0} ms (first visit, slow 4G and CPU x4, median of 3; goal 2500 ms)");
    println!(
        "pwa: gzip {:.0} KB, brotli {:.0} KB, cold offline start {cold:.0} ms, outbox save {save:.1} ms",
        gzip as f64 / 1024.0,
        brotli_size as f64 / 1024.0
    );
    Ok(())
}

/// Installs the e2e test dependencies (playwright-core only) from the lockfile when missing.
pub fn npm_ci(e2e: &Path) -> Result<()> {
    if npm_packages_installed(e2e) {
        return Ok(());
    }
    let status = Command::new("npm")
        .current_dir(e2e)
        .args(["ci", "--no-audit", "--no-fund"])
        .status()
        .context("running npm ci in tests/e2e (is npm installed?)")?;
    if !status.success() {
        bail!("npm ci in tests/e2e failed");
    }
    Ok(())
}

/// Whether every package pinned in tests/e2e/package.json is installed at its pinned version
/// (a package added since the last `npm ci`, or a new pin, makes the test command run it again).
fn npm_packages_installed(e2e: &Path) -> bool {
    let read = |path: &Path| -> Option<serde_json::Value> {
        serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
    };
    let Some(manifest) = read(&e2e.join("package.json")) else {
        return false;
    };
    let Some(pins) = manifest["devDependencies"].as_object() else {
        return false;
    };
    pins.iter().all(|(name, version)| {
        read(&e2e.join("node_modules").join(name).join("package.json"))
            .is_some_and(|installed| installed["version"] == *version)
    })
}
