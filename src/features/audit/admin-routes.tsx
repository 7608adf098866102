/** /admin/audit: the audit log, newest first, by partner and by action. */
import { Hono } from "hono";
import { z } from "zod";
import { AuditPage } from "../../../views/audit/audit-page.js";
import { requireAdmin } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import type { AppEnv } from "../../web/env.js";
import { parseId } from "../../web/fields.js";
import { renderPage } from "../../web/render.js";
import { getPartner } from "../partners/partners.js";
import { AUDIT_KINDS, AUDIT_PAGE_SIZE, type AuditKind, isSignInAction, listAuditActions, listAuditEntries, listAuditPartners } from "./audit-log.js";

/** Lenient, like the client list: an unknown value means "all" (for the kind: the default view). */
const auditQuery = z.object({
  partner: z
    .string()
    .optional()
    .transform((v) => parseId(v))
    .catch(null),
  action: z
    .string()
    .regex(/^[a-z][a-z0-9_.]{0,99}$/)
    .nullable()
    .catch(null),
  kind: z.enum(AUDIT_KINDS).nullable().catch(null),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export const auditAdminRoutes = new Hono<AppEnv>();
auditAdminRoutes.use("*", requireAdmin);

auditAdminRoutes.get("/", async (c) => {
  const db = c.var.deps.db;
  const q = auditQuery.parse({
    partner: c.req.query("partner"),
    action: c.req.query("action") ?? null,
    kind: c.req.query("kind") ?? null,
    page: c.req.query("page"),
  });
  // Sign-ins are hidden unless asked for; choosing a sign-in action asks for them.
  const kind: AuditKind = q.kind ?? (q.action !== null && isSignInAction(q.action) ? "sign_ins" : "actions");
  const [entries, partners, logged] = await Promise.all([
    listAuditEntries(db, { partnerId: q.partner, action: q.action, kind, page: q.page }),
    listAuditPartners(db),
    listAuditActions(db),
  ]);
  // A partner with no entries yet (opened from their page) still shows as the chosen filter.
  if (q.partner !== null && !partners.some((x) => x.id === q.partner)) {
    const chosen = await getPartner(db, q.partner);
    if (chosen) partners.unshift({ id: chosen.id, name: chosen.name, email: chosen.email });
  }
  // Every labelled action, plus any the log holds that has no label yet (a newer feature's).
  const actions = [...new Set([...Object.keys(t.audit.actions), ...logged])];
  const params: Record<string, string> = {};
  if (q.partner !== null) params.partner = String(q.partner);
  if (q.action !== null) params.action = q.action;
  if (q.kind !== null || kind !== "actions") params.kind = kind;
  return renderPage(
    c,
    t.audit.title,
    <AuditPage
      rows={entries.rows}
      total={entries.total}
      page={q.page}
      pages={Math.max(1, Math.ceil(entries.total / AUDIT_PAGE_SIZE))}
      partners={partners}
      actions={actions}
      kinds={AUDIT_KINDS}
      filters={{ partner: q.partner === null ? "" : String(q.partner), action: q.action ?? "", kind }}
      params={params}
      timeZone={c.var.deps.config.APP_TIMEZONE}
    />,
  );
});
