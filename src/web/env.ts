import type { HttpBindings } from "@hono/node-server";
import type { Client } from "@libsql/client";
import type { Chrome } from "../../views/layouts/chrome.js";
import type { SessionUser } from "../auth/session.js";
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import type { Session } from "../db/schema.js";
import type { PublicPageCache } from "../features/landings/page-cache.js";
import type { ClickRecorder } from "../features/links/click-recorder.js";
import type { RedirectCache } from "../features/links/redirect-cache.js";
import type { Bitrix24 } from "../integrations/bitrix24/client.js";
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
  /** In-memory code → target map for /r/:code; edits invalidate their code. */
  redirects: RedirectCache;
  /** Buffered click writer; flushed on a timer and on shutdown. */
  clicks: ClickRecorder;
  /** The Bitrix24 client of a webhook URL (one per portal, shared rate limiter). */
  bitrix24: (webhookUrl: string) => Bitrix24;
  /** Link + landing + images of visitors' pages, cleared on every edit. */
  publicPages: PublicPageCache;
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
