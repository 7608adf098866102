/** CSV that Excel opens correctly in a Russian locale: UTF-8 with BOM, `;` separator, CRLF. */

const NEEDS_QUOTES = /[;"\r\n]/;
// A cell starting with one of these is read as a formula by Excel and LibreOffice (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | null | undefined;

export function csvCell(value: CsvValue): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: BOM, one line per row, each line ending in CRLF. */
export function csvDocument(rows: CsvValue[][]): string {
  return `\uFEFF${rows.map((row) => `${row.map(csvCell).join(";")}\r\n`).join("")}`;
}
