// Shared machinery of the e2e tests: a real `portevoix` on a fresh SQLite database, Debian's
// Chromium through playwright-core, a small API client for set-up and assertions, and waits on
// conditions (never on fixed sleeps).

import { spawn, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = process.env.PORTEVOIX_BIN || join(ROOT, 'target/debug/portevoix');
export const DIST = process.env.PORTEVOIX_STATIC_DIR || join(ROOT, 'frontend/dist');
export const ARTIFACTS = join(ROOT, 'tests/e2e/artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const ADMIN = { email: 'admin@e2e.test', password: 'admin-password-e2e-1234' };
export const VOLUNTEER = { email: 'volontaire@e2e.test', password: 'volontaire-password-1234' };

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Waits for `predicate()` (sync or async) to be truthy, polling; throws with `what` after `timeout`. */
export async function until(predicate, what, timeout = 20_000, every = 100) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await predicate();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last})`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** A temporary directory removed by `cleanup()`. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `PORTEVOIX_TEST_DB=postgres` runs the scenarios on PostgreSQL (as `cargo xtask test` does). */
export const DB_KIND = process.env.PORTEVOIX_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
const PG_SERVER = process.env.PORTEVOIX_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432';

/**
 * A fresh database for one test file: a temporary SQLite file, or a PostgreSQL database created
 * for it. `count(table)` counts rows (proves "exactly once" beyond per-id checks); `cleanup()`
 * removes it.
 */
export function testDatabase(prefix) {
  const temp = tempDir(prefix);
  if (DB_KIND === 'sqlite') {
    const file = join(temp.dir, 'e2e.db');
    const script = 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(sys.argv[2]).fetchone()[0])';
    return {
      url: `sqlite://${file}`,
      count: (table) => Number(execFileSync('python3', ['-c', script, file, `select count(*) from ${table}`]).toString().trim()),
      cleanup: temp.cleanup,
    };
  }
  const name = `pv_e2e_${randomUUID().replaceAll('-', '')}`;
  const psql = (database, sql) => execFileSync('psql', ['-tA', '-v', 'ON_ERROR_STOP=1', `${PG_SERVER}/${database}`, '-c', sql]).toString().trim();
  psql('postgres', `CREATE DATABASE ${name}`);
  return {
    url: `${PG_SERVER}/${name}`,
    count: (table) => Number(psql(name, `select count(*) from ${table}`)),
    cleanup: () => {
      try {
        psql('postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        temp.cleanup();
      }
    },
  };
}

/**
 * Spawns `portevoix serve` on `port` (0: any free port) with the database `db` (from
 * `testDatabase`), resolves once it prints `listening on http://…`.
 */
export async function startServer({ db, port = 0 }) {
  if (!existsSync(BIN)) throw new Error(`server binary not found: ${BIN} (cargo build -p portevoix-backend)`);
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`PWA not built in ${DIST} (cargo xtask frontend)`);
  const proc = spawn(
    BIN,
    ['serve', '--bind', `127.0.0.1:${port}`, '--database', db.url, '--static-dir', DIST],
    {
      env: {
        ...process.env,
        PORTEVOIX_ADMIN_EMAIL: ADMIN.email,
        PORTEVOIX_ADMIN_PASSWORD: ADMIN.password,
        RUST_LOG: process.env.TEST_LOG ? 'info' : 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logs = [];
  proc.stderr.on('data', (chunk) => {
    logs.push(String(chunk));
    if (process.env.TEST_LOG) process.stderr.write(chunk);
  });
  const url = await new Promise((resolveUrl, reject) => {
    const lines = createInterface({ input: proc.stdout });
    const timer = setTimeout(() => reject(new Error(`server did not start: ${logs.join('')}`)), 30_000);
    lines.on('line', (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}): ${logs.join('')}`));
    });
  });
  const exited = new Promise((r) => proc.on('exit', r));
  return {
    url,
    port: Number(new URL(url).port),
    proc,
    logs,
    /** SIGKILL: no graceful shutdown, as a crash would be. */
    async kill() {
      proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** A test file's server on a database of its own, for its `before`:
 * `({ db, server } = await serverOnOwnDatabase('pv-e2e-name-'));`. */
export async function serverOnOwnDatabase(prefix) {
  const db = testDatabase(prefix);
  const server = await startServer({ db });
  return { db, server };
}

/** What a test file's `after` stops, whatever it started: its browsers, its proxies, then its
 * server and its database (`after(() => stopAll({ browsers: [browser], server, db }))`). */
export async function stopAll({ browsers = [], proxies = [], server, db }) {
  for (const b of browsers) await b?.close();
  for (const p of proxies) await p?.close();
  await server?.stop();
  db?.cleanup();
}

/**
 * Chromium with a fresh profile directory, or with `profileDir` (kept on close: a phone
 * reopened after its browser was killed, see `killBrowser`).
 */
export async function launchBrowser({ profileDir, uiLanguage } = {}) {
  const profile = profileDir ? { dir: profileDir, cleanup: () => {} } : tempDir('pv-chromium-');
  const context = await chromium.launchPersistentContext(profile.dir, {
    executablePath: CHROMIUM,
    headless: true,
    // `uiLanguage`: the browser's own language, which orders a date field's day and month.
    args: CHROMIUM_ARGS,
    ...(uiLanguage ? { env: { ...process.env, LANGUAGE: uiLanguage, LC_ALL: `${uiLanguage}.UTF-8` } } : {}),
    viewport: { width: 412, height: 860 },
    deviceScaleFactor: 1,
    locale: 'fr-FR',
    serviceWorkers: 'allow',
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      profile.cleanup();
    },
  };
}

/**
 * SIGKILLs the Chromium that runs on `profileDir` (as a phone's memory manager kills it: no
 * unload, no goodbye), found by its unique profile path, and waits until it is gone.
 */
export async function killBrowser(browser, profileDir) {
  const pids = () => {
    try {
      return execFileSync('pgrep', ['-f', '--', `--user-data-dir=${profileDir}`]).toString().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return []; // pgrep exits 1 when nothing matches
    }
  };
  const found = pids();
  if (found.length === 0) throw new Error(`no Chromium found for ${profileDir}`);
  for (const pid of found) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone with its parent
    }
  }
  await until(() => pids().length === 0, 'Chromium gone');
  await browser.context.close().catch(() => {});
}

/** Collects console errors, page errors and CSP violations of a page. */
export function watchPage(page) {
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return problems;
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Resolves once the app has loaded its local data and is interactive. */
export async function appReady(page) {
  await page.waitForFunction(() => document.documentElement.dataset.pvReady === '1', null, { timeout: 20_000 });
}

/** Resolves once the service worker controls the page (the shell is precached). */
export async function swControls(page) {
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, {
    timeout: 30_000,
  });
}

/** A minimal client of the Porte-Voix API for set-up and assertions. */
export class Api {
  constructor(base) {
    this.base = base;
    this.token = null;
  }

  async call(method, path, body, { token = this.token, expect = [200, 201, 204] } = {}) {
    const response = await fetch(this.base + path, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!expect.includes(response.status)) {
      throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    }
    return json;
  }

  async login(email, password) {
    const tokens = await this.call('POST', '/api/v1/auth/login', { email, password });
    this.token = tokens.access_token;
    return tokens;
  }
}
