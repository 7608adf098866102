import { t } from "../../src/i18n/ru.js";

export type PaginationProps = { page: number; pages: number; hrefFor: (page: number) => string };

export function Pagination({ page, pages, hrefFor }: PaginationProps) {
  if (pages <= 1) return null;
  return (
    <nav class="pagination" aria-label={t.pagination.label}>
      {page > 1 ? <a href={hrefFor(page - 1)}>{t.pagination.prev}</a> : <span />}
      <span>{t.pagination.pageOf(page, pages)}</span>
      {page < pages ? <a href={hrefFor(page + 1)}>{t.pagination.next}</a> : <span />}
    </nav>
  );
}
