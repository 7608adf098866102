import { describe, expect, it } from "vitest";
import { givenAdmin } from "../../testing/fixtures.js";
import { createTestApp } from "../../testing/test-app.js";

describe("GET /admin/settings", () => {
  it("shows the contact-masking switch (on by default) and the default links", async () => {
    const t = await createTestApp();
    const cookie = await t.cookieFor(await givenAdmin(t.db));
    const html = await (await t.request("/admin/settings", { cookie })).text();
    expect(html).toMatch(/name="mask_contacts" value="on" checked=""/);
    expect(html).toContain("Ссылки по умолчанию");
    await t.request("/admin/settings/contact-masking", { cookie, form: {} });
    expect(await (await t.request("/admin/settings", { cookie })).text()).not.toMatch(/name="mask_contacts" value="on" checked/);
  });
});
