/**
 * Works the delivery outbox on a timer: claims due jobs and delivers them (a few one by one, a backlog
 * through Bitrix24 `batch`; the client's rate limiter keeps us under the portal's limit). While a pass
 * comes back full, the next one starts at once. `stop()` waits for the pass in flight.
 */
import type { Db } from "../db/client.js";
import { claimDueJobs, type DeliveryPolicy, type DeliverySettings, defaultDeliveryPolicy, deliverJobs } from "../features/crm/delivery/delivery.js";
import type { Bitrix24 } from "../integrations/bitrix24/client.js";

export type DeliveryWorkerOptions = {
  db: Db;
  /** Read before every pass, so settings saved on /admin/crm apply at once; null = not configured, jobs wait. */
  resolve: () => Promise<{ b24: Bitrix24; settings: DeliverySettings } | null>;
  now: () => number;
  onError: (error: unknown) => void;
  intervalMs?: number;
  /** Jobs claimed per pass (default 200: four `batch` requests of 50 leads). */
  batchSize?: number;
  /** Retry timings, lease and batch threshold; tests shorten them. */
  policy?: Partial<DeliveryPolicy>;
};

export function startDeliveryWorker(o: DeliveryWorkerOptions) {
  const policy: DeliveryPolicy = { ...defaultDeliveryPolicy, ...o.policy };
  const limit = o.batchSize ?? 200;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  /** One pass: claim what is due and deliver it. Exposed so tests and scripts can drive the queue. */
  async function tick(): Promise<number> {
    const target = await o.resolve();
    if (!target) return 0;
    const jobs = await claimDueJobs(o.db, o.now(), limit, policy.leaseMs);
    if (jobs.length > 0) await deliverJobs(o.db, target.b24, target.settings, jobs, o.now, policy, () => stopped);
    return jobs.length;
  }

  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      let claimed = 0;
      running = tick()
        .then((n) => {
          claimed = n;
        })
        .catch(o.onError)
        .finally(() => schedule(claimed >= limit ? 0 : (o.intervalMs ?? 1_000)));
    }, delayMs);
    timer.unref();
  };
  schedule(o.intervalMs ?? 1_000);

  return {
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
