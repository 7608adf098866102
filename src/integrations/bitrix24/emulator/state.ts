/**
 * The in-memory portal: settings, funnels and their `C<n>:` stages, lead statuses, sources, users,
 * custom fields and the stored leads, deals and contacts.
 */
import type { Entity, FieldContext } from "./fields.js";
import type { EntityKind, PortalSeed, StageSeed, StageSemantics, UserFieldSeed, UserSeed } from "./types.js";
import { randomToken } from "./util.js";

export type StatusRow = {
  rowId: number;
  entityId: string;
  statusId: string;
  name: string;
  nameInit: string;
  sort: number;
  system: boolean;
  /** null for STATUS/DEAL_STAGE/SOURCE…, the funnel id for DEAL_STAGE_<n>. */
  categoryId: number | null;
  color: string;
  /** Only for STATUS and DEAL_STAGE*. */
  semantics: StageSemantics | null;
};

export type Funnel = { id: number; name: string; sort: number };

const DEFAULT_DEAL_STAGES: StageSeed[] = [
  { id: "NEW", name: "New", sort: 10 },
  { id: "PREPARATION", name: "Preparing documents", sort: 20 },
  { id: "PREPAYMENT_INVOICE", name: "Invoice for prepayment", sort: 30 },
  { id: "EXECUTING", name: "In progress", sort: 40 },
  { id: "FINAL_INVOICE", name: "Final invoice", sort: 50 },
  { id: "WON", name: "Deal successful", sort: 60 },
  { id: "LOSE", name: "Deal failed", sort: 70 },
  { id: "APOLOGY", name: "Analyze failure", sort: 80 },
];

const DEFAULT_LEAD_STATUSES: StageSeed[] = [
  { id: "NEW", name: "Unassigned", sort: 10 },
  { id: "IN_PROCESS", name: "In progress", sort: 20 },
  { id: "PROCESSED", name: "Processed", sort: 30 },
  { id: "CONVERTED", name: "Good lead", sort: 50 },
  { id: "JUNK", name: "Junk lead", sort: 60 },
];

const DEFAULT_SOURCES =
  "CALL:Call EMAIL:E-Mail WEB:Website ADVERTISING:Advertising PARTNER:Existing client RECOMMENDATION:By recommendation TRADE_SHOW:Show/Exhibition WEBFORM:CRM form CALLBACK:Callback RC_GENERATOR:Sales boost STORE:Online Store OTHER:Other";
const DEFAULT_DEAL_TYPES = "SALE:Sales COMPLEX:Integrated sale GOODS:Merchandise sale SERVICES:Service sale SERVICE:After-sales service";
const DEFAULT_CONTACT_TYPES = "CLIENT:Clients SUPPLIER:Suppliers PARTNER:Partners OTHER:Other";
const pairs = (s: string) => s.split(" ").map((p) => ({ id: p.split(":")[0] ?? p, name: (p.split(":")[1] ?? p).replace(/_/g, " ") }));

const COLORS: Record<StageSemantics, string> = { process: "#39A8EF", success: "#7BD500", failure: "#FF5752", apology: "#FF5752" };
const SYSTEM_STAGES = new Set(["NEW", "WON", "LOSE", "CONVERTED", "JUNK"]);

export const stageEntityId = (categoryId: number) => (categoryId === 0 ? "DEAL_STAGE" : `DEAL_STAGE_${categoryId}`);
const baseId = (statusId: string) => statusId.replace(/^C\d+:/, "");

export class PortalState {
  tz = "+03:00";
  currency = "RUB";
  currencies = ["RUB", "USD", "EUR", "KZT", "BYN", "UAH"];
  domain: string | undefined;
  memberId = randomToken(32, "0123456789abcdef");
  funnels: Funnel[] = [];
  statuses: StatusRow[] = [];
  users: UserSeed[] = [];
  userFields: UserFieldSeed[] = [];
  entities: Record<EntityKind, Map<number, Entity>> = { lead: new Map(), deal: new Map(), contact: new Map() };
  nextId: Record<EntityKind | "multiField", number> = { lead: 1001, contact: 2001, deal: 3001, multiField: 5001 };
  private nextRowId = 1;

  constructor(
    seed: PortalSeed,
    readonly webhookUserId: number,
  ) {
    if (seed.domain) this.domain = seed.domain;
    if (seed.memberId) this.memberId = seed.memberId;
    if (seed.timezone) this.tz = seed.timezone;
    if (seed.currency) this.currency = seed.currency.toUpperCase();
    if (seed.currencies) this.currencies = seed.currencies.map((c) => c.toUpperCase());
    if (!this.currencies.includes(this.currency)) this.currencies.unshift(this.currency);
    Object.assign(this.nextId, seed.idBase ?? {});

    const funnels = [...(seed.funnels ?? [])];
    if (!funnels.some((f) => f.id === 0)) funnels.push({ id: 0, name: "General", sort: 300 });
    for (const f of funnels) {
      this.funnels.push({ id: f.id, name: f.name, sort: f.sort ?? (f.id === 0 ? 300 : 100 + f.id * 10) });
      this.addStages(stageEntityId(f.id), f.id === 0 ? null : f.id, f.stages ?? DEFAULT_DEAL_STAGES, "WON", f.id);
    }
    this.addStages("STATUS", null, seed.leadStatuses ?? DEFAULT_LEAD_STATUSES, "CONVERTED", 0);
    this.addPlain("SOURCE", seed.sources ?? pairs(DEFAULT_SOURCES));
    this.addPlain("DEAL_TYPE", seed.dealTypes ?? pairs(DEFAULT_DEAL_TYPES));
    this.addPlain("CONTACT_TYPE", pairs(DEFAULT_CONTACT_TYPES));

    this.users = [...(seed.users ?? [])];
    if (!this.users.some((u) => u.id === webhookUserId))
      this.users.unshift({ id: webhookUserId, name: "Portal", lastName: "Admin", email: "admin@example.com" });
    this.userFields = [...(seed.userFields ?? [])];
  }

  private addStages(entityId: string, categoryId: number | null, seeds: StageSeed[], successId: string, funnelId: number): void {
    const prefix = funnelId === 0 ? "" : `C${funnelId}:`;
    const sorted = seeds
      .map((s, i) => ({ ...s, id: s.id.startsWith(prefix) ? s.id : `${prefix}${baseId(s.id)}`, sort: s.sort ?? (i + 1) * 10 }))
      .sort((a, b) => a.sort - b.sort);
    const success = sorted.find((s) => s.semantics === "success") ?? sorted.find((s) => baseId(s.id) === successId);
    for (const s of sorted) {
      let semantics: StageSemantics = s.semantics ?? "process";
      if (!s.semantics && success) {
        if (s === success) semantics = "success";
        else if (s.sort > success.sort) semantics = ["LOSE", "JUNK"].includes(baseId(s.id)) ? "failure" : "apology";
      }
      const system = SYSTEM_STAGES.has(baseId(s.id));
      this.statuses.push({
        rowId: this.nextRowId++,
        entityId,
        statusId: s.id,
        name: s.name,
        nameInit: system ? s.name : "",
        sort: s.sort,
        system,
        categoryId,
        color: s.color ?? COLORS[semantics],
        semantics,
      });
    }
  }

  private addPlain(entityId: string, rows: Array<{ id: string; name: string }>): void {
    rows.forEach((r, i) => {
      this.statuses.push({
        rowId: this.nextRowId++,
        entityId,
        statusId: r.id,
        name: r.name,
        nameInit: r.name,
        sort: (i + 1) * 10,
        system: true,
        categoryId: null,
        color: "",
        semantics: null,
      });
    });
  }

  fieldCtx(): FieldContext {
    return { tz: this.tz, currencies: this.currencies, userFields: this.userFields };
  }

  /** Stages of a funnel ordered by SORT; empty for an unknown funnel. */
  stagesOf(categoryId: number): StatusRow[] {
    return this.statuses.filter((s) => s.entityId === stageEntityId(categoryId)).sort((a, b) => a.sort - b.sort);
  }

  leadStatuses(): StatusRow[] {
    return this.statuses.filter((s) => s.entityId === "STATUS").sort((a, b) => a.sort - b.sort);
  }

  hasFunnel(id: number): boolean {
    return this.funnels.some((f) => f.id === id);
  }

  /** P / S / F of a stage or lead status row. */
  static semanticId(row: StatusRow | undefined): "P" | "S" | "F" {
    if (!row || row.semantics === "process" || row.semantics === null) return "P";
    return row.semantics === "success" ? "S" : "F";
  }

  takeId(kind: EntityKind | "multiField"): number {
    const id = this.nextId[kind];
    this.nextId[kind] = id + 1;
    return id;
  }
}
