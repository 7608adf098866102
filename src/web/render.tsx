/** Renders a full page in the layout that fits the signed-in user (public, partner or admin). */
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AdminLayout } from "../../views/layouts/admin-layout.js";
import { PartnerLayout } from "../../views/layouts/partner-layout.js";
import { PublicLayout } from "../../views/layouts/public-layout.js";
import type { AppEnv } from "./env.js";
import { type FlashMessage, takeFlash } from "./flash.js";

export type PageOptions = {
  status?: ContentfulStatusCode;
  layout?: "public";
  /** A message for this response itself (e.g. a refused action), instead of the stored flash. */
  flash?: FlashMessage;
};

export async function renderPage(c: Context<AppEnv>, title: string, content: Child, options: PageOptions = {}) {
  const user = options.layout === "public" ? null : c.var.user;
  const flash = options.flash ?? (await takeFlash(c));
  const chrome = await c.var.loadChrome(user);
  const base = {
    title,
    flash,
    userName: user?.name ?? null,
    path: c.req.path,
    timeZone: c.var.deps.config.APP_TIMEZONE,
    brand: chrome.brand,
    children: content,
  };
  const page =
    chrome.kind === "partner" ? (
      <PartnerLayout {...base} unreadCount={chrome.unreadCount} recent={chrome.recent} chatUnread={chrome.chatUnread} />
    ) : chrome.kind === "admin" ? (
      <AdminLayout {...base} pendingRegistrations={chrome.pendingRegistrations} pendingPayouts={chrome.pendingPayouts} chatUnread={chrome.chatUnread} />
    ) : (
      <PublicLayout {...base} />
    );
  return c.html(`<!doctype html>${await page}`, options.status ?? 200);
}
