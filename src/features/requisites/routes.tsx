/** /profile/payout-methods: the partner adds, edits, deletes requisites and picks the default one. */
import { Hono } from "hono";
import { PayoutMethodPage } from "../../../views/requisites/payout-method-page.js";
import { describePayoutMethod } from "../../../views/requisites/payout-method-summary.js";
import { currentUser, requirePartner } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import { requireConfirmation } from "../../web/confirm.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { parseId } from "../../web/fields.js";
import type { FieldErrors, FormValues } from "../../web/forms.js";
import { parseForm } from "../../web/forms.js";
import { redirectTo } from "../../web/htmx.js";
import { renderPage } from "../../web/render.js";
import { formValuesOf, payoutMethodInput } from "./inputs.js";
import { createPayoutMethod, deletePayoutMethod, getPayoutMethod, MAX_METHODS_PER_PARTNER, setDefaultPayoutMethod, updatePayoutMethod } from "./requisites.js";

export const payoutMethodRoutes = new Hono<AppEnv>();
payoutMethodRoutes.use("*", requirePartner);

function formPage(c: AppContext, methodId: number | null, values: FormValues, errors: FieldErrors, options: { status?: 200 | 422; error?: string } = {}) {
  const title = methodId ? t.requisites.editHeading : t.requisites.addHeading;
  return renderPage(c, title, <PayoutMethodPage methodId={methodId} values={values} errors={errors} />, {
    status: options.status ?? 200,
    ...(options.error ? { flash: { kind: "error" as const, text: options.error } } : {}),
  });
}

/** The signed-in partner's method from the :id parameter, or null (→ 404) for any other id. */
async function ownMethod(c: AppContext) {
  const id = parseId(c.req.param("id"));
  return id === null ? null : getPayoutMethod(c.var.deps.db, currentUser(c).id, id);
}

/** The add form on a page of its own: every "add requisites" button leads here, straight to the fields. */
payoutMethodRoutes.get("/new", (c) => formPage(c, null, { kind: "card" }, {}));

payoutMethodRoutes.post("/", async (c) => {
  const form = await parseForm(c, payoutMethodInput);
  if (!form.ok) return formPage(c, null, form.values, form.errors, { status: 422 });
  const created = await createPayoutMethod(c.var.deps.db, currentUser(c).id, form.data, c.var.deps.now());
  if (!created.ok) return formPage(c, null, form.values, {}, { status: 422, error: t.requisites.tooMany(MAX_METHODS_PER_PARTNER) });
  return redirectTo(c, "/profile", { kind: "success", text: t.requisites.created });
});

payoutMethodRoutes.get("/:id/edit", async (c) => {
  const method = await ownMethod(c);
  if (!method) return c.notFound();
  return formPage(c, method.id, formValuesOf(method), {});
});

payoutMethodRoutes.post("/:id", async (c) => {
  const method = await ownMethod(c);
  if (!method) return c.notFound();
  const form = await parseForm(c, payoutMethodInput);
  if (!form.ok) return formPage(c, method.id, form.values, form.errors, { status: 422 });
  const updated = await updatePayoutMethod(c.var.deps.db, method.partnerId, method.id, form.data, c.var.deps.now());
  if (!updated) return c.notFound();
  return redirectTo(c, "/profile", { kind: "success", text: t.requisites.saved });
});

payoutMethodRoutes.post("/:id/deletion", async (c) => {
  const method = await ownMethod(c);
  if (!method) return c.notFound();
  // Nothing is deleted until the partner has seen what goes (the dialog, or this page without JavaScript).
  const name = describePayoutMethod(method, { masked: true }).lines[0] ?? t.requisites.kinds[method.kind];
  const confirmation = await requireConfirmation(c, {
    question: t.requisites.deleteQuestion(name),
    okLabel: t.requisites.delete,
    cancelHref: "/profile#requisites",
  });
  if (confirmation) return confirmation;
  if (!(await deletePayoutMethod(c.var.deps.db, method.partnerId, method.id, c.var.deps.now()))) return c.notFound();
  return redirectTo(c, "/profile", { kind: "success", text: t.requisites.deleted });
});

payoutMethodRoutes.post("/:id/default", async (c) => {
  const method = await ownMethod(c);
  if (!method) return c.notFound();
  if (!(await setDefaultPayoutMethod(c.var.deps.db, method.partnerId, method.id, c.var.deps.now()))) return c.notFound();
  return redirectTo(c, "/profile", { kind: "success", text: t.requisites.defaultSet });
});
