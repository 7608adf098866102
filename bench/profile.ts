/**
 * `npx tsx bench/profile.ts [--path r|l] [--duration N]` (after `npm run build`): seeds a throw-away
 * database like bench/run.ts, starts the built server under `node --cpu-prof`, drives /r/:code or
 * /l/:code with autocannon on 127.0.0.1, stops the server with SIGTERM (which writes the profile)
 * and prints the top self-time functions. Loopback only; the temp dir is removed on exit.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { SCALE_PARTNER_ONE, seedScale } from "../scripts/seed-scale.js";
import { openDatabase } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { seedLanding } from "./landing.js";
import { fmt, freePort, killAll, runLoad, startChild, stopChild, waitForHttp } from "./lib.js";

const { values: flags } = parseArgs({ options: { path: { type: "string", default: "r" }, duration: { type: "string", default: "8" } } });
const TIME_ZONE = "Europe/Moscow";
const tmp = mkdtempSync(join(tmpdir(), "cabinet-profile-"));
const dbUrl = `file:${join(tmp, "bench.db")}`;

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
type Profile = { nodes: Node[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

/** Self time per function (name + file:line), summed over every node of the profile. */
export function topSelfTime(profile: Profile, top = 25): string[] {
  const byNode = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] ?? 0;
    byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = byNode.get(node.id) ?? 0;
    const f = node.callFrame;
    const file = f.url
      .replace(/^file:\/\//, "")
      .replace(/^.*node_modules\//, "~/")
      .replace(/^.*\/dist\//, "dist/");
    const key = `${f.functionName || "(anonymous)"} ${file ? `${file}:${f.lineNumber + 1}` : ""}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const total = [...byFunction.values()].reduce((a, b) => a + b, 0);
  return [...byFunction.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, us]) => `${fmt((us / total) * 100, 1).padStart(5)} %  ${fmt(us / 1000).padStart(6)} ms  ${k}`);
}

try {
  const database = await openDatabase(dbUrl);
  await migrateDatabase(database.db);
  await seedScale(database.db, { partners: 20, links: 200, clicks: 200_000, days: 90, timeZone: TIME_ZONE, now: Date.now() });
  const sample = await database.client.execute("select code from links order by random() limit 50");
  const landing = await seedLanding(database.db, SCALE_PARTNER_ONE, Date.now());
  database.close();
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const profDir = join(tmp, "prof");
  const app = startChild("app", ["--cpu-prof", `--cpu-prof-dir=${profDir}`, "dist/src/server.js"], {
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: dbUrl,
    LOG_LEVEL: "warn",
    PUBLIC_ORIGIN: origin,
    NODE_ENV: "production",
    APP_TIMEZONE: TIME_ZONE,
    TRUSTED_PROXIES: "127.0.0.1",
  });
  await waitForHttp(`${origin}/healthz`, app);
  const redirect = flags.path !== "l";
  const requests = redirect ? sample.rows.map((r) => ({ path: `/r/${String(r.code)}` })) : undefined;
  const url = redirect ? origin : `${origin}/l/${landing.code}`;
  const r = await runLoad({ name: "profile", url, connections: 64, duration: Number(flags.duration) || 8, expect: redirect ? 302 : 200, requests });
  process.stdout.write(`${redirect ? "/r/:code" : "/l/:code"}: ${fmt(r.rps)} req/s, p99 ${r.p99} ms\n`);
  await stopChild(app);
  const file = readdirSync(profDir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error("no profile written");
  for (const line of topSelfTime(JSON.parse(readFileSync(join(profDir, file), "utf8")) as Profile)) process.stdout.write(`${line}\n`);
} finally {
  await killAll();
  rmSync(tmp, { recursive: true, force: true });
}
