/** The partner's chat with the company: /chat. */
import { Hono } from "hono";
import { ChatBadge } from "../../../views/chat/chat-badge.js";
import { ChatPage } from "../../../views/chat/chat-page.js";
import type { ComposeProps } from "../../../views/chat/conversation.js";
import { currentUser, requirePartner } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { renderPage } from "../../web/render.js";
import { listMessages, markReadByPartner, partnerUnreadCount } from "./chat.js";
import { composeProps, olderMessages, pollState, pollUpdates, queryId, readUpToOf, type Side, sendFromForm, toItem, viewerOf } from "./chat-handlers.js";

export const chatRoutes = new Hono<AppEnv>();
chatRoutes.use("*", requirePartner);

const sideOf = (c: AppContext): Side => ({ kind: "partner", partnerId: currentUser(c).id });

/** The page: the newest messages (or, without JS, an older page by ?before=); opening it reads the company's messages. */
async function page(c: AppContext, compose?: ComposeProps, status: 200 | 413 | 415 | 422 = 200) {
  const side = sideOf(c);
  const { db, config, now } = c.var.deps;
  const before = queryId(c.req.query("before"));
  await markReadByPartner(db, side.partnerId);
  const result = await listMessages(db, side.partnerId, before ? { before } : {});
  const first = result.messages[0]?.id;
  const last = result.messages.at(-1)?.id ?? 0;
  const newest = !before;
  return renderPage(
    c,
    t.chat.pageTitle,
    <ChatPage
      messages={result.messages.map(toItem)}
      viewer={viewerOf(side, now())}
      timeZone={config.APP_TIMEZONE}
      now={now()}
      earlier={result.hasOlder && first !== undefined ? { pageHref: `/chat?before=${first}`, fragmentHref: `/chat/messages?before=${first}` } : null}
      newestHref={newest ? undefined : "/chat"}
      emptyText={t.chat.empty}
      poll={newest ? pollState(side, last, result.state.version, readUpToOf(side, result.state)) : null}
      compose={compose ?? composeProps(side)}
    />,
    { status },
  );
}

chatRoutes.get("/", (c) => page(c));
chatRoutes.get("/messages", (c) => olderMessages(c, sideOf(c)));
chatRoutes.get("/updates", (c) => pollUpdates(c, sideOf(c)));
chatRoutes.post("/messages", (c) => sendFromForm(c, sideOf(c), (compose, status) => page(c, compose, status)));

/** Polled every 30 s from the menu on every page. */
chatRoutes.get("/badge", async (c) => c.html(<ChatBadge count={await partnerUnreadCount(c.var.deps.db, currentUser(c).id)} href="/chat/badge" />));
