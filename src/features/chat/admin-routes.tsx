/** The admin's chat: every conversation, one conversation, starting one: /admin/chat. */
import { Hono } from "hono";
import { ChatBadge } from "../../../views/chat/chat-badge.js";
import { requireAdmin } from "../../auth/guards.js";
import type { AppEnv } from "../../web/env.js";
import { adminUnreadTotal } from "./chat.js";

export const chatAdminRoutes = new Hono<AppEnv>();
chatAdminRoutes.use("*", requireAdmin);

/** Polled every 30 s from the admin menu on every page. */
chatAdminRoutes.get("/badge", async (c) => c.html(<ChatBadge count={await adminUnreadTotal(c.var.deps.db)} href="/admin/chat/badge" />));
