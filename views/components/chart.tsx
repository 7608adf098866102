import { t } from "../../src/i18n/ru.js";

/**
 * A uPlot chart "island": the series is embedded as JSON and static/charts.js draws it (CSP allows no
 * inline script, a JSON data block is not executed). The legend and the sentence saying what the chart
 * shows are plain HTML, so they read the same without JavaScript. When every value is zero there is
 * nothing to draw: a sentence stands in for the chart instead of an empty 0–100 grid.
 */
export type ChartProps = {
  id: string;
  /** The canvas's accessible name: what it shows and the total. */
  label: string;
  xLabel: string;
  /** "YYYY-MM-DD", oldest first; shown as dd.mm. */
  days: string[];
  series: { name: string; values: number[] }[];
  /** The sentence under the chart; by default built from the series names. */
  caption?: string;
  /** The sentence shown instead of a chart with no data. */
  empty?: string;
};

export function DailyChart(p: ChartProps) {
  const hasData = p.series.some((s) => s.values.some((v) => v > 0));
  if (!hasData) {
    return (
      <p class="chart-empty" id={p.id}>
        {p.empty ?? t.dashboardCards.chartEmpty}
      </p>
    );
  }
  const data = { xLabel: p.xLabel, labels: p.days.map((d) => `${d.slice(8, 10)}.${d.slice(5, 7)}`), series: p.series };
  // JSON inside <script> must not be HTML-escaped by JSX; "<" is escaped so it cannot close the tag.
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return (
    <figure class="chart-figure">
      <div class="chart-head">
        <ul class="chart-legend">
          {p.series.map((s, i) => (
            <li>
              <span class={`chart-swatch chart-swatch-${i}`} aria-hidden="true" />
              {s.name}
            </li>
          ))}
        </ul>
        {/* charts.js writes the day under the pointer and its values here; the canvas's label and the caption say the rest. */}
        <p class="chart-readout" id={`${p.id}-readout`} aria-hidden="true" />
      </div>
      <div class="chart" id={p.id} role="img" aria-label={p.label} data-chart={`${p.id}-data`} />
      <figcaption class="chart-caption">{p.caption ?? t.dashboardCards.chartCaption(p.series.map((s) => s.name))}</figcaption>
      <script type="application/json" id={`${p.id}-data`} dangerouslySetInnerHTML={{ __html: json }} />
    </figure>
  );
}
