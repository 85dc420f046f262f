//! `cargo xtask fuzz [--max-examples N] [--seed S] [--roles a,b]`: API fuzzing with
//! schemathesis (PyPI) against the OpenAPI document a fresh `target/debug/portevoix` serves, one
//! run per role (see tests/fuzz/run.py). Installs schemathesis in target/fuzz-venv the first
//! time; later runs reuse it.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// Pinned: a new schemathesis may generate other cases and checks.
pub const SCHEMATHESIS: &str = "4.32.5";

/// Pinned: the XLSForm reference implementation the exported forms are checked with.
pub const PYXFORM: &str = "4.5.0";

/// `binary --version` (or `pip show` for packages whose tool has no such flag) names `version`.
fn installed(venv: &Path, package: &str, version: &str) -> bool {
    Command::new(venv.join("bin/pip"))
        .args(["show", "--disable-pip-version-check", package])
        .output()
        .is_ok_and(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.trim() == format!("Version: {version}"))
        })
}

/// Creates `target/<venv_name>` and installs `package==version` unless it is already there.
fn ensure_package(root: &Path, venv_name: &str, package: &str, version: &str) -> Result<PathBuf> {
    let venv = root.join("target").join(venv_name);
    if installed(&venv, package, version) {
        return Ok(venv);
    }
    println!("==> installing {package} {version} into {}", venv.display());
    let status = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .context("running python3 -m venv (is python3 installed?)")?;
    if !status.success() {
        bail!("python3 -m venv failed (Debian: apt-get install python3-venv)");
    }
    let status = Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "--disable-pip-version-check"])
        .arg(format!("{package}=={version}"))
        .status()
        .context("running pip")?;
    if !status.success() || !installed(&venv, package, version) {
        bail!("installing {package} {version} failed");
    }
    Ok(venv)
}

/// schemathesis in `target/fuzz-venv`.
pub fn ensure_schemathesis(root: &Path) -> Result<PathBuf> {
    ensure_package(root, "fuzz-venv", "schemathesis", SCHEMATHESIS)
}

/// pyxform's `xls2xform` in `target/pyxform-venv`: the tests convert exported forms with it
/// (`PORTEVOIX_XLS2XFORM`).
pub fn ensure_xls2xform(root: &Path) -> Result<PathBuf> {
    Ok(ensure_package(root, "pyxform-venv", "pyxform", PYXFORM)?.join("bin/xls2xform"))
}

/// Builds the debug server, then runs tests/fuzz/run.py against it.
pub fn run(args: &[String]) -> Result<()> {
    crate::build_debug_server()?;
    run_on(&crate::root().join("target/debug/portevoix"), args)
}

/// Runs tests/fuzz/run.py with the venv's Python against `binary`, already built.
pub fn run_on(binary: &Path, args: &[String]) -> Result<()> {
    let root = &crate::root();
    let venv = ensure_schemathesis(root)?;
    println!("==> API fuzzing (schemathesis {SCHEMATHESIS}, every role)");
    let status = Command::new(venv.join("bin/python"))
        .current_dir(root)
        .arg(root.join("tests/fuzz/run.py"))
        .arg("--bin")
        .arg(binary)
        .args(args)
        .status()
        .context("running tests/fuzz/run.py")?;
    if !status.success() {
        bail!("API fuzzing found failures (see above)");
    }
    Ok(())
}
