import { describe, expect, it } from "vitest";
import { createTestApp } from "../testing/test-app.js";
import { createLogger } from "./logger.js";
import { REDACTED, redact, redactString } from "./redact.js";

const ARGON = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$2Ppz0mQ5m0+Qk3iHc1m0aGFzaGhhc2hoYXNoaGFzaA";
const BCRYPT = "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";
const SESSION_TOKEN = "k5xq3zr7mfa2vyb4wud6hcn2js5te7lo"; // 20 bytes in base32, as generateToken() makes
const WEBHOOK = "https://portal.bitrix24.ru/rest/17/x9y8z7w6v5u4t3s2/crm.deal.get.json";

describe("redactString", () => {
  const cases: Array<[string, string, string, string?]> = [
    // [class, input, the secret that must be gone, what must remain]
    ["an argon2 hash", `params: ivan,${ARGON},x`, ARGON, "params: ivan,[hash],x"],
    ["a bcrypt hash", `hash=${BCRYPT}`, BCRYPT],
    ["a session token", `token ${SESSION_TOKEN} expired`, SESSION_TOKEN, "expired"],
    ["an upper-case base32 token", `t=${SESSION_TOKEN.toUpperCase()}`, SESSION_TOKEN.toUpperCase()],
    ["a 64-hex session id", `id ${"ab12".repeat(16)}`, "ab12".repeat(16)],
    ["a Bitrix24 webhook URL", `fetch ${WEBHOOK} failed`, "x9y8z7w6v5u4t3s2", "portal.bitrix24.ru/rest/***"],
    ["an application_token", "event=ONCRMDEALUPDATE&auth[application_token]=s3cr3tvalue&data[FIELDS][ID]=5", "s3cr3tvalue", "data[FIELDS][ID]=5"],
    ["an auth[...] value", "auth%5Bdomain%5D=portal.bitrix24.ru&auth%5Bmember_id%5D=abc123", "abc123"],
    ["a password in a query", "?user=a&password=hunter2hunter2", "hunter2hunter2"],
    ["a password in JSON text", `{"new_password":"hunter2hunter2","name":"x"}`, "hunter2hunter2", '"name":"x"'],
    ["URL userinfo", "libsql://admin:p4ssw0rd@db.example.ru", "p4ssw0rd", "db.example.ru"],
    ["an email", "user Ivan.Petrov@Example.ru exists", "Ivan.Petrov@Example.ru", "I***@Example.ru"],
    ["a Cyrillic-domain email", "почта иван@пример.рф", "иван@пример.рф", "и***@пример.рф"],
    ["a card number", "card 4276380012345678 declined", "4276380012345678", "…5678"],
    ["a card with spaces", "card 4276 3800 1234 5678", "4276 3800 1234 5678", "…5678"],
    ["a card with dashes", "card 4276-3800-1234-5678", "4276-3800-1234-5678"],
    ["a Luhn-invalid 19-digit run", "pan 1234567890123456789", "1234567890123456789"],
    ["a 20-digit bank account", "account 40817810099910004312 (Сбербанк)", "40817810099910004312", "(Сбербанк)"],
    ["a phone +7", "call +7 912 345-67-89 now", "345-67-89", "now"],
    ["a phone 8 (…)", "call 8 (912) 345-67-89", "345-67-89"],
    ["a phone in E.164", "phone=+79123456789", "+79123456789"],
    ["a foreign phone", "tel +442079460958", "+442079460958"],
  ];
  it.each(cases)("removes %s", (_label, input, secret, kept) => {
    const out = redactString(input);
    expect(out).not.toContain(secret);
    if (kept) expect(out).toContain(kept);
  });

  it("leaves ordinary text, dates, ids, amounts and IPs alone", () => {
    const text = "GET /admin/partners/42 200 at 2026-11-26T09:00:00.000Z from 203.0.113.10, 1 500,00 ₽, code abc123";
    expect(redactString(text)).toBe(text);
  });
});

describe("redact", () => {
  it("replaces whole fields named like secrets, at any depth", () => {
    const out = redact({
      password: "pw-1",
      user: { passwordHash: "anything", name: "Иван" },
      headers: { Authorization: "Bearer x", cookie: "session=abc", "x-request-id": "r1" },
      current_password: "pw-2",
      reauth_password: "pw-3",
      apiKey: "k",
      webhookSecret: "w",
      sessionToken: "t",
      cardNumber: "4276",
      "auth[application_token]": "a",
    });
    expect(out).toEqual({
      password: REDACTED,
      user: { passwordHash: REDACTED, name: "Иван" },
      headers: { Authorization: REDACTED, cookie: REDACTED, "x-request-id": "r1" },
      current_password: REDACTED,
      reauth_password: REDACTED,
      apiKey: REDACTED,
      webhookSecret: REDACTED,
      sessionToken: REDACTED,
      cardNumber: REDACTED,
      "auth[application_token]": REDACTED,
    });
  });

  it("turns errors into plain objects with message, stack, cause and properties all redacted", () => {
    const cause = new Error(`SQLITE_CONSTRAINT: users.email ivan@example.ru ${ARGON}`);
    const error = Object.assign(new Error(`Failed query: insert into users values (?, ?)\nparams: ivan@example.ru,${ARGON}`, { cause }), {
      query: "insert into users values (?, ?)",
      params: ["ivan@example.ru", ARGON, "+79123456789"],
      nested: { deeper: { token: SESSION_TOKEN, text: `see ${WEBHOOK}` } },
    });
    const out = redact({ error }) as { error: Record<string, unknown> };
    const json = JSON.stringify(out);
    for (const secret of ["ivan@example.ru", "$argon2", "+79123456789", SESSION_TOKEN, "x9y8z7w6v5u4t3s2"]) expect(json).not.toContain(secret);
    expect(out.error.message).toContain("i***@example.ru");
    expect(out.error.stack).toContain("Failed query");
    expect((out.error.cause as { message: string }).message).toContain("SQLITE_CONSTRAINT");
    expect(out.error.params).toEqual(["i***@example.ru", "[hash]", "[phone]"]);
  });

  it("survives cycles, bigints, dates and buffers", () => {
    const a: Record<string, unknown> = { n: 10n, at: new Date(0), buf: new Uint8Array(3) };
    a.self = a;
    expect(redact(a)).toEqual({ n: "10", at: "1970-01-01T00:00:00.000Z", buf: "[3 bytes]", self: "[circular]" });
  });
});

describe("createLogger", () => {
  const capture = () => {
    const lines: string[] = [];
    return { lines, log: createLogger("debug", (l) => lines.push(l)) };
  };

  it("redacts the message and every field of every line", () => {
    const { lines, log } = capture();
    log.error(`cannot reach ${WEBHOOK} for ivan@example.ru`, { error: new Error(`bad ${ARGON}`), email: "ivan@example.ru", password: "pw" });
    const line = lines.join("");
    for (const secret of ["x9y8z7w6v5u4t3s2", "ivan@example.ru", "$argon2", '"pw"']) expect(line).not.toContain(secret);
    expect(JSON.parse(line)).toMatchObject({ level: "error", email: "i***@example.ru", password: REDACTED });
  });

  it("keeps the one-time setup link the operator must open at first boot, and nothing else of its kind", () => {
    const { lines, log } = capture();
    const url = `https://partners.example.ru/setup/${SESSION_TOKEN}`;
    log.warn("no admin yet", { setupUrl: url });
    log.info("request", { path: `/setup/${SESSION_TOKEN}` });
    expect(JSON.parse(lines[0] ?? "{}").setupUrl).toBe(url);
    expect(lines[1]).not.toContain(SESSION_TOKEN);
  });
});

describe("a failed write during registration", () => {
  it("logs the failure without the password, its hash, the email or the phone", async () => {
    const t = await createTestApp();
    await t.client.execute("create trigger users_fail before insert on users begin select raise(abort, 'disk on fire'); end");
    const form = { name: "Иван Петров", email: "ivan.petrov@example.ru", password: "long-enough-1", phone: "+7 912 345-67-89" };
    const res = await t.request("/register", { form });
    expect(res.status).toBeGreaterThanOrEqual(500);
    const log = t.logLines.join("\n");
    // The failure itself is logged, with the failed statement and its (masked) parameters...
    expect(log).toContain('"level":"error"');
    expect(log).toContain("Failed query: insert into");
    expect(log).toContain("params: i***@example.ru,[hash],");
    // ...but nothing secret or personal from the statement's parameters.
    for (const secret of ["long-enough-1", "$argon2", "ivan.petrov@example.ru", "ivan.petrov", "+79123456789", "345-67-89"]) expect(log).not.toContain(secret);
  });
});
