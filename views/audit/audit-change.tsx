import { formatDateTime, formatMoney } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";

type Change = { key: string; before: unknown; after: unknown; kind: "changed" | "added" | "removed" };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** One level of nesting flattened ("details.cardNumber"), so a requisites edit shows the field that changed. */
function flatten(v: unknown): Record<string, unknown> {
  if (!isObject(v)) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(v)) {
    if (isObject(value)) for (const [inner, x] of Object.entries(value)) out[`${key}.${inner}`] = x;
    else out[key] = value;
  }
  return out;
}

/** The keys whose value differs between before and after, in the order they were written. */
export function changedKeys(before: unknown, after: unknown): Change[] {
  const b = flatten(before);
  const a = flatten(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((key) => ({ key, before: b[key], after: a[key], kind: !(key in b) ? "added" : !(key in a) ? "removed" : "changed" }));
}

const SECRET_KEY = /password|secret|token/i;
/** Fields that hold codes (statuses, kinds) rather than people's text. */
const CODE_FIELDS = new Set(["status", "entityType", "kind"]);
const fieldOf = (key: string) => key.split(".").pop() ?? key;

function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A stored value as a person reads it: money, rates, dates, yes/no, known codes in Russian. */
export function valueText(key: string, value: unknown, timeZone: string): string {
  const field = fieldOf(key);
  if (SECRET_KEY.test(field)) return t.audit.secret;
  if (value === null || value === undefined) return t.audit.nullMeaning[field] ?? t.none;
  if (typeof value === "boolean") return value ? t.yes : t.no;
  if (typeof value === "number" && Number.isSafeInteger(value)) {
    if (field.endsWith("Kopecks")) return formatMoney(value);
    if (field.endsWith("Bp")) return t.moneyTools.percent(value);
    if (field.endsWith("At")) return formatDateTime(value, timeZone);
    return String(value);
  }
  if (typeof value === "string") return clip(CODE_FIELDS.has(field) ? (t.audit.values[value] ?? value) : value);
  return clip(JSON.stringify(value));
}

function Line({ change, timeZone }: { change: Change; timeZone: string }) {
  const field = fieldOf(change.key);
  const label = t.audit.fields[field] ?? change.key;
  if (SECRET_KEY.test(field))
    return (
      <li>
        <span class="muted">{label}:</span> {t.audit.secretChanged}
      </li>
    );
  if (change.kind === "added")
    return (
      <li>
        <span class="muted">{label}:</span> <span class="pre-line">{valueText(change.key, change.after, timeZone)}</span>
      </li>
    );
  if (change.kind === "removed")
    return (
      <li>
        <span class="muted">{label}:</span> <del>{valueText(change.key, change.before, timeZone)}</del>
      </li>
    );
  return (
    <li>
      <span class="muted">{label}:</span> {valueText(change.key, change.before, timeZone)} → <strong>{valueText(change.key, change.after, timeZone)}</strong>
    </li>
  );
}

/** before → after, changed keys only. Values that are not objects (old rows, plain text) are shown whole. */
export function AuditChange({ before, after, timeZone }: { before: unknown; after: unknown; timeZone: string }) {
  if ((before !== null && !isObject(before)) || (after !== null && !isObject(after))) {
    return (
      <span>
        {valueText("value", before, timeZone)} → {valueText("value", after, timeZone)}
      </span>
    );
  }
  const changes = changedKeys(before, after);
  if (changes.length === 0) return <span class="muted">{t.audit.noChanges}</span>;
  return (
    <ul class="audit-changes">
      {changes.map((change) => (
        <Line change={change} timeZone={timeZone} />
      ))}
    </ul>
  );
}
