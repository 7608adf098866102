/**
 * Landing image uploads under memory pressure (issue 10, finding 9): four partner uploads of the
 * largest accepted request (10 files just under 5 MB each of real JPEG and PNG data: a 23 Mpx JPEG,
 * the worst case for the decoder, and an incompressible PNG, the worst case for the encoder) sent
 * in parallel, while the server's RSS is sampled from /proc/<pid>/status every 10 ms. Target: peak
 * RSS less than 150 MB above the RSS right before the uploads.
 *
 * `uploadBench()` is called by bench/run.ts against its app; `tsx bench/upload.ts` (after
 * `npm run build`) runs it alone against its own app, database and upload dir in a temp folder.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import sharp from "sharp";
import { fmt, freePort, killAll, startChild, statusList, waitForHttp } from "./lib.js";

const MB = 1024 * 1024;
const FILE_LIMIT = 5 * MB;
const FILES_PER_REQUEST = 10;
const PARALLEL = 4;
const TARGET_MB = 150;

export type UploadBench = {
  ok: boolean;
  baselineMb: number;
  peakMb: number;
  hwmMb: number;
  afterMb: number;
  requestMb: number;
  seconds: number;
  statuses: Record<string, number>;
  lines: string[];
};

/** VmRSS and VmHWM of `pid` in MB (Linux only). */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { rss: kb("VmRSS") / 1024, hwm: kb("VmHWM") / 1024 };
}

/** A smooth 23 Mpx photo-like JPEG (gradient + grain) at the highest quality that stays under the file limit. */
async function bigJpeg(): Promise<Buffer> {
  const [w, h] = [4800, 4800];
  const raw = Buffer.alloc(w * h * 3);
  const grain = randomBytes(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      raw[i] = ((x * 255) / w + ((grain[i] ?? 0) % 20)) & 255;
      raw[i + 1] = ((y * 255) / h + ((grain[i + 1] ?? 0) % 20)) & 255;
      raw[i + 2] = (128 + ((grain[i + 2] ?? 0) % 20)) & 255;
    }
  for (let quality = 92; quality > 40; quality -= 4) {
    const jpeg = await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
      .jpeg({ quality })
      .toBuffer();
    if (jpeg.byteLength <= FILE_LIMIT - 4096) return jpeg;
  }
  throw new Error("could not make a JPEG under the file limit");
}

/** Random pixels: a PNG that does not compress, just under the file limit. */
function bigPng(): Promise<Buffer> {
  const w = 1300;
  const h = Math.floor((FILE_LIMIT * 0.99) / (w * 3));
  return sharp(randomBytes(w * h * 3), { raw: { width: w, height: h, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

async function logIn(origin: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { origin, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password }),
  });
  await res.arrayBuffer();
  const session = res.headers.getSetCookie().find((c) => /^(__Host-)?session=/.test(c));
  if (!session) throw new Error(`upload bench: login answered ${res.status} without a session cookie`);
  return session.split(";")[0] ?? "";
}

async function createLanding(origin: string, cookie: string, n: number): Promise<string> {
  const res = await fetch(`${origin}/landings`, {
    method: "POST",
    redirect: "manual",
    headers: { origin, cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ title: `Upload bench ${n}`, header_text: "H", description: "D", button_text: "B", theme_color: "#1f6feb" }),
  });
  await res.arrayBuffer();
  const id = /^\/landings\/(\d+)\/edit$/.exec(res.headers.get("location") ?? "")?.[1];
  if (res.status !== 303 || !id) throw new Error(`upload bench: creating a landing answered ${res.status}`);
  return id;
}

export async function uploadBench(o: { origin: string; pid: number; email: string; password: string }): Promise<UploadBench> {
  const [jpeg, png] = await Promise.all([bigJpeg(), bigPng()]);
  const cookie = await logIn(o.origin, o.email, o.password);
  const landingIds = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => createLanding(o.origin, cookie, i + 1)));
  const bodies = landingIds.map(() => {
    const body = new FormData();
    for (let i = 0; i < FILES_PER_REQUEST; i++) {
      const [bytes, name, type] = i % 2 === 0 ? [jpeg, `photo-${i}.jpg`, "image/jpeg"] : [png, `noise-${i}.png`, "image/png"];
      body.append("images", new File([new Uint8Array(bytes)], name, { type }));
    }
    return body;
  });
  const requestMb = (FILES_PER_REQUEST / 2) * ((jpeg.byteLength + png.byteLength) / MB);

  await new Promise((resolve) => setTimeout(resolve, 500));
  const before = memoryOf(o.pid);
  let peak = before.rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, memoryOf(o.pid).rss);
  }, 10);
  const started = performance.now();
  const statuses: Record<string, number> = {};
  try {
    await Promise.all(
      landingIds.map(async (id, i) => {
        const res = await fetch(`${o.origin}/landings/${id}/images`, {
          method: "POST",
          redirect: "manual",
          headers: { origin: o.origin, cookie },
          body: bodies[i],
        });
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }),
    );
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  const end = memoryOf(o.pid);
  peak = Math.max(peak, end.rss);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const after = memoryOf(o.pid);
  const ok = statuses["303"] === PARALLEL && peak - before.rss < TARGET_MB;
  const lines = [
    `uploads: ${PARALLEL} parallel × ${FILES_PER_REQUEST} files (${fmt(jpeg.byteLength / MB, 2)} MB JPEG 4800×4800, ${fmt(png.byteLength / MB, 2)} MB PNG), ` +
      `${fmt(requestMb, 1)} MB per request in ${fmt(seconds, 1)} s; statuses ${statusList(statuses)}`,
    `uploads: server RSS ${fmt(before.rss)} MB before, peak ${fmt(peak)} MB (+${fmt(peak - before.rss)} MB), VmHWM ${fmt(end.hwm)} MB, ${fmt(after.rss)} MB 2 s later`,
  ];
  return { ok, baselineMb: before.rss, peakMb: peak, hwmMb: end.hwm, afterMb: after.rss, requestMb, seconds, statuses, lines };
}

export const uploadTarget = (r: UploadBench): [boolean, string] => [
  r.ok,
  `4 parallel maximum uploads add < ${TARGET_MB} MB of server RSS, every one stored: +${fmt(r.peakMb - r.baselineMb)} MB, ${statusList(r.statuses)}`,
];

async function standalone(): Promise<void> {
  const { openDatabase } = await import("../src/db/client.js");
  const { migrateDatabase } = await import("../src/db/migrate.js");
  const { SCALE_PARTNER_ONE, seedScale } = await import("../scripts/seed-scale.js");
  const tmp = mkdtempSync(join(tmpdir(), "cabinet-upload-bench-"));
  try {
    const dbUrl = `file:${join(tmp, "bench.db")}`;
    const database = await openDatabase(dbUrl);
    await migrateDatabase(database.db);
    await seedScale(database.db, { partners: 1, links: 1, clicks: 0, days: 1, timeZone: "Europe/Moscow", now: Date.now() });
    database.close();
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const app = startChild("app", ["dist/src/server.js"], {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: dbUrl,
      UPLOAD_DIR: join(tmp, "uploads"),
      LOG_LEVEL: "warn",
      PUBLIC_ORIGIN: origin,
      NODE_ENV: "production",
      ADMIN_EMAIL: "bench-admin@example.ru",
      ADMIN_PASSWORD: "bench-admin-pass",
      // As deployed (Dockerfile, npm start): fewer malloc arenas keep sharp's native memory together.
      MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2",
    });
    await waitForHttp(`${origin}/healthz`, app);
    const result = await uploadBench({ origin, pid: app.proc.pid ?? 0, email: SCALE_PARTNER_ONE, password: "demo-partner-pass" });
    for (const line of result.lines) process.stdout.write(`${line}\n`);
    const [ok, text] = uploadTarget(result);
    process.stdout.write(`${ok ? "PASS" : "FAIL"}  ${text}\n`);
    if (!ok) process.exitCode = 1;
  } finally {
    await killAll();
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await standalone();
