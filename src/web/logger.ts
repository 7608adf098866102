/** JSON-lines logger: one object per line on stdout, filtered by LOG_LEVEL. */
import { redact, redactString } from "./redact.js";

const levels = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof levels;
export type Logger = Record<Exclude<LogLevel, "silent">, (msg: string, fields?: Record<string, unknown>) => void>;

/**
 * Every line goes through the one redaction layer (redact.ts): the message and every field, errors
 * with their message, stack, cause and properties. No caller can write a hash, token, webhook secret,
 * email, phone or card number to the log by forgetting to mask it.
 */
export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  const threshold = levels[level];
  const emit = (lvl: Exclude<LogLevel, "silent">) => (msg: string, fields?: Record<string, unknown>) => {
    if (levels[lvl] < threshold) return;
    let line: string;
    try {
      const safe = fields === undefined ? {} : (redact(fields) as Record<string, unknown>);
      line = JSON.stringify({ time: new Date().toISOString(), level: lvl, msg: redactString(msg), ...safe });
    } catch {
      // A field that cannot be serialised must not take the request down with it, nor leak raw.
      line = JSON.stringify({ time: new Date().toISOString(), level: lvl, msg: redactString(msg), logError: "unserialisable fields" });
    }
    write(`${line}\n`);
  };
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}
