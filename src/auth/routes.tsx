/** /login, /register, /logout and the one-time /setup/:token page. */
import { Hono } from "hono";
import { z } from "zod";
import { LoginPage } from "../../views/auth/login-page.js";
import { RegisterPage } from "../../views/auth/register-page.js";
import { SetupLinkInvalid, SetupPage } from "../../views/auth/setup-page.js";
import { registerPartner } from "../features/partners/partners.js";
import { t } from "../i18n/ru.js";
import { clientIp } from "../web/client-ip.js";
import type { AppEnv } from "../web/env.js";
import { emailField, optionalPhone, optionalText, passwordField, requiredText } from "../web/fields.js";
import { parseForm } from "../web/forms.js";
import { redirectTo } from "../web/htmx.js";
import { renderPage } from "../web/render.js";
import { type AuthResult, adminExists, auditFailedSignIn, authenticate, completeSetup, isValidSetupToken, signIn, signOut } from "./accounts.js";
import { deleteSessionCookie, setSessionCookie } from "./cookie.js";
import { hashPassword, PASSWORD_BUSY_RETRY_S, PasswordBusyError } from "./password.js";
import { invalidateSession } from "./session.js";
import { refundSignup, reserveSignup, throttledCheck } from "./throttle.js";

const loginInput = z.object({
  email: z.string().trim().max(254).default(""),
  password: z.string().max(256).default(""),
  next: z.string().max(512).optional(),
});

const registerInput = z.object({
  name: requiredText(100),
  email: emailField,
  password: passwordField,
  company: optionalText(200),
  phone: optionalPhone,
});

const setupInput = z.object({ name: requiredText(100), email: emailField, password: passwordField });

/** Only same-site paths: `//evil.example` or `/\evil` would leave the site. */
const safeNext = (next: string | undefined) => (next && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : undefined);

function loginError(result: Exclude<AuthResult, { ok: true }>): string {
  if (result.reason === "pending") return t.auth.errors.pending;
  if (result.reason === "rejected") return t.auth.errors.rejected(result.rejectionReason);
  if (result.reason === "deactivated") return t.auth.errors.deactivated;
  return t.auth.errors.invalidCredentials;
}

/** A right password: signed in, or told why the account may not sign in. */
const isRightPassword = (result: AuthResult) => result.ok || result.reason !== "invalid_credentials";

function withoutPassword(values: Record<string, string>): Record<string, string> {
  const { password: _password, ...rest } = values;
  return rest;
}

export const authRoutes = new Hono<AppEnv>();

authRoutes.get("/login", async (c) => {
  if (c.var.user) return c.redirect(c.var.user.role === "admin" ? "/admin" : "/dashboard", 303);
  // A fresh install: no admin can sign in yet, so the page says where the setup link was printed.
  const firstRun = !(await adminExists(c.var.deps.db));
  return renderPage(c, t.auth.loginTitle, <LoginPage next={safeNext(c.req.query("next"))} firstRun={firstRun} />, { layout: "public" });
});

authRoutes.post("/login", async (c) => {
  const { db, now } = c.var.deps;
  const form = await parseForm(c, loginInput);
  const next = safeNext(form.ok ? form.data.next : undefined);
  const email = form.ok ? form.data.email : (form.values.email ?? "");
  const render = async (error: string, status: 401 | 403 | 422 | 429) => {
    const firstRun = !(await adminExists(db));
    return renderPage(c, t.auth.loginTitle, <LoginPage email={email} error={error} next={next} firstRun={firstRun} />, { status, layout: "public" });
  };
  if (!form.ok || !form.data.email || !form.data.password) return render(t.auth.errors.invalidCredentials, 422);

  const attempt = { ip: clientIp(c, c.var.deps.config.TRUSTED_PROXIES), email: form.data.email };
  const { password } = form.data;
  // Charged before the hash is checked (throttle.ts); a right password, even of an account that may
  // not sign in, refunds the charge.
  const outcome = await throttledCheck(db, attempt, now(), () => authenticate(db, attempt.email, password), isRightPassword);
  if (outcome.kind === "throttled") {
    c.var.deps.log.warn("sign-in throttled", { scope: outcome.refusal.scope, retryAfter: outcome.refusal.retryAfter });
    c.header("Retry-After", String(outcome.refusal.retryAfter));
    return render(t.auth.errors.throttled(outcome.refusal.retryAfter), 429);
  }
  if (outcome.kind === "busy") {
    c.header("Retry-After", String(outcome.retryAfter));
    return render(t.auth.errors.busy(outcome.retryAfter), 429);
  }
  const result = outcome.result;
  if (!result.ok) {
    if (result.account) await auditFailedSignIn(db, result.account, result.reason, now());
    return render(loginError(result), result.reason === "invalid_credentials" ? 401 : 403);
  }
  // A new session at every sign-in; any session the browser brought along is ended (fixation).
  if (c.var.session) await invalidateSession(db, c.var.session.id);
  const { token, session } = await signIn(db, result.user, now());
  setSessionCookie(c, token, session.expiresAt, now());
  return c.redirect(next ?? (result.user.role === "admin" ? "/admin" : "/dashboard"), 303);
});

authRoutes.get("/register", async (c) => {
  if (c.var.user) return c.redirect("/dashboard", 303);
  return renderPage(c, t.auth.registerTitle, <RegisterPage values={{}} errors={{}} />, { layout: "public" });
});

/**
 * A sign-up answers the same whether or not the email is registered (same status, page, redirect and
 * flash; the password is hashed either way and the write is one upsert either way), so the form does
 * not tell who has an account. The owner of an existing account finds out by signing in (and by email
 * once there is mail); a rejected applicant's record goes back to pending (partners.ts).
 */
authRoutes.post("/register", async (c) => {
  const { db, now, config } = c.var.deps;
  const form = await parseForm(c, registerInput);
  // The typed fields come back on every refusal; the password never does.
  const page = (status: 422 | 429, errors: Record<string, string>, error?: string) =>
    renderPage(c, t.auth.registerTitle, <RegisterPage values={withoutPassword(form.values)} errors={errors} error={error} />, { status, layout: "public" });
  if (!form.ok) return page(422, form.errors as Record<string, string>);
  const ip = clientIp(c, config.TRUSTED_PROXIES);
  const wait = await reserveSignup(db, ip, now());
  if (wait !== null) {
    c.header("Retry-After", String(wait));
    return page(429, {}, t.auth.errors.signupThrottled(wait));
  }
  const { password, ...profile } = form.data;
  let passwordHash: string;
  try {
    passwordHash = await hashPassword(password);
  } catch (error) {
    if (!(error instanceof PasswordBusyError)) throw error;
    await refundSignup(db, ip);
    c.header("Retry-After", String(PASSWORD_BUSY_RETRY_S));
    return page(429, {}, t.auth.errors.busy(PASSWORD_BUSY_RETRY_S));
  }
  await registerPartner(db, { ...profile, passwordHash }, now());
  return redirectTo(c, "/login", { kind: "success", text: t.auth.registered });
});

authRoutes.post("/logout", async (c) => {
  const { user, session } = c.var;
  if (session && user) await signOut(c.var.deps.db, user, session.id, c.var.deps.now());
  deleteSessionCookie(c);
  return redirectTo(c, "/login", { kind: "info", text: t.auth.loggedOut });
});

authRoutes.get("/logout", (c) => {
  c.header("Allow", "POST");
  return renderPage(c, t.errors.methodTitle, <p>{t.errors.methodText}</p>, { status: 405, layout: "public" });
});

authRoutes.get("/setup/:token", async (c) => {
  const token = c.req.param("token");
  if (!(await isValidSetupToken(c.var.deps.db, token))) {
    return renderPage(c, t.auth.setupTitle, <SetupLinkInvalid />, { status: 404, layout: "public" });
  }
  return renderPage(c, t.auth.setupTitle, <SetupPage token={token} values={{}} errors={{}} />, { layout: "public" });
});

authRoutes.post("/setup/:token", async (c) => {
  const token = c.req.param("token");
  const form = await parseForm(c, setupInput);
  const invalid = (errors: Partial<Record<string, string>>, status: 404 | 422) =>
    renderPage(c, t.auth.setupTitle, <SetupPage token={token} values={form.values} errors={errors} />, { status, layout: "public" });
  if (!form.ok) return invalid(form.errors, 422);
  let result: Awaited<ReturnType<typeof completeSetup>>;
  try {
    result = await completeSetup(c.var.deps.db, token, form.data, c.var.deps.now());
  } catch (error) {
    if (!(error instanceof PasswordBusyError)) throw error;
    c.header("Retry-After", String(PASSWORD_BUSY_RETRY_S));
    return renderPage(
      c,
      t.auth.setupTitle,
      <SetupPage token={token} values={withoutPassword(form.values)} errors={{ _form: t.auth.errors.busy(PASSWORD_BUSY_RETRY_S) }} />,
      {
        status: 429,
        layout: "public",
      },
    );
  }
  if (!result.ok) {
    return result.reason === "email_taken" ? invalid({ email: t.auth.errors.emailTaken }, 422) : invalid({ _form: t.auth.setupInvalid }, 404);
  }
  return redirectTo(c, "/login", { kind: "success", text: t.auth.setupDone });
});
