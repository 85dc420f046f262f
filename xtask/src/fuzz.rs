//! `cargo xtask fuzz [--max-examples N] [--seed S] [--roles a,b]`: API fuzzing with
//! schemathesis (PyPI) against the OpenAPI document a fresh `target/debug/portevoix` serves, one
//! run per role (see tests/fuzz/run.py). Installs schemathesis in target/fuzz-venv the first
//! time; later runs reuse it.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// Pinned: a new schemathesis may generate other cases and checks.
pub const SCHEMATHESIS: &str = "4.32.5";

fn venv(root: &Path) -> PathBuf {
    root.join("target/fuzz-venv")
}

fn installed(venv: &Path) -> bool {
    Command::new(venv.join("bin/schemathesis"))
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(SCHEMATHESIS))
}

/// Creates the virtual environment and installs schemathesis unless it is already there.
pub fn ensure_schemathesis(root: &Path) -> Result<PathBuf> {
    let venv = venv(root);
    if installed(&venv) {
        return Ok(venv);
    }
    println!(
        "==> installing schemathesis {SCHEMATHESIS} into {}",
        venv.display()
    );
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
        .arg(format!("schemathesis=={SCHEMATHESIS}"))
        .status()
        .context("running pip")?;
    if !status.success() || !installed(&venv) {
        bail!("installing schemathesis {SCHEMATHESIS} failed");
    }
    Ok(venv)
}

/// Builds the debug server, then runs tests/fuzz/run.py with the venv's Python.
pub fn run(args: &[String]) -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or_else(|| anyhow::anyhow!("no workspace root"))?;
    let venv = ensure_schemathesis(root)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root)
        .args(["build", "-p", "portevoix-backend", "--bin", "portevoix"])
        .status()
        .context("running cargo build")?;
    if !status.success() {
        bail!("cargo build of portevoix failed");
    }
    println!("==> API fuzzing (schemathesis {SCHEMATHESIS}, every role)");
    let status = Command::new(venv.join("bin/python"))
        .current_dir(root)
        .arg(root.join("tests/fuzz/run.py"))
        .arg("--bin")
        .arg(root.join("target/debug/portevoix"))
        .args(args)
        .status()
        .context("running tests/fuzz/run.py")?;
    if !status.success() {
        bail!("API fuzzing found failures (see above)");
    }
    Ok(())
}
