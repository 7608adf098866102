import { describe, expect, it } from "vitest";
import { countOf, formatCount, formatDate, formatDateTime, formatMoney, formatPercent, plural } from "./format.js";
import { t } from "./ru.js";

const nbsp = "\u00a0";
const nnbsp = "\u202f";

describe("formatMoney", () => {
  it.each([
    [123456, `1${nbsp}234,56${nbsp}₽`],
    [0, `0,00${nbsp}₽`],
    [5, `0,05${nbsp}₽`],
    [-99, `-0,99${nbsp}₽`],
    [123456789012, `1${nbsp}234${nbsp}567${nbsp}890,12${nbsp}₽`],
  ])("formats %i kopecks as %s", (kop, text) => {
    expect(formatMoney(kop)).toBe(text);
  });

  it("refuses fractional kopecks instead of rounding silently", () => {
    expect(() => formatMoney(10.5)).toThrow(RangeError);
  });
});

describe("formatCount", () => {
  it.each([
    [0, "0"],
    [999, "999"],
    [1000, `1${nnbsp}000`],
    [14000, `14${nnbsp}000`],
    [336465, `336${nnbsp}465`],
    [1234567, `1${nnbsp}234${nnbsp}567`],
    [-2500, `-2${nnbsp}500`],
  ])("formats %i as %s", (n, text) => {
    expect(formatCount(n)).toBe(text);
  });

  it("groups with the narrow no-break space only, so a count never wraps", () => {
    expect(formatCount(336465)).not.toMatch(/[ \u00a0]/);
  });

  it("refuses a fraction instead of rounding silently", () => {
    expect(() => formatCount(1.5)).toThrow(RangeError);
    expect(() => formatCount(Number.NaN)).toThrow(RangeError);
  });
});

describe("formatPercent", () => {
  it.each([
    [0.125, `12,5${nbsp}%`],
    [0, `0,0${nbsp}%`],
    [1, `100,0${nbsp}%`],
    [0.1, `10,0${nbsp}%`],
    [0.1235, `12,4${nbsp}%`], // 12,35 % rounds half up
    [1 / 3, `33,3${nbsp}%`],
    [2 / 3, `66,7${nbsp}%`],
    [0.0004, `0,0${nbsp}%`],
    [0.0005, `0,1${nbsp}%`],
    [25, `2${nnbsp}500,0${nbsp}%`],
    [-0.05, `-5,0${nbsp}%`],
  ])("formats the ratio %d as %s", (ratio, text) => {
    expect(formatPercent(ratio)).toBe(text);
  });

  it("refuses a ratio that is not a number (0/0 is the caller's decision)", () => {
    expect(() => formatPercent(0 / 0)).toThrow(RangeError);
    expect(() => formatPercent(1 / 0)).toThrow(RangeError);
  });
});

describe("formatDate", () => {
  it("uses the app time zone for the day boundary", () => {
    const lateEveningUtc = Date.UTC(2026, 10, 26, 22, 30);
    expect(formatDate(lateEveningUtc, "Europe/Moscow")).toBe("27.11.2026");
    expect(formatDate(lateEveningUtc, "UTC")).toBe("26.11.2026");
    expect(formatDateTime(lateEveningUtc, "Europe/Moscow")).toBe("27.11.2026, 01:30");
  });
});

describe("plural", () => {
  it.each([
    [1, "заявка"],
    [2, "заявки"],
    [5, "заявок"],
    [11, "заявок"],
    [21, "заявка"],
    [104, "заявки"],
  ])("%i → %s", (n, word) => {
    expect(plural(n, t.plurals.registration)).toBe(word);
  });
});

describe("plural over Intl.PluralRules('ru')", () => {
  const funnel = ["воронка", "воронки", "воронок"] as [string, string, string];
  it.each([
    [0, "0 воронок"],
    [1, "1 воронка"],
    [2, "2 воронки"],
    [5, "5 воронок"],
    [11, "11 воронок"],
    [12, "12 воронок"],
    [14, "14 воронок"],
    [21, "21 воронка"],
    [22, "22 воронки"],
    [25, "25 воронок"],
    [101, "101 воронка"],
    [111, "111 воронок"],
    [1.5, "1.5 воронки"], // a fraction ("other") takes the genitive singular, the "few" word
    [14000, `14${nnbsp}000 воронок`], // a whole count is grouped like formatCount
    [1001, `1${nnbsp}001 воронка`],
  ])("%d → %s", (n, text) => {
    expect(countOf(n, funnel)).toBe(text);
  });

  it("is what the texts with a count say", () => {
    expect(t.crmAdmin.checkOk(2)).toBe("Соединение работает: в портале 2 воронки");
    expect(t.crmAdmin.checkOk(21)).toBe("Соединение работает: в портале 21 воронка");
    expect(t.notifications.bellLabel(1)).toBe("Уведомления: 1 непрочитанное");
    expect(t.notifications.bellLabel(3)).toBe("Уведомления: 3 непрочитанных");
    expect(t.payouts.balance.onHoldHint(1)).toContain("через 1 день после");
    expect(t.payouts.balance.onHoldHint(3)).toContain("через 3 дня после");
    expect(t.payouts.balance.onHoldHint(14)).toContain("через 14 дней после");
    expect(t.validation.tooLong(21)).toBe("Не длиннее 21 символа");
    expect(t.validation.tooLong(200)).toBe("Не длиннее 200 символов");
    expect(t.validation.tooShort(8)).toBe("Не короче 8 символов");
    expect(t.requisites.tooMany(1)).toContain("не больше 1 способа выплаты");
    expect(t.requisites.tooMany(10)).toContain("не больше 10 способов выплаты");
    expect(t.auth.reauth.explanation(15)).toContain("больше 15 минут.");
    expect(t.auth.reauth.explanation(21)).toContain("больше 21 минуты.");
  });
});
