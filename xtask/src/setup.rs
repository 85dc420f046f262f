//! Installs what a fresh machine lacks, idempotently: the wasm32 Rust target, Debian packages
//! (Chromium for the browser tests, libpq for the PostgreSQL client), npm packages, cargo
//! subcommands from crates.io (cargo-deny), and starts PostgreSQL when it is not running.

use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

pub fn run(program: &str, args: &[&str], dir: Option<&Path>) -> Result<()> {
    let mut command = Command::new(program);
    command.args(args);
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let status = command
        .status()
        .with_context(|| format!("cannot run {program}"))?;
    if !status.success() {
        bail!("`{program} {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

fn quiet_ok(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Installs `krate` at exactly `version` from crates.io (compiled here, `--locked`) unless
/// `cargo <subcommand> --version` already reports that version.
pub fn cargo_tool(krate: &str, subcommand: &str, version: &str) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let installed = Command::new(&cargo)
        .args([subcommand, "--version"])
        .output()
        .is_ok_and(|o| {
            o.status.success()
                && String::from_utf8_lossy(&o.stdout)
                    .split_whitespace()
                    .any(|w| w == version)
        });
    if installed {
        return Ok(());
    }
    println!("==> cargo install {krate} --version {version} --locked (once per machine)");
    run(
        &cargo,
        &["install", krate, "--version", version, "--locked"],
        None,
    )
}

pub fn wasm_target() -> Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .context("rustup is needed to add the wasm32 target")?;
    if String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    println!("==> rustup target add wasm32-unknown-unknown");
    run("rustup", &["target", "add", "wasm32-unknown-unknown"], None)
}

/// Installs the Debian packages whose check fails.
pub fn apt_packages(packages: &[(&str, &str)]) -> Result<()> {
    let missing: Vec<&str> = packages
        .iter()
        .filter(|(_, check)| !Path::new(check).exists())
        .map(|(name, _)| *name)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    println!("==> apt-get install {}", missing.join(" "));
    let sudo = if quiet_ok("id", &["-u"])
        && String::from_utf8_lossy(&Command::new("id").arg("-u").output()?.stdout).trim() != "0"
    {
        vec!["sudo"]
    } else {
        vec![]
    };
    let apt = |args: &[&str]| -> Result<()> {
        let mut full: Vec<&str> = sudo.clone();
        full.push("apt-get");
        full.extend_from_slice(args);
        run(full[0], &full[1..], None)
    };
    apt(&["update", "-qq"])?;
    let mut install = vec!["install", "-y", "-qq", "--no-install-recommends"];
    install.extend(missing);
    std::env::set_var("DEBIAN_FRONTEND", "noninteractive");
    apt(&install)
}

/// Starts the local PostgreSQL cluster if nothing answers on 127.0.0.1:5432.
pub fn postgres() -> Result<()> {
    if quiet_ok("pg_isready", &["-q", "-h", "127.0.0.1", "-p", "5432"]) {
        return Ok(());
    }
    let versions: Vec<String> = std::fs::read_dir("/etc/postgresql")
        .context("PostgreSQL is not installed (no /etc/postgresql): install it or set PORTEVOIX_TEST_PG_URL")?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    let version = versions
        .first()
        .context("no PostgreSQL cluster in /etc/postgresql")?;
    println!("==> starting PostgreSQL {version}");
    run(
        "pg_ctlcluster",
        &["--skip-systemctl-redirect", version, "main", "start"],
        None,
    )?;
    for _ in 0..60 {
        if quiet_ok(
            "pg_isready",
            &["-q", "-h", "127.0.0.1", "-p", "5432", "-t", "1"],
        ) {
            return Ok(());
        }
    }
    bail!("PostgreSQL did not become ready on 127.0.0.1:5432")
}
