/**
 * `npm run dev:crm`: the whole Bitrix24 flow on one machine, no portal needed.
 *
 * 1. seeds a separate database (data/dev-crm.db: a real portal saved on /admin/crm in data/app.db never
 *    mixes with the emulator) with the demo accounts of `npm run db:seed`;
 * 2. starts the Bitrix24 emulator on loopback with the demo portal (funnel 1 "Partners", UF_CRM_PARTNER_CODE);
 * 3. registers the app's POST /webhooks/bitrix24 as the emulator's outbound event handler;
 * 4. starts `tsx watch src/server.ts` pointed at the emulator through the child's environment (deal mode,
 *    funnel 1), and prints every lead or deal that reaches the portal with the curl lines that move it.
 *
 * Env (all optional): PORT (app, 8003), B24_EMULATOR_PORT (8004), DATABASE_URL (file:data/dev-crm.db).
 * Ctrl-C stops both.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { demoSeed } from "../src/integrations/bitrix24/emulator/demo.js";
import { startBitrix24Emulator } from "../src/integrations/bitrix24/emulator/index.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");
const appPort = Number(process.env.PORT ?? 8003);
const emulatorPort = Number(process.env.B24_EMULATOR_PORT ?? 8004);
const databaseUrl = process.env.DATABASE_URL ?? `file:${join(root, "data", "dev-crm.db")}`;
const app = `http://localhost:${appPort}`;

/** Runs a tsx script to completion with extra environment. */
function tsx(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [tsxCli, ...args], { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
}

const seeded = tsx(["scripts/seed.ts"], { DATABASE_URL: databaseUrl });
const seedCode = await new Promise<number | null>((resolve) => seeded.once("exit", resolve));
if (seedCode !== 0) {
  process.stderr.write(`dev:crm: the seed failed (exit ${seedCode})\n`);
  process.exit(1);
}

const b24 = await startBitrix24Emulator({ port: emulatorPort, secret: "demo0webhook0key", applicationToken: "demo-application-token", seed: demoSeed() });
b24.control.addEventHandler({
  handlerUrl: `http://127.0.0.1:${appPort}/webhooks/bitrix24`,
  events: ["ONCRMDEALADD", "ONCRMDEALUPDATE", "ONCRMDEALDELETE", "ONCRMLEADADD", "ONCRMLEADUPDATE", "ONCRMLEADDELETE"],
});

const server = tsx(["watch", "--clear-screen=false", "src/server.ts"], {
  PORT: String(appPort),
  DATABASE_URL: databaseUrl,
  B24_WEBHOOK_URL: b24.webhookUrl,
  B24_APPLICATION_TOKEN: b24.applicationToken,
  B24_ENTITY_TYPE: "deal",
  B24_DEAL_CATEGORY_ID: "1",
  B24_DEAL_STAGE_ID: "C1:NEW",
  B24_FIELD_MAPPINGS: JSON.stringify({ tracking_field: "UF_CRM_PARTNER_CODE", tracking_template: "partner-{code}" }),
});

const control = `${b24.origin}/_emulator`;
process.stdout.write(`
dev:crm — the cabinet wired to a Bitrix24 emulator
  cabinet:        ${app}   (admin@example.ru / demo-admin-pass; partners anna@example.ru, boris@example.ru / demo-partner-pass)
  database:       ${databaseUrl}
  emulator:       ${b24.webhookUrl}  (the app's B24_WEBHOOK_URL; events go to ${app}/webhooks/bitrix24)
  control API:    ${control}/  (src/integrations/bitrix24/emulator/README.md)

  Try it: sign in as anna, add a client on ${app}/clients/new (or submit a landing form); the deal appears below.
  Deals:          curl -s ${control}/deals
  Move a deal:    curl -s -XPOST ${control}/deals/<id>/amount -d '{"opportunity":150000}' && curl -s -XPOST ${control}/deals/<id>/stage -d '{"stageId":"C1:WON"}'
  Then anna sees the status, the commission and a notification; ${app}/admin/crm shows the queue.

`);

// Announce what the cabinet delivers, with the exact commands for that deal or lead.
const seen = new Set<string>();
const announce = setInterval(() => {
  for (const [kind, rows] of [
    ["deal", b24.control.listDeals()],
    ["lead", b24.control.listLeads()],
  ] as const) {
    for (const row of rows) {
      const key = `${kind}-${String(row.ID)}`;
      if (!row.ORIGIN_ID || seen.has(key)) continue;
      seen.add(key);
      const move =
        kind === "deal"
          ? `curl -s -XPOST ${control}/deals/${row.ID}/amount -d '{"opportunity":150000}' && curl -s -XPOST ${control}/deals/${row.ID}/stage -d '{"stageId":"C1:WON"}'`
          : `curl -s -XPOST ${control}/leads/${row.ID}/convert -d '{"categoryId":1}'`;
      process.stdout.write(`\n[emulator] ${kind} ${row.ID} "${String(row.TITLE)}" arrived (${String(row.ORIGIN_ID)}). Next: ${move}\n\n`);
    }
  }
}, 1_000);

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  clearInterval(announce);
  server.kill("SIGTERM");
  const force = setTimeout(() => server.kill("SIGKILL"), 8_000);
  server.once("exit", () => {
    clearTimeout(force);
    void b24.close().then(() => process.exit(0));
  });
}
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
server.once("exit", (code) => {
  if (stopping) return;
  process.stderr.write(`dev:crm: the app exited (${code}); stopping the emulator\n`);
  clearInterval(announce);
  void b24.close().then(() => process.exit(code ?? 1));
});
