import { migrate } from "drizzle-orm/libsql/migrator";
import { projectPath } from "../lib/paths.js";
import type { Db } from "./client.js";

export const migrationsFolder = projectPath("migrations");

/** Applies pending migrations; throws on failure so the server never starts on a half-migrated DB. */
export async function migrateDatabase(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder });
}
