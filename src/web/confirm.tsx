/**
 * The server half of confirmations (views/components/confirm.tsx): a dangerous POST that arrives
 * without `confirmed=1` (no JavaScript, or a hand-made request) is answered with a confirmation page
 * that repeats the question and re-posts every original field, and changes nothing.
 */
import { CONFIRMED_FIELD, ConfirmPage, type ConfirmVariant } from "../../views/components/confirm.js";
import { t } from "../i18n/ru.js";
import type { AppContext } from "./env.js";
import { readFormAll } from "./forms.js";
import { renderPage } from "./render.js";

export type Confirmation = {
  /** A function when the question needs a lookup: it runs only for an unconfirmed post. */
  question: string | (() => Promise<string | null>);
  okLabel: string;
  /** Where the cancel button leads: the page the action was started from. */
  cancelHref: string;
  variant?: ConfirmVariant;
};

/** Null when the post is confirmed (go on); otherwise the confirmation page to return as is. */
export async function requireConfirmation(c: AppContext, confirmation: Confirmation): Promise<Response | null> {
  const body = await readFormAll(c);
  if (body[CONFIRMED_FIELD] === "1") return null;
  const question = typeof confirmation.question === "string" ? confirmation.question : await confirmation.question();
  // Nothing to ask about (the object is gone): the route itself answers, as for a confirmed post.
  if (question === null) return null;
  const fields: [string, string][] = [];
  for (const [name, value] of Object.entries(body)) {
    if (name === CONFIRMED_FIELD) continue;
    for (const v of Array.isArray(value) ? value : [value]) fields.push([name, v]);
  }
  const page = (
    <ConfirmPage
      action={c.req.path}
      question={question}
      okLabel={confirmation.okLabel}
      variant={confirmation.variant ?? "danger"}
      fields={fields}
      cancelHref={confirmation.cancelHref}
    />
  );
  return renderPage(c, t.confirm.title, page);
}
