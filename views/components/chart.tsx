/**
 * A uPlot chart "island": the series is embedded as JSON and static/charts.js draws it.
 * Without JavaScript the totals on the same page still tell the story.
 */
export type ChartProps = { id: string; label: string; xLabel: string; days: string[]; series: { name: string; values: number[] }[] };

export function DailyChart(p: ChartProps) {
  const data = { xLabel: p.xLabel, labels: p.days.map((d) => `${d.slice(8, 10)}.${d.slice(5, 7)}`), series: p.series };
  // JSON inside <script> must not be HTML-escaped by JSX; "<" is escaped so it cannot close the tag.
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return (
    <figure class="chart-figure">
      <div class="chart" id={p.id} role="img" aria-label={p.label} data-chart={`${p.id}-data`} />
      <script type="application/json" id={`${p.id}-data`} dangerouslySetInnerHTML={{ __html: json }} />
    </figure>
  );
}
