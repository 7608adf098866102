/**
 * The composition root: middleware order, the chrome loader, every feature router.
 * Public hot paths (redirects, landings, webhooks) go above the session and CSRF layers.
 */
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { loadSession } from "./auth/guards.js";
import { authRoutes } from "./auth/routes.js";
import type { SessionUser } from "./auth/session.js";
import { requireRecentAuth, sensitiveRoutes } from "./auth/sudo.js";
import { attachmentRoutes } from "./features/attachments/routes.js";
import { auditAdminRoutes } from "./features/audit/admin-routes.js";
import { chatAdminRoutes } from "./features/chat/admin-routes.js";
import { adminUnreadTotal, partnerUnreadCount } from "./features/chat/chat.js";
import { chatRoutes } from "./features/chat/routes.js";
import { clientAdminRoutes, clientSettingsAdminRoutes } from "./features/clients/admin-routes.js";
import { clientRoutes } from "./features/clients/routes.js";
import { crmAdminRoutes } from "./features/crm/admin-routes.js";
import { loadCrmSettings } from "./features/crm/settings/crm-settings.js";
import { bitrix24WebhookRoutes, WEBHOOK_PATHS } from "./features/crm/webhook-routes.js";
import { dashboardRoutes } from "./features/dashboard/routes.js";
import { publicLandingRoutes } from "./features/landings/public-routes.js";
import { landingRoutes } from "./features/landings/routes.js";
import { redirectHandler } from "./features/links/redirect-routes.js";
import { linkRoutes } from "./features/links/routes.js";
import { notificationAdminRoutes } from "./features/notifications/admin-routes.js";
import { countUnread, listNotificationsFor } from "./features/notifications/notifications.js";
import { BELL_SIZE, notificationRoutes } from "./features/notifications/routes.js";
import { healthRoutes } from "./features/ops/routes.js";
import { partnerAdminRoutes } from "./features/partners/admin-routes.js";
import { countPendingRegistrations } from "./features/partners/partners.js";
import { profileRoutes } from "./features/partners/routes.js";
import { countPendingPayouts } from "./features/payouts/admin-queries.js";
import { payoutAdminRoutes } from "./features/payouts/admin-routes.js";
import { payoutRoutes } from "./features/payouts/routes.js";
import { payoutMethodRoutes } from "./features/requisites/routes.js";
import { settingsAdminRoutes } from "./features/settings/admin-routes.js";
import { getBrand } from "./features/settings/brand.js";
import { brandPublicRoutes } from "./features/settings/brand-public-routes.js";
import { brandAdminRoutes } from "./features/settings/brand-routes.js";
import { toBrandView } from "./features/settings/brand-view.js";
import { projectPath } from "./lib/paths.js";
import { runWithRequestContext, sessionHashOf } from "./lib/request-context.js";
import { clientIp } from "./web/client-ip.js";
import { FORM_URLENCODED, MULTIPART, requireContentType } from "./web/content-type.js";
import type { AppDeps, AppEnv, Chrome } from "./web/env.js";
import { methodNotAllowed, notFound, onError } from "./web/errors.js";
import { allowedMethodsFinder } from "./web/method-not-allowed.js";
import { requestLog } from "./web/request-log.js";
import { hsts, securityHeaders } from "./web/security.js";
import { buildStylesheet, stylesheetHandler } from "./web/stylesheet.js";

const KB = 1024;

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db } = deps;

  const loadChrome = async (user: SessionUser | null): Promise<Chrome> => {
    const brandView = getBrand(db).then(toBrandView);
    if (!user) return { kind: "public", brand: await brandView };
    if (user.role === "admin") {
      const [pendingRegistrations, pendingPayouts, chatUnread, brand] = await Promise.all([
        countPendingRegistrations(db),
        countPendingPayouts(db),
        adminUnreadTotal(db),
        brandView,
      ]);
      return { kind: "admin", pendingRegistrations, pendingPayouts, chatUnread, brand };
    }
    const [recent, unreadCount, chatUnread, brand] = await Promise.all([
      listNotificationsFor(db, user, BELL_SIZE),
      countUnread(db, user),
      partnerUnreadCount(db, user.id),
      brandView,
    ]);
    return { kind: "partner", unreadCount, recent, chatUnread, brand };
  };

  // Hot path first: no request log line, headers or session for a redirect (the click row is its record).
  const https = deps.config.secureCookies;
  const redirect = redirectHandler({ redirects: deps.redirects, clicks: deps.clicks, now: deps.now, trustedProxies: deps.config.TRUSTED_PROXIES, hsts: https });
  app.get("/r/:code", redirect);
  app.get("/api/public/r/:code", redirect);

  // HSTS on every other response too (the redirect sets it itself): landings, media, /healthz, errors.
  const strictTransport = hsts({ https });
  if (strictTransport) app.use("*", strictTransport);

  app.use("*", requestLog(deps.log));
  app.use("*", async (c, next) => {
    c.set("deps", deps);
    c.set("user", null);
    c.set("loadChrome", loadChrome);
    await next();
  });
  // Visitors' pages: their own stricter headers and a signed form token instead of session and CSRF.
  // Their posts are forms and nothing else (SECURITY.md B7, B11).
  const leadFormBody = requireContentType([FORM_URLENCODED, MULTIPART], { allowEmpty: false });
  for (const path of ["/l/:code", "/api/public/landing/:code", "/embed/:code"]) app.use(path, leadFormBody);
  app.route("/", publicLandingRoutes());

  // Attachments are someone's file: the uploads policy (SECURITY.md H-2) over the cabinet's. Registered
  // first, so it runs after securityHeaders() on the way out.
  app.use("/attachments/*", async (c, next) => {
    await next();
    if (c.res.ok) c.header("Content-Security-Policy", "sandbox; default-src 'none'");
  });
  app.use("*", securityHeaders());

  app.get("/static/app.css", stylesheetHandler(buildStylesheet(projectPath("static/css"))));
  app.use(
    "/static/*",
    async (c, next) => {
      await next();
      if (c.res.ok) c.header("Cache-Control", c.req.path.startsWith("/static/vendor/") ? "public, max-age=31536000, immutable" : "public, max-age=300");
    },
    serveStatic({ root: projectPath("static"), rewriteRequestPath: (p) => p.replace(/^\/static/, "") }),
  );

  // The brand stylesheet and logo: every page links them, the sign-in page and landings too.
  app.route("/", brandPublicRoutes());
  app.route("/", healthRoutes());

  // Bitrix24 events: authenticated by their application token, not by a session or an Origin.
  // Bitrix24 posts application/x-www-form-urlencoded, never compressed.
  const webhookBody = requireContentType([FORM_URLENCODED], { allowEmpty: false });
  for (const path of WEBHOOK_PATHS) app.use(path, webhookBody);
  app.route("/", bitrix24WebhookRoutes({ applicationToken: async (d) => (await loadCrmSettings(d.db, d.config)).applicationToken }));

  // Everything below is the cabinet: form bodies only, bounded, CSRF origin check, session.
  // The content-type gate goes first: hono/csrf checks the Origin of form-like content types only,
  // so a JSON or text/plain post would slip past it.
  app.use("*", requireContentType([FORM_URLENCODED, MULTIPART], { allowEmpty: true }));
  const tooLarge = () => {
    throw new HTTPException(413);
  };
  app.use("/login", bodyLimit({ maxSize: 8 * KB, onError: tooLarge }));
  const formLimit = bodyLimit({ maxSize: 64 * KB, onError: tooLarge });
  // Up to 10 images of 5 MB each (landings), or 5 attachments of 10 MB each (chat, notifications), plus
  // multipart overhead. The upload streams to disk, so only a declared length is checked here (bodyLimit
  // would buffer a chunked body); the handler counts the bytes it reads.
  const declaredOver =
    (max: number): MiddlewareHandler =>
    (c, next) =>
      Number(c.req.header("content-length") ?? 0) > max ? tooLarge() : next();
  const imageUploadLimit = declaredOver(10 * 5 * 1024 * KB + 64 * KB);
  const attachmentUploadLimit = declaredOver(5 * 10 * 1024 * KB + 64 * KB);
  const imageUploads = /^\/landings\/\d+\/images$|^\/admin\/settings\/brand\/logo$/;
  const attachmentUploads = /^\/chat\/messages$|^\/admin\/chat\/\d+\/messages$|^\/admin\/notifications$/;
  app.use("*", (c, next) =>
    c.req.method !== "POST"
      ? formLimit(c, next)
      : imageUploads.test(c.req.path)
        ? imageUploadLimit(c, next)
        : attachmentUploads.test(c.req.path)
          ? attachmentUploadLimit(c, next)
          : formLimit(c, next),
  );
  app.use("*", csrf({ origin: deps.config.origin }));
  app.use("*", loadSession);
  // The audit log records the full client address and the session of every action (SECURITY.md H-7).
  app.use("*", (c, next) =>
    runWithRequestContext({ ip: clientIp(c, deps.config.TRUSTED_PROXIES), sessionHash: sessionHashOf(c.var.session?.id) }, () => next()),
  );
  // Sudo mode: sensitive POSTs need the password entered in the last 15 minutes (src/auth/sudo.tsx).
  for (const { path, role } of sensitiveRoutes) app.use(path, requireRecentAuth(role));

  app.get("/", (c) => c.redirect(c.var.user ? (c.var.user.role === "admin" ? "/admin" : "/dashboard") : "/login", 303));
  app.route("/", authRoutes);
  app.route("/dashboard", dashboardRoutes);
  app.route("/links", linkRoutes);
  app.route("/landings", landingRoutes);
  app.route("/notifications", notificationRoutes);
  app.route("/chat", chatRoutes);
  app.route("/attachments", attachmentRoutes);
  app.route("/profile", profileRoutes);
  app.route("/profile/payout-methods", payoutMethodRoutes);
  app.route("/clients", clientRoutes);
  app.route("/payouts", payoutRoutes);
  app.route("/admin/partners", clientAdminRoutes);
  app.route("/admin/settings", clientSettingsAdminRoutes);
  app.route("/admin/notifications", notificationAdminRoutes);
  app.route("/admin/settings", settingsAdminRoutes);
  app.route("/admin/settings/brand", brandAdminRoutes);
  app.route("/admin/crm", crmAdminRoutes);
  app.route("/admin/audit", auditAdminRoutes);
  app.route("/admin/payouts", payoutAdminRoutes);
  app.route("/admin/chat", chatAdminRoutes);
  app.route("/admin", partnerAdminRoutes);

  // A known path with another method: 405 with Allow, not 404 (SECURITY.md B11).
  const allowedMethods = allowedMethodsFinder(() => app.routes);
  app.notFound((c) => {
    const allow = allowedMethods(c.req.path);
    return allow.length > 0 && !allow.includes(c.req.method) ? methodNotAllowed(c, allow) : notFound(c);
  });
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;
