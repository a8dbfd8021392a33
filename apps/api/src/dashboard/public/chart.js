// The escalation curve, drawn with uPlot (loaded as a classic script before the modules: window.uPlot).
// Height is the level (0–100); the area under the curve takes the colour of that day's rung; dots
// mark the days with developments; a dashed line marks the day whose contributors are shown.

/** @typedef {{date: string, level: number, rung: {index: number, name: string}}} HistoryEntry */

const css = (/** @type {string} */ name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/**
 * @param {HTMLElement} container
 * @param {{ onHover: (index: number | null) => void, onPick: (index: number) => void }} handlers
 */
export function createEscalationChart(container, { onHover, onPick }) {
  const uPlot = /** @type {any} */ (window).uPlot;
  if (!uPlot) throw new Error('the chart library did not load');

  /** @type {HistoryEntry[]} */
  let history = [];
  /** @type {Map<string, number>} developments per day */
  let marks = new Map();
  /** @type {number | null} */
  let selected = null;
  /** @type {any} */
  let plot = null;
  let lastHover = /** @type {number | null | undefined} */ (undefined);

  const colours = () => ({
    text: css('--muted') || '#5b6472',
    grid: css('--grid') || '#e6e8ec',
    line: css('--ink') || '#1f2933',
    surface: css('--surface') || '#ffffff',
    rungs: [0, 1, 2, 3, 4].map((i) => css(`--rung-${i}`) || '#888'),
  });

  function build() {
    const c = colours();
    const width = Math.max(280, container.clientWidth);
    const height = width < 560 ? 220 : 320;
    const axis = { stroke: c.text, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1, size: 4 }, font: '12px system-ui, sans-serif' };
    const opts = {
      width,
      height,
      tzDate: (/** @type {number} */ ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: { x: { time: true }, y: { auto: false, range: [0, 100] } },
      axes: [
        { ...axis, space: 60 },
        { ...axis, size: 36, splits: () => [0, 20, 40, 60, 80, 100] },
      ],
      series: [{}, { label: 'Level', stroke: c.line, width: 1.75, points: { show: false } }],
      legend: { show: false },
      cursor: {
        drag: { x: true, y: false, setScale: true },
        points: { size: 9, width: 2, stroke: c.line, fill: c.surface },
        y: false,
      },
      hooks: {
        drawAxes: [(/** @type {any} */ u) => fillByRung(u, c)],
        draw: [(/** @type {any} */ u) => drawMarks(u, c)],
        setCursor: [
          (/** @type {any} */ u) => {
            const idx = u.cursor.idx ?? null;
            if (idx === lastHover) return;
            lastHover = idx;
            onHover(idx);
          },
        ],
      },
    };
    plot?.destroy();
    plot = new uPlot(opts, data(), container);
    plot.root.querySelector('canvas')?.setAttribute('aria-hidden', 'true');
    // A click that did not drag picks the day under the cursor.
    /** @type {{x: number, y: number} | null} */
    let down = null;
    plot.over.addEventListener('mousedown', (/** @type {MouseEvent} */ e) => (down = { x: e.clientX, y: e.clientY }));
    plot.over.addEventListener('click', (/** @type {MouseEvent} */ e) => {
      const moved = down && Math.hypot(e.clientX - down.x, e.clientY - down.y) > 4;
      down = null;
      const idx = plot.cursor.idx;
      if (!moved && idx !== null && idx !== undefined) onPick(idx);
    });
  }

  const data = () => [history.map((e) => Date.parse(`${e.date}T00:00:00Z`) / 1000), history.map((e) => e.level)];

  /** The area under the curve, one fill per run of days on the same rung. */
  function fillByRung(/** @type {any} */ u, /** @type {ReturnType<typeof colours>} */ c) {
    if (history.length === 0) return;
    const { ctx } = u;
    const [xs, ys] = u.data;
    const y0 = u.valToPos(0, 'y', true);
    ctx.save();
    ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    ctx.clip();
    ctx.globalAlpha = 0.3;
    let start = 0;
    for (let i = 1; i <= history.length; i++) {
      if (i < history.length && history[i].rung.index === history[start].rung.index) continue;
      const end = Math.min(i, history.length - 1); // join the next run
      ctx.beginPath();
      ctx.moveTo(u.valToPos(xs[start], 'x', true), y0);
      for (let k = start; k <= end; k++) ctx.lineTo(u.valToPos(xs[k], 'x', true), u.valToPos(ys[k], 'y', true));
      ctx.lineTo(u.valToPos(xs[end], 'x', true), y0);
      ctx.closePath();
      ctx.fillStyle = c.rungs[history[start].rung.index] ?? c.rungs[0];
      ctx.fill();
      start = i;
    }
    ctx.restore();
  }

  /** Dots on days with developments, and the selected day. */
  function drawMarks(/** @type {any} */ u, /** @type {ReturnType<typeof colours>} */ c) {
    if (history.length === 0) return;
    const { ctx } = u;
    const [xs, ys] = u.data;
    const dpr = uPlot.pxRatio;
    ctx.save();
    ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    ctx.clip();
    if (selected !== null && selected < history.length) {
      const x = Math.round(u.valToPos(xs[selected], 'x', true)) + 0.5;
      ctx.strokeStyle = c.line;
      ctx.lineWidth = dpr;
      ctx.setLineDash([4 * dpr, 3 * dpr]);
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.lineWidth = 1.5 * dpr;
    ctx.strokeStyle = c.line;
    ctx.fillStyle = c.surface;
    for (let i = 0; i < history.length; i++) {
      const count = marks.get(history[i].date);
      if (!count) continue;
      const x = u.valToPos(xs[i], 'x', true);
      if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
      ctx.beginPath();
      ctx.arc(x, u.valToPos(ys[i], 'y', true), (count > 1 ? 4 : 3) * dpr, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
    ctx.restore();
  }

  const resize = new ResizeObserver(() => {
    if (!plot) return;
    const width = Math.max(280, container.clientWidth);
    if (width !== plot.width) plot.setSize({ width, height: width < 560 ? 220 : 320 });
  });
  resize.observe(container);
  const scheme = matchMedia('(prefers-color-scheme: dark)');
  const rebuild = () => build();
  scheme.addEventListener('change', rebuild);
  build();

  return {
    /** @param {HistoryEntry[]} entries @param {Map<string, number>} developmentDays */
    setData(entries, developmentDays) {
      history = entries;
      marks = developmentDays;
      if (selected !== null && selected >= history.length) selected = null;
      plot.setData(data());
    },
    /** @param {Map<string, number>} developmentDays */
    setMarks(developmentDays) {
      marks = developmentDays;
      plot.redraw(false, false);
    },
    /** @param {number | null} index */
    select(index) {
      selected = index;
      plot.redraw(false, false);
    },
    /** The chart's canvas (for tests and screenshots). */
    get element() {
      return /** @type {HTMLElement} */ (plot.root);
    },
    destroy() {
      resize.disconnect();
      scheme.removeEventListener('change', rebuild);
      plot?.destroy();
    },
  };
}
