/**
 * The cabinet's stylesheet is kept as small files by area (`static/css/NN-area.css`) and served as
 * one response at `/static/app.css`: one request for the browser, small files for the people editing
 * them. The bundle is read once per process, files in name order (the number prefix is the cascade).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { MiddlewareHandler } from "hono";

export type Stylesheet = { body: string; etag: string };

export function buildStylesheet(dir: string): Stylesheet {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".css"))
    .sort();
  const body = files.map((f) => `/* ${f} */\n${readFileSync(join(dir, f), "utf8")}`).join("\n");
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 16)}"`;
  return { body, etag };
}

export function stylesheetHandler(sheet: Stylesheet): MiddlewareHandler {
  return async (c) => {
    c.header("Cache-Control", "public, max-age=300");
    c.header("ETag", sheet.etag);
    if (c.req.header("if-none-match") === sheet.etag) return c.body(null, 304);
    c.header("Content-Type", "text/css; charset=utf-8");
    return c.body(sheet.body);
  };
}
