//! `cargo xtask test`: the whole suite. The domain for wasm32, lints, licences; every host test
//! on SQLite, the API tests again on PostgreSQL; API fuzzing; the browser tests on both.
//!
//! The host tests are compiled **once**, for the whole workspace: with resolver 2, each
//! different package selection (`-p portevoix-backend`, `-p portevoix-frontend`,
//! `build --bin portevoix`) unifies features differently and compiles much of the dependency
//! tree again. So the PostgreSQL pass runs the `api` executable of that one build, and the
//! fuzzing and browser tests use the server binary it produced.
//!
//! What does not depend on the database runs once, on SQLite: the domain's property tests,
//! the phone's host tests, and the browser's accessibility files (axe, 200 % zoom and text
//! size, keyboard only).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::{cargo, cargo_run, frontend, fuzz, root, setup};

/// cargo-deny, compiled from crates.io by the test command on a machine that lacks it.
const CARGO_DENY_VERSION: &str = "0.20.2";

/// Browser test files about the interface alone (axe, zoom, text size, keyboard): the database
/// behind the server changes nothing they check, so they run on SQLite only.
const INTERFACE_ONLY_FILES: [&str; 2] = ["a11y.test.mjs", "a11y-staff.test.mjs"];

pub fn run() -> Result<()> {
    let root = root();
    install_what_is_missing(&root)?;
    lint()?;

    let xls2xform = fuzz::ensure_xls2xform(&root)?
        .to_string_lossy()
        .into_owned();
    let api_tests = build_host_tests()?;
    cargo_run(
        &["test", "--workspace"],
        &[
            ("PORTEVOIX_TEST_DB", "sqlite"),
            ("PORTEVOIX_XLS2XFORM", &xls2xform),
        ],
    )?;
    run_api_tests_on_postgres(&root, &api_tests, &xls2xform)?;

    frontend::build(true)?;
    let binary = root.join("target/debug/portevoix");
    fuzz::run_on(&binary, &[])?;
    for backend in ["sqlite", "postgres"] {
        browser_tests(&root, &binary, backend)?;
    }
    println!("==> all tests passed on SQLite and PostgreSQL");
    Ok(())
}

fn install_what_is_missing(root: &Path) -> Result<()> {
    setup::wasm_target()?;
    setup::apt_packages(&[
        ("chromium", "/usr/bin/chromium"),
        // Chromium's own French: date fields read day/month/year as on French phones.
        ("chromium-l10n", "/usr/share/doc/chromium-l10n"),
        ("libpq-dev", "/usr/include/postgresql/libpq-fe.h"),
        ("postgresql-client", "/usr/bin/psql"),
        ("python3", "/usr/bin/python3"),
        ("python3-venv", "/usr/share/doc/python3-venv"),
    ])?;
    setup::postgres()?;
    frontend::npm_ci(&root.join("tests/e2e"))
}

/// The domain for wasm32, clippy on the host and on the three bundles, licences.
fn lint() -> Result<()> {
    cargo_run(
        &[
            "build",
            "-p",
            "portevoix-domain",
            "--target",
            "wasm32-unknown-unknown",
        ],
        &[],
    )?;
    cargo_run(&["clippy", "--all-targets", "--", "-D", "warnings"], &[])?;
    // The three bundles: staff (default features), council only, volunteers only.
    for features in [
        &[][..],
        &["--no-default-features", "--features", "council"],
        &["--no-default-features"],
    ] {
        let mut args = vec![
            "clippy",
            "-p",
            "portevoix-frontend",
            "--target",
            "wasm32-unknown-unknown",
        ];
        args.extend_from_slice(features);
        args.extend(["--", "-D", "warnings"]);
        cargo_run(&args, &[])?;
    }
    // Licences, banned and duplicate crates, registries. Advisories need the RustSec database
    // from GitHub, out of this machine's reach: reviewed by hand in docs/advisories.md.
    setup::cargo_tool("cargo-deny", "deny", CARGO_DENY_VERSION)?;
    cargo_run(&["deny", "check", "licenses", "bans", "sources"], &[])
}

/// Compiles every host test of the workspace (and the server binary the API tests run), and
/// returns the path of the `api` test executable.
fn build_host_tests() -> Result<PathBuf> {
    println!("==> cargo test --workspace --no-run");
    let output = cargo()
        .args([
            "test",
            "--workspace",
            "--no-run",
            "--message-format=json-render-diagnostics",
        ])
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("running cargo")?;
    if !output.status.success() {
        bail!("`cargo test --workspace --no-run` failed");
    }
    api_executable(&String::from_utf8_lossy(&output.stdout))
        .context("cargo built no `api` test executable")
}

/// The executable of the backend's `api` test target, from cargo's JSON messages.
fn api_executable(messages: &str) -> Option<PathBuf> {
    messages
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "api")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
}

/// The API tests again, on PostgreSQL: the executable cargo built, run as `cargo test` would
/// (from the backend's directory).
fn run_api_tests_on_postgres(root: &Path, api_tests: &Path, xls2xform: &str) -> Result<()> {
    println!("==> PORTEVOIX_TEST_DB=postgres {}", api_tests.display());
    let status = Command::new(api_tests)
        .current_dir(root.join("backend"))
        .env("PORTEVOIX_TEST_DB", "postgres")
        .env("PORTEVOIX_XLS2XFORM", xls2xform)
        .status()
        .with_context(|| format!("running {}", api_tests.display()))?;
    if !status.success() {
        bail!("the API tests failed on PostgreSQL");
    }
    Ok(())
}

/// Every browser test file on SQLite; on PostgreSQL, all but [`INTERFACE_ONLY_FILES`].
fn browser_tests(root: &Path, binary: &Path, backend: &str) -> Result<()> {
    let dir = root.join("tests/e2e");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".test.mjs"))
        .filter(|name| backend == "sqlite" || !INTERFACE_ONLY_FILES.contains(&name.as_str()))
        .collect();
    files.sort();
    println!("==> browser tests ({backend}): {} files", files.len());
    let status = Command::new("node")
        .current_dir(&dir)
        .args(["--test", "--test-concurrency=1"])
        .args(&files)
        .env("PORTEVOIX_BIN", binary)
        .env("PORTEVOIX_TEST_DB", backend)
        .status()
        .context("running node --test (is Node.js installed?)")?;
    if !status.success() {
        bail!("browser tests failed on {backend}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_api_executable_among_cargos_messages() {
        let messages = [
            r#"{"reason":"compiler-artifact","target":{"name":"portevoix"},"executable":"/t/debug/deps/portevoix-1"}"#,
            "not json",
            r#"{"reason":"compiler-artifact","target":{"name":"api"},"executable":"/t/debug/deps/api-2"}"#,
            r#"{"reason":"build-finished","success":true}"#,
        ]
        .join("\n");
        assert_eq!(
            api_executable(&messages),
            Some(PathBuf::from("/t/debug/deps/api-2"))
        );
        assert_eq!(api_executable(r#"{"reason":"build-finished"}"#), None);
    }

    #[test]
    fn the_interface_only_files_exist() {
        for name in INTERFACE_ONLY_FILES {
            assert!(root().join("tests/e2e").join(name).is_file(), "{name}");
        }
    }
}
