/**
 * Timers for the CRM sync: the queue filled by Bitrix24 events every 2 s, and the reconciliation
 * poll (entities changed since the last run) every 10 min, which repairs missed events.
 */
import type { Db } from "../db/client.js";
import { processSyncQueue, reconcile, type SyncSettings } from "../features/crm/sync/sync.js";
import type { Bitrix24 } from "../integrations/bitrix24/client.js";

export type CrmSyncOptions = {
  db: Db;
  /** Null while no webhook is configured: nothing runs. */
  resolve: () => Promise<{ b24: Bitrix24; settings: SyncSettings } | null>;
  now: () => number;
  onError: (error: unknown) => void;
};

export function startCrmSync(o: CrmSyncOptions) {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const every = (ms: number, pass: (b24: Bitrix24, settings: SyncSettings) => Promise<unknown>) => {
    const timer = setInterval(() => {
      if (stopped) return;
      running = running
        .then(async () => {
          const target = await o.resolve();
          if (target && !stopped) await pass(target.b24, target.settings);
        })
        .catch(o.onError);
    }, ms);
    timer.unref();
    return timer;
  };
  const timers = [
    every(2_000, (b24, settings) => processSyncQueue(o.db, b24, settings, o.now())),
    every(10 * 60_000, (b24, settings) => reconcile(o.db, b24, settings, null, o.now())),
  ];
  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await running;
    },
  };
}
