/**
 * A libsql Client whose `execute`/`batch` wait for a locked database asynchronously (SECURITY.md F9, F10).
 *
 * The embedded driver runs SQLite on the main thread, so SQLite's own busy wait blocks every request.
 * The connection therefore gets a tiny busy timeout (client.ts), and this wrapper retries an operation
 * that still failed with SQLITE_BUSY/SQLITE_LOCKED after a timer: exponential backoff with jitter,
 * until the operation's deadline, then DatabaseBusyError (→ 503 + Retry-After in the app).
 *
 * - One operation at a time reaches the connection (a FIFO lane; each operation is one synchronous
 *   driver call, so this costs nothing but a microtask), which keeps the client on one connection.
 * - While a write waits for the lock, later writes queue behind it instead of probing too: one probe
 *   per backoff step blocks the event loop for at most the busy timeout. Reads (`select …`, read
 *   batches) never queue behind writes: in WAL mode a writer does not block them.
 * - libsql-client-ts#352: a statement that failed with BUSY can stay un-reset and pin a stale read
 *   snapshot (every later write then fails with SQLITE_BUSY_SNAPSHOT, reads see old data). After any
 *   BUSY failure the connection is reopened (`reconnect()`) and its PRAGMAs re-applied before the
 *   next operation runs.
 */
import type { Client, InArgs, InStatement, ResultSet, Transaction, TransactionMode } from "@libsql/client";

/** The database stayed locked (another process held the write lock) past the operation's deadline. */
export class DatabaseBusyError extends Error {
  override readonly name = "DatabaseBusyError";
  /** The driver's code, so storage-error mapping (src/web/storage-errors.tsx) sees a locked database. */
  readonly code = "SQLITE_BUSY";
  /** Seconds a client may wait before retrying. */
  readonly retryAfterSeconds: number;
  constructor(waitedMs: number, cause: unknown, retryAfterSeconds = 5) {
    super(`database busy: still locked after ${Math.round(waitedMs)} ms`, { cause });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const BUSY_CODES = new Set(["SQLITE_BUSY", "SQLITE_LOCKED"]);

/** SQLITE_BUSY / SQLITE_LOCKED (any extended code) anywhere in the cause chain. */
export function isBusyError(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, extendedCode } = e as { code?: unknown; extendedCode?: unknown };
    if (typeof code === "string" && BUSY_CODES.has(code)) return true;
    if (typeof extendedCode === "string" && /^SQLITE_(BUSY|LOCKED)/.test(extendedCode)) return true;
  }
  return false;
}

/** DatabaseBusyError anywhere in the cause chain (drizzle wraps driver errors in DrizzleQueryError). */
export function findDatabaseBusyError(error: unknown): DatabaseBusyError | null {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DatabaseBusyError) return e;
  }
  return null;
}

export type BusyRetryOptions = {
  /** Total time a write may wait for the lock before DatabaseBusyError. */
  writeDeadlineMs: number;
  /** The same for reads (in WAL mode they are not blocked by a writer; BUSY there is rare and short). */
  readDeadlineMs: number;
  /** First backoff step; doubles per failed attempt up to maxDelayMs, each step jittered to 50–100 %. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Reconnects the connection's per-connection state after a BUSY failure (PRAGMAs). */
  heal: (client: Client) => Promise<void>;
  random?: () => number;
};

export const DEFAULT_BUSY_RETRY: Omit<BusyRetryOptions, "heal"> = { writeDeadlineMs: 6_000, readDeadlineMs: 2_000, baseDelayMs: 10, maxDelayMs: 200 };

type Kind = "read" | "write";
const READ_SQL = /^\s*(select|explain)\b/i;

function kindOfStatement(stmt: InStatement | string): Kind {
  return READ_SQL.test(typeof stmt === "string" ? stmt : stmt.sql) ? "read" : "write";
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class BusyRetryClient implements Client {
  readonly #raw: Client;
  readonly #options: BusyRetryOptions;
  /** The lane: the tail of the chain every attempt runs on, one at a time. */
  #lane: Promise<unknown> = Promise.resolve();
  #needsHeal = false;
  /** Writes waiting for the lock, oldest first; while non-empty, new writes join it instead of probing. */
  #waitingWrites = 0;
  #writeTurn: Promise<void> = Promise.resolve();
  /** Operations that waited for a lock, and those that gave up (for logs and tests). */
  readonly stats = { busyRetries: 0, busyFailures: 0, heals: 0 };

  constructor(raw: Client, options: BusyRetryOptions) {
    this.#raw = raw;
    this.#options = options;
  }

  get closed(): boolean {
    return this.#raw.closed;
  }
  get protocol(): string {
    return this.#raw.protocol;
  }

  execute(stmt: InStatement): Promise<ResultSet>;
  execute(sql: string, args?: InArgs): Promise<ResultSet>;
  execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    const stmt: InStatement = typeof stmtOrSql === "string" ? { sql: stmtOrSql, args: args ?? [] } : stmtOrSql;
    return this.#run(kindOfStatement(stmt), () => this.#raw.execute(stmt));
  }

  batch(stmts: Array<InStatement | [string, InArgs?]>, mode?: TransactionMode): Promise<ResultSet[]> {
    return this.#run(mode === "read" ? "read" : "write", () => this.#raw.batch(stmts, mode));
  }

  migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    return this.#run("write", () => this.#raw.migrate(stmts));
  }

  executeMultiple(sql: string): Promise<void> {
    return this.#run("write", () => this.#raw.executeMultiple(sql));
  }

  /**
   * Refused: libsql hands its connection to a transaction and opens a new one without our PRAGMAs
   * (client.ts). Multi-statement writes are `batch()`; src/architecture.test.ts keeps callers away.
   */
  transaction(_mode?: TransactionMode): Promise<Transaction> {
    return Promise.reject(new Error("interactive transactions are not supported: use batch()"));
  }

  sync() {
    return this.#raw.sync();
  }

  reconnect(): void {
    this.#raw.reconnect();
  }

  close(): void {
    this.#raw.close();
  }

  /** One attempt on the lane; a BUSY failure marks the connection for healing before the next one. */
  #attempt<T>(op: () => Promise<T>): Promise<T> {
    const run = this.#lane.then(async () => {
      if (this.#needsHeal && !this.#raw.closed) {
        this.#needsHeal = false;
        this.stats.heals++;
        this.#raw.reconnect();
        await this.#options.heal(this.#raw);
      }
      try {
        return await op();
      } catch (error) {
        if (isBusyError(error)) this.#needsHeal = true;
        throw error;
      }
    });
    this.#lane = run.catch(() => undefined);
    return run;
  }

  async #run<T>(kind: Kind, op: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const deadline = started + (kind === "write" ? this.#options.writeDeadlineMs : this.#options.readDeadlineMs);
    if (kind === "write" && this.#waitingWrites > 0) return this.#queuedWrite(op, started, deadline, null);
    try {
      return await this.#attempt(op);
    } catch (error) {
      if (!isBusyError(error)) throw error;
      return kind === "write" ? this.#queuedWrite(op, started, deadline, error) : this.#retry(op, started, deadline, error);
    }
  }

  /** Writes wait their turn: only the oldest one probes the lock, the others follow once it is free. */
  async #queuedWrite<T>(op: () => Promise<T>, started: number, deadline: number, firstError: unknown): Promise<T> {
    this.#waitingWrites++;
    const previous = this.#writeTurn;
    let done!: () => void;
    this.#writeTurn = new Promise<void>((resolve) => {
      done = resolve;
    });
    try {
      const left = deadline - performance.now();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        previous.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), Math.max(0, left));
        }),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        this.stats.busyFailures++;
        throw new DatabaseBusyError(performance.now() - started, firstError);
      }
      return await this.#retry(op, started, deadline, firstError, firstError === null);
    } finally {
      this.#waitingWrites--;
      // The next write's turn comes after this one and every one ahead of it, even when this one gave up early.
      void previous.then(done);
    }
  }

  async #retry<T>(op: () => Promise<T>, started: number, deadline: number, lastError: unknown, tryNow = false): Promise<T> {
    const random = this.#options.random ?? Math.random;
    let last = lastError;
    for (let step = 0; ; step++) {
      if (!tryNow || step > 0) {
        const full = Math.min(this.#options.maxDelayMs, this.#options.baseDelayMs * 2 ** step);
        const delay = Math.min(full * (0.5 + random() / 2), deadline - performance.now());
        if (delay <= 0) {
          this.stats.busyFailures++;
          throw new DatabaseBusyError(performance.now() - started, last);
        }
        await sleep(delay);
        this.stats.busyRetries++;
      }
      try {
        return await this.#attempt(op);
      } catch (error) {
        if (!isBusyError(error)) throw error;
        last = error;
      }
    }
  }
}
