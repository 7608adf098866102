/**
 * `npm run bench:delivery`: how fast the delivery worker drains a backlog under Bitrix24's limit
 * (2 req/s, burst 50), against the emulator on 127.0.0.1 with the production client settings
 * (its own leaky bucket, 503 pauses, retries). Scenarios, each on a fresh in-memory database and portal:
 *
 *   1 000 leads, batch                      — the target: ≤ 30 s
 *   1 000 leads, batch, portal bucket full  — another app on our IP just used all 50 slots
 *   1 000 deals, batch                      — look-ups, contacts and deals: three phases
 *     100 leads, one by one                 — the old path, for the ratio (1 000 would take minutes)
 *
 * Prints elapsed time, requests, 503s and the lead-per-request ratio; bounded by a watchdog.
 */
import { createBitrix24Client } from "../src/integrations/bitrix24/client.js";
import { deliverySettings, startDeliveryKit } from "../src/testing/delivery-kit.js";

const LIMIT_S = 180;
const say = (line = "") => process.stdout.write(`${line}\n`);
const watchdog = setTimeout(() => {
  process.stderr.write(`bench:delivery: time limit of ${LIMIT_S} s reached\n`);
  process.exit(2);
}, LIMIT_S * 1000);

type Scenario = { name: string; count: number; entity: "lead" | "deal"; oneByOne?: boolean; bucketFull?: boolean };
type Result = Scenario & { ms: number; requests: number; refused: number; created: number };

async function run(s: Scenario): Promise<Result> {
  const k = await startDeliveryKit({ rateLimit: { perSecond: 2, burst: 50 } });
  try {
    const partner = await k.givenPartner();
    await k.givenClients(partner.id, s.count, () => ({}), Date.now());
    if (s.bucketFull) {
      // Fill the portal's bucket the way another integration on the same IP would.
      await Promise.all(Array.from({ length: 50 }, () => fetch(`${k.emu.webhookUrl}crm.lead.fields.json`).then((r) => r.text())));
      k.emu.control.clearRequests();
    }
    const before = k.emu.control.counters();
    const b24 = createBitrix24Client({ webhookUrl: k.emu.webhookUrl });
    const started = performance.now();
    const w = k.worker(deliverySettings({ entityType: s.entity }), {
      client: b24,
      now: Date.now,
      intervalMs: 20,
      batchSize: 200,
      policy: s.oneByOne ? { batchFrom: Number.POSITIVE_INFINITY } : {},
    });
    while ((await k.jobStates()).done !== s.count) await new Promise((resolve) => setTimeout(resolve, 20));
    const ms = performance.now() - started;
    await w.stop();
    const after = k.emu.control.counters();
    const created = s.entity === "lead" ? after.uniqueOriginIds.lead : after.uniqueOriginIds.deal;
    return { ...s, ms, requests: after.requests - before.requests, refused: after.rateLimited - before.rateLimited, created };
  } finally {
    await k.close();
  }
}

const scenarios: Scenario[] = [
  { name: "1000 leads, batch", count: 1_000, entity: "lead" },
  { name: "1000 leads, batch, portal bucket full", count: 1_000, entity: "lead", bucketFull: true },
  { name: "1000 deals, batch", count: 1_000, entity: "deal" },
  { name: "100 leads, one by one", count: 100, entity: "lead", oneByOne: true },
];

say("Delivery under 2 req/s, burst 50 (emulator on 127.0.0.1, production client settings)");
const results: Result[] = [];
for (const s of scenarios) {
  const r = await run(s);
  results.push(r);
  say(
    `  ${r.name.padEnd(40)} ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${String(r.requests).padStart(4)} requests  ${String(r.refused).padStart(3)} × 503  ${(r.count / r.requests).toFixed(1).padStart(5)} per request  ${r.created === r.count ? "exactly once" : `CREATED ${r.created}`}`,
  );
}
const batch = results[0];
const single = results[3];
if (batch && single) {
  const perLeadSingle = single.ms / single.count;
  say(
    `  one by one, 1000 leads would take ≈ ${((45 + (1000 - 45) * 500) / 1000).toFixed(0)} s at the limit (measured ${perLeadSingle.toFixed(0)} ms per lead over 100)`,
  );
  say(`  target "1 000 leads in ≤ 30 s": ${batch.ms <= 30_000 ? "PASS" : "FAIL"} (${(batch.ms / 1000).toFixed(1)} s)`);
}
clearTimeout(watchdog);
process.exit(results.every((r) => r.created === r.count) && (batch?.ms ?? Infinity) <= 30_000 ? 0 : 1);
