/** The partner's chat with the company: /chat. */
import { Hono } from "hono";
import { ChatBadge } from "../../../views/chat/chat-badge.js";
import { currentUser, requirePartner } from "../../auth/guards.js";
import type { AppEnv } from "../../web/env.js";
import { partnerUnreadCount } from "./chat.js";

export const chatRoutes = new Hono<AppEnv>();
chatRoutes.use("*", requirePartner);

/** Polled every 30 s from the menu on every page. */
chatRoutes.get("/badge", async (c) => c.html(<ChatBadge count={await partnerUnreadCount(c.var.deps.db, currentUser(c).id)} href="/chat/badge" />));
