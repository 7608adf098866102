/** Downloads of chat and notification attachments: /attachments/:id (partner of the conversation, admins). */
import { Hono } from "hono";
import type { AppEnv } from "../../web/env.js";

export const attachmentRoutes = new Hono<AppEnv>();
