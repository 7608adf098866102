/** Every UI string, by feature. Views and routes read `t`; domain code returns reason codes. */
import type { PluralForms } from "./format.js";
import { attachments } from "./ru/attachments.js";
import { audit } from "./ru/audit.js";
import { auth } from "./ru/auth.js";
import { brand } from "./ru/brand.js";
import { chat } from "./ru/chat.js";
import { chatAdmin } from "./ru/chat-admin.js";
import { clients } from "./ru/clients.js";
import { commissions } from "./ru/commissions.js";
import { common } from "./ru/common.js";
import { confirm } from "./ru/confirm.js";
import { crm, crmAdmin } from "./ru/crm.js";
import { dashboard, dashboardCards } from "./ru/dashboard.js";
import { landings, publicForm } from "./ru/landings.js";
import { links, settings } from "./ru/links.js";
import { moneyTools } from "./ru/money-tools.js";
import { notifications } from "./ru/notifications.js";
import { partners } from "./ru/partners.js";
import { payouts, payoutsAdmin } from "./ru/payouts.js";
import { requisites } from "./ru/requisites.js";
import { shell } from "./ru/shell.js";

export const t = {
  ...common,
  auth,
  links,
  landings,
  crm,
  crmAdmin,
  commissions,
  publicForm,
  clients,
  settings,
  partners,
  notifications,
  dashboard,
  dashboardCards,
  payouts,
  payoutsAdmin,
  requisites,
  audit,
  moneyTools,
  brand,
  shell,
  confirm,
  chat,
  chatAdmin,
  attachments,
  plurals: {
    notification: ["уведомление", "уведомления", "уведомлений"],
    unreadNotification: ["непрочитанное уведомление", "непрочитанных уведомления", "непрочитанных уведомлений"],
    registration: ["заявка", "заявки", "заявок"],
    partner: ["партнёр", "партнёра", "партнёров"],
    image: ["картинка", "картинки", "картинок"],
  } satisfies Record<string, PluralForms>,
};

export type { PluralForms };
export type Dictionary = typeof t;
