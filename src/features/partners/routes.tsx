/** /profile: any signed-in user edits their details and password. */
import { Hono } from "hono";
import { z } from "zod";
import { ProfilePage, type ProfilePageProps } from "../../../views/partners/profile-page.js";
import { RequisitesSection } from "../../../views/requisites/requisites-section.js";
import { changePassword } from "../../auth/accounts.js";
import { setSessionCookie } from "../../auth/cookie.js";
import { currentUser, requireUser } from "../../auth/guards.js";
import { createSession } from "../../auth/session.js";
import { throttledCheck } from "../../auth/throttle.js";
import { t } from "../../i18n/ru.js";
import { formatPhone } from "../../lib/phone.js";
import { clientIp } from "../../web/client-ip.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { optionalPhone, optionalText, passwordField, requiredText } from "../../web/fields.js";
import { parseForm } from "../../web/forms.js";
import { redirectTo } from "../../web/htmx.js";
import { renderPage } from "../../web/render.js";
import { listPayoutMethods } from "../requisites/requisites.js";
import { updateProfile } from "./partners.js";

const profileInput = z.object({ name: requiredText(100), company: optionalText(200), phone: optionalPhone });

const passwordInput = z
  .object({
    current_password: z.string(t.validation.required).min(1, t.validation.required).max(256, t.auth.errors.wrongCurrentPassword),
    new_password: passwordField,
    confirm_password: z.string(t.validation.required).min(1, t.validation.required),
  })
  .refine((v) => v.new_password === v.confirm_password, { message: t.auth.errors.passwordsDiffer, path: ["confirm_password"] });

export const profileRoutes = new Hono<AppEnv>();
profileRoutes.use("*", requireUser);

async function profilePage(c: AppContext, overrides: Partial<Pick<ProfilePageProps, "profile" | "password">> = {}) {
  const user = currentUser(c);
  const methods = user.role === "partner" ? await listPayoutMethods(c.var.deps.db, user.id) : null;
  return (
    <ProfilePage
      role={user.role}
      requisites={methods && <RequisitesSection methods={methods} />}
      email={user.email}
      partnerCode={user.role === "partner" ? user.partnerCode : null}
      profile={overrides.profile ?? { values: { name: user.name, company: user.company ?? "", phone: user.phone ? formatPhone(user.phone) : "" }, errors: {} }}
      password={overrides.password ?? { errors: {} }}
    />
  );
}

profileRoutes.get("/", async (c) => renderPage(c, t.partners.profileTitle, await profilePage(c)));

profileRoutes.post("/", async (c) => {
  const user = currentUser(c);
  const form = await parseForm(c, profileInput);
  if (!form.ok) {
    return renderPage(c, t.partners.profileTitle, await profilePage(c, { profile: { values: form.values, errors: form.errors } }), { status: 422 });
  }
  // An admin's form has no company field: what is stored stays.
  const data = user.role === "partner" ? form.data : { ...form.data, company: user.company };
  await updateProfile(c.var.deps.db, user.id, data, c.var.deps.now());
  return redirectTo(c, "/profile", { kind: "success", text: t.partners.profileSaved });
});

profileRoutes.post("/password", async (c) => {
  const user = currentUser(c);
  const { db, now } = c.var.deps;
  const form = await parseForm(c, passwordInput);
  const invalid = async (errors: Partial<Record<string, string>>, status: 422 | 429 = 422) =>
    renderPage(c, t.partners.profileTitle, await profilePage(c, { password: { errors } }), { status });
  if (!form.ok) return invalid(form.errors);
  // Guessing the current password through this form counts like failed logins (a stolen session must not get unlimited tries).
  const attempt = { ip: clientIp(c, c.var.deps.config.TRUSTED_PROXIES), email: user.email };
  const { current_password, new_password } = form.data;
  const outcome = await throttledCheck(
    db,
    attempt,
    now(),
    () => changePassword(db, user.id, current_password, new_password, now()),
    (r) => r.ok,
  );
  if (outcome.kind !== "checked") {
    const wait = outcome.kind === "throttled" ? outcome.refusal.retryAfter : outcome.retryAfter;
    c.header("Retry-After", String(wait));
    return invalid({ current_password: outcome.kind === "throttled" ? t.auth.errors.throttled(wait) : t.auth.errors.busy(wait) }, 429);
  }
  if (!outcome.result.ok) return invalid({ current_password: t.auth.errors.wrongCurrentPassword });
  // Every session ended, this browser included; it gets a fresh one so the user stays signed in here.
  const { token, session } = await createSession(db, user, now());
  setSessionCookie(c, token, session.expiresAt, now());
  return redirectTo(c, "/profile", { kind: "success", text: t.partners.passwordChanged });
});
