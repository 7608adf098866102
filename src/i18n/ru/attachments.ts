/** Files attached to chat messages and notifications: upload refusals and download labels. */
import { formatBytes } from "../format.js";

export const attachments = {
  field: "Файлы",
  attach: "Прикрепить файлы",
  hint: "До 5 файлов, каждый до 10 МБ: фото (JPEG, PNG, WebP, GIF), PDF, DOCX, XLSX, ODT, ODS, TXT, CSV, ZIP",
  /** The name of a file whose own name had nothing printable left. */
  fallbackName: "файл",
  errors: {
    too_large: (name: string) => `«${name}»: файл больше 10 МБ`,
    unsupported: (name: string) => `«${name}»: такой тип файла нельзя отправить. Можно фото, PDF, DOCX, XLSX, ODT, ODS, TXT, CSV и ZIP`,
    mismatch: (name: string) => `«${name}»: содержимое файла не совпадает с его типом`,
    broken: (name: string) => `«${name}»: картинка повреждена или слишком большая по размеру в пикселях`,
    empty: (name: string) => `«${name}»: файл пустой`,
    tooMany: "Не больше 5 файлов в одном сообщении",
    requestTooLarge: "Файлы вместе больше 50 МБ: отправьте их в нескольких сообщениях",
    fieldTooLong: "Текст слишком длинный",
  },
  download: (name: string) => `Скачать ${name}`,
  openImage: (name: string) => `Открыть ${name} полностью`,
  /** «отчёт.pdf, 2,4 МБ» */
  fileLabel: (name: string, bytes: number) => `${name}, ${formatBytes(bytes)}`,
  listLabel: "Вложения",
};
