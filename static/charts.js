// Draws every [data-chart] element with uPlot from the JSON block it names; again after htmx swaps.
(() => {
  const palette = ["#1f5fbf", "#1d6b3a", "#b3261e"];
  function draw(el) {
    if (el.dataset.drawn || typeof uPlot === "undefined") return;
    const source = document.getElementById(el.dataset.chart);
    if (!source) return;
    const data = JSON.parse(source.textContent);
    const xs = data.labels.map((_, i) => i);
    const width = Math.max(280, el.clientWidth);
    const opts = {
      width,
      height: 220,
      scales: { x: { time: false } },
      axes: [
        { values: (_u, splits) => splits.map((i) => data.labels[i] ?? ""), stroke: "#55606e", grid: { show: false } },
        // Counts are whole numbers: no 0,25-step ticks.
        {
          stroke: "#55606e",
          grid: { stroke: "#e5e8ec" },
          incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6],
        },
      ],
      series: [
        { label: data.xLabel, value: (_u, i) => (i == null ? "" : (data.labels[i] ?? "")) },
        ...data.series.map((s, i) => ({
          label: s.name,
          stroke: palette[i % palette.length],
          width: 2,
          points: { show: false },
          value: (_u, v) => (v == null ? "" : String(v)),
        })),
      ],
      legend: { show: true },
    };
    el.dataset.drawn = "1";
    const plot = new uPlot(opts, [xs, ...data.series.map((s) => s.values)], el);
    new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height: 220 })).observe(el);
  }
  const drawAll = () => document.querySelectorAll("[data-chart]").forEach(draw);
  document.addEventListener("DOMContentLoaded", drawAll);
  document.addEventListener("htmx:after:swap", drawAll);
})();
