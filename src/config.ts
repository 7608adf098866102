/**
 * The only reader of process.env. Every setting is parsed by zod once at boot;
 * an invalid value stops the process with a message naming the variable.
 */
import { z } from "zod";

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const configSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(8003),
    HOST: z.string().default("0.0.0.0"),
    PUBLIC_ORIGIN: optionalText.pipe(
      z
        .url({ protocol: /^https?$/, error: "must be an http(s) origin like https://partners.example.ru" })
        .transform((v) => new URL(v).origin)
        .optional(),
    ),
    DATABASE_URL: z.string().trim().min(1).default("file:data/app.db"),
    DATABASE_AUTH_TOKEN: optionalText,
    APP_TIMEZONE: z.string().default("Europe/Moscow").refine(isKnownTimeZone, "must be an IANA time zone such as Europe/Moscow"),
    ADMIN_EMAIL: optionalText.pipe(z.email("must be an email address").optional()),
    ADMIN_PASSWORD: optionalText.pipe(z.string().min(8, "must be at least 8 characters").max(256).optional()),
    DEFAULT_REWARD_PERCENTAGE: z.coerce.number().min(0).max(100).default(10),
    B24_WEBHOOK_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
    B24_APPLICATION_TOKEN: optionalText,
    B24_ENTITY_TYPE: z.enum(["lead", "deal"]).default("lead"),
    B24_DEAL_CATEGORY_ID: z.coerce.number().int().min(0).default(0),
    B24_DEAL_STAGE_ID: optionalText,
    B24_LEAD_STATUS_ID: optionalText,
    B24_FIELD_MAPPINGS: optionalText.pipe(
      z
        .string()
        .transform((v, ctx) => {
          try {
            return JSON.parse(v) as unknown;
          } catch {
            ctx.addIssue({ code: "custom", message: "must be valid JSON" });
            return z.NEVER;
          }
        })
        .pipe(z.record(z.string(), z.string()))
        .optional(),
    ),
    UPLOAD_DIR: z.string().trim().min(1).default("data/uploads"),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
    /** Comma-separated peer addresses whose X-Forwarded-For may be trusted (a reverse proxy). */
    TRUSTED_PROXIES: z
      .string()
      .default("")
      .transform((v) =>
        v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      ),
  })
  .refine((c) => !c.ADMIN_EMAIL === !c.ADMIN_PASSWORD, {
    message: "ADMIN_EMAIL and ADMIN_PASSWORD must be set together",
    path: ["ADMIN_PASSWORD"],
  });

export type Config = z.infer<typeof configSchema> & {
  /** Absolute origin used for links, CSRF and cookie security. */
  origin: string;
  secureCookies: boolean;
};

function isKnownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export class ConfigError extends Error {}

/** Parses an environment; throws ConfigError naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${String(issue.path[0] ?? "config")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const c = result.data;
  const origin = c.PUBLIC_ORIGIN ?? `http://localhost:${c.PORT}`;
  return { ...c, origin, secureCookies: origin.startsWith("https:") };
}

export function loadConfig(): Config {
  return parseConfig(process.env);
}
