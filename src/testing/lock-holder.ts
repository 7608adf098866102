/**
 * A second process that takes the database's write lock (`BEGIN IMMEDIATE` on its own connection)
 * and holds it, as a backup tool or a CLI would (SECURITY.md F9). Used by the DB-lock tests and
 * `npm run bench`.
 */
import { spawn } from "node:child_process";
import { projectPath } from "../lib/paths.js";

const HOLDER = `
import Database from "libsql";
const [path, ms, sql] = process.argv.slice(1);
const db = new Database(path);
db.exec("BEGIN IMMEDIATE");
if (sql) db.exec(sql);
process.stdout.write("locked\\n");
setTimeout(() => { db.exec("COMMIT"); db.close(); process.stdout.write("released\\n"); process.exit(0); }, Number(ms));
`;

export type LockHolder = { pid: number; released: Promise<void>; kill: () => void };

/**
 * Resolves once the other process holds the lock (after running `sql`, if given, inside it);
 * `released` settles when it has committed and exited.
 */
export async function holdWriteLock(dbFile: string, holdMs: number, sql = ""): Promise<LockHolder> {
  const child = spawn(process.execPath, ["--input-type=module", "-e", HOLDER, dbFile, String(holdMs), sql], {
    cwd: projectPath(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const released = new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`lock holder exited with ${code}: ${output}`))));
  });
  released.catch(() => undefined);
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("locked")) resolve();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", () => reject(new Error(`lock holder exited before locking: ${output}`)));
  });
  return { pid: child.pid ?? 0, released, kill: () => child.kill("SIGKILL") };
}
