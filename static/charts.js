// Draws every [data-chart] element with uPlot from the JSON block it names; again after htmx swaps.
// The y axis starts at 0 and its gutter is as wide as its widest label (uPlot's fixed 50 px cut
// "14 000" to "4 000"); counts are grouped with a narrow no-break space like formatCount on the server.
(() => {
  const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
  const HEIGHT = 220;
  const group = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 0 });
  const count = (v) => group.format(v).replace(/\s/g, "\u202f");

  // Colours from the stylesheet's tokens, so the lines match the brand; --accent-text is the brand
  // colour that keeps 4.5:1 on white, --muted the grey used for secondary text.
  function palette(el) {
    const css = getComputedStyle(el);
    const token = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
    return {
      lines: [token("--accent-text", token("--accent", "#1f5fbf")), token("--muted", "#55606e"), token("--ok", "#1d6b3a")],
      text: token("--muted", "#55606e"),
      grid: token("--line", "#d9dee5"),
    };
  }

  // The smallest 1-2-5 step that splits [0, max] into at most five whole steps: the y ticks.
  function step(max) {
    for (let magnitude = 1; ; magnitude *= 10) {
      for (const m of [1, 2, 5]) if (max / (m * magnitude) <= 5) return m * magnitude;
    }
  }

  // The gutter for the labels actually drawn: widest label + tick + gap + a little air.
  function axisSize(u, values, axisIdx, cycleNum) {
    const axis = u.axes[axisIdx];
    if (cycleNum > 1) return axis._size; // uPlot re-runs sizing until it settles; stop growing
    let widest = 0;
    if (values) {
      u.ctx.save();
      u.ctx.font = axis.font[0];
      for (const v of values) widest = Math.max(widest, u.ctx.measureText(v).width);
      u.ctx.restore();
    }
    const ratio = uPlot.pxRatio || window.devicePixelRatio || 1;
    return Math.ceil(widest / ratio + axis.ticks.size + axis.gap + 6);
  }

  function draw(el) {
    if (el.dataset.drawn || typeof uPlot === "undefined") return;
    const source = document.getElementById(el.dataset.chart);
    if (!source) return;
    const data = JSON.parse(source.textContent);
    const readout = document.getElementById(`${el.id}-readout`);
    const colours = palette(el);
    const xs = data.labels.map((_, i) => i);
    const max = Math.max(1, ...data.series.flatMap((s) => s.values));
    const yStep = step(max);
    const top = Math.ceil(max / yStep) * yStep;
    const opts = {
      width: Math.max(260, el.clientWidth),
      height: HEIGHT,
      scales: { x: { time: false }, y: { range: () => [0, top] } },
      axes: [
        {
          font: FONT,
          stroke: colours.text,
          grid: { show: false },
          ticks: { stroke: colours.grid },
          incrs: [1, 2, 3, 5, 7, 10, 14, 15, 30],
          space: 48,
          size: 32,
          values: (_u, splits) => splits.map((i) => data.labels[i] ?? ""),
        },
        {
          font: FONT,
          stroke: colours.text,
          grid: { stroke: colours.grid },
          ticks: { stroke: colours.grid },
          splits: () => Array.from({ length: top / yStep + 1 }, (_, i) => i * yStep),
          values: (_u, splits) => splits.map(count),
          size: axisSize,
        },
      ],
      series: [
        {},
        ...data.series.map((s, i) => ({
          label: s.name,
          stroke: colours.lines[i % colours.lines.length],
          width: 2,
          dash: i === 1 ? [6, 4] : undefined,
          points: { show: false },
        })),
      ],
      // The HTML legend above the chart names the lines; uPlot's own legend would show "Name:" with
      // an empty value whenever the pointer is off the plot.
      legend: { show: false },
      hooks: {
        setCursor: [
          (u) => {
            if (!readout) return;
            const i = u.cursor.idx;
            readout.textContent = i == null ? "" : `${data.labels[i]}: ${data.series.map((s) => `${s.name} ${count(s.values[i] ?? 0)}`).join(" · ")}`;
          },
        ],
        // What was drawn, for the browser test: the y labels and the gutter they got.
        draw: [
          (u) => {
            el.dataset.yLabels = JSON.stringify(u.axes[1]._values ?? []);
            el.dataset.ySize = String(u.axes[1]._size);
            el.dataset.yFont = FONT;
          },
        ],
      },
    };
    el.dataset.drawn = "1";
    const plot = new uPlot(opts, [xs, ...data.series.map((s) => s.values)], el);
    new ResizeObserver(() => plot.setSize({ width: Math.max(260, el.clientWidth), height: HEIGHT })).observe(el);
  }
  const drawAll = () => document.querySelectorAll("[data-chart]").forEach(draw);
  document.addEventListener("DOMContentLoaded", drawAll);
  document.addEventListener("htmx:after:swap", drawAll);
})();
