/**
 * The DB-lock section of bench/run.ts (SECURITY.md F9): while a second process holds the write lock
 * (`BEGIN IMMEDIATE` on its own connection) for 5 s, /r/:code is driven at a fixed 500 req/s (L1's
 * rate) from 127.0.0.1 and its p99 compared with 50 ms; clicks stay buffered until the lock is gone.
 */
import { holdWriteLock } from "../src/testing/lock-holder.js";
import { fmt, type Load, runLoad, statusList } from "./lib.js";

export const LOCK_HOLD_MS = 5_000;
const LOCK_RATE = 500;

export type LockRun = { load: Load; heldMs: number };

export async function dbLockRun(dbFile: string, origin: string, requests: { path: string }[]): Promise<LockRun> {
  const holder = await holdWriteLock(dbFile, LOCK_HOLD_MS);
  const started = performance.now();
  try {
    // 4.5 s inside the 5 s hold: every measured request meets a locked database.
    const load = await runLoad({
      name: "redirect GET /r/:code, DB write-locked",
      url: origin,
      connections: 10,
      duration: 4.5,
      rate: LOCK_RATE,
      expect: 302,
      requests,
    });
    return { load, heldMs: performance.now() - started };
  } finally {
    await holder.released.catch(() => holder.kill());
  }
}

export function describeLock(run: LockRun): { ok: boolean; line: string; target: string } {
  const { load } = run;
  const ok = load.expected > 0 && load.unexpected === 0 && load.errors === 0 && load.p99 < 50;
  return {
    ok,
    line: `${load.name}: ${fmt(load.rps)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms; statuses ${statusList(load.statuses)}; connection errors ${load.errors}`,
    target: `redirect p99 < 50 ms while another process holds the DB write lock for ${LOCK_HOLD_MS / 1000} s (${LOCK_RATE} req/s): ${load.p99} ms`,
  };
}
