/** `npm run db:migrate`: the same migrations the server applies at boot, without starting it. */
import { loadConfig } from "../config.js";
import { openDatabase } from "./client.js";
import { migrateDatabase } from "./migrate.js";

const config = loadConfig();
const database = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
try {
  await migrateDatabase(database.db);
  process.stdout.write(`migrations applied to ${config.DATABASE_URL}\n`);
} finally {
  database.close();
}
