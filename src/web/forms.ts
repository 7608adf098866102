/** HTML form parsing with zod: the first error per field, and the submitted values to re-render. */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { z } from "zod";
import type { AppEnv } from "./env.js";

export type FieldErrors = Partial<Record<string, string>>;
export type FormValues = Record<string, string>;
export type FormResult<T> = { ok: true; data: T; values: FormValues } | { ok: false; errors: FieldErrors; values: FormValues };

// Invalid UTF-8 (and a lone surrogate, which is invalid UTF-8 too) decodes to U+FFFD; NUL is never typed.
const UNDECODABLE = /[\u0000\ufffd]/;

/**
 * Reads a urlencoded or multipart body; only string fields are kept (files are handled per route).
 * A body that cannot be parsed, or that carries invalid UTF-8 or NUL, is 400 (SECURITY.md B2).
 */
export async function readForm(c: Context<AppEnv>): Promise<FormValues> {
  const values: FormValues = {};
  for (const [key, value] of Object.entries(await readFormAll(c))) if (typeof value === "string") values[key] = value;
  return values;
}

export type FormBody = Record<string, string | string[]>;

/** Like readForm, but a repeated field (checkboxes) keeps every value, as an array. */
export async function readFormAll(c: Context<AppEnv>): Promise<FormBody> {
  let body: Record<string, string | File | (string | File)[]>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch (error) {
    if (error instanceof HTTPException) throw error;
    throw new HTTPException(400, { message: "malformed form body", cause: error });
  }
  const values: FormBody = {};
  for (const [key, value] of Object.entries(body)) {
    const texts = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
    if (texts.length === 0) continue;
    if (UNDECODABLE.test(key) || texts.some((v) => UNDECODABLE.test(v))) throw new HTTPException(400, { message: "invalid UTF-8 or NUL in a form field" });
    values[key] = Array.isArray(value) ? texts : (texts[0] ?? "");
  }
  return values;
}

export function validateForm<S extends z.ZodType>(values: FormValues, schema: S): FormResult<z.infer<S>> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data, values };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "_form");
    errors[field] ??= issue.message;
  }
  return { ok: false, errors, values };
}

export async function parseForm<S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<FormResult<z.infer<S>>> {
  return validateForm(await readForm(c), schema);
}
