/** /landings: the partner's landing pages: settings with a live preview, images, on/off. */
import { Hono } from "hono";
import { z } from "zod";
import { LandingCreatePage } from "../../../views/landings/landing-create-page.js";
import { LandingPreview } from "../../../views/landings/landing-editor-page.js";
import { LandingsPage } from "../../../views/landings/landings-page.js";
import { CUSTOM_COLOR } from "../../../views/landings/theme-color-field.js";
import { currentUser, requirePartner } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import { requireConfirmation } from "../../web/confirm.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { parseId, requiredText } from "../../web/fields.js";
import { parseForm, readForm, validateForm } from "../../web/forms.js";
import { redirectTo } from "../../web/htmx.js";
import { renderPage } from "../../web/render.js";
import { editorPage } from "./editor-page.js";
import { uploadImages } from "./image-routes.js";
import {
  createLandingAddress,
  createLandingWithLink,
  getLanding,
  getLandingAddress,
  type LandingInput,
  listImages,
  listLandings,
  setLandingActive,
  updateLanding,
} from "./landings.js";

/** The colour is a swatch (theme_color), or «custom» with the hex typed in theme_color_custom. */
const chosenColor = (raw: unknown) => {
  if (typeof raw !== "object" || raw === null) return raw;
  const form = raw as Record<string, unknown>;
  return form.theme_color === CUSTOM_COLOR ? { ...form, theme_color: form.theme_color_custom ?? "" } : form;
};

const landingInput = z
  .preprocess(
    chosenColor,
    z.object({
      title: requiredText(200),
      header_text: requiredText(200),
      description: requiredText(5000, true),
      button_text: requiredText(60),
      theme_color: z
        .string(t.landings.colorInvalid)
        .trim()
        .regex(/^#[0-9a-fA-F]{6}$/, t.landings.colorInvalid),
    }),
  )
  .transform(
    (v): LandingInput => ({
      title: v.title,
      headerText: v.header_text,
      description: v.description,
      buttonText: v.button_text,
      themeColor: v.theme_color.toLowerCase(),
    }),
  );

export const landingRoutes = new Hono<AppEnv>();
landingRoutes.use("*", requirePartner);
// Settings, images, on/off: whatever changed, visitors must see it at once.
landingRoutes.use("*", async (c, next) => {
  await next();
  if (c.req.method === "POST" && !c.req.path.endsWith("/preview")) c.var.deps.publicPages.clear();
});

async function ownLanding(c: AppContext) {
  const id = parseId(c.req.param("id"));
  return id === null ? null : getLanding(c.var.deps.db, currentUser(c).id, id);
}

landingRoutes.get("/", async (c) =>
  renderPage(c, t.landings.title, <LandingsPage rows={await listLandings(c.var.deps.db, currentUser(c).id)} origin={c.var.deps.config.origin} />),
);

landingRoutes.get("/new", (c) => renderPage(c, t.landings.createHeading, <LandingCreatePage values={{}} errors={{}} />));

landingRoutes.post("/", async (c) => {
  const form = await parseForm(c, landingInput);
  if (!form.ok) return renderPage(c, t.landings.createHeading, <LandingCreatePage values={form.values} errors={form.errors} />, { status: 422 });
  const { landing } = await createLandingWithLink(c.var.deps.db, currentUser(c).id, form.data, c.var.deps.now());
  return redirectTo(c, `/landings/${landing.id}/edit`, { kind: "success", text: t.landings.created });
});

/** One click for a landing without a working address (made before addresses came with landings, or its link switched off). */
landingRoutes.post("/:id/address", async (c) => {
  const landing = await ownLanding(c);
  if (!landing) return c.notFound();
  const { db, now } = c.var.deps;
  if (!(await getLandingAddress(db, landing.partnerId, landing.id))) await createLandingAddress(db, landing, now());
  return redirectTo(c, `/landings/${landing.id}/edit`, { kind: "success", text: t.landings.addressCreated });
});

landingRoutes.get("/:id/edit", async (c) => {
  const landing = await ownLanding(c);
  return landing ? editorPage(c, landing) : c.notFound();
});

landingRoutes.post("/:id", async (c) => {
  const landing = await ownLanding(c);
  if (!landing) return c.notFound();
  const form = await parseForm(c, landingInput);
  if (!form.ok) return editorPage(c, landing, { form, status: 422 });
  await updateLanding(c.var.deps.db, landing.partnerId, landing.id, form.data, c.var.deps.now());
  return redirectTo(c, `/landings/${landing.id}/edit`, { kind: "success", text: t.landings.saved });
});

/** Live preview while typing: renders what the form holds, stores nothing. */
landingRoutes.post("/:id/preview", async (c) => {
  const landing = await ownLanding(c);
  if (!landing) return c.notFound();
  const form = validateForm(await readForm(c), landingInput);
  const shown = form.ok ? { ...landing, ...form.data } : landing;
  const images = (await listImages(c.var.deps.db, landing.id)).map((i) => ({ url: `/media/landings/${i.fileName}`, width: i.width, height: i.height }));
  return c.html(<LandingPreview landing={{ ...shown, images }} />);
});

for (const [noun, active] of [
  ["activation", true],
  ["deactivation", false],
] as const) {
  landingRoutes.post(`/:id/${noun}`, async (c) => {
    const landing = await ownLanding(c);
    if (!landing) return c.notFound();
    if (!active) {
      const cancelHref = `/landings/${landing.id}/edit`;
      const asked = await requireConfirmation(c, { question: t.landings.deactivateQuestion, okLabel: t.landings.deactivate, cancelHref });
      if (asked) return asked;
    }
    await setLandingActive(c.var.deps.db, landing.partnerId, landing.id, active, c.var.deps.now());
    return redirectTo(c, `/landings/${landing.id}/edit`, { kind: "success", text: active ? t.landings.activated : t.landings.deactivated });
  });
}

landingRoutes.route("/", uploadImages(ownLanding));
