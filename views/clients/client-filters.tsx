import { t } from "../../src/i18n/ru.js";

export type ClientFilterValues = {
  q: string;
  period: string;
  from: string;
  to: string;
  source: string;
  link: string;
  delivery: string;
  status: string;
  sort: string;
};
export type ClientFiltersProps = { action: string; values: ClientFilterValues; links: Array<{ id: number; title: string }> };

type Option = readonly [value: string, label: string];
const all: Option = ["all", t.clients.filters.all];
const options = {
  period: Object.entries(t.clients.periods),
  source: [all, ...Object.entries(t.clients.sources)],
  delivery: [all, ...Object.entries(t.clients.delivery)],
  status: [all, ...Object.entries(t.clients.statusGroups)],
  sort: Object.entries(t.clients.sorts),
} satisfies Record<string, readonly Option[]>;

function Select({ name, label, value, choices }: { name: string; label: string; value: string; choices: readonly Option[] }) {
  return (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name}>
        {choices.map(([v, text]) => (
          <option value={v} selected={v === value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

function DayInput({ name, label, value }: { name: string; label: string; value: string }) {
  return (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      <input id={`f-${name}`} name={name} type="date" value={value} />
    </div>
  );
}

/**
 * A GET form: the filters live in the URL, so a filtered list can be bookmarked and exported. One
 * compact bar keeps what partners use — search, status, period — in sight; the rest folds away and
 * opens by itself when one of them is set.
 */
export function ClientFilters({ action, values, links }: ClientFiltersProps) {
  const f = t.clients.filters;
  const linkChoices: Option[] = [all, ...links.map((l) => [String(l.id), l.title] as const)];
  const more = values.from || values.to || [values.source, values.link, values.delivery].some((v) => v !== "all") || values.sort !== "created_desc";
  // The reset button only when there is something to reset.
  const filtered = more || values.q !== "" || values.period !== "all" || values.status !== "all";
  return (
    <form method="get" action={action} class="card clients-filters">
      <div class="filter-bar">
        <div class="field filter-search">
          <label for="f-q">{f.search}</label>
          <input id="f-q" name="q" type="search" value={values.q} maxlength={100} />
        </div>
        <Select name="status" label={f.status} value={values.status} choices={options.status} />
        <Select name="period" label={f.period} value={values.period} choices={options.period} />
        <div class="filter-actions">
          <button type="submit" class="button">
            {f.apply}
          </button>
          {filtered && (
            <a class="button button-secondary" href={action}>
              {f.reset}
            </a>
          )}
        </div>
      </div>
      <details class="filter-more" open={Boolean(more)}>
        <summary>{f.more}</summary>
        <div class="filter-grid">
          <DayInput name="from" label={f.from} value={values.from} />
          <DayInput name="to" label={f.to} value={values.to} />
          <Select name="source" label={f.source} value={values.source} choices={options.source} />
          <Select name="link" label={f.link} value={values.link} choices={linkChoices} />
          <Select name="delivery" label={f.delivery} value={values.delivery} choices={options.delivery} />
          <Select name="sort" label={f.sort} value={values.sort} choices={options.sort} />
        </div>
      </details>
    </form>
  );
}
