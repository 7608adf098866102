/**
 * Deal stages and lead statuses as the portal has them, cached per process for a few minutes, and
 * their mapping to our status groups. A stage is known by its id (funnel n uses `C<n>:` prefixes) and
 * its semantics (P/S/F), never by its name: "won" ⇔ semantic S (BITRIX24.md §2.7, §2.11).
 */
import type { statusGroups } from "../../../db/schema.js";
import type { Bitrix24 } from "../../../integrations/bitrix24/client.js";
import type { StageSemantic, Status } from "../../../integrations/bitrix24/types.js";

export type StatusGroup = (typeof statusGroups)[number];
export type StageInfo = { statusId: string | null; name: string | null; semantic: StageSemantic; first: boolean };

export const STAGE_TTL_MS = 5 * 60_000;
const cache = new Map<string, { at: number; statuses: Status[] }>();

/** For tests, and for the admin's "refresh lists" button. */
export function clearStageCache(): void {
  cache.clear();
}

async function lookup(key: string, load: () => Promise<Status[]>, statusId: string | null, now: number) {
  let entry = cache.get(key);
  let fresh = false;
  if (!entry || now - entry.at >= STAGE_TTL_MS || now < entry.at) {
    entry = { at: now, statuses: [...(await load())].sort((a, b) => a.sort - b.sort) };
    cache.set(key, entry);
    fresh = true;
  }
  let found = entry.statuses.find((s) => s.statusId === statusId);
  if (!found && statusId && !fresh) {
    // A stage added since the last load: read the list once more.
    entry = { at: now, statuses: [...(await load())].sort((a, b) => a.sort - b.sort) };
    cache.set(key, entry);
    found = entry.statuses.find((s) => s.statusId === statusId);
  }
  return { found, first: entry.statuses[0]?.statusId === statusId };
}

/** The deal's stage in its funnel; `fallback` is the deal's own STAGE_SEMANTIC_ID for an unlisted stage. */
export async function dealStage(
  b24: Bitrix24,
  portalKey: string,
  categoryId: number,
  stageId: string | null,
  fallback: StageSemantic | null,
  now: number,
): Promise<StageInfo> {
  const { found, first } = await lookup(`${portalKey}|deal|${categoryId}`, () => b24.listDealStages(categoryId), stageId, now);
  return { statusId: stageId, name: found?.name ?? null, semantic: found?.semantic ?? fallback ?? "P", first };
}

export async function leadStatus(b24: Bitrix24, portalKey: string, statusId: string | null, fallback: StageSemantic | null, now: number): Promise<StageInfo> {
  const { found, first } = await lookup(`${portalKey}|lead`, () => b24.listStatuses("STATUS"), statusId, now);
  return { statusId, name: found?.name ?? null, semantic: found?.semantic ?? fallback ?? "P", first };
}

/** Deals: S → won, F → lost, the funnel's first stage → new, any other → in progress. */
export function dealGroup(stage: StageInfo): StatusGroup {
  if (stage.semantic === "S") return "won";
  if (stage.semantic === "F") return "lost";
  return stage.first ? "new" : "in_progress";
}

/** Leads: a converted lead (S) is still in progress — money comes only from its deal. */
export function leadGroup(stage: StageInfo): StatusGroup {
  if (stage.semantic === "F") return "lost";
  if (stage.semantic === "S") return "in_progress";
  return stage.first ? "new" : "in_progress";
}
