/**
 * The rooms of the code (docs/ARCHITECTURE.md), checked on every test run:
 * who may import what, where Russian text lives, who reads process.env, no interactive transactions.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { projectPath } from "./lib/paths.js";

function filesUnder(dir: string): string[] {
  return readdirSync(projectPath(dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
    .map((e) => relative(projectPath(), join(e.parentPath, e.name)));
}

const sources = [...filesUnder("src"), ...filesUnder("views")];
const production = sources.filter((f) => !/\.test\.tsx?$/.test(f) && !f.startsWith("src/testing/") && !f.startsWith("src/e2e/"));
const read = (f: string) => readFileSync(projectPath(f), "utf8");
const importsOf = (f: string) => [...read(f).matchAll(/^\s*(?:import|export)(?!\s+type\b)[^"']*?from\s+["']([^"']+)["']/gm)].map((m) => m[1] ?? "");

/** Each room and the import specifiers (substrings) it must not use. */
const forbidden: Array<[string, (f: string) => boolean, RegExp]> = [
  ["views render props only", (f) => f.startsWith("views/"), /\/(db|features|integrations|auth|web)\/|^drizzle-orm|^@libsql\/|^hono$/],
  [
    "domain code knows no HTTP, views or sentences",
    // inputs.ts holds a feature's form schemas (LAYOUT.md §3.2): HTTP-side, with Russian messages.
    (f) => /^src\/features\/.+\.ts$/.test(f) && !f.endsWith("routes.ts") && !f.endsWith("/inputs.ts"),
    /^hono|\/web\/|\/i18n\/|views\//,
  ],
  ["routes reach the DB only through domain functions", (f) => /routes\.tsx?$/.test(f), /^drizzle-orm|\/db\/client|\/integrations\//],
  [
    "the DB layer knows nothing above it (the seeds live in scripts/)",
    (f) => f.startsWith("src/db/"),
    /\/(features|auth|web|jobs|integrations|i18n)\/|views\//,
  ],
  ["the Bitrix24 adapter knows nothing of our tables", (f) => f.startsWith("src/integrations/"), /\/(db|features|auth|web|jobs)\//],
  ["pure helpers import nothing of the app", (f) => f.startsWith("src/lib/"), /^\.\.\//],
  [
    "only integrations/bitrix24 talks to Bitrix24 (the composition roots create its client)",
    (f) => !f.startsWith("src/integrations/bitrix24/") && f !== "src/server.ts" && f !== "src/app.ts",
    /integrations\/bitrix24\/(client|http)/,
  ],
];

describe("import rules", () => {
  it.each(forbidden)("%s", (_rule, applies, pattern) => {
    const offenders = production.filter(applies).flatMap((f) =>
      importsOf(f)
        .filter((spec) => pattern.test(spec))
        .map((spec) => `${f} → ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});

/** Every relative import, type-only ones included, resolved to a project file. */
function dependenciesOf(f: string): string[] {
  return [...read(f).matchAll(/^\s*(?:import|export)[^"';]*?from\s+["'](\.[^"']+)["']/gm)]
    .map((m) => join(dirname(f), (m[1] ?? "").replace(/\.js$/, "")))
    .flatMap((base) => [`${base}.ts`, `${base}.tsx`].filter((candidate) => production.includes(candidate)));
}

describe("module graph", () => {
  it("has no import cycles (type-only imports count too)", () => {
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === "done") return;
      if (state.get(f) === "open") {
        cycles.push([...path.slice(path.indexOf(f)), f].join(" → "));
        return;
      }
      state.set(f, "open");
      for (const next of dependenciesOf(f)) visit(next, [...path, f]);
      state.set(f, "done");
    };
    for (const f of production) visit(f, []);
    expect(cycles).toEqual([]);
  });
});

describe("code rules", () => {
  it("keeps Russian text in src/i18n (and seed data)", () => {
    const offenders = production.filter((f) => !f.startsWith("src/i18n/") && /[А-Яа-яЁё]/.test(read(f)));
    expect(offenders).toEqual([]);
  });

  it("reads process.env only in src/config.ts (and the emulator's own command-line entry)", () => {
    const allowed = ["src/config.ts", "src/integrations/bitrix24/emulator/cli.ts"];
    expect(production.filter((f) => !allowed.includes(f) && read(f).includes("process.env"))).toEqual([]);
  });

  it("never opens an interactive transaction (it would run on a second connection without our PRAGMAs)", () => {
    expect(production.filter((f) => /\.transaction\(/.test(read(f)))).toEqual([]);
  });

  it("bypasses JSX escaping nowhere outside views/components", () => {
    expect(production.filter((f) => !f.startsWith("views/components/") && /dangerouslySetInnerHTML|\braw\(/.test(read(f)))).toEqual([]);
  });

  it("names the outer row of every correlated subquery with outer() (a bare column binds to the inner table)", () => {
    const offenders = production.flatMap((f) => {
      const text = read(f);
      // Tables are the names this file imports from the schema.
      const tables = new Set(
        [...text.matchAll(/import\s*\{([^}]*)\}\s*from\s*"[./]*(?:db\/)?schema\.js"/g)].flatMap((m) =>
          (m[1] ?? "").split(",").map((n) => n.replace(/\btype\b/, "").trim()),
        ),
      );
      return [...text.matchAll(/sql(?:<[^>`]*>)?`([^`]*)`/g)]
        .map((m) => m[1] ?? "")
        .filter((fragment) => /\bselect\b/i.test(fragment))
        .flatMap((fragment) => {
          const inner = new Set([...fragment.matchAll(/\b(?:from|join)\s+\$\{(\w+)\}/gi)].map((m) => m[1]));
          return [...fragment.matchAll(/\$\{(\w+)\.\w+\}/g)].filter((m) => tables.has(m[1] ?? "") && !inner.has(m[1])).map((m) => `${f}: ${m[0]}`);
        });
    });
    expect(offenders).toEqual([]);
  });

  it("ships the pinned htmx build unchanged", () => {
    const vendored = readFileSync(projectPath("static/vendor/htmx-4.0.1.min.js"), "utf8");
    expect(vendored).toBe(readFileSync(projectPath("node_modules/htmx.org/dist/htmx.min.js"), "utf8"));
  });
});
