/**
 * Form bodies read as a stream (busboy): every file goes to `<random>.partial` in the target folder
 * while its bytes are counted, so the per-file and per-request limits stop an upload as soon as they
 * are passed and a body never sits in memory whole. Temp files are removed on any refusal. Text
 * fields the caller names are kept, each under its own byte limit. Multipart and urlencoded bodies
 * both go through here (a urlencoded one simply has no files).
 */
import { randomBytes } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { type Readable, Transform } from "node:stream";
import busboy from "busboy";

export const randomName = () => randomBytes(16).toString("hex");
export const removeFile = (path: string) => unlink(path).catch(() => undefined);

/** One file of an upload, on disk under a temp name. */
export type ReceivedFile = { name: string; path: string; bytes: number };
export type TextFields = Record<string, string>;
export type ReceiveProblem =
  | { ok: false; problem: "too_large"; name: string }
  | { ok: false; problem: "field_too_long"; field: string }
  | { ok: false; problem: "request_too_large" | "too_many_files" | "not_multipart" | "bad_text" };
export type ReceiveResult = ({ ok: true; files: ReceivedFile[] } | ReceiveProblem) & {
  /** The named text fields read before the end or the refusal (a form puts its file input last). */
  fields: TextFields;
  /** False when the rest of the body was left unread: answer with Connection: close. */
  drained: boolean;
};

export type UploadLimits = {
  /** The form field the files come in; files under any other name are skipped. */
  field: string;
  maxFileBytes: number;
  /** More file parts than this (under any name) → too_many_files. */
  maxFiles: number;
  /** The whole body; past it not a byte more is read. */
  maxRequestBytes: number;
  /** Text fields to keep, with the most UTF-8 bytes each; other text fields are ignored… */
  textFields?: Record<string, number>;
  /** …unless this is set: then every other text field is kept too, with this many bytes at most. */
  otherTextFieldBytes?: number;
  /** Keep files of 0 bytes (to refuse them by name) instead of dropping them like "no file chosen". */
  keepEmpty?: boolean;
};

// Invalid UTF-8 (and a lone surrogate, which is invalid UTF-8 too) decodes to U+FFFD; NUL is never
// typed. The same rule as src/web/forms.ts.
const UNDECODABLE = /[\u0000\ufffd]/;

/**
 * Reads a form body from `source`, writing each non-empty `field` file to a temp file in `dir`. On a
 * refusal every temp file is removed; the rest of a body within maxRequestBytes is read and dropped
 * (so the browser gets to see the answer), a longer one is left unread (`drained: false`). Storage
 * errors (ENOSPC, EROFS, EACCES…) reject after clean-up.
 */
export async function receiveForm(source: Readable, contentType: string | undefined, dir: string, limits: UploadLimits): Promise<ReceiveResult> {
  const textLimits = new Map(Object.entries(limits.textFields ?? {}));
  const fields = new Map<string, string>();
  const fieldsOf = (): TextFields => Object.fromEntries(fields);
  const fieldCount = Math.max(20, textLimits.size * 2);
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType ?? "" },
      // Browsers send file names in UTF-8 (busboy's default would read them as latin1).
      defParamCharset: "utf8",
      limits: {
        // busboy may signal its limit on a file of exactly `fileSize` bytes; ours is "at most".
        fileSize: limits.maxFileBytes + 1,
        files: limits.maxFiles,
        fields: fieldCount,
        fieldSize: Math.max(1024, limits.otherTextFieldBytes ?? 0, ...textLimits.values()) + 1,
        parts: limits.maxFiles + fieldCount,
      },
    });
  } catch {
    return { ok: false, problem: "not_multipart", fields: {}, drained: await drain(source, limits.maxRequestBytes) };
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
      if (total > limits.maxRequestBytes) {
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

  let resolveResult: (r: ReceiveResult) => void = () => undefined;
  let rejectResult: (e: unknown) => void = () => undefined;
  const result = new Promise<ReceiveResult>((resolve, reject) => {
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
  function refuse(r: ReceiveProblem) {
    if (settled) return;
    settled = true;
    void (async () => {
      await cleanUp();
      resolveResult({ ...r, fields: fieldsOf(), drained: await stop() });
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

  parser.on("field", (name, value, info) => {
    if (settled) return;
    const max = textLimits.get(name) ?? limits.otherTextFieldBytes;
    if (max === undefined) return;
    if (UNDECODABLE.test(name) || UNDECODABLE.test(value)) return refuse({ ok: false, problem: "bad_text" });
    if (info.valueTruncated || Buffer.byteLength(value, "utf8") > max) return refuse({ ok: false, problem: "field_too_long", field: name });
    fields.set(name, value);
  });
  parser.on("file", (name, stream, info) => {
    // A broken body errors the file stream as well as the parser; the parser's handler answers.
    stream.on("error", () => undefined);
    if (settled || name !== limits.field || !info.filename) {
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
      const empty = limits.keepEmpty ? [] : pending.filter((p) => p.file.bytes === 0);
      await Promise.all(empty.map((p) => removeFile(p.file.path)));
      const files = pending.filter((p) => !empty.includes(p)).map((p) => p.file);
      resolveResult({ ok: true, files, fields: fieldsOf(), drained: true });
    }, fail);
  });
  source.on("error", fail);
  source.once("aborted", () => fail(new Error("upload aborted by the client")));
  source.pipe(counter).pipe(parser);
  return result;
}

/** Reads and drops the rest of a body up to `max` bytes; false if it is longer (then left unread). */
export function drain(source: Readable, max: number): Promise<boolean> {
  if (source.readableEnded) return Promise.resolve(true);
  return new Promise((resolve) => {
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > max) finish(false);
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
