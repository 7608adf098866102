/** /landings: the partner's landing pages: settings with a live preview, images, on/off. */
import { Hono } from "hono";
import { z } from "zod";
import { LandingCreatePage } from "../../../views/landings/landing-create-page.js";
import { LandingPreview } from "../../../views/landings/landing-editor-page.js";
import { LandingsPage } from "../../../views/landings/landings-page.js";
import { currentUser, requirePartner } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { parseId, requiredText } from "../../web/fields.js";
import { parseForm, readForm, validateForm } from "../../web/forms.js";
import { redirectTo } from "../../web/htmx.js";
import { renderPage } from "../../web/render.js";
import { editorPage } from "./editor-page.js";
import { uploadImages } from "./image-routes.js";
import { createLanding, getLanding, type LandingInput, listImages, listLandings, setLandingActive, updateLanding } from "./landings.js";

const landingInput = z
  .object({
    title: requiredText(200),
    header_text: requiredText(200),
    description: requiredText(5000, true),
    button_text: requiredText(60),
    theme_color: z
      .string()
      .trim()
      .regex(/^#[0-9a-fA-F]{6}$/, t.landings.colorInvalid),
  })
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

landingRoutes.get("/", async (c) => renderPage(c, t.landings.title, <LandingsPage rows={await listLandings(c.var.deps.db, currentUser(c).id)} />));

landingRoutes.get("/new", (c) => renderPage(c, t.landings.createHeading, <LandingCreatePage values={{}} errors={{}} />));

landingRoutes.post("/", async (c) => {
  const form = await parseForm(c, landingInput);
  if (!form.ok) return renderPage(c, t.landings.createHeading, <LandingCreatePage values={form.values} errors={form.errors} />, { status: 422 });
  const landing = await createLanding(c.var.deps.db, currentUser(c).id, form.data, c.var.deps.now());
  return redirectTo(c, `/landings/${landing.id}/edit`, { kind: "success", text: t.landings.created });
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
    await setLandingActive(c.var.deps.db, landing.partnerId, landing.id, active, c.var.deps.now());
    return redirectTo(c, `/landings/${landing.id}/edit`, { kind: "success", text: active ? t.landings.activated : t.landings.deactivated });
  });
}

landingRoutes.route("/", uploadImages(ownLanding));
