/**
 * A delivery worker alone in its own process, for the SIGKILL fault test (delivery-faults.test.ts):
 *
 *   node --import tsx src/testing/delivery-child.ts <database-url> <webhook-url> <lease-ms>
 *
 * Works the outbox of that database against that portal until it is killed; prints "ready" once it runs.
 * Real time, real rate limiter; only the lease and the retry delays are short.
 */
import { openDatabase } from "../db/client.js";
import { createBitrix24Client } from "../integrations/bitrix24/client.js";
import { startDeliveryWorker } from "../jobs/delivery-worker.js";

const [databaseUrl, webhookUrl, lease] = process.argv.slice(2);
if (!databaseUrl || !webhookUrl || !lease) throw new Error("usage: delivery-child.ts <database-url> <webhook-url> <lease-ms>");
const leaseMs = Number(lease);
// The same settings as delivery-kit.ts's deliverySettings() (not imported: the kit pulls in the emulator and fixtures).
const settings = {
  entityType: "lead" as const,
  categoryId: 0,
  stageId: null,
  leadStatusId: null,
  assignedById: null,
  trackingField: "UF_CRM_PARTNER",
  trackingTemplate: "partner-{code}",
  title: (c: { name: string }, partner: string) => `${c.name} / ${partner}`,
};

const database = await openDatabase(databaseUrl);
const b24 = createBitrix24Client({ webhookUrl, maxRetries: 2, timeoutMs: 5_000 });
const worker = startDeliveryWorker({
  db: database.db,
  resolve: async () => ({ b24, settings }),
  now: Date.now,
  onError: (error) => process.stderr.write(`delivery pass failed: ${String(error)}\n`),
  intervalMs: 20,
  batchSize: 100,
  // The emulator's latency (250 ms) is the longest a request can stay on the portal: creates need that much lease left.
  policy: { leaseMs, unknownOutcomeDelayMs: 500, retryDelayMs: () => 100 },
});
// The worker's timer is unref'd (it never holds a server open); this process lives for it alone.
const keepAlive = setInterval(() => {}, 60_000);
process.stdout.write("ready\n");

process.once("SIGTERM", () => {
  void worker.stop().then(() => {
    clearInterval(keepAlive);
    database.close();
    process.exit(0);
  });
});
