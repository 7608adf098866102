/**
 * Multipart uploads read as a stream (busboy): every file goes to `<random>.partial` in the target
 * folder while its bytes are counted, so the per-file and per-request limits stop an upload as soon
 * as they are passed and a body never sits in memory whole. Temp files are removed on any refusal.
 */
import { randomBytes } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { type Readable, Transform } from "node:stream";
import busboy from "busboy";

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_FILES_PER_UPLOAD = 10;
/** Ten full files plus multipart overhead; app.ts refuses a larger declared Content-Length up front. */
export const MAX_UPLOAD_BYTES = MAX_FILES_PER_UPLOAD * MAX_IMAGE_BYTES + 64 * 1024;

export const randomName = () => randomBytes(16).toString("hex");
export const removeFile = (path: string) => unlink(path).catch(() => undefined);

/** One file of an upload, on disk under a temp name. */
export type ReceivedFile = { name: string; path: string; bytes: number };
export type ReceiveResult =
  | { ok: true; files: ReceivedFile[] }
  | { ok: false; problem: "too_large"; name: string }
  | { ok: false; problem: "request_too_large" | "too_many_files" | "not_multipart" };

/**
 * Reads a multipart body from `source`, writing each non-empty `field` file to a temp file. On a
 * refusal every temp file is removed; the rest of a body within MAX_UPLOAD_BYTES is read and
 * dropped (so the browser gets to see the answer), a longer one is left unread (`drained: false`:
 * answer with Connection: close). Storage errors (ENOSPC, EROFS, EACCES…) reject after clean-up.
 */
export async function receiveUpload(
  source: Readable,
  contentType: string | undefined,
  /** Where the temp files go: the folder the images end up in, so the final rename stays on one disk. */
  dir: string,
  field = "images",
): Promise<ReceiveResult & { drained: boolean }> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType ?? "" },
      // busboy may signal its limit on a file of exactly `fileSize` bytes; ours is "at most 5 MB".
      limits: { fileSize: MAX_IMAGE_BYTES + 1, files: MAX_FILES_PER_UPLOAD, fields: 20, fieldSize: 1024, parts: 40 },
    });
  } catch {
    return { ok: false, problem: "not_multipart", drained: await drain(source) };
  }
  await mkdir(dir, { recursive: true });

  type Pending = { file: ReceivedFile; stream: Readable; out: WriteStream; done: Promise<void> };
  const pending: Pending[] = [];
  let total = 0;
  let settled = false;
  let overLimit = false;
  let onOverLimit: (() => void) | null = null;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > MAX_UPLOAD_BYTES) {
        // Not a byte further: the rest of the body stays unread (the answer closes the connection).
        if (!overLimit) {
          overLimit = true;
          source.unpipe(counter);
          source.pause();
          refuse({ ok: false, problem: "request_too_large" });
          onOverLimit?.();
        }
        callback();
        return;
      }
      callback(null, chunk);
    },
  });

  let resolveResult: (r: ReceiveResult & { drained: boolean }) => void = () => undefined;
  let rejectResult: (e: unknown) => void = () => undefined;
  const result = new Promise<ReceiveResult & { drained: boolean }>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });

  const cleanUp = async () => {
    for (const p of pending) {
      p.stream.unpipe(p.out);
      p.stream.resume();
      p.out.destroy();
    }
    await Promise.all(pending.map((p) => p.done.catch(() => undefined)));
    await Promise.all(pending.map((p) => removeFile(p.file.path)));
  };
  /** Stops parsing; reads and drops what is left of the body unless it passes the request limit. */
  const stop = (): Promise<boolean> => {
    counter.unpipe(parser);
    if (overLimit) return Promise.resolve(false);
    if (counter.readableEnded) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      onOverLimit = () => resolve(false);
      counter.once("end", () => resolve(true));
      counter.once("error", () => resolve(false));
      counter.resume();
    });
  };
  function refuse(r: ReceiveResult) {
    if (settled) return;
    settled = true;
    void (async () => {
      await cleanUp();
      resolveResult({ ...r, drained: await stop() });
    })();
  }
  function fail(error: unknown) {
    if (settled) return;
    settled = true;
    void (async () => {
      await cleanUp();
      await stop();
      rejectResult(error);
    })();
  }

  parser.on("file", (name, stream, info) => {
    // A broken body errors the file stream as well as the parser; the parser's handler answers.
    stream.on("error", () => undefined);
    if (settled || name !== field || !info.filename) {
      stream.resume();
      return;
    }
    const file: ReceivedFile = { name: info.filename, path: join(dir, `${randomName()}.partial`), bytes: 0 };
    const out = createWriteStream(file.path, { flags: "wx" });
    // Errors are read from `errored` on close (a write after clean-up's destroy is none of ours).
    out.on("error", () => undefined);
    const done = new Promise<void>((resolve, reject) => {
      out.once("close", () => (out.errored && !settled ? reject(out.errored) : resolve()));
    });
    done.catch(fail);
    stream.on("data", (chunk: Buffer) => {
      file.bytes += chunk.length;
    });
    stream.once("limit", () => refuse({ ok: false, problem: "too_large", name: file.name }));
    stream.pipe(out);
    pending.push({ file, stream, out, done });
  });
  parser.once("filesLimit", () => refuse({ ok: false, problem: "too_many_files" }));
  parser.once("partsLimit", () => refuse({ ok: false, problem: "too_many_files" }));
  // `on`, not `once`: busboy may emit a second error (e.g. "Unexpected end of form" when the body ends
  // after a refusal), and an unhandled one would crash the process.
  parser.on("error", () => refuse({ ok: false, problem: "not_multipart" }));
  counter.on("error", () => refuse({ ok: false, problem: "not_multipart" }));
  parser.once("close", () => {
    if (settled) return;
    void Promise.all(pending.map((p) => p.done)).then(async () => {
      if (settled) return;
      settled = true;
      const empty = pending.filter((p) => p.file.bytes === 0);
      await Promise.all(empty.map((p) => removeFile(p.file.path)));
      resolveResult({ ok: true, files: pending.filter((p) => p.file.bytes > 0).map((p) => p.file), drained: true });
    }, fail);
  });
  source.on("error", fail);
  source.once("aborted", () => fail(new Error("upload aborted by the client")));
  source.pipe(counter).pipe(parser);
  return result;
}

/** Reads and drops the rest of a body up to MAX_UPLOAD_BYTES; false if it is longer (then left unread). */
export function drain(source: Readable): Promise<boolean> {
  if (source.readableEnded) return Promise.resolve(true);
  return new Promise((resolve) => {
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > MAX_UPLOAD_BYTES) finish(false);
    };
    const finish = (drained: boolean) => {
      source.off("data", onData);
      if (!drained) source.pause();
      resolve(drained);
    };
    source.on("data", onData);
    source.once("end", () => finish(true));
    source.once("error", () => finish(false));
  });
}

export async function discardReceived(files: ReceivedFile[]): Promise<void> {
  await Promise.all(files.map((f) => removeFile(f.path)));
}
