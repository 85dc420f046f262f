//! `cargo bench -p portevoix-backend --bench dashboard [-- --quick]` (`cargo xtask bench dashboard`).
//!
//! Seeds a SQLite database through a bulk path (multi-row `INSERT`s of responses, answers,
//! testimonies and their themes, with the tallies the ingest would have kept), then:
//! - times the council dashboard query set for Bellevue (home, results of the latest survey,
//!   themes over time, first page of quotes: what one page view asks), in process, at 10,000
//!   responses and at 1,000,000 (`--quick`: 100,000): p50, p95 and the ratio of the p95s;
//! - exports every response of the surveys to CSV through the real `portevoix` server over HTTP
//!   (streamed), at 100,000 and at 1,000,000 responses: rows/s and the server's peak RSS, beside
//!   its baseline: SQLite alone reading the same rows in process.
//!
//! The last two lines are `dashboard: p95 X ms at N responses, ratio R` and
//! `export: N rows/s, peak RSS M MB` (the largest export; its RSS is the larger of the two).

#![expect(
    clippy::expect_used,
    reason = "a benchmark stops at the first failure, loudly"
)]

use std::collections::HashMap;
use std::time::Instant;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use portevoix::auth::AuthUser;
use portevoix::config::Settings;
use portevoix::db::schema::{council_quartiers, councils, quartiers, users};
use portevoix::db::{DbConnection, Pool};
use portevoix::services::council::{self, quotes};
use portevoix::services::{surveys, tallies};
use portevoix_domain::survey::{AnswerValue, Answers, SurveyDefinition};
use portevoix_domain::wire::{Role, SurveyStatus};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

use portevoix_test_support::ServerProcess;

const SECRET: &str = "bench-secret-bench-secret-bench-secret-0123";
const ADMIN: (&str, &str) = ("admin@bench.local", "bench-admin-password");
const ROWS_PER_STATEMENT: usize = 400;
const SMALL: usize = 10_000;
const MONTH_MS: i64 = 30 * 24 * 3600 * 1000;

const TEXTS: &[&str] = &[
    "Le tram est souvent bondé le matin, on attend parfois trois passages.",
    "Il y a de l'humidité dans les appartements de la tour, le bailleur ne répond pas.",
    "Les poubelles débordent le week-end, il faudrait plus de passages.",
    "Les jeunes n'ont pas d'endroit à eux le soir depuis que la salle a fermé.",
    "La maison de quartier fait du bon travail, les ateliers couture sont pleins.",
    "Pour les papiers de la CAF il faut tout faire sur internet, ma mère n'y arrive pas.",
    "On manque de médecins, il faut trois semaines pour un rendez-vous.",
    "Le marché du dimanche fait vivre le quartier, c'est là qu'on se croise.",
];
const THEMES: &[&str] = &[
    "mobilite",
    "logement",
    "proprete_cadre_vie",
    "jeunesse",
    "lien_social",
    "acces_droits_services",
    "sante",
    "commerces_vie_chere",
];

fn definition(title: &str) -> SurveyDefinition {
    serde_json::from_value(json!({"title": title, "questions": [
        {"code": "mode", "label": "Mode", "type": "single_choice", "required": true,
         "options": [{"code": "tram", "label": "Tram"}, {"code": "bus", "label": "Bus"}, {"code": "pied", "label": "À pied"}]},
        {"code": "attente", "label": "Attente > 10 min ?", "type": "yes_no", "show_if": {"question": "mode", "any_of": ["tram", "bus"]}},
        {"code": "note", "label": "Note", "type": "scale", "required": true},
        {"code": "lignes", "label": "Lignes", "type": "multiple_choice", "options": [{"code": "c1", "label": "C1"}, {"code": "c3", "label": "C3"}, {"code": "l23", "label": "23"}]},
        {"code": "idee", "label": "Une idée ?", "type": "long_text"}]}))
    .expect("survey definition")
}

fn answers(rng: &mut StdRng) -> Answers {
    let mut a = Answers::new();
    let mode = ["tram", "bus", "pied"][rng.gen_range(0..3)];
    a.insert("mode".into(), AnswerValue::Text(mode.into()));
    if mode != "pied" {
        a.insert("attente".into(), AnswerValue::Bool(rng.gen_bool(0.6)));
    }
    a.insert(
        "note".into(),
        AnswerValue::Number(f64::from(rng.gen_range(1..=5))),
    );
    if rng.gen_bool(0.5) {
        let lines = ["c1", "c3", "l23"];
        a.insert(
            "lignes".into(),
            AnswerValue::Many(vec![lines[rng.gen_range(0..3)].into()]),
        );
    }
    if rng.gen_bool(0.25) {
        a.insert(
            "idee".into(),
            AnswerValue::Text("Plus de bancs à l'arrêt, et de l'ombre l'été".into()),
        );
    }
    a
}

fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Bulk writer: rows are appended to multi-row `INSERT`s and sent every few hundred rows.
struct Bulk<'c> {
    conn: &'c mut DbConnection,
    head: &'static str,
    rows: Vec<String>,
}

impl<'c> Bulk<'c> {
    fn new(conn: &'c mut DbConnection, head: &'static str) -> Self {
        Self {
            conn,
            head,
            rows: Vec::with_capacity(ROWS_PER_STATEMENT),
        }
    }

    fn push(&mut self, row: String) {
        self.rows.push(row);
        if self.rows.len() == ROWS_PER_STATEMENT {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.rows.is_empty() {
            return;
        }
        let sql = format!("{} VALUES {}", self.head, self.rows.join(","));
        self.conn.batch_execute(&sql).expect("bulk insert");
        self.rows.clear();
    }
}

struct Seeder {
    rng: StdRng,
    user: i64,
    quartiers: Vec<i64>,
    bellevue: i64,
    versions: Vec<(i64, SurveyDefinition)>,
    responses: usize,
    testimonies: usize,
}

impl Seeder {
    /// Bellevue (the quartier timed) gets three shares, the others one.
    fn quartier(&mut self) -> i64 {
        let n = self.rng.gen_range(0..self.quartiers.len() + 2);
        if n < 3 {
            self.bellevue
        } else {
            self.quartiers[n - 2]
        }
    }

    /// Adds responses and testimonies up to the given totals, with their tallies.
    fn grow(&mut self, conn: &mut DbConnection, responses: usize, testimonies: usize) {
        let started = Instant::now();
        let now = chrono::Utc::now().timestamp_millis();
        conn.batch_execute("PRAGMA synchronous = OFF; BEGIN")
            .expect("begin");
        let mut response_tally: HashMap<(i64, i64), i64> = HashMap::new();
        let mut answer_tally: HashMap<(i64, i64, String, String), i64> = HashMap::new();
        let mut response_rows = Vec::new();
        let mut answer_rows = Vec::new();
        for _ in self.responses..responses {
            let id = uuid::Uuid::now_v7().to_string();
            let (version, definition) = &self.versions[self.rng.gen_range(0..self.versions.len())];
            let version = *version;
            let answers = answers(&mut self.rng);
            let rows = tallies::answer_rows(definition, &answers);
            let quartier = self.quartier();
            let at = now - self.rng.gen_range(0..11 * MONTH_MS);
            response_rows.push(format!(
                "('{id}',{version},{quartier},{},'marché',{at},'bench',{at},0)",
                self.user
            ));
            *response_tally.entry((version, quartier)).or_default() += 1;
            for row in rows {
                let number = row.number.map_or("NULL".into(), |n| n.to_string());
                let text = row.text.as_deref().map_or("NULL".into(), quote);
                answer_rows.push(format!(
                    "('{id}','{}','{}',{number},{text})",
                    row.question, row.option
                ));
                *answer_tally
                    .entry((version, quartier, row.question, row.option))
                    .or_default() += 1;
            }
            if response_rows.len() >= 50_000 {
                write_responses(conn, &mut response_rows, &mut answer_rows);
            }
        }
        write_responses(conn, &mut response_rows, &mut answer_rows);
        for ((v, q), n) in response_tally {
            tallies::add_responses(conn, v, q, n).expect("response tally");
        }
        conn.batch_execute(
            "CREATE TEMP TABLE IF NOT EXISTS bench_ta (v BIGINT, q BIGINT, question TEXT, opt TEXT, n BIGINT); DELETE FROM bench_ta;",
        )
        .expect("temp table");
        let mut bulk = Bulk::new(conn, "INSERT INTO bench_ta (v, q, question, opt, n)");
        for ((v, q, question, option), n) in answer_tally {
            bulk.push(format!("({v},{q},'{question}','{option}',{n})"));
        }
        bulk.flush();
        // Upserts add to what the previous steps counted, as the ingest's tallies do.
        conn.batch_execute(
            "INSERT INTO tally_answers (survey_version_id, quartier_id, question_code, option_code, answers) \
             SELECT v, q, question, opt, n FROM bench_ta WHERE true \
             ON CONFLICT (survey_version_id, quartier_id, question_code, option_code) \
             DO UPDATE SET answers = tally_answers.answers + excluded.answers",
        )
        .expect("answer tallies");
        self.responses = responses;
        self.seed_testimonies(conn, testimonies, now);
        conn.batch_execute("COMMIT; PRAGMA synchronous = FULL; ANALYZE")
            .expect("commit");
        eprintln!(
            "seeded {} responses, {} testimonies in {:.1} s",
            self.responses,
            self.testimonies,
            started.elapsed().as_secs_f64()
        );
    }

    fn seed_testimonies(&mut self, conn: &mut DbConnection, target: usize, now: i64) {
        let mut themes: HashMap<(i64, String, String), i64> = HashMap::new();
        let mut per_month: HashMap<(i64, String), i64> = HashMap::new();
        let mut rows = Vec::new();
        let mut theme_rows = Vec::new();
        for n in self.testimonies..target {
            let id = uuid::Uuid::now_v7().to_string();
            let quartier = self.quartier();
            let at = now - self.rng.gen_range(0..11 * MONTH_MS);
            let text = TEXTS[n % TEXTS.len()];
            let approved = self.rng.gen_bool(0.7);
            let status = if approved { "approved" } else { "pending" };
            let consent = if self.rng.gen_bool(0.8) {
                "quote"
            } else {
                "count_only"
            };
            rows.push(format!(
                "('{id}',{quartier},{},'marché',{at},{t},{t},'{consent}',false,'{status}','bench',{at},0)",
                self.user,
                t = quote(text)
            ));
            let first = THEMES[n % THEMES.len()];
            let mut codes = vec![first];
            if self.rng.gen_bool(0.3) {
                let second = THEMES[(n + 3) % THEMES.len()];
                codes.push(second);
            }
            let month = portevoix::services::period::month_of(at);
            for code in &codes {
                theme_rows.push(format!("('{id}','{code}','coordinator','[]')"));
                if approved {
                    *themes
                        .entry((quartier, (*code).to_owned(), month.clone()))
                        .or_default() += 1;
                }
            }
            if approved {
                *per_month.entry((quartier, month)).or_default() += 1;
            }
        }
        let mut bulk = Bulk::new(
            conn,
            "INSERT INTO testimonies (id, quartier_id, user_id, place, captured_at, text, redacted_text, consent, sensitive, status, content_hash, received_at, seq)",
        );
        for row in rows {
            bulk.push(row);
        }
        bulk.flush();
        let mut bulk = Bulk::new(
            conn,
            "INSERT INTO testimony_themes (testimony_id, theme_code, source, matched)",
        );
        for row in theme_rows {
            bulk.push(row);
        }
        bulk.flush();
        for ((q, theme, month), n) in themes {
            tallies::add_theme(conn, q, &theme, &month, n).expect("theme tally");
        }
        let mut bulk = Bulk::new(
            conn,
            "INSERT INTO tally_testimonies (quartier_id, month, testimonies)",
        );
        let existing: HashMap<(i64, String), i64> = portevoix::db::schema::tally_testimonies::table
            .select((
                portevoix::db::schema::tally_testimonies::quartier_id,
                portevoix::db::schema::tally_testimonies::month,
                portevoix::db::schema::tally_testimonies::testimonies,
            ))
            .load::<(i64, String, i64)>(bulk.conn)
            .expect("tally")
            .into_iter()
            .map(|(q, m, n)| ((q, m), n))
            .collect();
        bulk.conn
            .batch_execute("DELETE FROM tally_testimonies")
            .expect("reset");
        let mut all = existing;
        for (key, n) in per_month {
            *all.entry(key).or_default() += n;
        }
        for ((q, month), n) in all {
            bulk.push(format!("({q},'{month}',{n})"));
        }
        bulk.flush();
        self.testimonies = self.testimonies.max(target);
    }
}

fn write_responses(
    conn: &mut DbConnection,
    responses: &mut Vec<String>,
    answers: &mut Vec<String>,
) {
    let mut bulk = Bulk::new(
        conn,
        "INSERT INTO responses (id, survey_version_id, quartier_id, user_id, place, captured_at, content_hash, received_at, seq)",
    );
    for row in responses.drain(..) {
        bulk.push(row);
    }
    bulk.flush();
    let mut bulk = Bulk::new(
        conn,
        "INSERT INTO answers (response_id, question_code, option_code, number_value, text_value)",
    );
    for row in answers.drain(..) {
        bulk.push(row);
    }
    bulk.flush();
}

/// Three open surveys assigned to every quartier.
fn surveys_for(conn: &mut DbConnection, quartiers: &[i64]) -> Vec<(i64, SurveyDefinition)> {
    let system = AuthUser::system();
    ["Se déplacer", "Vivre ensemble", "Le square"]
        .iter()
        .map(|title| {
            let def = definition(title);
            let survey = surveys::create(conn, &system, def.clone()).expect("create");
            surveys::assign(conn, &system, survey.id, quartiers.to_vec()).expect("assign");
            surveys::publish(conn, &system, survey.id).expect("publish");
            let survey =
                surveys::set_status(conn, &system, survey.id, SurveyStatus::Open).expect("open");
            (survey.current_version.expect("version").id, def)
        })
        .collect()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

/// One page view of a council member: home, latest results, themes over time, quotes.
fn page_view(conn: &mut DbConnection, member: &AuthUser, quartier: i64) {
    let home = council::home(conn, member, None).expect("home");
    let latest = home.surveys.first().expect("a survey").survey_version_id;
    let results = council::results(conn, member, None, latest, quartier).expect("results");
    let themes =
        council::themes_over_time(conn, member, None, quartier, None, None).expect("themes");
    let quotes = council::quotes(conn, member, None, quartier, quotes::QuoteFilter::default())
        .expect("quotes");
    // Serialised as the API would, so nothing is optimised away.
    let size = serde_json::to_vec(&(home, results, themes, quotes))
        .expect("json")
        .len();
    assert!(size > 1000);
}

/// A seeded database and the council member who reads it.
struct Site {
    url: String,
    pool: Pool,
    member: AuthUser,
    bellevue: i64,
    seeder: Seeder,
    surveys: Vec<i64>,
}

impl Site {
    fn new(url: String) -> Site {
        let settings = Settings {
            database_url: url.parse().expect("a bench database URL"),
            jwt_secret: Some(SECRET.into()),
            admin_email: Some(ADMIN.0.into()),
            admin_password: Some(ADMIN.1.into()),
            pool_size: 2,
            ..Settings::default()
        };
        let prepared = portevoix::startup::prepare(settings).expect("database ready");
        let pool = prepared.state.pool.clone();
        let mut conn = pool.get().expect("connection");
        let quartier_ids: Vec<i64> = quartiers::table
            .select(quartiers::id)
            .order(quartiers::id)
            .load(&mut conn)
            .expect("quartiers");
        let bellevue: i64 = quartiers::table
            .filter(quartiers::slug.eq("bellevue"))
            .select(quartiers::id)
            .first(&mut conn)
            .expect("bellevue");
        let council: i64 = council_quartiers::table
            .inner_join(councils::table)
            .filter(council_quartiers::quartier_id.eq(bellevue))
            .select(councils::id)
            .first(&mut conn)
            .expect("Bellevue's council");
        let user: i64 = users::table
            .select(users::id)
            .first(&mut conn)
            .expect("a user");
        let versions = surveys_for(&mut conn, &quartier_ids);
        let surveys = survey_ids(&mut conn);
        drop(conn);
        Site {
            url,
            pool,
            member: AuthUser {
                id: user,
                role: Role::CouncilMember,
                council_id: Some(council),
                device_id: None,
            },
            bellevue,
            seeder: Seeder {
                rng: StdRng::seed_from_u64(5),
                user,
                quartiers: quartier_ids
                    .into_iter()
                    .filter(|q| *q != bellevue)
                    .collect(),
                bellevue,
                versions,
                responses: 0,
                testimonies: 0,
            },
            surveys,
        }
    }

    fn grow(&mut self, responses: usize) {
        let mut conn = self.pool.get().expect("connection");
        self.seeder.grow(&mut conn, responses, responses / 10);
    }
}

/// (p50, p95) in milliseconds of each site's page views, taken in alternation so that both
/// sizes see the same machine load.
fn time_dashboards(small: &Site, big: &Site, runs: usize) -> [(f64, f64); 2] {
    let mut conns = [
        small.pool.get().expect("connection"),
        big.pool.get().expect("connection"),
    ];
    let sites = [small, big];
    for (conn, site) in conns.iter_mut().zip(sites) {
        for _ in 0..10 {
            page_view(conn, &site.member, site.bellevue);
        }
    }
    let mut times = [Vec::with_capacity(runs), Vec::with_capacity(runs)];
    for _ in 0..runs {
        for (i, site) in sites.iter().enumerate() {
            let started = Instant::now();
            page_view(&mut conns[i], &site.member, site.bellevue);
            times[i].push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    times.map(|mut t| {
        t.sort_by(f64::total_cmp);
        (percentile(&t, 0.5), percentile(&t, 0.95))
    })
}

fn start_server(url: &str) -> ServerProcess {
    ServerProcess::start(
        env!("CARGO_BIN_EXE_portevoix"),
        url,
        "127.0.0.1:0",
        &[
            ("PORTEVOIX_JWT_SECRET", SECRET),
            ("PORTEVOIX_ADMIN_EMAIL", ADMIN.0),
            ("PORTEVOIX_ADMIN_PASSWORD", ADMIN.1),
            ("PORTEVOIX_RETENTION_MONTHS", "120"),
        ],
    )
}

/// Exports per size: the median of this many, on one server.
const EXPORT_ROUNDS: usize = 3;

/// Streams every survey's responses as CSV from a fresh server, [`EXPORT_ROUNDS`] times:
/// (rows, median rows/s, peak RSS MB, median rows per CPU-second of the server: what the export
/// costs, whatever else the machine runs).
fn export(url: &str, surveys: &[i64]) -> (u64, f64, f64, f64) {
    let server = start_server(url);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let client = reqwest::Client::new();
    let token = runtime.block_on(async {
        let login: serde_json::Value = client
            .post(format!("{}/api/v1/auth/login", server.base))
            .json(&json!({"email": ADMIN.0, "password": ADMIN.1}))
            .send()
            .await
            .expect("login")
            .json()
            .await
            .expect("login body");
        login["access_token"].as_str().expect("token").to_owned()
    });
    let mut rates = Vec::new();
    let mut per_cpu = Vec::new();
    let mut rows = 0u64;
    for _ in 0..EXPORT_ROUNDS {
        let cpu = server.cpu_seconds();
        let started = Instant::now();
        rows = runtime.block_on(async {
            let mut rows = 0u64;
            for survey in surveys {
                let mut response = client
                    .get(format!(
                        "{}/api/v1/exports/responses?survey_id={survey}&format=csv",
                        server.base
                    ))
                    .bearer_auth(&token)
                    .send()
                    .await
                    .expect("export");
                assert!(response.status().is_success(), "{}", response.status());
                let mut lines = 0u64;
                while let Some(chunk) = response.chunk().await.expect("chunk") {
                    lines += chunk.iter().filter(|b| **b == b'\n').count() as u64;
                }
                rows += lines.saturating_sub(1);
            }
            rows
        });
        let elapsed = started.elapsed().as_secs_f64().max(1e-9);
        rates.push(rows as f64 / elapsed);
        per_cpu.push(rows as f64 / (server.cpu_seconds() - cpu).max(0.01));
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    (rows, median(rates), server.peak_rss_mb(), median(per_cpu))
}

/// The export's baseline, measured in the same run: SQLite alone reading the same rows and
/// columns in process (responses of each survey version, then their answers by the same join),
/// with no paging, formatting or HTTP. Rows (responses) per second, median of
/// [`EXPORT_ROUNDS`].
fn raw_read(site: &Site) -> f64 {
    let mut conn = site.pool.get().expect("connection");
    let versions: Vec<i64> = {
        use portevoix::db::schema::survey_versions;
        survey_versions::table
            .select(survey_versions::id)
            .load(&mut conn)
            .expect("versions")
    };
    let mut rates = Vec::new();
    for _ in 0..EXPORT_ROUNDS {
        rates.push(raw_read_once(&mut conn, &versions));
    }
    rates.sort_by(f64::total_cmp);
    rates[rates.len() / 2]
}

fn raw_read_once(conn: &mut DbConnection, versions: &[i64]) -> f64 {
    #[derive(QueryableByName)]
    struct Scan {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        rows: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        bytes: i64,
    }
    let started = Instant::now();
    let (mut rows, mut bytes) = (0i64, 0i64);
    for &version in versions {
        let scans = [
            "SELECT count(*) AS rows, CAST(total(length(id) + length(place) + captured_at % 7 \
             + coalesce(length(age_band), 0) + coalesce(length(outing_id), 0)) AS BIGINT) AS bytes \
             FROM responses WHERE survey_version_id = ?",
            "SELECT 0 AS rows, CAST(total(length(a.response_id) + length(a.question_code) \
             + length(a.option_code) + coalesce(a.number_value, 0) + coalesce(length(a.text_value), 0)) \
             AS BIGINT) AS bytes FROM answers a JOIN responses r ON r.id = a.response_id \
             WHERE r.survey_version_id = ?",
        ];
        for sql in scans {
            let scan: Scan = diesel::sql_query(sql)
                .bind::<diesel::sql_types::BigInt, _>(version)
                .get_result(conn)
                .expect("raw scan");
            rows += scan.rows;
            bytes += scan.bytes;
        }
    }
    let elapsed = started.elapsed().as_secs_f64().max(1e-9);
    assert!(bytes > 0, "the raw scan read nothing");
    rows as f64 / elapsed
}

fn survey_ids(conn: &mut DbConnection) -> Vec<i64> {
    use portevoix::db::schema::surveys;
    surveys::table
        .select(surveys::id)
        .order(surveys::id)
        .load(conn)
        .expect("surveys")
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let big_size = if quick { 100_000 } else { 1_000_000 };
    let runs = if quick { 200 } else { 500 };
    // PORTEVOIX_BENCH_KEEP=DIR keeps the seeded databases there (to profile an export).
    let kept = std::env::var_os("PORTEVOIX_BENCH_KEEP").map(std::path::PathBuf::from);
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = kept.unwrap_or_else(|| temp.path().to_owned());
    let url = |name: &str| format!("sqlite://{}", dir.join(name).display());
    let mut small = Site::new(url("small.db"));
    small.grow(SMALL);
    let mut big = Site::new(url("big.db"));
    let mut exports = Vec::new();
    big.grow(100_000);
    exports.push((export(&big.url, &big.surveys), raw_read(&big)));
    if !quick {
        big.grow(big_size);
        exports.push((export(&big.url, &big.surveys), raw_read(&big)));
    }
    let [(p50_small, p95_small), (p50_big, p95_big)] = time_dashboards(&small, &big, runs);
    println!("dashboard at {SMALL} responses: p50 {p50_small:.2} ms, p95 {p95_small:.2} ms");
    println!("dashboard at {big_size} responses: p50 {p50_big:.2} ms, p95 {p95_big:.2} ms");
    for ((rows, rate, rss, per_cpu), raw) in &exports {
        println!(
            "export at {rows} responses (median of {EXPORT_ROUNDS}): {rate:.0} rows/s, {per_cpu:.0} rows per server CPU-second, \
             server peak RSS {rss:.0} MB; baseline raw SQLite read of the same rows {raw:.0} rows/s (export/raw {:.2})",
            rate / raw.max(1e-9)
        );
    }
    let ratio = p95_big / p95_small.max(1e-9);
    let ((_, rate, _, _), _) = exports.last().copied().expect("an export");
    let rss = exports.iter().map(|e| e.0 .2).fold(0.0, f64::max);
    println!("dashboard: p95 {p95_big:.2} ms at {big_size} responses, ratio {ratio:.2}");
    println!("export: {rate:.0} rows/s, peak RSS {rss:.0} MB");
}
