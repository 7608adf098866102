/**
 * One contract suite for the client, run against (a) the emulator, always, and (b) a real portal when
 * B24_TEST_WEBHOOK_URL is set (it creates and then deletes test leads, contacts and deals there).
 * Emulator-only cases (fault injection, manager actions) follow the shared suite.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Bitrix24Client, createBitrix24Client } from "./client.js";
import { startBitrix24Emulator } from "./emulator/index.js";
import { Bitrix24Error } from "./errors.js";

type Target = { webhookUrl: string; close: () => Promise<void> };

const REAL_URL = process.env.B24_TEST_WEBHOOK_URL;
const run = randomUUID().slice(0, 8);
const ORIGINATOR = `partner-cabinet-contract-${run}`;

async function failure(p: Promise<unknown>): Promise<Bitrix24Error> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Bitrix24Error) return e;
    throw e;
  }
  throw new Error("expected a Bitrix24Error");
}

/** A phone nobody else has: +7 999 + 7 random digits. */
function uniquePhone(): string {
  return `+7999${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
}

function contract(start: () => Promise<Target>) {
  let target: Target;
  let b24: Bitrix24Client;
  const created: Array<[string, number]> = [];
  const origin = (what: string) => `${run}-${what}-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    target = await start();
    b24 = createBitrix24Client({ webhookUrl: target.webhookUrl, originatorId: ORIGINATOR });
  });
  afterAll(async () => {
    // Clean up (matters on a real portal): one batch request per 50 deletes, deals before their contacts.
    const order = ["deal", "lead", "contact"];
    const deletes = [...created]
      .sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))
      .map(([entity, id]) => ({ method: `crm.${entity}.delete`, params: { id } }));
    if (b24 && deletes.length > 0) await b24.batch(deletes).catch(() => undefined);
    await target.close();
  });

  it("addLead → getLead round-trips native fields, multi-fields and origin ids", async () => {
    const phone = uniquePhone();
    const originId = origin("lead");
    const { id } = await b24.addLead({
      title: `Contract lead ${run}`,
      name: "Ivan",
      lastName: "Petrov",
      phones: [phone],
      emails: [{ value: `ivan.${run}@example.com`, valueType: "HOME" }],
      companyTitle: "Acme",
      comments: "Wants a demo",
      sourceId: "PARTNER",
      sourceDescription: "Partner P-0042",
      utm: { source: "partner", medium: "referral", campaign: "P-0042" },
      opportunityKopecks: 123_456,
      originId,
    });
    created.push(["lead", id]);
    expect(Number.isSafeInteger(id) && id > 0).toBe(true);
    const lead = await b24.getLead(id);
    expect(lead).toMatchObject({
      id,
      title: `Contract lead ${run}`,
      name: "Ivan",
      lastName: "Petrov",
      companyTitle: "Acme",
      comments: "Wants a demo",
      sourceId: "PARTNER",
      statusSemantic: "P",
      opportunityKopecks: 123_456,
      originatorId: ORIGINATOR,
      originId,
      utm: { source: "partner", medium: "referral", campaign: "P-0042" },
      phones: [{ value: phone, valueType: "WORK" }],
      emails: [{ value: `ivan.${run}@example.com`, valueType: "HOME" }],
    });
    expect(lead?.dateCreate).toBeInstanceOf(Date);
    expect(await b24.findLeadsByOrigin(originId)).toEqual([id]);
  });

  it("find*ByOrigin return nothing for an unknown origin; get* return null for a missing id", async () => {
    expect(await b24.findLeadsByOrigin(origin("nobody"))).toEqual([]);
    expect(await b24.findDealsByOrigin(origin("nobody"))).toEqual([]);
    expect(await b24.getLead(987_654_321)).toBeNull();
    expect(await b24.getDeal(987_654_321)).toBeNull();
  });

  it("funnels include 0, and every funnel's stages carry P/S/F semantics in SORT order", async () => {
    const funnels = await b24.listCategories();
    expect(funnels.find((f) => f.id === 0)?.isDefault).toBe(true);
    for (const f of funnels) {
      const stages = await b24.listDealStages(f.id);
      expect(stages.length).toBeGreaterThan(2);
      expect(stages[0]?.semantic).toBe("P");
      expect(stages.filter((s) => s.semantic === "S")).toHaveLength(1);
      expect(stages.some((s) => s.semantic === "F")).toBe(true);
      expect(stages.map((s) => s.sort)).toEqual([...stages.map((s) => s.sort)].sort((a, b) => a - b));
      if (f.id !== 0) expect(stages.every((s) => s.statusId.startsWith(`C${f.id}:`))).toBe(true);
    }
  });

  it("lead statuses have a success status; sources have no semantics", async () => {
    const statuses = await b24.listStatuses("STATUS");
    expect(statuses.filter((s) => s.semantic === "S")).toHaveLength(1);
    expect(statuses[0]?.semantic).toBe("P");
    const sources = await b24.listStatuses("SOURCE");
    expect(sources.some((s) => s.statusId === "PARTNER")).toBe(true);
    expect(sources.every((s) => s.semantic === null)).toBe(true);
  });

  it("deal mode: findContactByComm (phone written differently) → addContact → addDeal in a validated stage → getDeal", async () => {
    const phone = uniquePhone();
    expect(await b24.findContactByComm("PHONE", [phone])).toEqual([]);
    const contact = await b24.addContact({
      name: "Maria",
      lastName: "Ivanova",
      phones: [phone],
      emails: [`Maria.${run}@Example.com`],
      originId: origin("contact"),
    });
    created.push(["contact", contact.id]);
    const spaced = `8 (${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8, 10)}-${phone.slice(10)}`;
    expect(await b24.findContactByComm("PHONE", [spaced])).toEqual([contact.id]);
    // same spelling: case-insensitive e-mail matching is only inferred (§2.13), so the contract does not rely on it
    expect(await b24.findContactByComm("EMAIL", [`Maria.${run}@Example.com`])).toEqual([contact.id]);

    const funnels = await b24.listCategories();
    const funnel = funnels.find((f) => f.id !== 0) ?? funnels[0];
    if (!funnel) throw new Error("no funnel");
    const stage = (await b24.listDealStages(funnel.id)).find((s) => s.semantic === "P");
    const originId = origin("deal");
    const deal = await b24.addDeal({
      title: `Contract deal ${run}`,
      categoryId: funnel.id,
      stageId: stage?.statusId,
      contactIds: [contact.id],
      opportunityKopecks: 15_000_050,
      sourceId: "PARTNER",
      comments: "From the contract test",
      utm: { source: "partner" },
      originId,
    });
    created.push(["deal", deal.id]);
    const got = await b24.getDeal(deal.id);
    expect(got).toMatchObject({
      id: deal.id,
      categoryId: funnel.id,
      stageId: stage?.statusId,
      stageSemantic: "P",
      closed: false,
      opportunityKopecks: 15_000_050,
      contactId: contact.id,
      leadId: null,
      originatorId: ORIGINATOR,
      originId,
    });
    expect(got?.currencyId).toMatch(/^[A-Z]{3}$/);
    expect(await b24.findDealsByOrigin(originId)).toEqual([deal.id]);
    await b24.addDealContact(deal.id, contact.id, { isPrimary: true });
    expect((await b24.listDealsChangedSince(new Date(Date.now() - 3_600_000), { filter: { ORIGIN_ID: originId } })).map((d) => d.id)).toEqual([deal.id]);
  });

  it("batch: creates more than 50 leads in chunks, then listLeadsChangedSince pages through all of them", async () => {
    const since = new Date(Date.now() - 3_600_000);
    const originator = `${ORIGINATOR}-paging`;
    const commands = Object.fromEntries(
      Array.from({ length: 55 }, (_, i) => [
        `l${i}`,
        { method: "crm.lead.add", params: { fields: { TITLE: `Paging ${run} ${i}`, ORIGINATOR_ID: originator, ORIGIN_ID: `${run}-p${i}` } } },
      ]),
    );
    const out = await b24.batch(commands, { halt: true });
    expect(out.errors).toEqual({});
    const ids = Object.values(out.result) as number[];
    for (const id of ids) created.push(["lead", id]);
    expect(ids).toHaveLength(55);
    const listed = await b24.listLeadsChangedSince(since, { filter: { ORIGINATOR_ID: originator } });
    expect(listed.map((l) => l.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
  });

  it("batch: $result references and per-command errors", async () => {
    const out = await b24.batch({
      lead: { method: "crm.lead.add", params: { fields: { TITLE: `Batch ${run}`, ORIGINATOR_ID: ORIGINATOR, ORIGIN_ID: origin("batch") } } },
      check: { method: "crm.lead.get", params: { id: "$result[lead]" } },
      missing: { method: "crm.lead.get", params: { id: 987_654_321 } },
    });
    const id = out.result.lead as number;
    created.push(["lead", id]);
    expect(out.result.check).toMatchObject({ ID: String(id), TITLE: `Batch ${run}` });
    expect(out.errors.missing).toMatchObject({ kind: "not_found", method: "crm.lead.get", retryable: false });
  });

  it("getFields lists native and multiple fields", async () => {
    const fields = await b24.getFields("lead");
    expect(fields.TITLE?.type).toBe("string");
    expect(fields.PHONE?.isMultiple).toBe(true);
    expect(fields.STATUS_ID?.statusType).toBe("STATUS");
  });

  it("errors: unknown method 404, invalid id 400, wrong webhook code 401 without the secret", async () => {
    const unknown = await failure(b24.call("crm.foo.bar", {}));
    expect(unknown).toMatchObject({ httpStatus: 404, code: "ERROR_METHOD_NOT_FOUND", kind: "method_not_found", retryable: false, attempts: 1 });
    const invalid = await failure(b24.call("crm.lead.get", { id: 0 }));
    expect(invalid).toMatchObject({ httpStatus: 400, code: "", description: "ID is not defined or invalid.", retryable: false });
    const code = target.webhookUrl.replace(/\/$/, "").split("/").at(-1) ?? "";
    const wrong = createBitrix24Client({ webhookUrl: target.webhookUrl.replace(code, "wrongcode1234567"), maxRetries: 0 });
    const auth = await failure(wrong.getLead(1));
    expect(auth).toMatchObject({ kind: "auth", code: "INVALID_CREDENTIALS", retryable: false });
    expect(auth.message).not.toContain("wrongcode1234567");
    expect(unknown.message + invalid.message).not.toContain(code);
  });
}

describe("contract: emulator", () => {
  contract(async () => {
    const emu = await startBitrix24Emulator({ rateLimit: { perSecond: 2, burst: 50 } });
    emu.control.seed({ funnels: [{ id: 9, name: "Partners" }] });
    return { webhookUrl: emu.webhookUrl, close: () => emu.close() };
  });
});

describe.skipIf(!REAL_URL)("contract: real portal (B24_TEST_WEBHOOK_URL)", () => {
  contract(async () => ({ webhookUrl: REAL_URL ?? "", close: async () => {} }));
});
