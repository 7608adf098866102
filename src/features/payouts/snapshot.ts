/** The requisites snapshot stored on a payout request, read back for display. */
import type { PayoutMethodKind } from "../../db/schema.js";

export type MethodSnapshot = { kind: PayoutMethodKind; details: Record<string, unknown> };

/**
 * A stored snapshot ({ kind, details } JSON). It is shown field by field whatever its shape, so a
 * snapshot written before a change to the requisites form still shows everything it holds.
 */
export function parseSnapshot(json: string): MethodSnapshot | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== "object") return null;
  const { kind, details } = parsed as { kind?: unknown; details?: unknown };
  if (kind !== "card" && kind !== "bank_account" && kind !== "self_employed") return null;
  return { kind, details: details && typeof details === "object" && !Array.isArray(details) ? (details as Record<string, unknown>) : {} };
}
