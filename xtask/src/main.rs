//! `cargo xtask <task>`: the project's build, serve, test and bench entry point.

mod bench_analysis;
mod frontend;
mod fuzz;
mod fuzz_domain;
mod setup;
mod soak;
mod test_suite;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{bail, Context, Result};

fn usage() -> &'static str {
    "usage: cargo xtask <task>\n\n\
     tasks:\n  \
     serve [ARGS…]          build the web app and the server (release), then `portevoix serve ARGS…`\n  \
     test                   install what is missing, then run every test on SQLite and PostgreSQL\n  \
     frontend [--debug]     build the PWA into frontend/dist\n  \
     fuzz [--max-examples N]  schemathesis against the served OpenAPI document, every role\n  \
     fuzz-domain [--minutes N] the domain's property tests in rounds with fresh seeds\n  \
     soak [--minutes N]     mixed traffic against a release build; 5xx, lock errors, RSS\n  \
     bench analysis         score the French text analysis on the labelled dev set\n  \
     bench ingest [--quick] sync push throughput against direct inserts (B0), SQLite and PostgreSQL\n  \
     bench dashboard [--quick] council dashboard latency at 10k and 1M responses; CSV export\n  \
     bench pwa              bundle size, cold offline start, outbox save time\n"
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(root());
    command
}

fn cargo_run(args: &[&str], envs: &[(&str, &str)]) -> Result<()> {
    println!(
        "==> cargo {} {}",
        envs.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" "),
        args.join(" ")
    );
    let status = cargo()
        .args(args)
        .envs(envs.iter().copied())
        .status()
        .context("running cargo")?;
    if !status.success() {
        bail!("`cargo {}` failed", args.join(" "));
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest: Vec<String> = args.iter().skip(1).cloned().collect();
    let result = match args.first().map(String::as_str) {
        Some("frontend") => setup::wasm_target()
            .and_then(|()| frontend::build(!rest.iter().any(|a| a == "--debug"))),
        Some("serve") => serve(&rest),
        Some("test") => test_suite::run(),
        Some("fuzz") => fuzz::run(&rest),
        Some("fuzz-domain") => fuzz_domain::run(&rest),
        Some("soak") => soak::run(&rest),
        Some("bench") => match rest.first().map(String::as_str) {
            Some("analysis") if cfg!(debug_assertions) => {
                // Throughput means nothing unoptimised: run this same task from a release build.
                let mut args = vec![
                    "run",
                    "--release",
                    "--quiet",
                    "-p",
                    "xtask",
                    "--",
                    "bench",
                    "analysis",
                ];
                args.extend(rest[1..].iter().map(String::as_str));
                cargo_run(&args, &[])
            }
            Some("analysis") => bench_analysis::run(&rest[1..]),
            Some("ingest") => bench_cargo("ingest", &rest[1..]),
            Some("dashboard") => bench_cargo("dashboard", &rest[1..]),
            Some("pwa") => setup::wasm_target().and_then(|()| frontend::bench_pwa()),
            other => Err(anyhow::anyhow!("unknown bench {other:?}\n\n{}", usage())),
        },
        Some("-h" | "--help" | "help") | None => {
            println!("{}", usage());
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(anyhow::anyhow!("unknown task: {other}\n\n{}", usage())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo build -p portevoix-backend --bin portevoix`: the debug server that the fuzzing and
/// `bench pwa` spawn (`target/debug/portevoix`).
fn build_debug_server() -> Result<()> {
    cargo_run(
        &["build", "-p", "portevoix-backend", "--bin", "portevoix"],
        &[],
    )
}

/// Runs a `harness = false` benchmark of the backend (release build) with the given arguments.
fn bench_cargo(name: &str, args: &[String]) -> Result<()> {
    setup::postgres()?;
    let mut full = vec!["bench", "-p", "portevoix-backend", "--bench", name, "--"];
    full.extend(args.iter().map(String::as_str));
    cargo_run(&full, &[])
}

/// Builds everything in release and serves on SQLite (./data/portevoix.db) unless told otherwise.
fn serve(args: &[String]) -> Result<()> {
    setup::wasm_target()?;
    frontend::build(true)?;
    cargo_run(
        &[
            "build",
            "--release",
            "-p",
            "portevoix-backend",
            "--bin",
            "portevoix",
        ],
        &[],
    )?;
    let binary = root().join("target/release/portevoix");
    let mut command = Command::new(binary);
    command
        .current_dir(root())
        .arg("serve")
        .arg("--static-dir")
        .arg(frontend::dist_dir())
        .args(args);
    let status = command.status().context("starting portevoix")?;
    if !status.success() {
        bail!("portevoix serve exited with {status}");
    }
    Ok(())
}
