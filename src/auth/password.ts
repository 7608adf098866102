import { hash, verify } from "@node-rs/argon2";
import { Semaphore } from "../lib/semaphore.js";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

/**
 * argon2id with @node-rs/argon2 defaults (m=19 MiB, t=2, p=1: the OWASP minimum).
 * Hashing runs in the libuv pool; at most 2 at once (= cores) and 20 queued, so a login flood
 * cannot starve the redirect and landing hot paths (SECURITY.md L5).
 */
export const passwordQueue = new Semaphore(2, 20);
const hashing = passwordQueue;

/** The queue was full: callers answer 429 with Retry-After (never 500), see throttle.ts throttledCheck. */
export class PasswordBusyError extends Error {}
/** What a refused request is asked to wait: 20 queued hashes drain in well under that. */
export const PASSWORD_BUSY_RETRY_S = 5;

async function limited<T>(task: () => Promise<T>): Promise<T> {
  const result = await hashing.run(task);
  if (!result) throw new PasswordBusyError("password hashing queue is full");
  return result.value;
}

export function hashPassword(password: string): Promise<string> {
  return limited(() => hash(password));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return limited(async () => {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  });
}

/** Hash of a random string: verified against when the email is unknown, so timing does not tell. */
let dummyHash: Promise<string> | undefined;
export function verifyDummyPassword(password: string): Promise<boolean> {
  dummyHash ??= hash("dummy-password-for-timing");
  return dummyHash.then((h) => verifyPassword(h, password)).then(() => false);
}
