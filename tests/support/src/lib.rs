//! The real `portevoix` binary as a child process, for the tests and benchmarks that need a
//! server of their own (crash and restart, two instances on one database, throughput, memory):
//! started on a database with the given environment, its address read from its first line,
//! killed when dropped. A dev-dependency of the backend: its API tests and benches pass the
//! binary cargo built for them (`env!("CARGO_BIN_EXE_portevoix")`).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A running `portevoix serve`; killed (SIGKILL) and reaped when dropped.
pub struct ServerProcess {
    child: Child,
    /// `http://127.0.0.1:PORT`, as the server printed it.
    pub base: String,
}

impl ServerProcess {
    /// Starts `<binary> serve --bind <bind> --database <database_url>` with no static files,
    /// errors-only logs and `env` (secret, first admin, pool size...), and waits for its
    /// `listening on` line. Panics if it exits first: the caller is a test or a benchmark.
    pub fn start(
        binary: &str,
        database_url: &str,
        bind: &str,
        env: &[(&str, &str)],
    ) -> ServerProcess {
        let mut child = Command::new(binary)
            .args(["serve", "--bind", bind, "--database", database_url])
            .args(["--static-dir", "/nonexistent-portevoix-static"])
            .env("PORTEVOIX_LOG", "error")
            .env_remove("PORTEVOIX_DATABASE_URL")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("portevoix does not start: {e}"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let mut lines = BufReader::new(stdout).lines();
        let base = loop {
            match lines.next() {
                Some(Ok(line)) => {
                    if let Some(address) = line.strip_prefix("listening on ") {
                        break address.trim().to_owned();
                    }
                }
                _ => panic!("portevoix exited before printing its address"),
            }
        };
        // Keep draining stdout so the child never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        ServerProcess { child, base }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL: no graceful shutdown, no flush; waits until the process is gone.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// User + system CPU seconds the server has used so far.
    pub fn cpu_seconds(&self) -> f64 {
        cpu_seconds_of(&format!("/proc/{}/stat", self.pid()))
    }

    /// Seconds the server's threads named `name` (as `/proc/PID/task/TID/comm` gives it, cut
    /// to 15 bytes: `portevoix-write`) have run on a CPU, and waited for one while runnable, so
    /// far: the first two fields of their `schedstat` (nanoseconds, unlike `stat`'s ticks).
    /// Zeros if there is no such thread.
    pub fn thread_run_and_wait_seconds(&self, name: &str) -> (f64, f64) {
        let tasks = format!("/proc/{}/task", self.pid());
        std::fs::read_dir(&tasks)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|task| {
                std::fs::read_to_string(task.path().join("comm"))
                    .is_ok_and(|comm| comm.trim_end() == name)
            })
            .filter_map(|task| {
                let stat = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
                let mut fields = stat.split_whitespace().map(str::parse::<f64>);
                Some((fields.next()?.ok()?, fields.next()?.ok()?))
            })
            .fold((0.0, 0.0), |(run, wait), (r, w)| {
                (run + r / 1e9, wait + w / 1e9)
            })
    }

    /// Peak resident set size (`VmHWM`), in MB.
    pub fn peak_rss_mb(&self) -> f64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// User + system CPU seconds a process has used, from its `/proc/<pid>/stat` (`/proc/self/stat`
/// for the caller itself); 0 where it cannot be read.
pub fn cpu_seconds_of(stat_path: &str) -> f64 {
    let stat = std::fs::read_to_string(stat_path).unwrap_or_default();
    // Fields after the command name (which ends with ')'): utime and stime are 14th and 15th.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|v| v.parse::<f64>().ok()))
        .sum();
    ticks / 100.0
}
