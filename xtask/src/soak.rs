//! `cargo xtask soak [--minutes N] [--clients C] [--database URL] [--no-build]`: mixed traffic
//! (pushes, pulls, checks, council dashboards, coordinator views, exports) from many clients
//! against a release `portevoix` on a fresh SQLite file (or the given database), loopback only,
//! bounded in time. Prints requests, 5xx, lock errors and memory (RSS after warm-up and at the
//! end) and fails if any 5xx or lock error occurred or RSS grew by more than 10 %. Exports read
//! a survey of fixed size, so the work per request stays the same while the database grows.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use serde_json::{json, Value};

const PASSWORD: &str = "soak-password-123";
const MODES: [&str; 3] = ["tram", "bus", "pied"];
/// Answer sets of the survey the clients export.
const EXPORT_ROWS: u64 = 4000;

struct Options {
    minutes: f64,
    clients: usize,
    database: Option<String>,
    build: bool,
    /// Only these kinds of request (diagnosis); empty: all.
    only: Vec<String>,
}

fn options(args: &[String]) -> Result<Options> {
    let mut o = Options {
        minutes: 10.0,
        clients: 16,
        database: None,
        build: true,
        only: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| anyhow!("{arg} needs a value"))
        };
        match arg.as_str() {
            "--minutes" => o.minutes = value()?.parse().context("--minutes")?,
            "--clients" => o.clients = value()?.parse().context("--clients")?,
            "--database" => o.database = Some(value()?),
            "--no-build" => o.build = false,
            "--only" => o.only = value()?.split(',').map(str::to_owned).collect(),
            other => bail!("unknown soak option {other}"),
        }
    }
    if !(0.1..=60.0).contains(&o.minutes) || !(1..=200).contains(&o.clients) {
        bail!("--minutes 0.1..60 and --clients 1..200");
    }
    Ok(o)
}

/// A keep-alive HTTP/1.1 connection to the loopback server (no dependency, no TLS).
struct Http {
    addr: String,
    stream: Option<BufReader<TcpStream>>,
}

impl Http {
    fn new(addr: &str) -> Self {
        Self {
            addr: addr.to_owned(),
            stream: None,
        }
    }

    fn connect(&mut self) -> Result<&mut BufReader<TcpStream>> {
        if self.stream.is_none() {
            let stream = TcpStream::connect(&self.addr)?;
            stream.set_read_timeout(Some(Duration::from_secs(60)))?;
            stream.set_nodelay(true)?;
            self.stream = Some(BufReader::new(stream));
        }
        self.stream.as_mut().ok_or_else(|| anyhow!("no connection"))
    }

    fn call(
        &mut self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Result<(u16, Vec<u8>)> {
        let result = self.try_call(method, path, token, body);
        if result.is_err() {
            self.stream = None;
        }
        result
    }

    fn try_call(
        &mut self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Result<(u16, Vec<u8>)> {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        if !body.is_empty() {
            head.push_str("Content-Type: application/json\r\n");
        }
        if let Some(token) = token {
            head.push_str(&format!("Authorization: Bearer {token}\r\n"));
        }
        head.push_str("\r\n");
        let reader = self.connect()?;
        let stream = reader.get_mut();
        stream.write_all(head.as_bytes())?;
        stream.write_all(body.as_bytes())?;
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .ok_or_else(|| anyhow!("no status line"))?
            .parse()?;
        let (mut length, mut chunked, mut close) = (None, false, false);
        loop {
            line.clear();
            reader.read_line(&mut line)?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            let (name, value) = header.split_once(':').unwrap_or((header, ""));
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = Some(value.trim().parse::<usize>()?),
                "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
                "connection" => close = value.to_ascii_lowercase().contains("close"),
                _ => {}
            }
        }
        let mut out = Vec::new();
        if chunked {
            loop {
                line.clear();
                reader.read_line(&mut line)?;
                let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16)?;
                let mut chunk = vec![0; size + 2];
                reader.read_exact(&mut chunk)?;
                if size == 0 {
                    break;
                }
                out.extend_from_slice(&chunk[..size]);
            }
        } else if let Some(length) = length {
            out.resize(length, 0);
            reader.read_exact(&mut out)?;
        } else {
            reader.read_to_end(&mut out)?;
            close = true;
        }
        if close {
            self.stream = None;
        }
        Ok((status, out))
    }

    fn json(
        &mut self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Result<Value> {
        let (status, bytes) = self.call(method, path, token, body)?;
        if !(200..300).contains(&status) {
            bail!(
                "{method} {path}: {status} {}",
                String::from_utf8_lossy(&bytes)
            );
        }
        Ok(serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }
}

fn rss_kib(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| anyhow!("no VmRSS"))
}

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(binary: &Path, database: &str, log: &Path) -> Result<Server> {
    let mut child = Command::new(binary)
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--database",
            database,
            "--static-dir",
            "/nonexistent-portevoix-static",
        ])
        .env("PORTEVOIX_ADMIN_EMAIL", "admin@soak.local")
        .env("PORTEVOIX_ADMIN_PASSWORD", PASSWORD)
        .env("PORTEVOIX_ACCESS_TOKEN_MINUTES", "120")
        .env("PORTEVOIX_LOG", "warn")
        .env_remove("PORTEVOIX_DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(log)?)
        .spawn()
        .with_context(|| format!("starting {}", binary.display()))?;
    let stdout = child.stdout.take().ok_or_else(|| anyhow!("no stdout"))?;
    let mut lines = BufReader::new(stdout).lines();
    let addr = loop {
        let line = lines
            .next()
            .ok_or_else(|| anyhow!("server exited before listening"))??;
        if let Some(url) = line.strip_prefix("listening on http://") {
            break url.trim().to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Ok(Server { child, addr })
}

/// What every client needs: ids made during set-up.
#[derive(Clone)]
struct World {
    addr: String,
    quartiers: Vec<i64>,
    council: i64,
    survey: i64,
    version: i64,
    coordinator: String,
    member: String,
}

fn setup(addr: &str, clients: usize) -> Result<(World, Vec<String>)> {
    let mut http = Http::new(addr);
    let login = |http: &mut Http, email: &str| -> Result<String> {
        let session = http.json(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(&json!({"email": email, "password": PASSWORD})),
        )?;
        session["access_token"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("no token"))
    };
    let admin = login(&mut http, "admin@soak.local")?;
    let quartiers: Vec<Value> =
        serde_json::from_value(http.json("GET", "/api/v1/quartiers", Some(&admin), None)?)?;
    let bellevue = quartiers
        .iter()
        .find(|q| q["slug"] == "bellevue")
        .ok_or_else(|| anyhow!("bellevue"))?;
    let quartier_ids = vec![
        bellevue["id"].as_i64().unwrap_or(1),
        quartiers[1]["id"].as_i64().unwrap_or(2),
    ];
    let council = bellevue["council_ids"][0]
        .as_i64()
        .ok_or_else(|| anyhow!("bellevue has no council"))?;
    let survey = json!({"title": "Soak", "questions": [
        {"code": "mode", "label": "Mode", "type": "single_choice", "required": true,
         "options": [{"code": "tram", "label": "Tram"}, {"code": "bus", "label": "Bus"}, {"code": "pied", "label": "À pied"}]},
        {"code": "note", "label": "Note", "type": "scale", "required": true},
        {"code": "idee", "label": "Idée", "type": "long_text"}]});
    let open_survey = |http: &mut Http| -> Result<(i64, i64)> {
        let id = http.json("POST", "/api/v1/surveys", Some(&admin), Some(&survey))?["id"]
            .as_i64()
            .unwrap_or(0);
        let assignment = json!({"quartier_ids": quartier_ids});
        http.json(
            "PUT",
            &format!("/api/v1/surveys/{id}/quartiers"),
            Some(&admin),
            Some(&assignment),
        )?;
        http.json(
            "POST",
            &format!("/api/v1/surveys/{id}/publish"),
            Some(&admin),
            Some(&json!({})),
        )?;
        let opened = http.json(
            "POST",
            &format!("/api/v1/surveys/{id}/open"),
            Some(&admin),
            Some(&json!({})),
        )?;
        let version = opened["current_version"]["id"]
            .as_i64()
            .ok_or_else(|| anyhow!("no version"))?;
        Ok((id, version))
    };
    // Clients push into one survey and export another of a fixed size, so an export costs the
    // same at the end as at the start: the soak watches for leaks, not for a workload that grows.
    let (_, version) = open_survey(&mut http)?;
    let (id, export_version) = open_survey(&mut http)?;
    for batch in 0..EXPORT_ROWS / 200 {
        let items: Vec<Value> = (0..200)
            .map(|i| {
                json!({"kind": "response", "item": {"id": uuid_v7ish(batch * 200 + i, 4095),
                    "survey_version_id": export_version, "quartier_id": quartier_ids[(i % 2) as usize],
                    "place": "marché", "captured_at": chrono_now(),
                    "answers": {"mode": MODES[(i % 3) as usize], "note": 1 + i % 5}}})
            })
            .collect();
        http.json(
            "POST",
            "/api/v1/sync/push",
            Some(&admin),
            Some(&json!({"device_id": null, "items": items})),
        )?;
    }
    let mut user = |email: &str, role: &str, council_id: Option<i64>| -> Result<String> {
        let body = json!({"email": email, "display_name": email, "role": role, "password": PASSWORD, "council_id": council_id});
        http.json("POST", "/api/v1/users", Some(&admin), Some(&body))?;
        login(&mut http, email)
    };
    let coordinator = user("coordination@soak.local", "coordinator", None)?;
    let member = user("conseil@soak.local", "council_member", Some(council))?;
    let volunteers = (0..clients)
        .map(|c| user(&format!("v{c}@soak.local"), "volunteer", None))
        .collect::<Result<Vec<_>>>()?;
    Ok((
        World {
            addr: addr.to_owned(),
            quartiers: quartier_ids,
            council,
            survey: id,
            version,
            coordinator,
            member,
        },
        volunteers,
    ))
}

#[derive(Default)]
struct Tally {
    requests: BTreeMap<&'static str, (u64, Vec<u32>)>,
    server_errors: u64,
    unavailable: u64,
    failures: Vec<String>,
}

fn uuid_v7ish(counter: u64, client: usize) -> String {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    format!(
        "{:08x}-{:04x}-7{:03x}-8{:03x}-{:012x}",
        ms >> 16,
        ms & 0xffff,
        client & 0xfff,
        (counter >> 48) & 0xfff,
        counter & 0xffff_ffff_ffff
    )
}

fn client(
    world: World,
    token: String,
    index: usize,
    only: Vec<String>,
    stop: Arc<AtomicBool>,
    tally: Arc<Mutex<Tally>>,
) {
    let mut http = Http::new(&world.addr);
    let (mut cursor, mut counter, mut step) = (0_i64, 0_u64, 0_u64);
    while !stop.load(Ordering::Relaxed) {
        step += 1;
        let q = world.quartiers[(step as usize + index) % world.quartiers.len()];
        let (kind, method, path, who, body): (&str, &str, String, &str, Option<Value>) = match step
            % 20
        {
            0 | 2 | 4 | 6 | 8 | 10 | 12 | 14 => {
                let items: Vec<Value> = (0..10)
                    .map(|i| {
                        counter += 1;
                        let id = uuid_v7ish(counter, index);
                        if i == 9 {
                            json!({"kind": "testimony", "item": {"id": id, "quartier_id": q, "place": "marché", "captured_at": chrono_now(),
                                "text": "Le tram est bondé le matin et les trottoirs sont encombrés.", "consent": "quote"}})
                        } else {
                            json!({"kind": "response", "item": {"id": id, "survey_version_id": world.version, "quartier_id": q,
                                "place": "marché", "captured_at": chrono_now(), "answers": {"mode": MODES[i % 3], "note": 1 + i % 5}}})
                        }
                    })
                    .collect();
                (
                    "push",
                    "POST",
                    "/api/v1/sync/push".into(),
                    "volunteer",
                    Some(json!({"device_id": null, "items": items})),
                )
            }
            1 | 5 | 9 | 13 => (
                "pull",
                "GET",
                format!("/api/v1/sync/pull?cursor={cursor}"),
                "volunteer",
                None,
            ),
            3 => (
                "check",
                "POST",
                "/api/v1/sync/check".into(),
                "volunteer",
                Some(json!({"ids": [uuid_v7ish(counter, index)]})),
            ),
            7 => (
                "council",
                "GET",
                "/api/v1/council/home".into(),
                "member",
                None,
            ),
            11 => (
                "council",
                "GET",
                format!(
                    "/api/v1/council/surveys/{}/results?quartier_id={}",
                    world.version, world.quartiers[0]
                ),
                "member",
                None,
            ),
            15 => (
                "council",
                "GET",
                format!("/api/v1/council/themes?quartier_id={}", world.quartiers[0]),
                "member",
                None,
            ),
            16 => (
                "coordinator",
                "GET",
                "/api/v1/moderation/testimonies?limit=25".into(),
                "coordinator",
                None,
            ),
            17 => (
                "coordinator",
                "GET",
                format!(
                    "/api/v1/council/report?quartier_id={}&council_id={}",
                    world.quartiers[0], world.council
                ),
                "coordinator",
                None,
            ),
            18 => (
                "coordinator",
                "GET",
                "/api/v1/followup/summary".into(),
                "coordinator",
                None,
            ),
            _ if step % 200 == 19 => (
                "export",
                "GET",
                format!(
                    "/api/v1/exports/responses?survey_id={}&quartier_id={q}",
                    world.survey
                ),
                "coordinator",
                None,
            ),
            _ => (
                "coordinator",
                "GET",
                "/api/v1/compare/themes?theme=mobilite".into(),
                "coordinator",
                None,
            ),
        };
        if !only.is_empty() && !only.iter().any(|k| k == kind) {
            continue;
        }
        let token = match who {
            "member" => &world.member,
            "coordinator" => &world.coordinator,
            _ => &token,
        };
        let started = Instant::now();
        let result = http.call(method, &path, Some(token), body.as_ref());
        let micros = started.elapsed().as_micros().min(u128::from(u32::MAX)) as u32;
        let mut tally = match tally.lock() {
            Ok(t) => t,
            Err(p) => p.into_inner(),
        };
        match result {
            Ok((status, bytes)) => {
                let entry = tally.requests.entry(kind).or_default();
                entry.0 += 1;
                entry.1.push(micros);
                if status >= 500 {
                    tally.server_errors += 1;
                    if status == 503 {
                        tally.unavailable += 1;
                    }
                    tally.failures.push(format!(
                        "{method} {path}: {status} {}",
                        String::from_utf8_lossy(&bytes)
                    ));
                } else if !(200..300).contains(&status) {
                    tally.failures.push(format!(
                        "{method} {path}: {status} {}",
                        String::from_utf8_lossy(&bytes)
                    ));
                } else if kind == "pull" {
                    if let Ok(pulled) = serde_json::from_slice::<Value>(&bytes) {
                        cursor = pulled["cursor"].as_i64().unwrap_or(cursor);
                    }
                }
            }
            Err(error) => tally.failures.push(format!("{method} {path}: {error}")),
        }
    }
}

fn chrono_now() -> String {
    // RFC 3339 in UTC without a date library: seconds since the epoch, converted by hand.
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[index]) / 1000.0
}

pub fn run(args: &[String]) -> Result<()> {
    let root = &crate::root();
    let o = options(args)?;
    if o.build {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .current_dir(root)
            .args([
                "build",
                "--release",
                "-p",
                "portevoix-backend",
                "--bin",
                "portevoix",
            ])
            .status()?;
        if !status.success() {
            bail!("release build failed");
        }
    }
    let dir = std::env::temp_dir().join(format!("portevoix-soak-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let database = o
        .database
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}", dir.join("soak.db").display()));
    let log = dir.join("server.log");
    let server = start(&root.join("target/release/portevoix"), &database, &log)?;
    let pid = server.child.id();
    let (world, volunteers) = setup(&server.addr, o.clients)?;
    let total = Duration::from_secs_f64(o.minutes * 60.0);
    let warm_up = total
        .mul_f64(0.2)
        .clamp(Duration::from_secs(10), Duration::from_secs(120));
    println!(
        "soak: {} clients for {:.1} min against {} (pid {pid}), warm-up {:?}",
        o.clients, o.minutes, server.addr, warm_up
    );

    let stop = Arc::new(AtomicBool::new(false));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let threads: Vec<_> = volunteers
        .into_iter()
        .enumerate()
        .map(|(i, token)| {
            let (world, stop, tally, only) =
                (world.clone(), stop.clone(), tally.clone(), o.only.clone());
            std::thread::spawn(move || client(world, token, i, only, stop, tally))
        })
        .collect();
    let started = Instant::now();
    std::thread::sleep(warm_up);
    // RSS moves with the requests in flight (an export holds its page of rows): both ends are
    // the median of the samples of a window, not one sample.
    let window = (total.saturating_sub(warm_up) / 3).min(Duration::from_secs(30));
    let mut samples: Vec<(Duration, u64)> = Vec::new();
    while started.elapsed() < total {
        samples.push((started.elapsed(), rss_kib(pid)?));
        std::thread::sleep(Duration::from_secs(2).min(total.saturating_sub(started.elapsed())));
    }
    let median = |from: Duration, to: Duration| -> u64 {
        let mut v: Vec<u64> = samples
            .iter()
            .filter(|(t, _)| *t >= from && *t <= to)
            .map(|s| s.1)
            .collect();
        v.sort_unstable();
        v.get(v.len() / 2).copied().unwrap_or(0)
    };
    let rss_warm = median(warm_up, warm_up + window);
    let rss_end = median(total.saturating_sub(window), total);
    let rss_max = samples.iter().map(|s| s.1).max().unwrap_or(0);
    let series: Vec<u64> = samples.iter().map(|s| s.1 / 1024).collect();
    let breakdown: String = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with("Rss") || l.starts_with("Threads"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ");
    stop.store(true, Ordering::SeqCst);
    for thread in threads {
        thread.join().map_err(|_| anyhow!("a client panicked"))?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    drop(server);
    let log_text = std::fs::read_to_string(&log).unwrap_or_default();
    let lock_lines = log_text
        .lines()
        .filter(|l| {
            let l = l.to_ascii_lowercase();
            l.contains("database is locked") || l.contains("deadlock") || l.contains("busy")
        })
        .count() as u64;
    let tally = match Arc::try_unwrap(tally) {
        Ok(m) => m.into_inner().unwrap_or_else(|p| p.into_inner()),
        Err(_) => bail!("clients still hold the tally"),
    };
    let requests: u64 = tally.requests.values().map(|(n, _)| n).sum();
    println!(
        "soak: {requests} requests in {elapsed:.0} s ({:.0}/s)",
        requests as f64 / elapsed
    );
    for (kind, (n, times)) in &tally.requests {
        let mut times = times.clone();
        times.sort_unstable();
        println!(
            "  {kind:<12} {n:>8}  p50 {:>7.1} ms  p99 {:>7.1} ms",
            percentile(&times, 0.5),
            percentile(&times, 0.99)
        );
    }
    let lock_errors = tally.unavailable + lock_lines;
    let growth = (rss_end as f64 - rss_warm as f64) / rss_warm as f64 * 100.0;
    println!(
        "soak: 5xx {}, lock errors {lock_errors}, other failures {}",
        tally.server_errors,
        tally.failures.len()
    );
    println!(
        "soak: RSS after warm-up {} MiB, at the end {} MiB ({growth:+.1} %; medians over {window:?}), max {} MiB",
        rss_warm / 1024,
        rss_end / 1024,
        rss_max / 1024
    );
    println!("soak: at the end: {breakdown}");
    let shown: Vec<String> = series.iter().step_by(8).map(u64::to_string).collect();
    println!("soak: RSS every 16 s (MiB): {}", shown.join(" "));
    for failure in tally.failures.iter().take(10) {
        println!(
            "  failure: {}",
            failure.chars().take(300).collect::<String>()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    if tally.server_errors > 0 || lock_errors > 0 || !tally.failures.is_empty() {
        bail!(
            "soak failed: {} 5xx, {lock_errors} lock errors, {} failures",
            tally.server_errors,
            tally.failures.len()
        );
    }
    if growth > 10.0 {
        bail!("soak failed: RSS grew by {growth:.1} % after warm-up");
    }
    println!("soak: ok");
    Ok(())
}
