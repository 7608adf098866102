/**
 * Request parameters the way PHP (and so Bitrix24) sees them: bracket notation in query strings,
 * form and multipart bodies, natural JSON, query + body merged with the body winning (BITRIX24.md §1.2).
 */

export type Params = Record<string, unknown>;

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** PHP "array": a JSON array or object. */
export function isPhpArray(v: unknown): v is Record<string, unknown> | unknown[] {
  return typeof v === "object" && v !== null;
}

/** Sets `fields[PHONE][0][VALUE]` = value inside target, like PHP's parse_str. */
function setBracketed(target: Params, key: string, value: string): void {
  const open = key.indexOf("[");
  const head = open === -1 ? key : key.slice(0, open);
  if (head === "") return;
  const path = [head];
  if (open !== -1) {
    const rest = key.slice(open);
    const re = /\[([^\]]*)\]/gy;
    for (let m = re.exec(rest); m; m = re.exec(rest)) path.push(m[1] ?? "");
  }
  let node: Params = target;
  path.forEach((segment, i) => {
    let name = segment;
    if (name === "") name = String(Object.keys(node).filter((k) => /^\d+$/.test(k)).length);
    if (i === path.length - 1) {
      node[name] = value;
      return;
    }
    const next = node[name];
    if (!isRecord(next)) node[name] = {};
    node = node[name] as Params;
  });
}

/** Objects keyed 0..n-1 become arrays, recursively (PHP lists). */
function listify(v: unknown): unknown {
  if (!isRecord(v)) return v;
  const keys = Object.keys(v);
  const out: Params = {};
  for (const k of keys) out[k] = listify(v[k]);
  if (keys.length > 0 && keys.every((k, i) => k === String(i))) return keys.map((k) => out[k]);
  return out;
}

export function parseBracketPairs(pairs: Iterable<[string, string]>): Params {
  const target: Params = {};
  for (const [k, v] of pairs) setBracketed(target, k, v);
  return listify(target) as Params;
}

export function parseQueryString(qs: string): Params {
  return parseBracketPairs(new URLSearchParams(qs).entries());
}

/** Parses a request body by its content type; anything unparsable is silently ignored (empty params). */
export async function parseBody(contentType: string | undefined, body: Buffer): Promise<Params> {
  if (body.length === 0) return {};
  const type = (contentType ?? "").toLowerCase();
  if (type.includes("application/json")) {
    try {
      const parsed: unknown = JSON.parse(body.toString("utf8"));
      return isRecord(parsed) ? parsed : {};
    } catch {
      return {};
    }
  }
  if (type.includes("application/x-www-form-urlencoded")) return parseQueryString(body.toString("utf8"));
  if (type.includes("multipart/form-data")) {
    try {
      const form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType ?? "" } }).formData();
      const pairs: Array<[string, string]> = [];
      form.forEach((value, key) => {
        if (typeof value === "string") pairs.push([key, value]);
      });
      return parseBracketPairs(pairs);
    } catch {
      return {};
    }
  }
  return {};
}

/** Top-level parameter lookup, case-insensitive (`fields`/`FIELDS`). */
export function param(params: Params, name: string): unknown {
  if (name in params) return params[name];
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(params)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Positive integer or null ("12", 12, "12abc" → null). */
export function toId(v: unknown): number | null {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\s*\d+\s*$/.test(v) ? Number(v) : Number.NaN;
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** Bitrix-ish truthiness for "Y"/"1"/true/"true". */
export function isTruthy(v: unknown): boolean {
  return v === true || v === 1 || (typeof v === "string" && ["y", "1", "true"].includes(v.toLowerCase()));
}

/** Values of a PHP array (list or keyed object) in order. */
export function phpValues(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isRecord(v)) return Object.values(v);
  return [];
}

/** Serialises a keyed section the PHP way: empty → [], keys 0..n-1 → list, else object. */
export function phpArray(obj: Record<string, unknown>): unknown {
  const keys = Object.keys(obj);
  if (keys.length === 0) return [];
  if (keys.every((k, i) => k === String(i))) return keys.map((k) => obj[k]);
  return obj;
}
