import { beforeEach, describe, expect, it } from "vitest";
import { REAUTH_FIELD } from "../../auth/sudo.js";
import { sessions } from "../../db/schema.js";
import { t as text } from "../../i18n/ru.js";
import { givenAdmin, givenPartner, snapshot, TEST_PASSWORD } from "../../testing/fixtures.js";
import { cookiesFrom, createTestApp, type TestApp } from "../../testing/test-app.js";
import { createPayoutMethod, listPayoutMethods, MAX_METHODS_PER_PARTNER, type PayoutMethodData } from "./requisites.js";

const cardForm = { kind: "card", recipient: "Иванов Иван Иванович", card_number: "4111 1111 1111 1111" };
const accountForm = {
  kind: "bank_account",
  recipient: "ООО «Ромашка»",
  inn: "7707083893",
  bik: "044525225",
  account: "4070 2810 3038 0001 2345",
  corr_account: "30101810400000000225",
  bank_name: "ПАО Сбербанк",
};
const selfEmployedForm = {
  kind: "self_employed",
  recipient: "Петрова Мария Сергеевна",
  inn: "500100732259",
  card_number: "2200-7001-2345-6781",
  npd_confirmed: "1",
};
const storedCard: PayoutMethodData = { kind: "card", details: { recipient: "Сидоров Пётр", cardNumber: "5555555555554444" } };

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});

async function signedIn() {
  const partner = await givenPartner(t.db);
  return { partner, cookie: await t.cookieFor(partner) };
}

async function given(partnerId: number, data: PayoutMethodData = storedCard) {
  const result = await createPayoutMethod(t.db, partnerId, data, t.clock.now);
  if (!result.ok) throw new Error(result.reason);
  return result.method;
}

describe("GET /profile", () => {
  it("lists the partner's methods with masked numbers, the kind and the default badge", async () => {
    const { partner, cookie } = await signedIn();
    await given(partner.id);
    await given(partner.id, {
      kind: "bank_account",
      details: {
        recipient: "ООО «Ромашка»",
        inn: "7707083893",
        bik: "044525225",
        account: "40702810303800012345",
        corrAccount: null,
        bankName: "ПАО Сбербанк",
      },
    });
    const html = await (await t.request("/profile", { cookie })).text();
    expect(html).toContain("Реквизиты для выплат");
    expect(html).toContain("Карта •••• 4444");
    expect(html).toContain("Счёт •••• 2345");
    expect(html).toContain("Расчётный счёт");
    expect(html).toContain("По умолчанию");
    expect(html).not.toContain("5555555555554444");
    expect(html).not.toContain("40702810303800012345");
  });

  it("shows nothing of another partner's methods, and no section to an admin", async () => {
    const { cookie } = await signedIn();
    const other = await givenPartner(t.db);
    await given(other.id);
    expect(await (await t.request("/profile", { cookie })).text()).not.toContain("•••• 4444");
    const admin = await givenAdmin(t.db);
    expect(await (await t.request("/profile", { cookie: await t.cookieFor(admin) })).text()).not.toContain("Реквизиты для выплат");
  });
});

describe("adding requisites opens the form at once", () => {
  it("with nothing saved the form is on /profile itself, open; with some, «Добавить реквизиты» leads to its own page", async () => {
    const { partner, cookie } = await signedIn();
    const empty = (await (await t.request("/profile", { cookie })).text()).split('<section class="card" id="requisites"')[1] ?? "";
    expect(empty).toContain('<form method="post" action="/profile/payout-methods"');
    // Nothing to unfold first: the fields are there.
    expect(empty).not.toContain("<details");
    expect(empty).toContain('name="card_number"');
    await given(partner.id);
    const some = await (await t.request("/profile", { cookie })).text();
    expect(some).toContain(`<a class="button button-secondary" href="/profile/payout-methods/new">${text.requisites.addHeading}</a>`);
    expect(some).not.toContain('<form method="post" action="/profile/payout-methods"');
  });

  it("GET /profile/payout-methods/new is the add form, card chosen, every number field on a numeric keypad", async () => {
    const { cookie } = await signedIn();
    const res = await t.request("/profile/payout-methods/new", { cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<h1>${text.requisites.addHeading}</h1>`);
    expect(html).toMatch(/value="card" checked/);
    for (const field of ["card_number", "inn", "bik", "account", "corr_account"]) {
      expect(html).toMatch(new RegExp(`<input id="f-${field}" name="${field}" type="text" inputmode="numeric"`));
    }
    expect(html).not.toMatch(/pattern=/);
    expect(html).toContain('<script src="/static/requisites.js" defer=""></script>');
  });

  it("is the partner's own: an admin gets no form", async () => {
    const admin = await givenAdmin(t.db);
    const res = await t.request("/profile/payout-methods/new", { cookie: await t.cookieFor(admin) });
    expect(res.status).not.toBe(200);
  });
});

describe("POST /profile/payout-methods", () => {
  it.each([
    [cardForm, { kind: "card", details: { recipient: "Иванов Иван Иванович", cardNumber: "4111111111111111" } }],
    [
      accountForm,
      {
        kind: "bank_account",
        details: {
          recipient: "ООО «Ромашка»",
          inn: "7707083893",
          bik: "044525225",
          account: "40702810303800012345",
          corrAccount: "30101810400000000225",
          bankName: "ПАО Сбербанк",
        },
      },
    ],
    [
      selfEmployedForm,
      { kind: "self_employed", details: { recipient: "Петрова Мария Сергеевна", inn: "500100732259", cardNumber: "2200700123456781", npdConfirmed: true } },
    ],
  ])("stores a valid %s method, normalised, as the first and so default one", async (form, stored) => {
    const { partner, cookie } = await signedIn();
    const res = await t.request("/profile/payout-methods", { cookie, form });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/profile");
    expect(await listPayoutMethods(t.db, partner.id)).toMatchObject([{ ...stored, isDefault: true }]);
    expect(await (await t.request("/profile", { cookie: cookiesFrom(res, cookie) })).text()).toContain("Реквизиты сохранены");
  });

  it("takes a card number grouped by the keypad script or pasted with spaces, and stores the digits", async () => {
    const { partner, cookie } = await signedIn();
    const res = await t.request("/profile/payout-methods", { cookie, form: { ...cardForm, card_number: " 2200 7001\u00a02345 6781 " } });
    expect(res.status).toBe(303);
    const [method] = await listPayoutMethods(t.db, partner.id);
    expect(method?.details).toEqual({ recipient: "Иванов Иван Иванович", cardNumber: "2200700123456781" });
  });

  it("reads only the chosen kind's fields", async () => {
    const { partner, cookie } = await signedIn();
    const res = await t.request("/profile/payout-methods", { cookie, form: { ...cardForm, inn: "junk", bik: "junk", account: "junk" } });
    expect(res.status).toBe(303);
    const [method] = await listPayoutMethods(t.db, partner.id);
    expect(method?.details).toEqual({ recipient: "Иванов Иван Иванович", cardNumber: "4111111111111111" });
  });

  it.each([
    [{ ...cardForm, card_number: "4111 1111 1111 1112" }, "Номер карты не прошёл проверку — проверьте цифры"],
    [{ ...cardForm, card_number: "4111 1111" }, "Номер карты — от 13 до 19 цифр"],
    [{ ...cardForm, card_number: "4111 1111 1111 111O" }, "Номер карты — только цифры"],
    [{ ...cardForm, card_number: "" }, "Заполните поле"],
    [{ ...cardForm, recipient: "" }, "Заполните поле"],
    [{ ...cardForm, kind: "crypto" }, "Выберите способ выплаты"],
    [{ ...accountForm, inn: "7707083894" }, "ИНН: неверная контрольная сумма"],
    [{ ...accountForm, inn: "77070838" }, "ИНН — 10 цифр для организации или 12 для физического лица"],
    [{ ...accountForm, bik: "004525988" }, "БИК российского банка начинается с 04"],
    [{ ...accountForm, bik: "04452522" }, "БИК — 9 цифр"],
    [{ ...accountForm, account: "40702810303800012346" }, "Счёт не соответствует БИК"],
    [{ ...accountForm, account: "4070281030380001234" }, "Расчётный счёт — 20 цифр"],
    [{ ...accountForm, corr_account: "30101810145250000974" }, "Корреспондентский счёт не соответствует БИК"],
    [{ ...accountForm, bank_name: "" }, "Заполните поле"],
    [{ ...selfEmployedForm, inn: "7707083893" }, "ИНН самозанятого — 12 цифр"],
    [{ ...selfEmployedForm, inn: "500100732258" }, "ИНН: неверная контрольная сумма"],
    [{ ...selfEmployedForm, npd_confirmed: "" }, "Подтвердите, что вы зарегистрированы как самозанятый"],
    [{ ...selfEmployedForm, card_number: "2200 7001 2345 6782" }, "Номер карты не прошёл проверку"],
  ])("refuses bad input by the field, keeps the values and stores nothing (%#)", async (form, message) => {
    const { cookie } = await signedIn();
    const before = await snapshot(t.client);
    const res = await t.request("/profile/payout-methods", { cookie, form });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).toContain("Исправьте ошибки в форме");
    if (form.recipient) expect(html).toContain(`value="${form.recipient}"`);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("does not check the account against a БИК that is itself wrong", async () => {
    const { cookie } = await signedIn();
    const html = await (await t.request("/profile/payout-methods", { cookie, form: { ...accountForm, bik: "04452522" } })).text();
    expect(html).toContain("БИК — 9 цифр");
    expect(html).not.toContain("Счёт не соответствует БИК");
  });

  it.each(["recipient", "card_number", "inn", "bik", "account", "corr_account", "bank_name", "npd_confirmed"])(
    "refuses a 10 000-character %s and stores nothing",
    async (field) => {
      const { cookie } = await signedIn();
      const base = field === "card_number" ? cardForm : field === "npd_confirmed" ? selfEmployedForm : accountForm;
      const before = await snapshot(t.client);
      const res = await t.request("/profile/payout-methods", { cookie, form: { ...base, [field]: "7".repeat(10_000) } });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain("Исправьте ошибки в форме");
      expect(await snapshot(t.client)).toBe(before);
    },
  );

  it("refuses a method over the cap with a message and keeps the values", async () => {
    const { partner, cookie } = await signedIn();
    for (let i = 0; i < MAX_METHODS_PER_PARTNER; i++) await given(partner.id);
    const before = await snapshot(t.client);
    const res = await t.request("/profile/payout-methods", { cookie, form: cardForm });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(`не больше ${MAX_METHODS_PER_PARTNER} способов выплаты`);
    expect(html).toContain('value="4111 1111 1111 1111"');
    expect(await snapshot(t.client)).toBe(before);
  });
});

describe("GET /profile/payout-methods/:id/edit", () => {
  it("shows the form filled with the method", async () => {
    const { partner, cookie } = await signedIn();
    const method = await given(partner.id);
    const res = await t.request(`/profile/payout-methods/${method.id}/edit`, { cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Изменить реквизиты");
    // Shown the way it is printed on the card; a numeric keypad on phones.
    expect(html).toContain('value="5555 5555 5555 4444"');
    expect(html).toMatch(/<input id="f-card_number" name="card_number" type="text" inputmode="numeric"[^>]*autocomplete="cc-number"/);
    expect(html).toMatch(/value="card" checked/);
  });

  it.each(["999", "abc"])("answers 404 for another partner's or a missing method (%s)", async (id) => {
    const { cookie } = await signedIn();
    const other = await givenPartner(t.db);
    const theirs = await given(other.id);
    expect((await t.request(`/profile/payout-methods/${theirs.id}/edit`, { cookie })).status).toBe(404);
    expect((await t.request(`/profile/payout-methods/${id}/edit`, { cookie })).status).toBe(404);
  });
});

describe("POST /profile/payout-methods/:id", () => {
  it("saves the changes, even to another kind", async () => {
    const { partner, cookie } = await signedIn();
    const method = await given(partner.id);
    const res = await t.request(`/profile/payout-methods/${method.id}`, { cookie, form: selfEmployedForm });
    expect(res.status).toBe(303);
    expect(await listPayoutMethods(t.db, partner.id)).toMatchObject([{ id: method.id, kind: "self_employed", isDefault: true }]);
  });

  it("refuses bad input with the message by the field and changes nothing", async () => {
    const { partner, cookie } = await signedIn();
    const method = await given(partner.id);
    const before = await snapshot(t.client);
    const res = await t.request(`/profile/payout-methods/${method.id}`, { cookie, form: { ...accountForm, account: "40702810303800012346" } });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Счёт не соответствует БИК");
    expect(html).toContain('value="40702810303800012346"');
    expect(await snapshot(t.client)).toBe(before);
  });

  it("answers 404 for another partner's method and changes nothing", async () => {
    const { cookie } = await signedIn();
    const other = await givenPartner(t.db);
    const theirs = await given(other.id);
    const before = await snapshot(t.client);
    const res = await t.request(`/profile/payout-methods/${theirs.id}`, { cookie, form: cardForm });
    expect(res.status).toBe(404);
    expect(await snapshot(t.client)).toBe(before);
  });
});

describe("POST /profile/payout-methods/:id/deletion", () => {
  it("deletes the confirmed method; the remaining one becomes default", async () => {
    const { partner, cookie } = await signedIn();
    const first = await given(partner.id);
    const second = await given(partner.id);
    const res = await t.request(`/profile/payout-methods/${first.id}/deletion`, { cookie, form: { confirmed: "1" } });
    expect(res.status).toBe(303);
    expect(await listPayoutMethods(t.db, partner.id)).toMatchObject([{ id: second.id, isDefault: true }]);
    expect(await (await t.request("/profile", { cookie: cookiesFrom(res, cookie) })).text()).toContain("Реквизиты удалены");
  });

  it("without confirmed=1 answers a page that says what goes and has the real button, and deletes nothing", async () => {
    const { partner, cookie } = await signedIn();
    const method = await given(partner.id);
    const before = await snapshot(t.client);
    const res = await t.request(`/profile/payout-methods/${method.id}/deletion`, { cookie, form: {} });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(text.requisites.deleteQuestion("Карта •••• 4444"));
    expect(html).toContain(`action="/profile/payout-methods/${method.id}/deletion"`);
    expect(html).toContain('<input type="hidden" name="confirmed" value="1"');
    expect(html).toContain('href="/profile#requisites"');
    expect(html).not.toContain("5555555555554444");
    expect(await snapshot(t.client)).toBe(before);
  });

  it("asks in a dialog on the profile page: the delete button's form carries the question", async () => {
    const { partner, cookie } = await signedIn();
    const method = await given(partner.id);
    const html = await (await t.request("/profile", { cookie })).text();
    expect(html).toMatch(new RegExp(`<form method="post" action="/profile/payout-methods/${method.id}/deletion"[^>]*data-confirm="[^"]*Карта •••• 4444`));
  });

  it("with a stale password asks for it, then for the confirmation, and deletes only after both", async () => {
    const { partner, cookie } = await signedIn();
    const method = await given(partner.id);
    await t.db.update(sessions).set({ authenticatedAt: t.clock.now - 20 * 60_000 });
    const path = `/profile/payout-methods/${method.id}/deletion`;
    // Without JavaScript: the password page first (403), re-posting the fields.
    const asked = await t.request(path, { cookie, form: {} });
    expect(asked.status).toBe(403);
    expect(await listPayoutMethods(t.db, partner.id)).toHaveLength(1);
    // The password is right: the handler runs and asks to confirm; nothing is deleted yet.
    const confirm = await t.request(path, { cookie, form: { [REAUTH_FIELD]: TEST_PASSWORD } });
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain(text.requisites.deleteQuestion("Карта •••• 4444"));
    expect(await listPayoutMethods(t.db, partner.id)).toHaveLength(1);
    const done = await t.request(path, { cookie, form: { confirmed: "1" } });
    expect(done.status).toBe(303);
    expect(await listPayoutMethods(t.db, partner.id)).toHaveLength(0);
  });

  it("with JavaScript and a stale password: the confirmed post gets the password page, which carries confirmed=1 on", async () => {
    const { partner, cookie } = await signedIn();
    const method = await given(partner.id);
    await t.db.update(sessions).set({ authenticatedAt: t.clock.now - 20 * 60_000 });
    const path = `/profile/payout-methods/${method.id}/deletion`;
    const asked = await t.request(path, { cookie, form: { confirmed: "1" } });
    expect(asked.status).toBe(403);
    expect(await asked.text()).toMatch(/<input type="hidden" name="confirmed" value="1"/);
    const done = await t.request(path, { cookie, form: { confirmed: "1", [REAUTH_FIELD]: TEST_PASSWORD } });
    expect(done.status).toBe(303);
    expect(await listPayoutMethods(t.db, partner.id)).toHaveLength(0);
  });

  it("answers 404 for another partner's method and changes nothing", async () => {
    const { cookie } = await signedIn();
    const other = await givenPartner(t.db);
    const theirs = await given(other.id);
    const before = await snapshot(t.client);
    expect((await t.request(`/profile/payout-methods/${theirs.id}/deletion`, { cookie, form: { confirmed: "1" } })).status).toBe(404);
    expect((await t.request(`/profile/payout-methods/${theirs.id}/deletion`, { cookie, form: {} })).status).toBe(404);
    expect(await snapshot(t.client)).toBe(before);
  });
});

describe("POST /profile/payout-methods/:id/default", () => {
  it("makes the method the only default", async () => {
    const { partner, cookie } = await signedIn();
    const first = await given(partner.id);
    const second = await given(partner.id);
    const res = await t.request(`/profile/payout-methods/${second.id}/default`, { cookie, form: {} });
    expect(res.status).toBe(303);
    const methods = await listPayoutMethods(t.db, partner.id);
    expect(methods.map((m) => [m.id, m.isDefault])).toEqual([
      [second.id, true],
      [first.id, false],
    ]);
  });

  it("answers 404 for another partner's method and changes nothing", async () => {
    const { partner, cookie } = await signedIn();
    await given(partner.id);
    const other = await givenPartner(t.db);
    await given(other.id);
    const theirs = await given(other.id);
    const before = await snapshot(t.client);
    expect((await t.request(`/profile/payout-methods/${theirs.id}/default`, { cookie, form: {} })).status).toBe(404);
    expect(await snapshot(t.client)).toBe(before);
  });
});
