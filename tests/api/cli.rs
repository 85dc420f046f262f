//! The `portevoix` binary itself: clear messages and non-zero exits on bad input.

use std::process::{Command, Output};

use crate::helpers::TestDb;

fn portevoix(db: &TestDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_portevoix"))
        .arg("--database")
        .arg(db.url())
        .args(args)
        .env_remove("PORTEVOIX_DATABASE_URL")
        .output()
        .expect("portevoix runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn users_are_managed_from_the_command_line() {
    let db = TestDb::new();
    let added = portevoix(
        &db,
        &[
            "user",
            "add",
            "--email",
            "Coord@Example.org",
            "--role",
            "coordinator",
            "--password",
            "long-enough-password",
        ],
    );
    assert!(added.status.success(), "{}", stderr(&added));
    assert!(stdout(&added).contains("coord@example.org"));

    let listed = portevoix(&db, &["user", "list"]);
    assert!(stdout(&listed).contains("coord@example.org") && stdout(&listed).contains("active"));

    let again = portevoix(
        &db,
        &[
            "user",
            "add",
            "--email",
            "coord@example.org",
            "--role",
            "coordinator",
            "--password",
            "long-enough-password",
        ],
    );
    assert!(!again.status.success());
    assert!(stderr(&again).contains("existe déjà"), "{}", stderr(&again));

    let bad_role = portevoix(
        &db,
        &["user", "add", "--email", "x@example.org", "--role", "king"],
    );
    assert!(!bad_role.status.success());
    assert!(stderr(&bad_role).contains("unknown role"));

    let weak = portevoix(
        &db,
        &[
            "user",
            "add",
            "--email",
            "y@example.org",
            "--role",
            "admin",
            "--password",
            "short",
        ],
    );
    assert!(!weak.status.success());
    assert!(stderr(&weak).contains("10 caractères"), "{}", stderr(&weak));

    let disabled = portevoix(&db, &["user", "disable", "--email", "coord@example.org"]);
    assert!(disabled.status.success(), "{}", stderr(&disabled));
    assert!(stdout(&portevoix(&db, &["user", "list"])).contains("disabled"));
    let unknown = portevoix(&db, &["user", "disable", "--email", "nobody@example.org"]);
    assert!(!unknown.status.success());
}

#[test]
fn demo_seed_fills_the_database_once() {
    let db = TestDb::new();
    let seeded = portevoix(&db, &["seed", "--demo"]);
    assert!(seeded.status.success(), "{}", stderr(&seeded));
    assert!(
        stdout(&seeded).contains("2 open surveys"),
        "{}",
        stdout(&seeded)
    );
    let again = portevoix(&db, &["seed", "--demo"]);
    assert!(again.status.success());
    assert!(stdout(&again).contains("already present"));
    let listed = stdout(&portevoix(&db, &["user", "list"]));
    assert_eq!(
        listed.lines().count(),
        4,
        "admin + three demo accounts: {listed}"
    );
    let plain = portevoix(&db, &["seed"]);
    assert!(!plain.status.success());
}

#[test]
fn bad_database_urls_fail_fast_and_clearly() {
    let output = Command::new(env!("CARGO_BIN_EXE_portevoix"))
        .args(["--database", "mysql://localhost/x", "migrate"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(stderr(&output).contains("unsupported database URL"));
    let output = Command::new(env!("CARGO_BIN_EXE_portevoix"))
        .args([
            "--database",
            "postgres://nobody@127.0.0.1:1/none",
            "migrate",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("cannot open the database"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn migrate_applies_and_reports_the_backend() {
    let db = TestDb::new();
    let output = portevoix(&db, &["migrate"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("migrations applied"));
}
