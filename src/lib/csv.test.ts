import { describe, expect, it } from "vitest";
import { csvCell, csvDocument } from "./csv.js";

describe("csvCell", () => {
  it.each([
    ["plain", "plain"],
    ["", ""],
    [null, ""],
    [42, "42"],
    ["a;b", '"a;b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line\nbreak", '"line\nbreak"'],
    ['=HYPERLINK("http://evil")', '"\'=HYPERLINK(""http://evil"")"'],
    ["+7 912", "'+7 912"],
    ["-1", "'-1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tx", "'\tx"],
    ["\rx", '"\'\rx"'],
    ["a=b", "a=b"],
  ])("writes %j as %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe("csvDocument", () => {
  it("starts with a BOM, separates with ; and ends every line with CRLF", () => {
    expect(
      csvDocument([
        ["a", "b"],
        ["c", null],
      ]),
    ).toBe("\uFEFFa;b\r\nc;\r\n");
  });
});
