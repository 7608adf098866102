/** Outbound events (§3) delivered to a local receiver: wire format, triggers, and the delivery faults. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Bitrix24Emulator, startBitrix24Emulator } from "./index.js";
import { b24Call, type EventReceiver, startEventReceiver } from "./testkit.js";

const NOW = Date.parse("2025-03-10T12:00:00Z");
let b24: Bitrix24Emulator;
let rx: EventReceiver;
const call = (method: string, params?: unknown) => b24Call(b24.webhookUrl, method, params);
const ALL = ["ONCRMLEADADD", "ONCRMLEADUPDATE", "ONCRMLEADDELETE", "ONCRMDEALADD", "ONCRMDEALUPDATE", "ONCRMDEALDELETE"];

beforeAll(async () => {
  b24 = await startBitrix24Emulator({
    rateLimit: false,
    applicationToken: "jvh9y1ulvt2m6k5or90v9mg8nn32ozas",
    now: () => NOW,
    seed: { memberId: "d897063e1ce7c5eb9f04b9751eef5915" },
  });
});
afterAll(() => b24.close());
beforeEach(async () => {
  await b24.control.reset();
  rx = await startEventReceiver();
});
afterEach(() => rx.close());

describe("wire format and triggers", () => {
  it("crm.deal.add via REST → ONCRMDEALADD, form-encoded per §3.3 with auth[application_token]", async () => {
    const handler = b24.control.addEventHandler({ handlerUrl: rx.url, events: ALL });
    await call("crm.deal.add", { fields: { TITLE: "x" } });
    const [ev] = await rx.waitFor(1);
    expect(ev?.contentType).toBe("application/x-www-form-urlencoded");
    const host = new URL(b24.origin).host;
    expect(ev?.body).toBe(
      [
        "event=ONCRMDEALADD",
        `event_handler_id=${handler.id}`,
        "data%5BFIELDS%5D%5BID%5D=3001",
        `ts=${NOW / 1000}`,
        `auth%5Bdomain%5D=${encodeURIComponent(host)}`,
        `auth%5Bclient_endpoint%5D=${encodeURIComponent(`${b24.origin}/rest/`)}`,
        "auth%5Bserver_endpoint%5D=https%3A%2F%2Foauth.bitrix.info%2Frest%2F",
        "auth%5Bmember_id%5D=d897063e1ce7c5eb9f04b9751eef5915",
        "auth%5Bapplication_token%5D=jvh9y1ulvt2m6k5or90v9mg8nn32ozas",
      ].join("&"),
    );
    expect(ev?.form.get("auth[application_token]")).toBe(b24.applicationToken);
    await b24.control.waitForEvents();
    expect(b24.control.deliveries()).toMatchObject([{ event: "ONCRMDEALADD", entityId: 3001, outcome: "delivered", status: 200, copy: 0 }]);
  });

  it("REST update/delete and manager actions fire their events; funnel moves fire none; only subscribed events go out", async () => {
    b24.control.seed({ funnels: [{ id: 1, name: "Partners" }] });
    b24.control.addEventHandler({ handlerUrl: rx.url, events: ["ONCRMDEALUPDATE", "ONCRMDEALDELETE", "ONCRMLEADUPDATE", "ONCRMLEADDELETE"] });
    await call("crm.lead.add", { fields: { TITLE: "l" } });
    await call("crm.deal.add", { fields: { TITLE: "d" } });
    await call("crm.lead.update", { id: 1001, fields: { COMMENTS: "c" } });
    b24.control.moveDeal(3001, "WON");
    b24.control.setDealAmount(3001, 10);
    b24.control.moveDealToFunnel(3001, 1);
    b24.control.setLeadStatus(1001, "JUNK");
    await call("crm.deal.delete", { id: 3001 });
    b24.control.deleteLead(1001);
    await rx.waitFor(6);
    await b24.control.waitForEvents();
    expect(rx.received.map((e) => `${e.event}:${e.id}`)).toEqual([
      "ONCRMLEADUPDATE:1001",
      "ONCRMDEALUPDATE:3001",
      "ONCRMDEALUPDATE:3001",
      "ONCRMLEADUPDATE:1001",
      "ONCRMDEALDELETE:3001",
      "ONCRMLEADDELETE:1001",
    ]);
    expect(b24.control.getDeal(3001)).toBeNull();
  });

  it("lead conversion: lead CONVERTED, contact + deal with LEAD_ID and copied UF, events in the chosen order", async () => {
    b24.control.seed({
      userFields: [
        { entity: "lead", code: "UF_CRM_PARTNER_CODE" },
        { entity: "deal", code: "UF_CRM_PARTNER_CODE" },
      ],
    });
    b24.control.addEventHandler({ handlerUrl: rx.url, events: ALL });
    const leadId = b24.control.createLead({ TITLE: "t", NAME: "Ivan", PHONE: [{ VALUE: "+79990000001" }], OPPORTUNITY: 500, UF_CRM_PARTNER_CODE: "P-1" });
    const { dealId, contactId } = b24.control.convertLead(leadId, { eventOrder: "deal-first" });
    await rx.waitFor(3);
    expect(rx.received.map((e) => e.event)).toEqual(["ONCRMLEADADD", "ONCRMDEALADD", "ONCRMLEADUPDATE"]);
    expect(b24.control.getLead(leadId)).toMatchObject({ STATUS_ID: "CONVERTED", STATUS_SEMANTIC_ID: "S", CONTACT_ID: String(contactId) });
    expect(b24.control.getDeal(dealId)).toMatchObject({
      LEAD_ID: String(leadId),
      CONTACT_ID: String(contactId),
      OPPORTUNITY: "500.00",
      UF_CRM_PARTNER_CODE: "P-1",
    });
    expect(b24.control.getContact(contactId ?? 0)).toMatchObject({ NAME: "Ivan", LEAD_ID: String(leadId), PHONE: [{ VALUE: "+79990000001" }] });
  });

  it("identical events of one hit are merged (a batch updating one deal twice sends one event)", async () => {
    b24.control.addEventHandler({ handlerUrl: rx.url, events: ["ONCRMDEALUPDATE"] });
    await call("crm.deal.add", { fields: {} });
    await call("batch", { cmd: { a: "crm.deal.update?id=3001&fields[TITLE]=a", b: "crm.deal.update?id=3001&fields[TITLE]=b" } });
    await call("crm.deal.update", { id: 3001, fields: { TITLE: "c" } });
    await b24.control.waitForEvents();
    expect(rx.received).toHaveLength(2);
  });
});

describe("delivery faults", () => {
  it("duplicate sends every event again; dropNext drops; drop drops all", async () => {
    b24.control.addEventHandler({ handlerUrl: rx.url, events: ALL });
    b24.control.configureEvents({ duplicate: 2 });
    b24.control.createDeal({});
    await b24.control.waitForEvents();
    expect(rx.received.map((e) => e.id)).toEqual(["3001", "3001", "3001"]);
    b24.control.configureEvents({ duplicate: 0, dropNext: 1 });
    b24.control.createDeal({});
    b24.control.createDeal({});
    await b24.control.waitForEvents();
    expect(rx.received.map((e) => e.id)).toEqual(["3001", "3001", "3001", "3003"]);
    b24.control.configureEvents({ drop: true });
    b24.control.moveDeal(3003, "WON");
    await b24.control.waitForEvents();
    expect(rx.received).toHaveLength(4);
    expect(b24.control.deliveries().map((d) => d.outcome)).toEqual(["delivered", "delivered", "delivered", "dropped", "delivered", "dropped"]);
  });

  it("reorder reverse delivers a window of events backwards; hold keeps them until flushEvents()", async () => {
    b24.control.addEventHandler({ handlerUrl: rx.url, events: ["ONCRMDEALADD"] });
    b24.control.configureEvents({ reorder: "reverse", reorderWindowMs: 30 });
    for (let i = 0; i < 3; i++) b24.control.createDeal({});
    await b24.control.waitForEvents();
    expect(rx.received.map((e) => e.id)).toEqual(["3003", "3002", "3001"]);
    b24.control.configureEvents({ reorder: "shuffle", hold: true });
    for (let i = 0; i < 4; i++) b24.control.createDeal({});
    await b24.control.waitForEvents();
    expect(rx.received).toHaveLength(3);
    b24.control.flushEvents();
    await b24.control.waitForEvents();
    const ids = rx.received.slice(3).map((e) => e.id);
    expect([...ids].sort()).toEqual(["3004", "3005", "3006", "3007"]);
    expect(ids).not.toEqual(["3004", "3005", "3006", "3007"]);
  });

  it("delay, raw brackets, delivery before the REST answer, failed deliveries are not retried", async () => {
    b24.control.addEventHandler({ handlerUrl: rx.url, events: ALL });
    b24.control.configureEvents({ rawBrackets: true, beforeResponse: true, delayMs: 50 });
    const t = performance.now();
    await call("crm.lead.add", { fields: {} });
    expect(performance.now() - t).toBeGreaterThanOrEqual(45);
    expect(rx.received).toHaveLength(1);
    expect(rx.received[0]?.body).toContain("data[FIELDS][ID]=1001&");
    expect(rx.received[0]?.id).toBe("1001");

    b24.control.configureEvents({ beforeResponse: false, delayMs: 0, timeoutMs: 100 });
    rx.status = 500;
    b24.control.createLead({});
    await b24.control.waitForEvents();
    rx.delayMs = 300;
    rx.status = 200;
    b24.control.updateLead(1001, { TITLE: "slow handler" });
    await b24.control.waitForEvents();
    const [, failed, timedOut] = b24.control.deliveries();
    expect(failed).toMatchObject({ outcome: "failed", status: 500 });
    expect(timedOut).toMatchObject({ outcome: "failed" });
    expect(timedOut?.error).toBeDefined();
    expect(b24.control.deliveries()).toHaveLength(3);
  });
});
