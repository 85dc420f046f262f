//! The `portevoix` binary itself: clear messages and non-zero exits on bad input.

use std::process::{Command, Output};

use crate::helpers::TestDb;

fn portevoix(db: &TestDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_portevoix"))
        .current_dir(db.work_dir())
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
    let publications = stdout(&seeded)
        .split(" publications for the councils")
        .next()
        .and_then(|head| head.rsplit(' ').next())
        .and_then(|n| n.parse::<u32>().ok());
    assert!(
        publications.is_some_and(|n| n >= 3),
        "the council pages have something to read: {}",
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

/// The settings' layers: defaults < `--config` file < `PORTEVOIX_*` environment < flags.
#[test]
fn settings_come_from_the_file_then_the_environment_then_the_flags() {
    let db = TestDb::new();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("portevoix.toml");
    std::fs::write(
        &file,
        "controller = \"Organisme du fichier\"\ndpo_contact = \"dpo-fichier@example.org\"\n\
         database_url = \"mysql://from-the-file/x\"\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_portevoix"))
        .current_dir(db.work_dir())
        .arg("--config")
        .arg(&file)
        .args(["--database", db.url(), "register"])
        .env("PORTEVOIX_DPO_CONTACT", "dpo-environnement@example.org")
        .env("PORTEVOIX_DATABASE_URL", "mysql://from-the-environment/x")
        .env_remove("PORTEVOIX_CONTROLLER")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let register = stdout(&output);
    assert!(
        register.contains("Organisme : Organisme du fichier"),
        "the file over the default: {register}"
    );
    assert!(
        register.contains("dpo-environnement@example.org") && !register.contains("dpo-fichier"),
        "the environment over the file: {register}"
    );

    // Without the flag, the environment's database URL wins over the file's, and is refused.
    let output = Command::new(env!("CARGO_BIN_EXE_portevoix"))
        .current_dir(db.work_dir())
        .arg("--config")
        .arg(&file)
        .arg("register")
        .env("PORTEVOIX_DATABASE_URL", "mysql://from-the-environment/x")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("from-the-environment")
            && stderr(&output).contains("PORTEVOIX_DATABASE_URL"),
        "{}",
        stderr(&output)
    );
}

/// A bad value anywhere stops the command before it starts, names the setting and its source,
/// and never panics.
#[test]
fn bad_settings_are_refused_with_a_clear_message() {
    let db = TestDb::new();
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_portevoix"));
        command
            .current_dir(db.work_dir())
            .args(["--database", db.url()])
            .args(args)
            .env_remove("PORTEVOIX_DATABASE_URL");
        for (name, value) in env {
            command.env(name, value);
        }
        command.output().unwrap()
    };
    let cases: [(&[&str], &[(&str, &str)], &str); 4] = [
        (
            &["migrate"],
            &[("PORTEVOIX_POOL_SIZE", "many")],
            "PORTEVOIX_POOL_SIZE",
        ),
        (
            &["migrate"],
            &[("PORTEVOIX_TRUST_FORWARDED", "maybe")],
            "PORTEVOIX_TRUST_FORWARDED",
        ),
        (
            &["migrate"],
            &[("PORTEVOIX_JWT_SECRET", "too-short")],
            "jwt_secret",
        ),
        (
            &["migrate"],
            &[("PORTEVOIX_ACCESS_TOKEN_MINUTES", "0")],
            "access_token_minutes",
        ),
    ];
    for (args, env, named) in cases {
        let output = run(args, env);
        assert!(!output.status.success(), "{env:?} is refused");
        let message = stderr(&output);
        assert!(message.contains(named), "{env:?}: {message}");
        assert!(!message.contains("panicked"), "{message}");
    }

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("portevoix.toml");
    std::fs::write(&file, "pool_sise = 4\n").unwrap();
    let output = run(&["--config", file.to_str().unwrap(), "migrate"], &[]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("pool_sise"), "{}", stderr(&output));
    let output = run(&["--config", "/nonexistent/portevoix.toml", "migrate"], &[]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("cannot read config file"),
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

fn analyse(input: &str, args: &[&str]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_portevoix"))
        .arg("analyse")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn analyse_finds_themes_and_redacts_personal_data() {
    let output = analyse(
        "{\"id\":\"x\",\"text\":\"Je m'appelle Yasmine, appelez-moi au 06 39 98 55 10, le tram passe jamais\"}\n",
        &[],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let lines: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    let line = &lines[0];
    assert_eq!(line["id"], "x");
    assert!(
        line["themes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "mobilite"),
        "{line}"
    );
    let redacted = line["redacted"].as_str().unwrap();
    assert!(
        !redacted.contains("Yasmine") && !redacted.contains("06 39 98 55 10"),
        "{redacted}"
    );
    assert!(line["matched"]["mobilite"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w == "tram"));
    assert_eq!(line["sensitive"], false);
    assert_eq!(line["sensitive_categories"], serde_json::json!([]));
    let confidence = line["confidence"]["mobilite"].as_f64().unwrap();
    assert!(confidence > 0.0 && confidence < 1.0, "{line}");
}

/// What residents write (SMS words, `rdv` above all), what a keyboard or a copy-paste sends
/// (NUL, controls, bidi overrides, emoji, decomposed accents) and a 4,000-character testimony:
/// one output line per input line, in order, exit 0.
#[test]
fn analyse_reads_sms_spellings_controls_emoji_and_long_texts() {
    let long = "Le bus passe jamais et j'ai un rdv à la CAF. ".repeat(100);
    let long: String = long.chars().take(4_000).collect();
    let texts = [
        "j'ai un rdv",
        "RDV",
        "rdv.",
        "1 rdv",
        "un rdv à la CAF",
        "pas de rdv chez le dentiste",
        "jsuis pas dac, pk tt le monde dit kan le tram passe ? tkt stp svp mtn jsp",
        "le bus\\u0000 passe\\u0007 pas\\u202e ici",
        "🙂👍🏽 le tram 🚋 est en retard 👨‍👩‍👧",
        "l'e\\u0301cole est loin \\u0000",
        long.as_str(),
    ];
    let input: String = texts
        .iter()
        .enumerate()
        .map(|(i, text)| format!("{{\"id\":{i},\"text\":\"{text}\"}}\n"))
        .collect();
    let output = analyse(&input, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), texts.len(), "{}", stderr(&output));
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["id"], i, "{line}");
        assert!(line["redacted"].is_string(), "{line}");
    }
    assert!(lines[10]["themes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == "mobilite"));
}

#[test]
fn analyse_reports_malformed_lines_and_goes_on() {
    let input = "{\"id\":1,\"text\":\"Les poubelles débordent\"}\nnot json\n{\"text\":\"sans id\"}\n{\"id\":2,\"text\":\"Le loyer augmente\",\"extra\":true}\n";
    let output = analyse(input, &[]);
    assert!(
        !output.status.success(),
        "malformed lines make the exit status non-zero"
    );
    let out: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        out.iter().map(|l| l["id"].clone()).collect::<Vec<_>>(),
        vec![serde_json::json!(1), serde_json::json!(2)]
    );
    let err = stderr(&output);
    assert!(
        err.contains('2') && err.contains('3'),
        "names the malformed line numbers: {err}"
    );
}

#[test]
fn analyse_takes_another_codebook() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("codebook.csv");
    std::fs::write(
        &path,
        "code;libelle;mots_cles\nvelo;Vélo;vélo|piste cyclable\n",
    )
    .unwrap();
    let output = analyse(
        "{\"id\":\"a\",\"text\":\"Il manque une piste cyclable vers le centre\"}\n",
        &["--codebook", path.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("\"velo\""), "{}", stdout(&output));
    std::fs::write(&path, "code;libelle;mots_cles\nBad Code;X;y\n").unwrap();
    let bad = analyse(
        "{\"id\":\"a\",\"text\":\"x\"}\n",
        &["--codebook", path.to_str().unwrap()],
    );
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("codebook"));
    let missing = analyse("", &["--codebook", "/nonexistent/codebook.csv"]);
    assert!(!missing.status.success());
}

#[test]
fn demo_seed_gives_the_bellevue_council_figures_and_quotes_to_show() {
    use diesel::prelude::*;
    use portevoix::db::schema::{quartiers, tally_themes, testimonies};

    let db = TestDb::new();
    let seeded = portevoix(&db, &["seed", "--demo"]);
    assert!(seeded.status.success(), "{}", stderr(&seeded));
    let mut conn = crate::helpers::pool(db.url()).get().unwrap();
    let bellevue: i64 = quartiers::table
        .filter(quartiers::slug.eq("bellevue"))
        .select(quartiers::id)
        .first(&mut conn)
        .unwrap();
    // A council sees a theme's monthly figure only from 11 testimonies: several months have one.
    let shown: Vec<(String, String, i64)> = tally_themes::table
        .filter(tally_themes::quartier_id.eq(bellevue))
        .filter(tally_themes::testimonies.ge(11))
        .select((
            tally_themes::month,
            tally_themes::theme_code,
            tally_themes::testimonies,
        ))
        .load(&mut conn)
        .unwrap();
    let months: std::collections::BTreeSet<&str> = shown.iter().map(|(m, ..)| m.as_str()).collect();
    assert!(months.len() >= 5, "months with a theme to chart: {shown:?}");
    // Quotes: approved, consented, in numbers.
    let quotable: i64 = testimonies::table
        .filter(testimonies::quartier_id.eq(bellevue))
        .filter(testimonies::status.eq("approved"))
        .filter(testimonies::consent.eq("quote"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert!(quotable >= 100, "{quotable} quotable testimonies");
    // And some left for the coordinator to review.
    let pending: i64 = testimonies::table
        .filter(testimonies::status.eq("pending"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert!(pending >= 5, "{pending} testimonies to review");
}

#[test]
fn export_writes_the_demo_answers_and_refuses_unknown_surveys() {
    let db = TestDb::new();
    assert!(portevoix(&db, &["seed", "--demo"]).status.success());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reponses.csv");
    let exported = portevoix(
        &db,
        &[
            "export",
            "responses",
            "--survey",
            "1",
            "--format",
            "excel",
            "--quiet",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(exported.status.success(), "{}", stderr(&exported));
    let bytes = std::fs::read(&out).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "Excel FR export starts with a UTF-8 BOM"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert_eq!(
        text.lines().count(),
        1 + portevoix::services::demo::ANSWERS_PER_SURVEY,
        "a header and the demo answer sets"
    );
    assert!(text.lines().next().unwrap().contains(';'));

    // The same answers as a workbook with codes: one sheet, one row per answer set.
    let workbook = dir.path().join("reponses.xlsx");
    let exported = portevoix(
        &db,
        &[
            "export",
            "responses",
            "--survey",
            "1",
            "--format",
            "xlsx",
            "--codes",
            "--quiet",
            "-o",
            workbook.to_str().unwrap(),
        ],
    );
    assert!(exported.status.success(), "{}", stderr(&exported));
    use calamine::Reader as _;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&workbook).unwrap();
    assert_eq!(book.sheet_names(), ["Réponses"]);
    let rows = book.worksheet_range("Réponses").unwrap();
    assert_eq!(
        rows.height(),
        1 + portevoix::services::demo::ANSWERS_PER_SURVEY
    );
    assert_eq!(
        rows.get((0, 3)),
        Some(&calamine::Data::String("quartier".into()))
    );
    let both = portevoix(
        &db,
        &["export", "outings", "--labels", "--codes", "--quiet"],
    );
    assert!(
        !both.status.success(),
        "labels and codes at once are refused"
    );

    let unknown = portevoix(&db, &["export", "responses", "--survey", "999", "--quiet"]);
    assert!(!unknown.status.success());
    assert!(
        stderr(&unknown).contains("introuvable"),
        "{}",
        stderr(&unknown)
    );
}

/// `serve` trains the theme model while it starts, before any testimony arrives: its log says
/// so with no request made. (The two minutes are a watchdog against a hang, not a timing.)
#[test]
fn the_server_trains_the_theme_model_at_start_not_at_the_first_testimony() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    use std::time::Duration;

    let db = TestDb::new();
    let mut child = db
        .serve_command()
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("portevoix serve starts");
    let stderr = child.stderr.take().expect("stderr is piped");
    let (lines, log) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let mut trained = None;
    while let Ok(line) = log.recv_timeout(Duration::from_secs(120)) {
        if line.contains("theme model trained") {
            trained = Some(line);
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let line = trained.expect("the log says the model was trained, with no request made");
    // The log may be coloured: compare its text without the escape sequences.
    let mut plain = String::new();
    let mut in_escape = false;
    for c in line.chars() {
        match (in_escape, c) {
            (false, '\u{1b}') => in_escape = true,
            (false, c) => plain.push(c),
            (true, 'm') => in_escape = false,
            (true, _) => {}
        }
    }
    assert!(plain.contains("themes=16"), "{plain}");
}
