/** Partner accounts: registration, approval queue, activation, profile. Admins live in the same table. */
import { and, count, desc, eq, ne, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { sessions, type User, users } from "../../db/schema.js";
import { generateCode } from "../../lib/random.js";
import { auditInsertIfChanged } from "../audit/audit.js";
import { defaultLinksInsertIfChanged } from "../links/default-links.js";
import { notificationInsertIfChanged } from "../notifications/notifications.js";

export type PartnerInput = { email: string; passwordHash: string; name: string; company: string | null; phone: string | null };
export type WelcomeText = { title: string; message: string };

export const searchTextOf = (u: { name: string; email: string; company: string | null; partnerCode: string }) =>
  [u.name, u.email, u.company ?? "", u.partnerCode].join(" ").toLowerCase();

export async function getUserByEmail(db: Db, email: string): Promise<User | null> {
  return (await db.select().from(users).where(eq(users.email, email.toLowerCase())).get()) ?? null;
}

export async function getPartner(db: Db, id: number): Promise<User | null> {
  return (
    (await db
      .select()
      .from(users)
      .where(and(eq(users.id, id), eq(users.role, "partner")))
      .get()) ?? null
  );
}

/**
 * Registration creates a pending partner. A rejected email may apply again: its record returns to
 * pending with the new details. Any other existing email is refused. One upsert in every case, so a
 * taken email costs the same DB work as a new one (the sign-up page must not tell them apart).
 */
export async function registerPartner(db: Db, input: PartnerInput, now: number) {
  const email = input.email.toLowerCase();
  const partnerCode = generateCode(8);
  // The code is ASCII lower case already: the stored code of a re-applying partner is appended in SQL.
  const searchPrefix = searchTextOf({ ...input, email, partnerCode: "" });
  const [user] = await db
    .insert(users)
    .values({
      ...input,
      email,
      role: "partner",
      partnerCode,
      approvalStatus: "pending",
      isActive: false,
      decidedAt: null,
      createdAt: now,
      updatedAt: now,
      searchText: searchPrefix + partnerCode,
    })
    .onConflictDoUpdate({
      target: users.email,
      set: {
        ...input,
        email,
        approvalStatus: "pending",
        rejectionReason: null,
        isActive: false,
        decidedAt: null,
        updatedAt: now,
        searchText: sql`${searchPrefix} || ${users.partnerCode}`,
      },
      setWhere: and(eq(users.role, "partner"), eq(users.approvalStatus, "rejected")),
    })
    .returning();
  return user ? { ok: true as const, user } : { ok: false as const, reason: "email_taken" as const };
}

async function insertPartner(db: Db, input: PartnerInput, status: "pending" | "approved", now: number) {
  const partnerCode = generateCode(8);
  try {
    const [user] = await db
      .insert(users)
      .values({
        ...input,
        role: "partner",
        partnerCode,
        approvalStatus: status,
        isActive: status === "approved",
        decidedAt: status === "approved" ? now : null,
        createdAt: now,
        updatedAt: now,
        searchText: searchTextOf({ ...input, partnerCode }),
      })
      .returning();
    if (!user) throw new Error("insert returned no row");
    return { ok: true as const, user };
  } catch (error) {
    // Two sign-ups with one email at the same moment: the unique index decides.
    if (String((error as { cause?: unknown }).cause ?? error).includes("users.email")) {
      return { ok: false as const, reason: "email_taken" as const };
    }
    throw error;
  }
}

/** Admin-created partners are approved at once: the admin vouches for them. */
export async function createApprovedPartner(db: Db, input: PartnerInput, adminId: number, welcome: WelcomeText, now: number) {
  const created = await insertPartner(db, input, "approved", now);
  if (!created.ok) return created;
  await db.batch([
    db.update(users).set({ updatedAt: now }).where(eq(users.id, created.user.id)),
    notificationInsertIfChanged(db, { ...welcome, kind: "system", targetUserId: created.user.id, createdBy: adminId }, now),
    auditInsertIfChanged(db, {
      actorId: adminId,
      action: "partner.create",
      entity: "partner",
      entityId: created.user.id,
      partnerId: created.user.id,
      after: { email: input.email, name: input.name },
      at: now,
    }),
    defaultLinksInsertIfChanged(db, created.user.id, now),
  ]);
  return created;
}

export type DecisionResult = { ok: true; partner: User } | { ok: false; reason: "not_found" | "already_processed" };

/** pending → approved + active, with the welcome notification, an audit row and the default links, in one atomic batch. */
export async function approveRegistration(db: Db, partnerId: number, adminId: number, welcome: (p: User) => WelcomeText, now: number): Promise<DecisionResult> {
  const partner = await getPartner(db, partnerId);
  if (!partner) return { ok: false, reason: "not_found" };
  if (partner.approvalStatus !== "pending") return { ok: false, reason: "already_processed" };
  const [updated] = await db.batch([
    db
      .update(users)
      .set({ approvalStatus: "approved", isActive: true, rejectionReason: null, decidedAt: now, updatedAt: now })
      .where(and(eq(users.id, partnerId), eq(users.approvalStatus, "pending")))
      .returning(),
    notificationInsertIfChanged(db, { ...welcome(partner), kind: "system", targetUserId: partnerId, createdBy: adminId }, now),
    auditInsertIfChanged(db, {
      actorId: adminId,
      action: "registration.approve",
      entity: "partner",
      entityId: partnerId,
      partnerId,
      before: { status: "pending" },
      after: { status: "approved" },
      at: now,
    }),
    defaultLinksInsertIfChanged(db, partnerId, now),
  ]);
  const row = updated[0];
  return row ? { ok: true, partner: row } : { ok: false, reason: "already_processed" };
}

export async function rejectRegistration(db: Db, partnerId: number, adminId: number, reason: string | null, now: number): Promise<DecisionResult> {
  const partner = await getPartner(db, partnerId);
  if (!partner) return { ok: false, reason: "not_found" };
  if (partner.approvalStatus !== "pending") return { ok: false, reason: "already_processed" };
  const [updated] = await db.batch([
    db
      .update(users)
      .set({ approvalStatus: "rejected", isActive: false, rejectionReason: reason, decidedAt: now, updatedAt: now })
      .where(and(eq(users.id, partnerId), eq(users.approvalStatus, "pending")))
      .returning(),
    auditInsertIfChanged(db, {
      actorId: adminId,
      action: "registration.reject",
      entity: "partner",
      entityId: partnerId,
      partnerId,
      before: { status: "pending" },
      after: { status: "rejected", reason },
      at: now,
    }),
  ]);
  const row = updated[0];
  return row ? { ok: true, partner: row } : { ok: false, reason: "already_processed" };
}

/** Activation applies to approved partners; deactivation also ends every session of the partner. */
export async function setPartnerActive(db: Db, partnerId: number, active: boolean, adminId: number, now: number) {
  const partner = await getPartner(db, partnerId);
  if (!partner) return { ok: false as const, reason: "not_found" as const };
  if (partner.approvalStatus !== "approved") return { ok: false as const, reason: "not_approved" as const };
  // Only a real change is audited: activating an active partner again changes nothing.
  const update = db
    .update(users)
    .set({ isActive: active, updatedAt: now })
    .where(and(eq(users.id, partnerId), ne(users.isActive, active)));
  const audit = auditInsertIfChanged(db, {
    actorId: adminId,
    action: active ? "partner.activate" : "partner.deactivate",
    entity: "partner",
    entityId: partnerId,
    partnerId,
    before: { active: partner.isActive },
    after: { active },
    at: now,
  });
  if (active) await db.batch([update, audit]);
  else await db.batch([update, audit, db.delete(sessions).where(eq(sessions.userId, partnerId))]);
  return { ok: true as const, partner: { ...partner, isActive: active } };
}

export async function listPendingRegistrations(db: Db): Promise<User[]> {
  return db
    .select()
    .from(users)
    .where(and(eq(users.role, "partner"), eq(users.approvalStatus, "pending")))
    .orderBy(users.createdAt, users.id);
}

export async function countPendingRegistrations(db: Db): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "partner"), eq(users.approvalStatus, "pending")))
    .get();
  return row?.n ?? 0;
}

export const partnerFilters = ["all", "active", "inactive", "pending", "rejected"] as const;
export type PartnerFilter = (typeof partnerFilters)[number];

const filterCondition: Record<PartnerFilter, SQL | undefined> = {
  all: undefined,
  active: and(eq(users.approvalStatus, "approved"), eq(users.isActive, true)),
  inactive: and(eq(users.approvalStatus, "approved"), eq(users.isActive, false)),
  pending: eq(users.approvalStatus, "pending"),
  rejected: eq(users.approvalStatus, "rejected"),
};

export async function listPartners(db: Db, q: { search: string; filter: PartnerFilter; page: number; pageSize: number }) {
  const escaped = q.search.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`);
  const where = and(eq(users.role, "partner"), filterCondition[q.filter], escaped ? sql`${users.searchText} like ${`%${escaped}%`} escape '\\'` : undefined);
  const total = (await db.select({ n: count() }).from(users).where(where).get())?.n ?? 0;
  const rows = await db
    .select()
    .from(users)
    .where(where)
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { rows, total };
}

export async function countPartnersByState(db: Db) {
  const rows = await db
    .select({ status: users.approvalStatus, active: users.isActive, n: count() })
    .from(users)
    .where(eq(users.role, "partner"))
    .groupBy(users.approvalStatus, users.isActive);
  const sum = (pred: (r: (typeof rows)[number]) => boolean) => rows.filter(pred).reduce((a, r) => a + r.n, 0);
  return {
    total: sum(() => true),
    active: sum((r) => r.status === "approved" && r.active),
    inactive: sum((r) => r.status === "approved" && !r.active),
    pending: sum((r) => r.status === "pending"),
  };
}

export async function updateProfile(db: Db, userId: number, p: { name: string; company: string | null; phone: string | null }, now: number) {
  const user = await db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) return null;
  const [updated] = await db
    .update(users)
    .set({ ...p, updatedAt: now, searchText: searchTextOf({ ...user, ...p }) })
    .where(eq(users.id, userId))
    .returning();
  return updated ?? null;
}

/** Approved partners for pickers (recipient of a notification, and later filters). */
export async function listPartnerChoices(db: Db) {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.role, "partner"), eq(users.approvalStatus, "approved")))
    .orderBy(users.name, users.id);
}
