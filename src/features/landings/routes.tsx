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
import { type FormValues, parseForm, readForm } from "../../web/forms.js";
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

const fields = {
  title: requiredText(200),
  header_text: requiredText(200),
  description: requiredText(5000, true),
  button_text: requiredText(60),
  theme_color: z
    .string(t.landings.colorInvalid)
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, t.landings.colorInvalid)
    .transform((v) => v.toLowerCase()),
};

const landingInput = z.preprocess(chosenColor, z.object(fields)).transform(
  (v): LandingInput => ({
    title: v.title,
    headerText: v.header_text,
    description: v.description,
    buttonText: v.button_text,
    themeColor: v.theme_color,
  }),
);

/** What the live preview shows: each field as typed while it is valid, else the one from `base`. */
function previewOf(values: FormValues, base: LandingInput): LandingInput {
  const typed = chosenColor(values) as FormValues;
  const pick = (schema: z.ZodType<string, unknown>, raw: string | undefined, fallback: string) => {
    const parsed = schema.safeParse(raw);
    return parsed.success && parsed.data ? parsed.data : fallback;
  };
  return {
    title: base.title,
    headerText: pick(fields.header_text, typed.header_text, base.headerText),
    description: pick(fields.description, typed.description, base.description),
    buttonText: pick(fields.button_text, typed.button_text, base.buttonText),
    themeColor: pick(fields.theme_color, typed.theme_color, base.themeColor),
  };
}

export const landingRoutes = new Hono<AppEnv>();
landingRoutes.use("*", requirePartner);
// Settings, images, on/off: whatever changed, visitors must see it at once.
landingRoutes.use("*", async (c, next) => {
  await next();
  if (c.req.method === "POST" && !c.req.path.endsWith("/preview")) c.var.deps.publicPages.clear();
});

const draft = (): LandingInput => ({
  title: "",
  headerText: t.landings.sample.headerText,
  description: t.landings.sample.description,
  buttonText: t.landings.defaults.buttonText,
  themeColor: t.landings.defaults.themeColor,
});

async function ownLanding(c: AppContext) {
  const id = parseId(c.req.param("id"));
  return id === null ? null : getLanding(c.var.deps.db, currentUser(c).id, id);
}

landingRoutes.get("/", async (c) =>
  renderPage(c, t.landings.title, <LandingsPage rows={await listLandings(c.var.deps.db, currentUser(c).id)} origin={c.var.deps.config.origin} />),
);

landingRoutes.get("/new", (c) =>
  renderPage(c, t.landings.createHeading, <LandingCreatePage values={{}} errors={{}} preview={{ ...previewOf({}, draft()), images: [] }} />),
);

/** The create page's live preview: the same rendering, with sample text where a field is still empty. */
landingRoutes.post("/preview", async (c) => c.html(<LandingPreview landing={{ ...previewOf(await readForm(c), draft()), images: [] }} />));

landingRoutes.post("/", async (c) => {
  const form = await parseForm(c, landingInput);
  if (!form.ok) {
    const page = <LandingCreatePage values={form.values} errors={form.errors} preview={{ ...previewOf(form.values, draft()), images: [] }} />;
    return renderPage(c, t.landings.createHeading, page, { status: 422 });
  }
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
  const shown = previewOf(await readForm(c), landing);
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
