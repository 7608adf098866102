import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EVENTS, eventBody, type SyncKit, startSyncKit } from "../../testing/crm-sync.js";
import type { AppDeps, AppEnv } from "../../web/env.js";
import { bitrix24WebhookRoutes, parseEvent, sameSecret, type WebhookOptions } from "./webhook-routes.js";

let k: SyncKit;
beforeEach(async () => {
  k = await startSyncKit();
});
afterEach(async () => {
  await k.close();
});

function appWith(token: string | undefined, options: WebhookOptions = {}) {
  const app = new Hono<AppEnv>();
  const deps = { ...k.deps, config: { ...k.deps.config, B24_APPLICATION_TOKEN: token } } as AppDeps;
  app.use(async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  app.route("/", bitrix24WebhookRoutes(options));
  return (body: string, path = "/webhooks/bitrix24", headers: Record<string, string> = {}) =>
    app.request(`http://cabinet.test${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body });
}

describe("POST /webhooks/bitrix24", () => {
  it("refuses a wrong or missing token with 401 and queues nothing", async () => {
    const post = appWith("right-token");
    expect((await post(eventBody("ONCRMDEALUPDATE", 7405, "wrong-token"))).status).toBe(401);
    expect((await post(eventBody("ONCRMDEALUPDATE", 7405, "right-token-but-longer"))).status).toBe(401);
    expect((await post("event=ONCRMDEALUPDATE&data%5BFIELDS%5D%5BID%5D=7405")).status).toBe(401);
    expect(await k.queue()).toEqual([]);
  });

  it("refuses everything with 401 while no token is configured", async () => {
    const post = appWith(undefined);
    expect((await post(eventBody("ONCRMDEALUPDATE", 7405, ""))).status).toBe(401);
    expect((await post(eventBody("ONCRMDEALUPDATE", 7405, "anything"))).status).toBe(401);
    expect(await k.queue()).toEqual([]);
  });

  it("takes the token from the admin's settings when a resolver is given", async () => {
    const post = appWith(undefined, { applicationToken: async () => "from-settings" });
    expect((await post(eventBody("ONCRMDEALUPDATE", 7405, "from-settings"))).status).toBe(200);
    expect(await k.queue()).toHaveLength(1);
  });

  it("answers 200 and coalesces three duplicate events into one pending sync", async () => {
    const post = appWith("right-token");
    for (let i = 0; i < 3; i++) {
      const res = await post(eventBody("ONCRMDEALUPDATE", 7405, "right-token"), i === 1 ? "/api/public/webhook/b24" : undefined);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ok" });
    }
    const rows = await k.queue();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ entity: "deal", entityId: 7405, state: "pending", generation: 3 });
  });

  it("queues one row per entity for every deal and lead event, with unencoded brackets too", async () => {
    const post = appWith("tok");
    for (const [i, event] of EVENTS.entries()) expect((await post(eventBody(event, 100 + (i % 3), "tok"))).status).toBe(200);
    expect((await post("event=ONCRMLEADUPDATE&data[FIELDS][ID]=555&auth[application_token]=tok")).status).toBe(200);
    const keys = (await k.queue()).map((r) => `${r.entity}:${r.entityId}`).sort();
    expect(keys).toEqual(["deal:100", "deal:101", "deal:102", "lead:100", "lead:101", "lead:102", "lead:555"]);
  });

  it("ignores an authentic event it does not handle, or a malformed id, without queueing", async () => {
    const post = appWith("tok");
    expect((await post(eventBody("ONCRMCONTACTADD", 1, "tok"))).status).toBe(200);
    expect((await post(eventBody("ONCRMDEALUPDATE", "1 or 1=1", "tok"))).status).toBe(200);
    expect((await post(eventBody("ONCRMDEALUPDATE", "0", "tok"))).status).toBe(200);
    expect(await k.queue()).toEqual([]);
  });

  it("refuses a body over 64 KB with 413", async () => {
    const post = appWith("tok");
    const res = await post(eventBody("ONCRMDEALUPDATE", 1, "tok", { pad: "x".repeat(70 * 1024) }));
    expect(res.status).toBe(413);
    expect(await k.queue()).toEqual([]);
  });

  it("receives the emulated portal's real events on loopback", async () => {
    k.emu.control.addEventHandler({ handlerUrl: k.handlerUrl, events: EVENTS });
    const id = k.emu.control.createDeal({ TITLE: "x", CATEGORY_ID: 1 });
    k.emu.control.configureEvents({ duplicate: 2 });
    k.emu.control.moveDeal(id, "C1:PREPARATION");
    await k.emu.control.waitForEvents();
    expect(k.emu.control.deliveries().map((d) => d.status)).toEqual([200, 200, 200, 200]);
    expect(await k.queue()).toHaveLength(1);
  });
});

describe("parseEvent / sameSecret", () => {
  it("reads the id and entity of deal and lead events", () => {
    expect(parseEvent(eventBody("onCrmDealUpdate", 7, "x"))).toEqual({ event: "ONCRMDEALUPDATE", entity: "deal", id: 7, token: "x" });
    expect(parseEvent("event=ONCRMLEADDELETE&data[FIELDS][ID]=9")).toEqual({ event: "ONCRMLEADDELETE", entity: "lead", id: 9, token: null });
  });
  it("compares secrets of any length", () => {
    expect(sameSecret("abc", "abc")).toBe(true);
    expect(sameSecret("abc", "abd")).toBe(false);
    expect(sameSecret("", "abc")).toBe(false);
  });
});
