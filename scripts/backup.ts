/**
 * `npm run backup -- <file> [--force]`: a consistent online copy of the running database (SECURITY.md
 * "Backups"), safe while the app serves traffic, plus a copy of the uploads folder next to it.
 *
 *   1. `VACUUM INTO '<file>.partial'` — one read transaction: a snapshot as of its start; writers go on.
 *   2. The copy is opened on its own and must pass `PRAGMA integrity_check` = ok.
 *   3. fsync, then an atomic rename to <file> (and an fsync of the folder): <file> is never half-written.
 *   4. UPLOAD_DIR is copied to `<file>.uploads.partial/`, then renamed to `<file>.uploads/`.
 *
 * Reads DATABASE_URL and UPLOAD_DIR through loadConfig(), like the app. An existing <file> is kept
 * unless --force. A libSQL server (a non-file URL) is backed up by the server's own tools, not here.
 * Restore: README.md "Backup and restore".
 */
import { closeSync, cpSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { type Client, createClient } from "@libsql/client";
import { ConfigError, loadConfig } from "../src/config.js";

/** Tables whose row counts are printed (and compared by the restore drill). */
const KEY_TABLES = ["users", "links", "landings", "clients", "delivery_jobs", "clicks", "link_daily_stats", "payout_requests", "audit_log"];

class BackupError extends Error {}

const say = (line: string) => process.stdout.write(`${line}\n`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

function parseArgs(argv: string[]) {
  const force = argv.includes("--force");
  const rest = argv.filter((a) => a !== "--force");
  const unknown = rest.filter((a) => a.startsWith("--"));
  if (unknown.length > 0 || rest.length !== 1 || !rest[0]) throw new BackupError("usage: npm run backup -- <file> [--force]");
  return { target: resolve(rest[0]), force };
}

/** The database file of a `file:` URL, or null for a libSQL server (or memory) URL. */
function databasePath(url: string): string | null {
  if (!url.startsWith("file:") || url.includes(":memory:")) return null;
  return resolve(url.slice("file:".length).replace(/\?.*$/, ""));
}

function fsyncPath(path: string) {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Files and bytes under `dir`, each file fsynced on the way (the copy must survive a power cut before the rename). */
function syncTree(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile()) {
      files++;
      bytes += statSync(path).size;
      fsyncPath(path);
    }
  }
  return { files, bytes };
}

async function rowCounts(copy: Client): Promise<Record<string, number>> {
  const present = new Set((await copy.execute("select name from sqlite_schema where type = 'table'")).rows.map((r) => String(r.name)));
  const counts: Record<string, number> = {};
  for (const table of KEY_TABLES.filter((t) => present.has(t))) {
    counts[table] = Number((await copy.execute(`select count(*) as n from "${table}"`)).rows[0]?.n ?? 0);
  }
  return counts;
}

async function backup(argv: string[]) {
  const started = performance.now();
  const { target, force } = parseArgs(argv);
  const config = loadConfig();
  const source = databasePath(config.DATABASE_URL);
  if (!source) {
    throw new BackupError(
      "DATABASE_URL points to a libSQL server, not a file: back it up with the server's own tools " +
        "(sqld/Turso snapshots or a dump taken on the server); this command copies embedded databases only.",
    );
  }
  if (!existsSync(source)) throw new BackupError(`no database at ${source} (DATABASE_URL=${config.DATABASE_URL})`);
  if (target === source) throw new BackupError("the backup file must not be the database itself");
  const uploadsSource = resolve(config.UPLOAD_DIR);
  const uploadsTarget = `${target}.uploads`;
  if (!force && existsSync(target)) throw new BackupError(`${target} exists; pass --force to replace it`);
  if (!force && existsSync(uploadsTarget)) throw new BackupError(`${uploadsTarget} exists; pass --force to replace it`);

  // 1. The snapshot. A .partial left by an interrupted run is not trusted: start over.
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  for (const leftover of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}-journal`]) rmSync(leftover, { force: true });
  const live = createClient({ url: `file:${source}`, timeout: 5_000 });
  try {
    await live.execute({ sql: "VACUUM INTO ?", args: [partial] });
  } finally {
    live.close();
  }
  const snapshotMs = performance.now() - started;

  // 2. The copy alone, as a restore would open it.
  const copy = createClient({ url: `file:${partial}` });
  let counts: Record<string, number>;
  try {
    const check = (await copy.execute("PRAGMA integrity_check")).rows.map((r) => String(r[0]));
    if (check.length !== 1 || check[0] !== "ok") {
      throw new BackupError(`integrity_check failed on the copy (kept as ${partial}): ${check.slice(0, 5).join("; ")}`);
    }
    counts = await rowCounts(copy);
  } finally {
    copy.close();
  }
  for (const sidecar of [`${partial}-wal`, `${partial}-shm`]) rmSync(sidecar, { force: true });

  // 3. Durable, then visible under its name in one step.
  fsyncPath(partial);
  renameSync(partial, target);
  fsyncPath(dirname(target));
  const size = statSync(target).size;

  // 4. The uploads, after the snapshot: an image added meanwhile is an unused extra file, never a missing one.
  let uploads = "no uploads folder (nothing to copy)";
  if (existsSync(uploadsSource)) {
    const temp = `${uploadsTarget}.partial`;
    rmSync(temp, { recursive: true, force: true });
    cpSync(uploadsSource, temp, { recursive: true });
    const tree = syncTree(temp);
    rmSync(uploadsTarget, { recursive: true, force: true });
    renameSync(temp, uploadsTarget);
    fsyncPath(dirname(uploadsTarget));
    uploads = `${tree.files} files, ${mb(tree.bytes)} → ${uploadsTarget}`;
  }

  const ms = performance.now() - started;
  say(`backup of ${source}`);
  say(`  database: ${target} (${mb(size)}, ${size} bytes), integrity_check ok, snapshot in ${Math.round(snapshotMs)} ms`);
  say(
    `  rows: ${Object.entries(counts)
      .map(([table, n]) => `${table} ${n}`)
      .join(", ")}`,
  );
  say(`  uploads: ${uploads}`);
  say(`  done in ${Math.round(ms)} ms`);
}

try {
  await backup(process.argv.slice(2));
} catch (error) {
  if (error instanceof BackupError || error instanceof ConfigError) {
    process.stderr.write(`backup: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
