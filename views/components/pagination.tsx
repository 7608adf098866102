import { t } from "../../src/i18n/ru.js";

export type PaginationProps = { page: number; pages: number; hrefFor: (page: number) => string };

/** Previous / "page N of M" / next; plain links, so paging works without JavaScript and can be bookmarked. */
export function Pagination({ page, pages, hrefFor }: PaginationProps) {
  if (pages <= 1) return null;
  return (
    <nav class="pagination" aria-label={t.pagination.label}>
      {page > 1 ? (
        <a href={hrefFor(page - 1)} rel="prev">
          {t.pagination.prev}
        </a>
      ) : (
        <span />
      )}
      <span class="pagination-status">{t.pagination.pageOf(page, pages)}</span>
      {page < pages ? (
        <a href={hrefFor(page + 1)} rel="next">
          {t.pagination.next}
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
