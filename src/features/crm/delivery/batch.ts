/**
 * Backlog delivery through Bitrix24 `batch` (≤ 50 sub-calls per HTTP request, one rate-limit token each):
 * 1 000 leads cost 20 requests instead of 1 000. Three phases, each one `batch` (the client splits it in 50s):
 *
 *   look   — retries look for their ORIGIN_ID (crm.lead.list / crm.deal.list / crm.contact.list);
 *            deals look for the client's contact by phone and e-mail (crm.duplicate.findbycomm)
 *   create — crm.lead.add for leads; crm.contact.add for deal clients without a contact
 *   link   — crm.deal.add with CONTACT_IDS of the contact found or created
 *
 * Deals wait for their contact's id instead of using `$result[…]`: a failed contact then fails its deal
 * cleanly, where an unresolved reference would create a deal without a contact. Clients of one pass
 * sharing a phone or e-mail share one new contact, as they would one after another.
 * A sub-call's error fails only its job; a request whose outcome is unknown fails its jobs as ambiguous,
 * and their next attempt looks before it creates.
 */
import type { z } from "zod";
import type { Bitrix24 } from "../../../integrations/bitrix24/client.js";
import { contactFields, dealFields, leadFields } from "../../../integrations/bitrix24/input-fields.js";
import { addResultSchema, duplicatesSchema, idRowsSchema } from "../../../integrations/bitrix24/payloads.js";
import type { BatchCommand, BatchOutcome } from "../../../integrations/bitrix24/types.js";
import { contactInputOf, contactKeys, contactOriginIdOf, type DeliveryRow, dealInputOf, leadInputOf, ORIGINATOR_ID, originIdOf } from "./input.js";
import { type Created, type Failure, failureOf, type JobResult, leaseTooShort } from "./record.js";
import type { DeliveryJob, DeliverySettings } from "./types.js";

type Plan = {
  key: string;
  job: DeliveryJob;
  row: DeliveryRow;
  lookFirst: boolean;
  /** Contact of a deal client: found, created by this plan, or created by `contactOwner`. */
  contactId: number | null;
  contactOwner: Plan | null;
  done: Created | null;
  failure: Failure | null;
};

/** One `batch`; `writes` false for look-ups, whose failure can never have created anything. */
type Phase = { commands: Record<string, BatchCommand>; plans: Map<string, Plan>; writes: boolean };

/** `canCreate(job)`: false once the job's lease is too short to send a create safely (see deliverJobs). */
export async function deliverBatch(
  b24: Bitrix24,
  s: DeliverySettings,
  work: Array<{ job: DeliveryJob; row: DeliveryRow }>,
  canCreate: (job: DeliveryJob) => boolean,
): Promise<JobResult[]> {
  const plans: Plan[] = work.map(({ job, row }, i) => ({
    key: `j${i}`,
    job,
    row,
    lookFirst: job.attempts > 1,
    contactId: null,
    contactOwner: null,
    done: null,
    failure: null,
  }));
  const open = () => plans.filter((p) => !p.done && !p.failure);
  const deals = () => open().filter((p) => p.row.route.entityType === "deal");

  // look
  const look = phase(false);
  for (const p of open()) {
    const deal = p.row.route.entityType === "deal";
    if (p.lookFirst) add(look, p, "origin", byOrigin(deal ? "deal" : "lead", originIdOf(p.row.client.id)));
    if (!deal) continue;
    if (p.row.client.phone) add(look, p, "phone", findByComm("PHONE", p.row.client.phone));
    if (p.row.client.email) add(look, p, "email", findByComm("EMAIL", p.row.client.email));
    if (p.lookFirst) add(look, p, "contact", byOrigin("contact", contactOriginIdOf(p.row.client.id)));
  }
  const looked = await run(b24, look, plans);
  for (const p of open()) {
    const found = (part: string, schema: typeof idRowsSchema | typeof contactIdsSchema) => read(looked, p, part, schema);
    const existing = p.lookFirst ? found("origin", idRowsSchema) : [];
    if (p.failure) continue;
    if (existing[0]) {
      p.done = created(p.row.route.entityType, existing[0], null);
      continue;
    }
    if (p.row.route.entityType === "deal") {
      p.contactId =
        found("phone", contactIdsSchema)[0] ?? found("email", contactIdsSchema)[0] ?? (p.lookFirst ? found("contact", idRowsSchema)[0] : undefined) ?? null;
    }
  }

  // create
  postponeLate(open(), canCreate);
  const create = phase(true);
  const owners = new Map<string, Plan>();
  for (const p of open()) {
    if (p.row.route.entityType === "lead")
      add(create, p, "add", () => ({ method: "crm.lead.add", params: { fields: leadFields(leadInputOf(s, p.row), ORIGINATOR_ID) } }));
    else if (p.contactId === null) {
      const keys = contactKeys(p.row.client);
      const owner = keys.map((k) => owners.get(k)).find((o) => o !== undefined);
      if (owner) p.contactOwner = owner;
      else add(create, p, "contact", () => ({ method: "crm.contact.add", params: { fields: contactFields(contactInputOf(s, p.row), ORIGINATOR_ID) } }));
      for (const k of keys) if (!owners.has(k)) owners.set(k, owner ?? p);
    }
  }
  const made = await run(b24, create, plans);
  for (const p of open()) {
    if (p.row.route.entityType === "lead") {
      const id = readOne(made, p, "add", addResultSchema);
      if (id !== undefined) p.done = created("lead", id, null);
    } else if (p.contactId === null && !p.contactOwner) p.contactId = readOne(made, p, "contact", addResultSchema) ?? null;
  }
  for (const p of deals()) {
    const owner = p.contactOwner;
    if (!owner) continue;
    if (owner.contactId !== null) p.contactId = owner.contactId;
    else p.failure = owner.failure ?? { message: "the shared contact was not created", retryable: true, ambiguous: false };
  }

  // link
  postponeLate(deals(), canCreate);
  const link = phase(true);
  for (const p of deals())
    add(link, p, "deal", () => ({ method: "crm.deal.add", params: { fields: dealFields(dealInputOf(s, p.row, p.contactId), ORIGINATOR_ID) } }));
  const linked = await run(b24, link, plans);
  for (const p of deals()) {
    const id = readOne(linked, p, "deal", addResultSchema);
    if (id !== undefined) p.done = created("deal", id, p.contactId);
  }

  return plans.map((p) =>
    p.done
      ? { job: p.job, clientId: p.row.client.id, created: p.done }
      : { job: p.job, clientId: p.row.client.id, failure: p.failure ?? { message: "not delivered", retryable: true, ambiguous: false } },
  );
}

/** Plans whose lease is too short to create now come back on a later pass (before any of their creates is sent). */
function postponeLate(plans: Plan[], canCreate: (job: DeliveryJob) => boolean) {
  for (const p of plans) if (!canCreate(p.job)) p.failure = failureOf(leaseTooShort());
}

/** `crm.duplicate.findbycomm` answers `{CONTACT: [ids]}` or `[]`; the contact ids, lowest first. */
const contactIdsSchema = duplicatesSchema.transform((r) => [...((r as Record<string, number[]>).CONTACT ?? [])].sort((a, b) => a - b));

const phase = (writes: boolean): Phase => ({ commands: {}, plans: new Map(), writes });

/** Adds one sub-call for a plan; a command that cannot be built (a bad field) fails that plan alone. */
function add(ph: Phase, p: Plan, part: string, build: BatchCommand | (() => BatchCommand)) {
  try {
    ph.commands[`${p.key}_${part}`] = typeof build === "function" ? build() : build;
    ph.plans.set(p.key, p);
  } catch (error) {
    p.failure = failureOf(error);
  }
}

const byOrigin = (entity: "lead" | "deal" | "contact", originId: string): BatchCommand => ({
  method: `crm.${entity}.list`,
  params: { filter: { ORIGINATOR_ID, ORIGIN_ID: originId }, select: ["ID"], order: { ID: "ASC" } },
});

const findByComm = (type: "PHONE" | "EMAIL", value: string): BatchCommand => ({
  method: "crm.duplicate.findbycomm",
  params: { type, entity_type: "CONTACT", values: [value.trim()] },
});

/**
 * Sends a phase. When the request itself fails (the first chunk of 50), every plan of the phase fails
 * with that error (ambiguous if the portal may have run it), and so do all still-open plans: nothing
 * later in this pass would get through either.
 */
async function run(b24: Bitrix24, ph: Phase, plans: Plan[]): Promise<BatchOutcome | null> {
  if (Object.keys(ph.commands).length === 0) return null;
  try {
    return await b24.batch(ph.commands);
  } catch (error) {
    const failure = { ...failureOf(error), ...(ph.writes ? {} : { ambiguous: false }) };
    for (const p of plans) {
      if (p.done || p.failure) continue;
      p.failure = ph.plans.has(p.key) ? failure : { ...failure, ambiguous: false };
    }
    return null;
  }
}

/** One sub-call's parsed result; an error, a skipped call or an unreadable answer fails the plan. */
function readOne<S extends z.ZodType>(out: BatchOutcome | null, p: Plan, part: string, schema: S, writes = true): z.output<S> | undefined {
  if (!out || p.failure) return undefined;
  const key = `${p.key}_${part}`;
  const error = out.errors[key];
  if (error) {
    p.failure = { ...failureOf(error), ...(writes ? {} : { ambiguous: false }) };
    return undefined;
  }
  if (!(key in out.result)) {
    p.failure = { message: "Bitrix24 batch did not run this command", retryable: true, ambiguous: false };
    return undefined;
  }
  const parsed = schema.safeParse(out.result[key]);
  if (parsed.success) return parsed.data;
  // An add that answered something unreadable may have created the record.
  p.failure = { message: `Bitrix24 batch answered an unexpected result for ${part}`, retryable: true, ambiguous: writes };
  return undefined;
}

/** A look-up's ids; a part the plan did not ask for reads as none. */
function read(out: BatchOutcome | null, p: Plan, part: string, schema: typeof idRowsSchema | typeof contactIdsSchema): number[] {
  if (!out || !(`${p.key}_${part}` in out.result || `${p.key}_${part}` in out.errors || out.skipped.includes(`${p.key}_${part}`))) return [];
  return readOne(out, p, part, schema, false) ?? [];
}

function created(entity: "lead" | "deal", id: number, contactId: number | null): Created {
  return entity === "lead" ? { entity, id, leadId: id, dealId: null, contactId: null } : { entity, id, leadId: null, dealId: id, contactId };
}
