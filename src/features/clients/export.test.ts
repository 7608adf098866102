import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { clients } from "../../db/schema.js";
import { givenAdmin, givenPartner } from "../../testing/fixtures.js";
import { createTestApp, type TestApp } from "../../testing/test-app.js";
import { createLink } from "../links/links.js";
import { type ClientInput, createClient } from "./clients.js";
import { setMaskContacts } from "./masking.js";

let t: TestApp;
let partner: Awaited<ReturnType<typeof givenPartner>>;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  partner = await givenPartner(t.db);
  cookie = await t.cookieFor(partner);
});

const noUtm = { utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null };
const input = (over: Partial<ClientInput>): ClientInput => ({
  source: "form",
  name: "Клиент",
  phone: null,
  email: null,
  company: null,
  comment: null,
  linkId: null,
  landingId: null,
  utm: noUtm,
  ...over,
});

async function download(query = "") {
  const res = await t.request(`/clients/export.csv${query}`, { cookie });
  expect(res.status).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, bytes, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
}

describe("GET /clients/export.csv", () => {
  it("writes UTF-8 with BOM, ; separators, CRLF, Russian headers and dd.mm.yyyy dates", async () => {
    const link = await createLink(t.db, partner.id, { title: "Сайт; главная", targetUrl: "https://example.ru", ...noUtm }, t.clock.now);
    await createClient(t.db, partner.id, input({ name: "Мария", phone: "+79123456789", email: "maria@example.ru", linkId: link.id }), t.clock.now);
    const { res, bytes, text } = await download();
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="clients-2026-11-26.csv"');
    const lines = text.slice(1).split("\r\n");
    expect(lines[0]).toBe(
      "Дата;Имя;Телефон;Email;Компания;Комментарий;Источник;Ссылка;Передача в CRM;Статус;Стадия в CRM;Сумма сделки;Вознаграждение;Валюта;Выплачено;Возможный дубль",
    );
    expect(lines[1]).toBe(`26.11.2026;Мария;'+7 912 ***-**-89;m***@example.ru;;;Форма;"Сайт; главная";ожидает отправки;новый;;;0,00;;нет;нет`);
    expect(lines[2]).toBe("");
    expect(lines).toHaveLength(3);
  });

  it("gives the partner full contacts when masking is off", async () => {
    await createClient(t.db, partner.id, input({ phone: "+79123456789", email: "maria@example.ru" }), t.clock.now);
    const admin = await givenAdmin(t.db);
    await setMaskContacts(t.db, false, admin.id, t.clock.now);
    const { text } = await download();
    expect(text).toContain(";'+79123456789;maria@example.ru;");
  });

  it("writes the Bitrix24 status, the deal amount and the commission as plain numbers Excel can add up", async () => {
    const created = await createClient(t.db, partner.id, input({ name: "Выиграл", phone: "+79000000009" }), t.clock.now);
    if (!created.ok) throw new Error("fixture client refused");
    await t.db
      .update(clients)
      .set({ statusGroup: "won", statusName: "Сделка успешна", amountKopecks: 123_456_789, currencyId: "RUB", commissionKopecks: 12_345_679, isPaid: true })
      .where(eq(clients.id, created.client.id));
    const { text } = await download();
    expect(text).toContain(";успешно;Сделка успешна;1234567,89;123456,79;RUB;да;нет\r\n");
  });

  it("defuses formulas and quotes separators, quotes and line breaks", async () => {
    await createClient(
      t.db,
      partner.id,
      input({ name: '=HYPERLINK("http://evil.example","x")', company: "@SUM(1+1)", comment: 'строка 1\r\nстрока "2"', phone: "+79000000001" }),
      t.clock.now,
    );
    const { text } = await download();
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(text).toContain(";'@SUM(1+1);");
    expect(text).toContain(`;"строка 1\r\nстрока ""2""";`);
  });

  it("exports only the filtered rows of the partner's own clients", async () => {
    await createClient(t.db, partner.id, input({ name: "Ручной", source: "manual", phone: "+79000000001" }), t.clock.now);
    await createClient(t.db, partner.id, input({ name: "Старый", source: "manual", phone: "+79000000002" }), t.clock.now - 40 * 86_400_000);
    await createClient(t.db, partner.id, input({ name: "С формы", phone: "+79000000003" }), t.clock.now);
    const other = await givenPartner(t.db);
    await createClient(t.db, other.id, input({ name: "Чужой", source: "manual", phone: "+79000000004" }), t.clock.now);
    const { text } = await download("?source=manual&period=30d");
    const names = text
      .slice(1)
      .split("\r\n")
      .slice(1, -1)
      .map((l) => l.split(";")[1]);
    expect(names).toEqual(["Ручной"]);
    const all = await download();
    expect(all.text).not.toContain("Чужой");
    expect(all.text.split("\r\n")).toHaveLength(5);
  });
});
