//! `cargo xtask fuzz-domain [--minutes N] [--cases C]`: the domain's property tests (every
//! function that reads a person's text or answers; inputs from `domain/src/testing.rs`) run in
//! rounds of C cases per property (default 20,000), each round with a fresh random seed, until N
//! minutes (default 10) have passed. Stops at the first failure and prints proptest's shrunk
//! ("minimal failing") input; proptest also records it in `domain/proptest-regressions/`, so
//! the test command replays it from then on.

use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

pub fn run(args: &[String]) -> Result<()> {
    let mut minutes: u64 = 10;
    let mut cases: u64 = 20_000;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = |name: &str| -> Result<u64> {
            rest.next()
                .and_then(|v| v.parse().ok())
                .with_context(|| format!("{name} takes a whole number"))
        };
        match arg.as_str() {
            "--minutes" => minutes = value("--minutes")?,
            "--cases" => cases = value("--cases")?,
            other => bail!("unknown argument {other:?} (--minutes N, --cases C)"),
        }
    }
    // Built once, optimised: rounds then only run.
    crate::cargo_run(
        &[
            "test",
            "--release",
            "-p",
            "portevoix-domain",
            "--lib",
            "--no-run",
        ],
        &[],
    )?;
    let deadline = Instant::now() + Duration::from_secs(minutes * 60);
    let mut round = 0u64;
    while Instant::now() < deadline {
        round += 1;
        let started = Instant::now();
        let output = crate::cargo()
            .args([
                "test",
                "--release",
                "--quiet",
                "-p",
                "portevoix-domain",
                "--lib",
            ])
            .env("PORTEVOIX_FUZZ_CASES", cases.to_string())
            .output()
            .context("running cargo test")?;
        if !output.status.success() {
            let stdout = String::from_utf8_lossy(&output.stdout);
            for line in stdout.lines().filter(|l| {
                l.starts_with("---- ")
                    || l.contains("minimal failing input")
                    || l.contains("Test failed")
                    || l.starts_with("    ")
            }) {
                println!("{line}");
            }
            eprintln!("{}", String::from_utf8_lossy(&output.stderr));
            bail!("round {round}: a property failed (shrunk input above; saved under domain/proptest-regressions/)");
        }
        println!(
            "fuzz-domain: round {round} passed ({cases} cases per property, {:.0} s)",
            started.elapsed().as_secs_f64()
        );
    }
    println!(
        "fuzz-domain: {round} rounds, {} cases per property, no failure",
        round * cases
    );
    Ok(())
}
