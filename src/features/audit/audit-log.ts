/** Reading the audit log for /admin/audit: newest first, by partner and by action. */
import { aliasedTable, and, asc, count, desc, eq, inArray, isNotNull, notInArray, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { auditLog, clients, users } from "../../db/schema.js";

export const AUDIT_PAGE_SIZE = 50;

/** Sign-ins, failed sign-ins and sign-outs: many and routine, so the default view leaves them out. */
export const SIGN_IN_ACTIONS = ["auth.login", "auth.login_failed", "auth.logout"] as const;

/** Which rows: "actions" — everything but sign-ins (the default), "sign_ins" — only them, "all". */
export const AUDIT_KINDS = ["actions", "sign_ins", "all"] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export const isSignInAction = (action: string) => (SIGN_IN_ACTIONS as readonly string[]).includes(action);

export type AuditFilters = { partnerId: number | null; action: string | null; kind: AuditKind; page: number };

export type AuditRow = {
  id: number;
  at: number;
  action: string;
  entity: string;
  entityId: number | null;
  partnerId: number | null;
  partnerName: string | null;
  /** The client's name when the entry is about a client. */
  clientName: string | null;
  actorId: number | null;
  actorName: string | null;
  actorEmail: string | null;
  actorRole: "partner" | "admin" | null;
  before: unknown;
  after: unknown;
  /** The client address of the request; null for rows written outside a request or before it was recorded. */
  ip: string | null;
};

const actor = aliasedTable(users, "actor");
const partner = aliasedTable(users, "partner");

function whereOf(f: AuditFilters): SQL | undefined {
  const kind =
    f.kind === "actions"
      ? notInArray(auditLog.action, [...SIGN_IN_ACTIONS])
      : f.kind === "sign_ins"
        ? inArray(auditLog.action, [...SIGN_IN_ACTIONS])
        : undefined;
  return and(f.partnerId === null ? undefined : eq(auditLog.partnerId, f.partnerId), f.action === null ? undefined : eq(auditLog.action, f.action), kind);
}

/** before/after are JSON written by auditInsert; anything unreadable is shown as the raw text. */
function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function listAuditEntries(db: Db, f: AuditFilters): Promise<{ rows: AuditRow[]; total: number }> {
  const [rows, totalRow] = await Promise.all([
    db
      .select({
        id: auditLog.id,
        at: auditLog.at,
        action: auditLog.action,
        entity: auditLog.entity,
        entityId: auditLog.entityId,
        partnerId: auditLog.partnerId,
        partnerName: partner.name,
        clientName: clients.name,
        actorId: auditLog.actorId,
        actorName: actor.name,
        actorEmail: actor.email,
        actorRole: actor.role,
        before: auditLog.before,
        after: auditLog.after,
        ip: auditLog.ip,
      })
      .from(auditLog)
      .leftJoin(actor, eq(actor.id, auditLog.actorId))
      .leftJoin(partner, eq(partner.id, auditLog.partnerId))
      .leftJoin(clients, and(eq(auditLog.entity, "client"), eq(clients.id, auditLog.entityId)))
      .where(whereOf(f))
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(AUDIT_PAGE_SIZE)
      .offset((f.page - 1) * AUDIT_PAGE_SIZE),
    db.select({ n: count() }).from(auditLog).where(whereOf(f)).get(),
  ]);
  return { rows: rows.map((r) => ({ ...r, before: parseJson(r.before), after: parseJson(r.after) })), total: totalRow?.n ?? 0 };
}

/** The partners the log mentions, for the filter (a partner with no entries has nothing to show). */
export async function listAuditPartners(db: Db): Promise<Array<{ id: number; name: string; email: string }>> {
  return db
    .selectDistinct({ id: users.id, name: users.name, email: users.email })
    .from(auditLog)
    .innerJoin(users, eq(users.id, auditLog.partnerId))
    .where(isNotNull(auditLog.partnerId))
    .orderBy(asc(users.name), asc(users.id));
}

/** Every action name the log holds, including ones written by features newer than the labels. */
export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action);
  return rows.map((r) => r.action);
}
