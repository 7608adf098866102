import { createClient } from "@libsql/client";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/libsql";
import { describe, expect, it } from "vitest";
import { storageProblem } from "./storage-errors.js";

const coded = (code: string) => Object.assign(new Error(code), { code });

describe("storageProblem", () => {
  it.each([
    ["ENOSPC", "full"],
    ["EDQUOT", "full"],
    ["SQLITE_FULL", "full"],
    ["EROFS", "unavailable"],
    ["EACCES", "unavailable"],
    ["EPERM", "unavailable"],
    ["SQLITE_READONLY", "unavailable"],
    ["SQLITE_IOERR", "unavailable"],
    ["SQLITE_IOERR_WRITE", "unavailable"],
    ["SQLITE_BUSY", "unavailable"],
  ])("%s → %s", (code, problem) => {
    expect(storageProblem(coded(code))).toBe(problem);
    expect(storageProblem(new Error("wrapped", { cause: new Error("again", { cause: coded(code) }) }))).toBe(problem);
  });

  it.each([["ENOENT"], ["SQLITE_CONSTRAINT"], ["ERR_INVALID_ARG_TYPE"]])("leaves %s to the 500 page", (code) => {
    expect(storageProblem(coded(code))).toBeNull();
  });

  it("knows nothing of plain errors, strings and null", () => {
    expect(storageProblem(new Error("boom"))).toBeNull();
    expect(storageProblem("ENOSPC")).toBeNull();
    expect(storageProblem(null)).toBeNull();
  });

  it("sees SQLITE_FULL through drizzle's wrapper, from a real database capped by max_page_count", async () => {
    const client = createClient({ url: "file::memory:" });
    const db = drizzle(client);
    await client.execute("create table t (x blob)");
    const pages = Number((await client.execute("pragma page_count")).rows[0]?.page_count);
    await client.execute(`pragma max_page_count = ${pages}`);
    const error = await db.run(sql`insert into t values (zeroblob(100000))`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(storageProblem(error)).toBe("full");
    await client.execute("pragma max_page_count = 1000000");
    await db.run(sql`insert into t values (zeroblob(100000))`);
    client.close();
  });

  it("sees SQLITE_READONLY from a query-only connection", async () => {
    const client = createClient({ url: "file::memory:" });
    await client.execute("create table t (x)");
    await client.execute("pragma query_only = 1");
    const error = await client.execute("insert into t values (1)").catch((e: unknown) => e);
    expect(storageProblem(error)).toBe("unavailable");
    client.close();
  });
});
