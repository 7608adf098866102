import type { Client, InStatement } from "@libsql/client";
import { describe, expect, it } from "vitest";
import { DatabaseBusyError } from "../../db/busy-retry.js";
import { ClickRecorder, type RawClick } from "./click-recorder.js";

const click = (n: number): RawClick => ({ linkId: 1, at: 1_800_000_000_000 + n, ip: "203.0.113.7", userAgent: "Mozilla/5.0", referer: null });

/** A client whose batch fails with `failures` in turn, then succeeds; it keeps the click rows it got. */
function fakeClient(failures: unknown[]) {
  const stored: unknown[][] = [];
  const client = {
    batch: async (stmts: InStatement[]) => {
      const failure = failures.shift();
      if (failure) throw failure;
      const first = stmts[0] as { args: unknown[] };
      const rows = JSON.parse(String(first.args[0])) as unknown[][];
      stored.push(...rows);
      return [];
    },
  } as unknown as Client;
  return { client, stored };
}

function recorder(client: Client, maxBuffer = 50_000) {
  const errors: number[] = [];
  const r = new ClickRecorder(client, { timeZone: "Europe/Moscow", saltFor: async () => "salt", onError: (_e, rows) => errors.push(rows), maxBuffer });
  return { r, errors };
}

describe("ClickRecorder on a locked database", () => {
  it("puts a batch back when the database is busy, and writes it, in order, once the lock is gone", async () => {
    const { client, stored } = fakeClient([new DatabaseBusyError(6000, null)]);
    const { r, errors } = recorder(client);
    for (let i = 0; i < 3; i++) r.record(click(i));
    await r.flush();
    expect(r.pending).toBe(3);
    expect(r.requeued).toBe(3);
    r.record(click(3));
    await r.flush();
    expect(r.pending).toBe(0);
    expect(r.written).toBe(4);
    expect(stored.map((row) => row[1])).toEqual([0, 1, 2, 3].map((n) => click(n).at));
    expect(errors).toEqual([3]);
    expect(r.dropped + r.failed).toBe(0);
  });

  it("treats a driver SQLITE_LOCKED or SQLITE_FULL as passing too", async () => {
    const locked = Object.assign(new Error("locked"), { code: "SQLITE_LOCKED" });
    const full = Object.assign(new Error("full"), { code: "SQLITE_FULL" });
    const { client } = fakeClient([locked, full]);
    const { r } = recorder(client);
    r.record(click(0));
    await r.flush();
    await r.flush();
    await r.flush();
    expect(r.written).toBe(1);
    expect(r.requeued).toBe(2);
  });

  it("keeps at most maxBuffer clicks when putting a batch back, and counts the rest as dropped", async () => {
    const { client } = fakeClient([new DatabaseBusyError(6000, null)]);
    const { r } = recorder(client, 5);
    for (let i = 0; i < 5; i++) r.record(click(i));
    const flushing = r.flush();
    for (let i = 5; i < 8; i++) r.record(click(i)); // arrive while the write waits
    await flushing;
    expect(r.pending).toBe(5);
    expect(r.dropped).toBe(3);
    await r.flush();
    expect(r.written).toBe(5);
  });

  it("drops a batch that failed for any other reason (it would fail forever), and counts it", async () => {
    const { client } = fakeClient([Object.assign(new Error("FOREIGN KEY constraint failed"), { code: "SQLITE_CONSTRAINT" })]);
    const { r, errors } = recorder(client);
    r.record(click(0));
    r.record(click(1));
    await r.flush();
    expect(r.pending).toBe(0);
    expect(r.failed).toBe(2);
    expect(errors).toEqual([2]);
  });
});
