/**
 * Works the delivery outbox on a timer: claims due jobs and delivers them one after another (the
 * client's rate limiter keeps us under the portal's limit). `stop()` waits for the job in flight.
 */
import type { Db } from "../db/client.js";
import { claimDueJobs, type DeliverySettings, deliverJob } from "../features/crm/delivery.js";
import type { Bitrix24 } from "../integrations/bitrix24/client.js";

export type DeliveryWorkerOptions = {
  db: Db;
  /** Read before every pass, so settings saved on /admin/crm apply at once; null = not configured, jobs wait. */
  resolve: () => Promise<{ b24: Bitrix24; settings: DeliverySettings } | null>;
  now: () => number;
  onError: (error: unknown) => void;
  intervalMs?: number;
  batchSize?: number;
};

export function startDeliveryWorker(o: DeliveryWorkerOptions) {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  /** One pass: claim what is due and deliver it. Exposed so tests and scripts can drive the queue. */
  async function tick(): Promise<number> {
    const target = await o.resolve();
    if (!target) return 0;
    const jobs = await claimDueJobs(o.db, o.now(), o.batchSize ?? 20);
    for (const job of jobs) {
      if (stopped) break;
      await deliverJob(o.db, target.b24, target.settings, job, o.now);
    }
    return jobs.length;
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick()
        .then(() => undefined)
        .catch(o.onError)
        .finally(schedule);
    }, o.intervalMs ?? 1_000);
    timer.unref();
  };
  schedule();

  return {
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
