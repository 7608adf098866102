/** Helpers of bench/run.ts: free ports, child processes, autocannon runs, click counts, formatting. */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client";
import autocannon, { type Request } from "autocannon";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** A browser user agent, so recorded clicks are humans and the bot check runs its full path. */
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
export type Child = { name: string; proc: ChildProcess; exited: Promise<Exit>; output: string[] };
const children = new Set<Child>();
const ECHO_LINES = 20;

/** Starts `node <args>` in the project root with only PATH/HOME inherited; echoes its first output lines. */
export function startChild(name: string, args: string[], env: Record<string, string>): Child {
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  let echoed = 0;
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      if (!line.trim()) continue;
      output.push(line);
      if (output.length > 50) output.shift();
      if (echoed++ < ECHO_LINES) process.stderr.write(`  [${name}] ${line}\n`);
      else if (echoed === ECHO_LINES + 1) process.stderr.write(`  [${name}] (further output not shown)\n`);
    }
  };
  proc.stdout?.on("data", onData);
  proc.stderr?.on("data", onData);
  const exited = new Promise<Exit>((resolve) => proc.once("exit", (code, signal) => resolve({ code, signal })));
  const child = { name, proc, exited, output };
  children.add(child);
  void exited.then(() => children.delete(child));
  return child;
}

export const isRunning = (child: Child) => child.proc.exitCode === null && child.proc.signalCode === null;
/** Throws, naming the child's exit and last output, when it is no longer running (e.g. killed from outside). */
export function assertRunning(child: Child, during: string): void {
  if (isRunning(child)) return;
  const how = child.proc.signalCode ? `signal ${child.proc.signalCode}` : `code ${child.proc.exitCode}`;
  const tail = child.output.length ? `; last output:\n${child.output.slice(-10).join("\n")}` : ", no output";
  throw new Error(`${child.name} exited (${how}) during ${during}${tail}`);
}
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves with the exit, or null after `timeoutMs`. */
export async function waitExit(child: Child, timeoutMs: number): Promise<Exit | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  const result = await Promise.race([child.exited, timeout]);
  clearTimeout(timer);
  return result;
}

/** Polls `url` until it answers `expect`; fails early if the child exits. */
export async function waitForHttp(url: string, child: Child, expect = 200, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (!isRunning(child)) throw new Error(`${child.name} exited before ${url} answered:\n${child.output.join("\n")}`);
    try {
      const res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === expect) return;
      last = `status ${res.status}`;
    } catch (error) {
      last = String(error);
    }
    await sleep(100);
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (${last})`);
}

/** Sends `signal`, escalating to SIGKILL after `graceMs`. */
export async function stopChild(child: Child, signal: NodeJS.Signals = "SIGTERM", graceMs = 12_000): Promise<Exit> {
  if (isRunning(child)) child.proc.kill(signal);
  const exit = await waitExit(child, graceMs);
  if (exit) return exit;
  child.proc.kill("SIGKILL");
  return child.exited;
}

/** Last resort on the way out: SIGKILL whatever is still running. */
export async function killAll(): Promise<void> {
  await Promise.all([...children].map((c) => (isRunning(c) ? stopChild(c, "SIGKILL", 5000) : c.exited)));
}

export type Load = {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  total: number;
  expected: number;
  unexpected: number;
  errors: number;
  statuses: Record<string, number>;
};

export type LoadOptions = {
  name: string;
  url: string;
  connections: number;
  duration: number;
  /** Fixed paths, cycled by every connection; pre-encoded once, so the load generator stays cheap. */
  requests?: Request[];
  expect: number;
  onStatus?: (status: number) => void;
  /** A fixed overall rate (req/s) instead of as fast as possible; latencies are then recorded as measured. */
  rate?: number;
  /** Stop after this many requests instead of after `duration`. */
  amount?: number;
};

export async function runLoad(o: LoadOptions): Promise<Load> {
  const instance = autocannon({
    url: o.url,
    title: o.name,
    connections: o.connections,
    duration: o.duration,
    timeout: 5,
    headers: { "user-agent": BROWSER_UA, accept: "text/html" },
    requests: o.requests,
    // autocannon 9 "corrects" rated runs with an expected interval of ceil(1 / per-connection rate) = 1 ms,
    // which adds a synthetic sample per millisecond of every answer: record the measured latencies instead.
    ...(o.rate ? { overallRate: o.rate, ignoreCoordinatedOmission: true } : {}),
    ...(o.amount ? { amount: o.amount } : {}),
  });
  const onStatus = o.onStatus;
  if (onStatus) instance.on("response", (_client: unknown, status: number) => onStatus(status));
  const r = await instance;
  const statuses = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, Number(v.count)]));
  const total = Object.values(statuses).reduce((a, b) => a + b, 0);
  const expected = statuses[String(o.expect)] ?? 0;
  return {
    name: o.name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total,
    expected,
    unexpected: total - expected,
    errors: r.errors,
    statuses,
  };
}

export async function countClicks(dbUrl: string, linkId: number): Promise<number> {
  const client = createClient({ url: dbUrl });
  try {
    const rs = await client.execute({ sql: "select count(*) as n from clicks where link_id = ?", args: [linkId] });
    return Number(rs.rows[0]?.n ?? 0);
  } finally {
    client.close();
  }
}

/** Nearest-rank percentile of ascending `sorted`. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
export const statusList = (statuses: Record<string, number>) =>
  Object.entries(statuses)
    .map(([k, v]) => `${k}×${v}`)
    .join(", ") || "none";
