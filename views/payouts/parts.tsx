import { formatMoney } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { groupCardNumber, maskNumber } from "../../src/lib/requisites.js";

export type PayoutStatus = "pending" | "approved" | "rejected" | "paid";
export type MethodKind = "card" | "bank_account" | "self_employed";
export type SnapshotView = { kind: MethodKind; details: Record<string, unknown> };

/** Waiting amber, approved (on its way) blue, rejected red, paid green. */
const statusPill: Record<PayoutStatus, string> = {
  pending: "pill pill-waiting",
  approved: "pill pill-progress",
  rejected: "pill pill-rejected",
  paid: "pill pill-ok",
};

export function PayoutStatusPill({ status }: { status: PayoutStatus }) {
  return <span class={statusPill[status]}>{t.payouts.statuses[status]}</span>;
}

/** Amounts of deals in another currency carry its code instead of the rouble sign. */
export function money(kopecks: number, currencyId: string | null = null): string {
  return !currencyId || currencyId === "RUB" ? formatMoney(kopecks) : `${formatMoney(kopecks).replace(/\u00a0₽$/, "")}\u00a0${currencyId}`;
}

const text = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
/** Card and account numbers: the partner sees the last four digits, the admin who pays needs all of them. */
const NUMBER_FIELDS = new Set(["cardNumber", "account"]);
/** Digits an admin copies into a bank form: monospaced, so they are easy to compare. */
const CODE_FIELDS = new Set(["cardNumber", "account", "corrAccount", "inn", "bik", "kpp"]);

type Fact = [label: string, value: string, code: boolean];

/** Every field of the snapshot, nested ones flattened, with known labels; nothing is dropped. */
function factsOf(details: Record<string, unknown>, masked: boolean, prefix = ""): Fact[] {
  return Object.entries(details).flatMap(([key, value]): Fact[] => {
    const label = t.payouts.snapshotFields[key] ?? key;
    const name = prefix ? `${prefix}: ${label}` : label;
    if (value === null || value === undefined || value === "") return [];
    if (typeof value === "boolean") return [[name, value ? t.yes : t.no, false]];
    if (typeof value === "object" && !Array.isArray(value)) return factsOf(value as Record<string, unknown>, masked, name);
    const shown = Array.isArray(value) ? value.map(text).join(", ") : text(value);
    return [[name, masked && NUMBER_FIELDS.has(key) ? maskNumber(shown) : key === "cardNumber" ? groupCardNumber(shown) : shown, CODE_FIELDS.has(key)]];
  });
}

/** The requisites exactly as they were saved on the request. */
export function MethodSnapshot({ snapshot, masked }: { snapshot: SnapshotView | null; masked: boolean }) {
  if (!snapshot) return <p class="muted">{t.payouts.detail.methodMissing}</p>;
  return (
    <dl class="facts compact payout-facts">
      <dt>{t.payouts.detail.kind}</dt>
      <dd>{t.payouts.methodKinds[snapshot.kind]}</dd>
      {factsOf(snapshot.details, masked).map(([label, value, code]) => (
        <>
          <dt>{label}</dt>
          <dd class={code ? "snapshot-code" : undefined}>{value}</dd>
        </>
      ))}
    </dl>
  );
}
