/**
 * The real server as a child process, for the operations tests (backup, several processes, shutdown):
 * `node --import tsx src/server.ts` on a database file, with a landing form and a direct link seeded
 * beforehand, form tokens signed with the installation secret, and lead/click senders.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { createClient as createSqlClient } from "@libsql/client";
import { openDatabase } from "../db/client.js";
import { migrateDatabase } from "../db/migrate.js";
import { issueFormToken } from "../features/landings/form-token.js";
import { createLanding } from "../features/landings/landings.js";
import { createLink } from "../features/links/links.js";
import { getOrCreateAppSecret } from "../features/settings/settings.js";
import { projectPath } from "../lib/paths.js";
import { givenPartner } from "./fixtures.js";

export const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  server.close();
  await once(server, "close");
  return port;
}

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

export type AppProcess = {
  origin: string;
  proc: ChildProcess;
  /** Every line the child wrote (JSON log lines on stdout, anything on stderr). */
  output: string[];
  exited: Promise<Exit>;
  running: () => boolean;
  /** Sends `signal` and waits up to `timeoutMs` for the exit (then SIGKILL): the exit and how long it took. */
  stop: (signal?: NodeJS.Signals, timeoutMs?: number) => Promise<Exit & { ms: number; killed: boolean }>;
};

const live = new Set<AppProcess>();

/** Starts the server on `databaseUrl` and waits for /healthz; `env` adds or overrides variables. */
export async function startAppProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<AppProcess> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const proc = spawn(process.execPath, ["--import", "tsx", projectPath("src/server.ts")], {
    cwd: projectPath(),
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_ORIGIN: origin,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
      // The lead senders give every lead its own X-Forwarded-For address (the per-IP limit is 5 / 10 min).
      TRUSTED_PROXIES: "127.0.0.1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) output.push(line);
  };
  proc.stdout?.on("data", onData);
  proc.stderr?.on("data", onData);
  const exited = new Promise<Exit>((resolve) => proc.once("exit", (code, signal) => resolve({ code, signal })));
  const running = () => proc.exitCode === null && proc.signalCode === null;
  const app: AppProcess = {
    origin,
    proc,
    output,
    exited,
    running,
    async stop(signal = "SIGTERM", timeoutMs = 15_000) {
      const started = performance.now();
      if (running()) proc.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), timeoutMs);
      });
      let exit = await Promise.race([exited, late]);
      clearTimeout(timer);
      const killed = exit === null;
      if (!exit) {
        proc.kill("SIGKILL");
        exit = await exited;
      }
      return { ...exit, ms: performance.now() - started, killed };
    },
  };
  live.add(app);
  void exited.then(() => live.delete(app));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (!running()) throw new Error(`the server exited before answering:\n${output.join("\n")}`);
    try {
      const res = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return app;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not answer /healthz in 30 s:\n${output.join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** SIGKILLs every child still running (for afterEach). */
export async function killAppProcesses(): Promise<void> {
  await Promise.all(
    [...live].map((app) => {
      if (app.running()) app.proc.kill("SIGKILL");
      return app.exited;
    }),
  );
}

export type SeededForm = {
  partnerId: number;
  /** A landing link: /l/<landingCode> shows the form, POST stores a lead. */
  landingCode: string;
  landingLinkId: number;
  /** A direct link: /r/<directCode> → 302 + a click. */
  directCode: string;
  directLinkId: number;
  secret: string;
};

/** Migrates the database file and seeds one partner with a landing link and a direct link. */
export async function seedLeadForm(databaseUrl: string): Promise<SeededForm> {
  const database = await openDatabase(databaseUrl);
  try {
    await migrateDatabase(database.db);
    const now = Date.now();
    const partner = await givenPartner(database.db, { createdAt: now - 86_400_000, updatedAt: now, decidedAt: now });
    const landing = await createLanding(
      database.db,
      partner.id,
      { title: "Form", headerText: "Leave a request", description: "We call back within an hour.", buttonText: "Send", themeColor: "#1f6feb" },
      now,
    );
    const utm = { utmSource: "ops", utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null };
    const landingLink = await createLink(
      database.db,
      partner.id,
      { title: "Landing", linkType: "landing", landingId: landing.id, targetUrl: null, ...utm },
      now,
    );
    const direct = await createLink(database.db, partner.id, { title: "Direct", targetUrl: "https://example.com/offer", ...utm }, now);
    const secret = await getOrCreateAppSecret(database.db, now);
    return { partnerId: partner.id, landingCode: landingLink.code, landingLinkId: landingLink.id, directCode: direct.code, directLinkId: direct.id, secret };
  } finally {
    database.close();
  }
}

/** A form token as the landing page would have rendered it 3 s ago (past the 2 s minimum fill time). */
export const formToken = (form: SeededForm) => issueFormToken(form.secret, form.landingLinkId, Date.now() - 3_000);

/** A distinct visitor address per number (the form allows 5 leads per address per 10 minutes). */
export const visitorIp = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/** POSTs lead number `i` through the public form; resolves with the status (303 = stored). */
export async function postLead(origin: string, form: SeededForm, i: number, token = formToken(form)): Promise<number> {
  const body = new URLSearchParams({ name: `Lead ${i}`, email: `lead${i}@example.ru`, comment: `lead ${i}`, form_token: token });
  const res = await fetch(`${origin}/l/${form.landingCode}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": BROWSER_UA, "x-forwarded-for": visitorIp(i) },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer();
  return res.status;
}

/** GETs /r/<code> like a browser; resolves with the status (302 = answered, so the click must be counted). */
export async function click(origin: string, code: string, i: number): Promise<number> {
  const res = await fetch(`${origin}/r/${code}`, {
    redirect: "manual",
    headers: { "user-agent": BROWSER_UA, "x-forwarded-for": visitorIp(i) },
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer();
  return res.status;
}

/** One number from a database file, read on a connection of its own (the app may be running). */
export async function scalar(databaseUrl: string, sql: string, args: Array<string | number> = []): Promise<number> {
  const client = createSqlClient({ url: databaseUrl, timeout: 5_000 });
  try {
    const rs = await client.execute({ sql, args });
    return Number(rs.rows[0]?.[0] ?? 0);
  } finally {
    client.close();
  }
}

/** `PRAGMA integrity_check` of a database file: "ok" or the first problems. */
export async function integrityCheck(databaseUrl: string): Promise<string> {
  const client = createSqlClient({ url: databaseUrl });
  try {
    return (await client.execute("PRAGMA integrity_check")).rows.map((r) => String(r[0])).join("; ");
  } finally {
    client.close();
  }
}
