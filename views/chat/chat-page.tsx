import { t } from "../../src/i18n/ru.js";
import { Conversation, type ConversationProps } from "./conversation.js";

/** The partner's /chat: one conversation with the company, full height. */
export function ChatPage(p: ConversationProps) {
  return (
    <div class="chat-page">
      <header class="chat-header">
        <h1>{t.chat.heading}</h1>
        <p class="lede">{t.chat.lede}</p>
      </header>
      <Conversation {...p} />
    </div>
  );
}
