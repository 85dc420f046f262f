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
//! Each bundle is cut in two before wasm-bindgen (`split`): the start module and the module of
//! the screens loaded on first use (`frontend/src/screens.rs`, Leptos' `wasm_split`), fetched by
//! the loader `{stem}-split-….js` that the glue imports. The volunteers' is precached.
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

/// Where the built PWA lands (served by `portevoix serve --static-dir`).
pub fn dist_dir() -> PathBuf {
    crate::root().join("frontend/dist")
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
    let root = crate::root();
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
///
/// `-Clink-args=--emit-relocs`: the linker keeps its relocations in the module, which the
/// splitter needs to move each lazily loaded screen's code out (`split`).
fn wasm_rustflags() -> String {
    let mut flags = std::env::var(WASM_RUSTFLAGS).unwrap_or_default();
    for wanted in ["--cfg erase_components", "-Clink-args=--emit-relocs"] {
        if !flags.contains(wanted) {
            if !flags.trim().is_empty() {
                flags.push(' ');
            }
            flags.push_str(wanted);
        }
    }
    flags
}

/// Cuts the linked module into the start module (`{stem}_split.wasm`, for wasm-bindgen) and one
/// module per `wasm_split` module name (`frontend/src/screens.rs` has one: `split_screens.wasm`;
/// several names would add `chunk_N.wasm` files for the code they share), plus the JS that loads
/// them (`{stem}_split.js`), all in `staging`.
fn split(wasm: &Path, staging: &Path, stem: &str) -> Result<PathBuf> {
    let input = read(wasm)?;
    let main_out = staging.join(format!("{stem}_split.wasm"));
    let main_module = format!("./{stem}.js");
    let link_name = format!("./{stem}_split.js");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = staging;
    options.main_out_path = &main_out;
    options.main_module = &main_module;
    options.link_name = &link_name;
    wasm_split_cli_support::transform(options)
        .map_err(|e| anyhow::anyhow!("splitting {}: {e:#}", wasm.display()))?;
    Ok(main_out)
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
    fs::create_dir_all(&staging).with_context(|| format!("creating {}", staging.display()))?;
    let start = split(&wasm, &staging, bundle.stem)?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&start)
        .keep_lld_exports(true)
        .demangle(false)
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

/// One bundle's files, content-hashed: what a browser fetches to start it (glue, wasm, and the
/// module that loads its split screens) and its lazily loaded screen modules.
struct BundleFiles {
    glue: String,
    wasm: String,
    start: Vec<Asset>,
    lazy: Vec<Asset>,
}

/// The file-name prefix of every lazily loaded module (`transfer_sizes` leaves them out).
const LAZY_PREFIX: &str = "lazy-";

/// The wasm, its JS glue and its split modules for one bundle, content-hashed.
///
/// The split modules' names are rewritten in the loader (`{stem}_split.js`), the loader's in
/// the glue and the glue's in the loader. The loader's name hashes its own text, the glue's and
/// the wasm's, so that a change anywhere gives every file of the bundle a new name.
fn bundle_assets(staging: &Path, stem: &str) -> Result<BundleFiles> {
    let wasm_bytes = read(&staging.join(format!("{stem}_bg.wasm")))?;
    let wasm_name = format!("{stem}-{}_bg.wasm", short_hash(&wasm_bytes));
    let glue = read_text(&staging.join(format!("{stem}.js")))?;
    let default_path = format!("'{stem}_bg.wasm'");
    if !glue.contains(&default_path) {
        bail!("wasm-bindgen glue has no default module path {default_path}: check omit_default_module_path(false)");
    }
    if staging.join("snippets").exists() {
        bail!("wasm-bindgen emitted snippets/: the shell does not ship them; use web-sys/js-sys instead");
    }
    let mut loader = read_text(&staging.join(format!("{stem}_split.js")))?;
    let mut lazy = Vec::new();
    let mut entries = fs::read_dir(staging)
        .with_context(|| format!("listing {}", staging.display()))?
        .collect::<Result<Vec<_>, _>>()?;
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(module) = name.strip_suffix(".wasm") else {
            continue;
        };
        if !(module.starts_with("chunk_") || module.starts_with("split_")) {
            continue;
        }
        let quoted = format!("\"./{name}\"");
        if !loader.contains(&quoted) {
            continue;
        }
        let bytes = without_custom_sections(&read(&entry.path())?)?;
        // Lowercase, digits and hyphens: the server caches such hashed names for good.
        let module = module.replace('_', "-");
        let hashed = format!("{LAZY_PREFIX}{stem}-{module}-{}.wasm", short_hash(&bytes));
        loader = loader.replace(&quoted, &format!("\"./{hashed}\""));
        lazy.push(Asset {
            name: hashed,
            bytes,
        });
    }
    let mut names = Sha256::new();
    names.update(loader.as_bytes());
    names.update(glue.as_bytes());
    names.update(&wasm_bytes);
    let loader_name = format!("{stem}-split-{}.js", short_hash(&names.finalize()));
    let glue = glue
        .replace(&default_path, &format!("'{wasm_name}'"))
        // The `import` statements only: the imports object keeps the module name the wasm asks for.
        .replace(
            &format!("from \"./{stem}_split.js\""),
            &format!("from \"./{loader_name}\""),
        );
    let glue_name = format!("{stem}-{}.js", short_hash(glue.as_bytes()));
    let main_import = format!("\"./{stem}.js\"");
    if !loader.contains(&main_import) {
        bail!(
            "the split loader does not import {main_import}: check wasm_split_cli_support's output"
        );
    }
    let loader = loader.replace(&main_import, &format!("\"./{glue_name}\""));
    let start = vec![
        Asset {
            name: wasm_name.clone(),
            bytes: wasm_bytes,
        },
        Asset {
            name: glue_name.clone(),
            bytes: glue.into_bytes(),
        },
        Asset {
            name: loader_name,
            bytes: loader.into_bytes(),
        },
    ];
    Ok(BundleFiles {
        glue: glue_name,
        wasm: wasm_name,
        start,
        lazy,
    })
}

/// `module` without its custom sections (names, relocations, producers): the splitter keeps
/// them in the split modules, which wasm-bindgen does not process, and browsers do not need them.
fn without_custom_sections(module: &[u8]) -> Result<Vec<u8>> {
    let header = module
        .get(..8)
        .context("a split module shorter than its header")?;
    let mut out = header.to_vec();
    let mut at = 8;
    while let Some(&id) = module.get(at) {
        let (size, size_len) = leb128_u32(module.get(at + 1..).unwrap_or_default())
            .context("a split module with a malformed section size")?;
        let end = at + 1 + size_len + size as usize;
        let section = module
            .get(at..end)
            .context("a split module with a truncated section")?;
        if id != 0 {
            out.extend_from_slice(section);
        }
        at = end;
    }
    Ok(out)
}

fn leb128_u32(bytes: &[u8]) -> Option<(u32, usize)> {
    let mut value = 0u32;
    for (i, byte) in bytes.iter().take(5).enumerate() {
        value |= u32::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

fn assemble(frontend: &Path, staged: &[PathBuf], dist: &Path) -> Result<()> {
    let public = frontend.join("public");
    let [volunteer, council, staff] = staged else {
        bail!("expected the volunteer, council and staff bundles");
    };
    let volunteer = bundle_assets(volunteer, STEM)?;
    let (glue_name, wasm_name) = (volunteer.glue, volunteer.wasm);
    // The volunteers' split screens are precached with the rest: they must open offline.
    let mut assets = volunteer.start;
    assets.extend(volunteer.lazy);
    // Council and staff files are not precached (volunteers' phones never download them); the
    // service worker caches them when such an account first loads them.
    let council = bundle_assets(council, COUNCIL_STEM)?;
    let staff = bundle_assets(staff, STAFF_STEM)?;
    let (council_glue, council_wasm) = (council.glue, council.wasm);
    let (staff_glue, staff_wasm) = (staff.glue, staff.wasm);
    let mut staff_assets = council.start;
    staff_assets.extend(council.lazy);
    staff_assets.extend(staff.start);
    staff_assets.extend(staff.lazy);

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

/// Compressed size of the code a browser downloads to start (wasm + JS glue + split loader +
/// boot), in bytes: the volunteers' bundle (`stem` = `portevoix`), the council one or the staff
/// one. The screens loaded on first use (`lazy-{stem}-…`) are not counted: see `lazy_sizes`.
pub fn transfer_sizes(dist: &Path, stem: &str) -> Result<(usize, usize)> {
    compressed_sizes(dist, |name| {
        (name.starts_with(&format!("{stem}-")) || name.starts_with("boot-"))
            && (name.ends_with(".wasm") || name.ends_with(".js"))
    })
}

/// Compressed size of one bundle's screens loaded on first use (`frontend/src/screens.rs`), in
/// bytes. The volunteers' are precached by the service worker with the rest.
pub fn lazy_sizes(dist: &Path, stem: &str) -> Result<(usize, usize)> {
    compressed_sizes(dist, |name| {
        name.starts_with(&format!("{LAZY_PREFIX}{stem}-")) && name.ends_with(".wasm")
    })
}

/// Sums the gzip (`-9`) and brotli (quality 11) sizes of the files of `dist` that `wanted` names.
fn compressed_sizes(dist: &Path, wanted: impl Fn(&str) -> bool) -> Result<(usize, usize)> {
    let mut gzip = 0;
    let mut brotli_total = 0;
    for entry in fs::read_dir(dist).with_context(|| format!("listing {}", dist.display()))? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if !wanted(&name) {
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
/// `PORTEVOIX_BIN` or else `target/debug/portevoix`, built here first) for the cold offline
/// start (median of 5), the outbox save time and the first visit's LCP under Lighthouse-like
/// mobile throttling (median of 3, printed on the line before the summary). The last line printed
/// is the summary.
#[allow(
    dead_code,
    reason = "called by `cargo xtask bench pwa`, wired in xtask/src/main.rs"
)]
pub fn bench_pwa() -> Result<()> {
    build(true)?;
    if std::env::var_os("PORTEVOIX_BIN").is_none() {
        crate::build_debug_server()?;
    }
    let (gzip, brotli_size) = transfer_sizes(&dist_dir(), STEM)?;
    let (lazy_gzip, lazy_brotli) = lazy_sizes(&dist_dir(), STEM)?;
    println!(
        "volunteers' screens loaded on first use (precached): gzip {:.0} KB, brotli {:.0} KB",
        lazy_gzip as f64 / 1024.0,
        lazy_brotli as f64 / 1024.0
    );
    for (stem, who) in [(COUNCIL_STEM, "councils"), (STAFF_STEM, "coordinators")] {
        let (g, b) = transfer_sizes(&dist_dir(), stem)?;
        println!(
            "{stem} bundle ({who}, not precached): gzip {:.0} KB, brotli {:.0} KB",
            g as f64 / 1024.0,
            b as f64 / 1024.0
        );
    }
    let e2e = crate::root().join("tests/e2e");
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
    let save_undeferred = field("save_undeferred_ms=")?;
    let floor = field("floor_ms=")?;
    println!("lcp: {lcp:.0} ms (first visit, slow 4G and CPU x4, median of 3; goal 2500 ms)");
    println!(
        "outbox save: {save:.1} ms from the tap's handler to the committed write; \
         {save_undeferred:.1} ms with Chromium's hold after a tap off; a bare strict IndexedDB \
         write {floor:.1} ms (medians of 20, this run)"
    );
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

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &[u8] = b"\0asm\x01\0\0\0";

    #[test]
    fn a_split_module_loses_its_custom_sections_and_keeps_the_rest() {
        let mut module = HEADER.to_vec();
        // A custom `name` section of 130 bytes: its size takes two LEB128 bytes.
        let mut custom = vec![4, b'n', b'a', b'm', b'e'];
        custom.resize(130, 7);
        module.extend_from_slice(&[0, 0x82, 0x01]);
        module.extend_from_slice(&custom);
        // A type section (one `() -> ()` function type) and a custom section after it.
        let types = [1, 1, 0x60, 0, 0];
        module.extend_from_slice(&[1, 4]);
        module.extend_from_slice(&types[1..]);
        module.extend_from_slice(&[0, 3, 2, b'p', b'r']);
        let kept = without_custom_sections(&module).expect("a well-formed module");
        let mut expected = HEADER.to_vec();
        expected.extend_from_slice(&[1, 4]);
        expected.extend_from_slice(&types[1..]);
        assert_eq!(kept, expected);
    }

    #[test]
    fn a_truncated_split_module_is_an_error_not_a_panic() {
        let mut module = HEADER.to_vec();
        module.extend_from_slice(&[1, 9, 1, 0x60]);
        assert!(without_custom_sections(&module).is_err());
        assert!(without_custom_sections(&HEADER[..5]).is_err());
        let mut endless = HEADER.to_vec();
        endless.extend_from_slice(&[1, 0xff, 0xff, 0xff, 0xff, 0xff]);
        assert!(without_custom_sections(&endless).is_err());
    }
}
