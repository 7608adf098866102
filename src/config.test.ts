import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config.js";

describe("parseConfig", () => {
  it("starts with no variables at all, on the documented defaults", () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      PORT: 8003,
      DATABASE_URL: "file:data/app.db",
      APP_TIMEZONE: "Europe/Moscow",
      DEFAULT_REWARD_PERCENTAGE: 10,
      B24_ENTITY_TYPE: "lead",
    });
    expect(c.origin).toBe("http://localhost:8003");
    expect(c.secureCookies).toBe(false);
  });

  it("derives secure cookies from an https PUBLIC_ORIGIN and drops any path", () => {
    const c = parseConfig({ PUBLIC_ORIGIN: "https://partners.example.ru/some/path" });
    expect(c.origin).toBe("https://partners.example.ru");
    expect(c.secureCookies).toBe(true);
  });

  it.each([
    ["PORT", { PORT: "eighty" }],
    ["PUBLIC_ORIGIN", { PUBLIC_ORIGIN: "ftp://x" }],
    ["APP_TIMEZONE", { APP_TIMEZONE: "Mars/Olympus" }],
    ["ADMIN_EMAIL", { ADMIN_EMAIL: "nope", ADMIN_PASSWORD: "long-enough" }],
    ["ADMIN_PASSWORD", { ADMIN_EMAIL: "a@b.ru", ADMIN_PASSWORD: "short" }],
    ["ADMIN_PASSWORD", { ADMIN_EMAIL: "a@b.ru" }],
    ["DEFAULT_REWARD_PERCENTAGE", { DEFAULT_REWARD_PERCENTAGE: "150" }],
    ["B24_ENTITY_TYPE", { B24_ENTITY_TYPE: "contact" }],
    ["B24_FIELD_MAPPINGS", { B24_FIELD_MAPPINGS: "{not json" }],
    ["LOG_LEVEL", { LOG_LEVEL: "verbose" }],
  ])("stops with a message naming %s", (name, env) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(new RegExp(`\\b${name}:`));
  });

  it("treats empty strings as unset", () => {
    expect(parseConfig({ ADMIN_EMAIL: "", ADMIN_PASSWORD: "", PUBLIC_ORIGIN: "" }).ADMIN_EMAIL).toBeUndefined();
  });
});
