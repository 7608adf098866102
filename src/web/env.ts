import type { HttpBindings } from "@hono/node-server";
import type { Client } from "@libsql/client";
import type { Chrome } from "../../views/layouts/chrome.js";
import type { SessionUser } from "../auth/session.js";
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import type { Session } from "../db/schema.js";
import type { Logger } from "./logger.js";

/** What the composition root hands to every request. Business time comes from `now`, never `Date.now()`. */
export type AppDeps = {
  db: Db;
  /** The raw libsql client, for health checks and PRAGMAs. */
  client: Client;
  config: Config;
  log: Logger;
  now: () => number;
  /** Random secret generated at first boot and kept in the DB; signs flash cookies. */
  appSecret: string;
};

export type { BellItem, Chrome } from "../../views/layouts/chrome.js";

export type AppEnv = {
  Bindings: HttpBindings;
  Variables: {
    deps: AppDeps;
    user: SessionUser | null;
    session: Session | null;
    loadChrome: (user: SessionUser | null) => Promise<Chrome>;
  };
};

export type AppContext = import("hono").Context<AppEnv>;
