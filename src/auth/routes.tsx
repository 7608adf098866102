/** /login, /register, /logout and the one-time /setup/:token page. */
import { Hono } from "hono";
import { z } from "zod";
import { LoginPage } from "../../views/auth/login-page.js";
import { RegisterPage } from "../../views/auth/register-page.js";
import { SetupPage } from "../../views/auth/setup-page.js";
import { registerPartner } from "../features/partners/partners.js";
import { t } from "../i18n/ru.js";
import { clientIp } from "../web/client-ip.js";
import type { AppEnv } from "../web/env.js";
import { emailField, optionalPhone, optionalText, passwordField, requiredText } from "../web/fields.js";
import { parseForm } from "../web/forms.js";
import { redirectTo } from "../web/htmx.js";
import { renderPage } from "../web/render.js";
import { type AuthResult, auditFailedSignIn, authenticate, completeSetup, isValidSetupToken, signIn, signOut } from "./accounts.js";
import { deleteSessionCookie, setSessionCookie } from "./cookie.js";
import { hashPassword } from "./password.js";
import { invalidateSession } from "./session.js";
import { loginRetryAfter, recordLoginFailure, recordLoginSuccess } from "./throttle.js";

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

export const authRoutes = new Hono<AppEnv>();

authRoutes.get("/login", async (c) => {
  if (c.var.user) return c.redirect(c.var.user.role === "admin" ? "/admin" : "/dashboard", 303);
  return renderPage(c, t.auth.loginTitle, <LoginPage next={safeNext(c.req.query("next"))} />, { layout: "public" });
});

authRoutes.post("/login", async (c) => {
  const { db, now } = c.var.deps;
  const form = await parseForm(c, loginInput);
  const next = safeNext(form.ok ? form.data.next : undefined);
  const email = form.ok ? form.data.email : (form.values.email ?? "");
  const render = (error: string, status: 401 | 403 | 422 | 429) =>
    renderPage(c, t.auth.loginTitle, <LoginPage email={email} error={error} next={next} />, { status, layout: "public" });
  if (!form.ok || !form.data.email || !form.data.password) return render(t.auth.errors.invalidCredentials, 422);

  const attempt = { ip: clientIp(c, c.var.deps.config.TRUSTED_PROXIES), email: form.data.email };
  const wait = await loginRetryAfter(db, attempt, now());
  if (wait > 0) {
    c.header("Retry-After", String(wait));
    return render(t.auth.errors.throttled(wait), 429);
  }
  const result = await authenticate(db, form.data.email, form.data.password);
  if (!result.ok) {
    if (result.account) await auditFailedSignIn(db, result.account, result.reason, now());
    if (result.reason === "invalid_credentials") {
      await recordLoginFailure(db, attempt, now());
      return render(loginError(result), 401);
    }
    await recordLoginSuccess(db, attempt);
    return render(loginError(result), 403);
  }
  await recordLoginSuccess(db, attempt);
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

authRoutes.post("/register", async (c) => {
  const form = await parseForm(c, registerInput);
  const invalid = (errors: Record<string, string>) =>
    renderPage(c, t.auth.registerTitle, <RegisterPage values={form.values} errors={errors} />, { status: 422, layout: "public" });
  if (!form.ok) return invalid(form.errors as Record<string, string>);
  const { password, ...profile } = form.data;
  const result = await registerPartner(c.var.deps.db, { ...profile, passwordHash: await hashPassword(password) }, c.var.deps.now());
  if (!result.ok) return invalid({ email: t.auth.errors.emailTaken });
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
    return renderPage(c, t.auth.setupTitle, <p class="flash flash-error">{t.auth.setupInvalid}</p>, { status: 404, layout: "public" });
  }
  return renderPage(c, t.auth.setupTitle, <SetupPage token={token} values={{}} errors={{}} />, { layout: "public" });
});

authRoutes.post("/setup/:token", async (c) => {
  const token = c.req.param("token");
  const form = await parseForm(c, setupInput);
  const invalid = (errors: Partial<Record<string, string>>, status: 404 | 422) =>
    renderPage(c, t.auth.setupTitle, <SetupPage token={token} values={form.values} errors={errors} />, { status, layout: "public" });
  if (!form.ok) return invalid(form.errors, 422);
  const result = await completeSetup(c.var.deps.db, token, form.data, c.var.deps.now());
  if (!result.ok) {
    return result.reason === "email_taken" ? invalid({ email: t.auth.errors.emailTaken }, 422) : invalid({ _form: t.auth.setupInvalid }, 404);
  }
  return redirectTo(c, "/login", { kind: "success", text: t.auth.setupDone });
});
