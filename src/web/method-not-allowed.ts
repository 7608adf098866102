/**
 * 405 instead of 404 for a known path asked with the wrong method (SECURITY.md B11). Hono answers 404
 * for that; the not-found handler asks this matcher which methods the path does have.
 */
import type { RouterRoute } from "hono/types";

type Compiled = { method: string; pattern: RegExp };

const escapeRegExp = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");

function compile(path: string): RegExp {
  const source = path
    .split("/")
    .map((segment) => {
      if (segment === "*") return "[^]*";
      // `:name`, `:name?` and `:name{regex}` all match one segment here: close enough for an Allow list.
      if (segment.startsWith(":")) return segment.endsWith("?") ? "[^/]*" : "[^/]+";
      return escapeRegExp(segment).replace(/\*/g, "[^]*");
    })
    .join("/");
  return new RegExp(`^${source}/?$`);
}

/** Built once from `app.routes` on first use (every route is registered by then). */
export function allowedMethodsFinder(routes: () => readonly RouterRoute[]) {
  let compiled: Compiled[] | undefined;
  return (path: string): string[] => {
    compiled ??= routes()
      .filter((r) => r.method !== "ALL")
      .map((r) => ({ method: r.method, pattern: compile(r.path) }));
    const methods = new Set<string>();
    for (const r of compiled) if (r.pattern.test(path)) methods.add(r.method);
    if (methods.has("GET")) methods.add("HEAD");
    return [...methods].sort();
  };
}
