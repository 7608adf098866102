/** The shapes the delivery modules share (kept apart so delivery.ts → batch.ts → input.ts never loops back). */
import type { Client, deliveryJobs } from "../../../db/schema.js";

export type DeliveryJob = typeof deliveryJobs.$inferSelect;

export type DeliverySettings = {
  entityType: "lead" | "deal";
  categoryId: number;
  stageId: string | null;
  leadStatusId: string | null;
  assignedById: number | null;
  /** The UF_CRM_* field that carries the partner's tracking value, and its template ("partner-{code}"). */
  trackingField: string | null;
  trackingTemplate: string;
  /** Where the comment and the company go (settings/field-mapping.ts); left out = COMMENTS and COMPANY_TITLE, null company = not sent. */
  commentField?: string;
  companyField?: string | null;
  /** Titles are user-facing text, so the composition root builds them from the dictionary. */
  title: (client: Pick<Client, "name" | "company">, partnerName: string) => string;
};

/** Timings and limits of the queue; tests shorten them. */
export type DeliveryPolicy = {
  maxAttempts: number;
  retryDelayMs: (attempts: number) => number;
  /**
   * The earliest retry after an unknown outcome (timeout, reset, 5xx on a create). Bitrix24 cloud ends a
   * request after 60 s, so by then a create still running on the portal has committed or died, and the
   * look-up by ORIGIN_ID that precedes the next create sees it.
   */
  unknownOutcomeDelayMs: number;
  /**
   * How long a claimed job stays ours (and how long a crashed worker's jobs wait). Creates are only sent
   * while at least `unknownOutcomeDelayMs` of it is left; the rest covers the pass's look-ups and the
   * client's rate-limit pauses (up to 60 s) between that check and the request leaving.
   */
  leaseMs: number;
  /** A pass with at least this many jobs goes through `batch`. */
  batchFrom: number;
};
