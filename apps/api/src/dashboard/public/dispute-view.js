// One dispute: where it stands, the escalation curve and what drove it on a given day, the
// agreements, the measures in force, the deadlines ahead and the timeline. Live: a change to this
// dispute (or to agreements or deadlines) re-fetches what it touches, debounced.
import { createEscalationChart } from './chart.js';
import { meter } from './list-view.js';
import {
  addDays,
  capitalise,
  daysBetween,
  direction,
  fill,
  fmtDay,
  fmtDuration,
  fmtInstant,
  fmtNumber,
  fmtOccurred,
  h,
  humanise,
  isoDay,
  liveCountdown,
  partyPills,
  regionName,
  RUNGS,
  rungBadge,
  safeUrl,
  statusBadge,
  tickCountdowns,
} from './util.js';

const TIMELINE_PAGE = 200;
/** Contributors listed before "Show all". */
const CONTRIBUTORS_SHOWN = 6;
const TIMELINE_FIRST_LOAD = 1000;
/** The API's longest history. */
const MAX_RANGE_DAYS = 3660;
/** The default range: at most two years… */
const DEFAULT_RANGE_DAYS = 731;
/** …ending today, or this long after the latest development when the dispute has gone quiet. */
const QUIET_TAIL_DAYS = 180;

/**
 * @typedef {{eventId: string, type: string, occurredAt: string, recordedAt: string, recordedBy: string, summary: string,
 *   actor: string | null, target: string | null, retracted: boolean, cameoCode?: string | null,
 *   sources: Array<{publisher: string, title?: string, url?: string, publishedOn?: string, quote?: string}>}} TimelineItem
 * @typedef {{date: string, level: number, rung: {index: number, name: string}}} HistoryEntry
 * @typedef {{mode: 'default' | '90d' | '1y' | 'all' | 'custom', from: string, to: string}} Range
 */

/**
 * @param {any} ctx the shell's context (get, report, setCrumbs, setTitle)
 * @param {string} id
 * @param {{from: string | null, to: string | null}} asked a range from the address, if any
 */
export function disputeView(ctx, id, asked) {
  const aborter = new AbortController();
  const signal = aborter.signal;
  const path = `/disputes/${encodeURIComponent(id)}`;

  const state = {
    /** @type {any} */ dispute: null,
    /** @type {TimelineItem[]} */ timeline: [],
    /** @type {string | null} */ nextCursor: null,
    /** @type {HistoryEntry[]} */ history: [],
    /** @type {Range | null} */ range: null,
    /** @type {number | null} the day shown in the contributors panel */ shown: null,
    /** @type {string | null} its date */ shownDate: null,
    pinned: false,
    newestFirst: true,
    /** @type {Map<string, Promise<any>>} escalation readings by day */ readings: new Map(),
    /** @type {string | null} the day whose contributors are all shown */ allFor: null,
    missing: false,
    position: 0,
  };

  // ---- the skeleton: sections filled in as their data arrives ----
  const headEl = h('div', { class: 'dispute-head' }, h('p', { class: 'loading' }, 'Loading…'));
  const rangeEl = h('div', { class: 'range', role: 'group', 'aria-label': 'Range of the escalation chart' });
  const chartEl = h('div', { class: 'chart', tabindex: '0', 'aria-label': 'Escalation level per day. Arrow keys move the selected day.' });
  const readoutEl = h('p', { class: 'readout' });
  const contributorsEl = h('div', { class: 'contributors' });
  const agreementsEl = h('div', { class: 'card-body' }, h('p', { class: 'loading' }, 'Loading…'));
  const measuresEl = h('div', { class: 'card-body' }, h('p', { class: 'loading' }, 'Loading…'));
  const deadlinesEl = h('div', { class: 'card-body' }, h('p', { class: 'loading' }, 'Loading…'));
  const timelineEl = h('ol', { class: 'timeline' });
  const timelineFoot = h('div', { class: 'timeline-foot' });
  const orderButton = h('button', { type: 'button', class: 'btn', onclick: () => ((state.newestFirst = !state.newestFirst), renderTimeline()) });

  const el = h(
    'article',
    { class: 'view view-dispute', dataset: { id } },
    headEl,
    h(
      'section',
      { class: 'card escalation-card', 'aria-labelledby': 'escalation-title' },
      h('div', { class: 'card-head' }, h('h2', { id: 'escalation-title' }, 'Escalation'), rangeEl),
      h(
        'div',
        { class: 'escalation-grid' },
        h('figure', { class: 'chart-figure' }, chartEl, h('figcaption', null, readoutEl, rungLegend())),
        h('aside', { class: 'contributors-panel', 'aria-label': 'What drove the level that day' }, contributorsEl),
      ),
    ),
    h(
      'div',
      { class: 'cards' },
      h('section', { class: 'card', id: 'agreements', 'aria-labelledby': 'agreements-title' }, h('div', { class: 'card-head' }, h('h2', { id: 'agreements-title' }, 'Agreements')), agreementsEl),
      h('section', { class: 'card', id: 'measures', 'aria-labelledby': 'measures-title' }, h('div', { class: 'card-head' }, h('h2', { id: 'measures-title' }, 'Measures in force')), measuresEl),
      h('section', { class: 'card', id: 'deadlines', 'aria-labelledby': 'deadlines-title' }, h('div', { class: 'card-head' }, h('h2', { id: 'deadlines-title' }, 'Next deadlines')), deadlinesEl),
    ),
    h(
      'section',
      { class: 'card timeline-card', id: 'timeline', 'aria-labelledby': 'timeline-title' },
      h('div', { class: 'card-head' }, h('h2', { id: 'timeline-title' }, 'Timeline'), orderButton),
      timelineEl,
      timelineFoot,
    ),
  );

  ctx.setCrumbs([{ label: 'Disputes', href: '/' }, { label: id }]);
  ctx.setTitle(id);

  // The chart needs its container in the page to measure it: built on the next frame.
  /** @type {ReturnType<typeof createEscalationChart> | null} */
  let chart = null;
  const chartReady = new Promise((resolve) =>
    requestAnimationFrame(() => {
      if (signal.aborted) return;
      try {
        chart = createEscalationChart(chartEl, { onHover: hovered, onPick: picked });
      } catch (error) {
        ctx.report(error, 'the chart');
      }
      resolve(undefined);
    }),
  );
  chartEl.addEventListener('keydown', (event) => {
    if (!state.history.length) return;
    const step = { ArrowLeft: -1, ArrowRight: 1 }[event.key];
    if (event.key === 'Escape') {
      state.pinned = false;
      chart?.select(null);
      showDay(peakIndex(), 'Peak of the range');
      return;
    }
    if (!step) return;
    event.preventDefault();
    const from = state.shown ?? state.history.length - 1;
    picked(Math.max(0, Math.min(state.history.length - 1, from + step)), true);
  });

  // ---- loading ----

  const at = () => (state.position ? `minPosition=${state.position}` : '');
  const withQuery = (/** @type {string} */ p, /** @type {string[]} */ params) => {
    const q = params.filter(Boolean).join('&');
    return q ? `${p}?${q}` : p;
  };

  /** @returns {Promise<boolean>} whether the dispute is there */
  async function loadDispute() {
    try {
      state.dispute = await ctx.get(withQuery(path, [at()]), { signal });
      renderHead();
      renderAgreements();
      renderMeasures();
      renderDeadlines();
      tickCountdowns(el);
      return true;
    } catch (error) {
      if (/** @type {any} */ (error).status === 404 && !state.dispute) {
        state.missing = true;
        fill(el, h('div', { class: 'not-found' }, h('h1', null, 'No such dispute'), h('p', { class: 'muted' }, `There is no dispute “${id}”. `, h('a', { href: '/', 'data-nav': true }, 'See all disputes'), '.')));
        return false;
      }
      ctx.report(error, 'the dispute');
      if (!state.dispute) fill(headEl, h('h1', null, id), h('p', { class: 'empty' }, 'This dispute could not be loaded.'));
      return Boolean(state.dispute);
    }
  }

  /**
   * Loads the timeline from the start, at least `want` items (all, when there are fewer).
   * @param {number} [want] @param {{quiet?: boolean}} [options] quiet: throw instead of reporting
   */
  async function loadTimeline(want = Math.max(TIMELINE_FIRST_LOAD, state.timeline.length), { quiet = false } = {}) {
    try {
      /** @type {TimelineItem[]} */
      const items = [];
      /** @type {string | null} */
      let cursor = null;
      do {
        /** @type {{items: TimelineItem[], nextCursor: string | null}} */
        const page = await ctx.get(withQuery(`${path}/timeline`, [`limit=${TIMELINE_PAGE}`, cursor ? `cursor=${encodeURIComponent(cursor)}` : '', at()]), { signal });
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && items.length < want);
      state.timeline = items;
      state.nextCursor = cursor;
      renderTimeline();
      chart?.setMarks(developmentDays());
    } catch (error) {
      if (quiet) throw error;
      ctx.report(error, 'the timeline');
      if (!state.timeline.length) fill(timelineEl, h('li', { class: 'empty' }, 'The timeline could not be loaded.'));
    }
  }

  async function loadMoreTimeline() {
    if (!state.nextCursor) return;
    try {
      const page = await ctx.get(withQuery(`${path}/timeline`, [`limit=${TIMELINE_PAGE}`, `cursor=${encodeURIComponent(state.nextCursor)}`, at()]), { signal });
      state.timeline.push(...page.items);
      state.nextCursor = page.nextCursor;
      renderTimeline();
      chart?.setMarks(developmentDays());
    } catch (error) {
      ctx.report(error, 'more of the timeline');
    }
  }

  async function loadHistory() {
    const range = state.range ?? (state.range = defaultRange());
    renderRange();
    try {
      /** @type {HistoryEntry[]} */
      const history = await ctx.get(withQuery(`${path}/escalation/history`, [`from=${range.from}`, `to=${range.to}`, at()]), { signal });
      state.history = history;
      state.readings.clear();
      await chartReady;
      chart?.setData(history, developmentDays());
      chartEl.dataset.days = String(history.length);
      chartEl.dataset.maxLevel = String(history.reduce((m, e) => Math.max(m, e.level), 0));
      // A picked day stays picked while it is in the range (the range may have moved).
      const kept = state.pinned && state.shown !== null ? history.findIndex((e) => e.date === state.shownDate) : -1;
      if (kept >= 0) {
        chart?.select(kept);
        showDay(kept, 'Selected day');
      } else {
        state.pinned = false;
        chart?.select(null);
        showDay(peakIndex(), 'Peak of the range');
      }
    } catch (error) {
      ctx.report(error, 'the escalation history');
    }
  }

  // ---- the range ----

  const today = () => isoDay(new Date());

  /** @returns {Range} */
  function defaultRange() {
    const now = today();
    // What happened, not an analyst's own reminders (deadline_set), sets the default.
    const dates = state.timeline.filter((t) => !t.retracted && t.type !== 'deadline_set').map((t) => t.occurredAt.slice(0, 10));
    if (asked.from && asked.to && /^\d{4}-\d{2}-\d{2}$/.test(asked.from) && /^\d{4}-\d{2}-\d{2}$/.test(asked.to) && daysBetween(asked.from, asked.to) >= 0 && daysBetween(asked.from, asked.to) < MAX_RANGE_DAYS) {
      return { mode: 'custom', from: asked.from, to: asked.to };
    }
    if (dates.length === 0) return { mode: 'default', from: addDays(now, -89), to: now };
    const first = dates.reduce((a, b) => (a < b ? a : b));
    const last = dates.reduce((a, b) => (a > b ? a : b));
    // Up to today; a dispute quiet for months ends its default range some months after its latest development.
    const latestTail = state.nextCursor ? now : addDays(last, QUIET_TAIL_DAYS);
    const to = latestTail < now ? latestTail : now;
    const earliest = addDays(first, -3);
    const from = daysBetween(earliest, to) >= DEFAULT_RANGE_DAYS ? addDays(to, -(DEFAULT_RANGE_DAYS - 1)) : earliest;
    return { mode: 'default', from: from < to ? from : addDays(to, -89), to };
  }

  /** @param {Range['mode']} mode @returns {Range} */
  function presetRange(mode) {
    const now = today();
    if (mode === '90d') return { mode, from: addDays(now, -89), to: now };
    if (mode === '1y') return { mode, from: addDays(now, -364), to: now };
    if (mode === 'all') {
      const dates = state.timeline.map((t) => t.occurredAt.slice(0, 10));
      const first = dates.length ? dates.reduce((a, b) => (a < b ? a : b)) : addDays(now, -89);
      const from = daysBetween(first, now) >= MAX_RANGE_DAYS ? addDays(now, -(MAX_RANGE_DAYS - 1)) : first;
      return { mode, from, to: now };
    }
    return defaultRange();
  }

  /** @param {Range} range */
  function setRange(range) {
    state.range = range;
    state.pinned = false;
    const url = new URL(location.href);
    if (range.mode === 'custom') {
      url.searchParams.set('from', range.from);
      url.searchParams.set('to', range.to);
    } else {
      url.searchParams.delete('from');
      url.searchParams.delete('to');
    }
    history.replaceState(history.state, '', url);
    loadHistory();
  }

  function renderRange() {
    const range = /** @type {Range} */ (state.range);
    /** @type {Array<[Range['mode'], string, string]>} */
    const presets = [
      ['default', 'Default', 'From the first development, up to two years'],
      ['90d', '90 days', 'The last 90 days'],
      ['1y', '1 year', 'The last 365 days'],
      ['all', 'All', 'From the first development to today (at most ten years)'],
    ];
    const fromInput = h('input', { type: 'date', name: 'from', value: range.from, max: today(), required: true, 'aria-label': 'From' });
    const toInput = h('input', { type: 'date', name: 'to', value: range.to, max: today(), required: true, 'aria-label': 'To' });
    const error = h('span', { class: 'range-error', role: 'alert' });
    fill(rangeEl, 
      h(
        'div',
        { class: 'segmented' },
        presets.map(([mode, label, title]) =>
          h('button', { type: 'button', class: 'seg', title, 'aria-pressed': String(range.mode === mode), onclick: () => setRange(presetRange(mode)) }, label),
        ),
      ),
      h(
        'form',
        {
          class: 'range-custom',
          onsubmit: (/** @type {SubmitEvent} */ event) => {
            event.preventDefault();
            const from = /** @type {HTMLInputElement} */ (fromInput).value;
            const to = /** @type {HTMLInputElement} */ (toInput).value;
            if (!from || !to) return void (error.textContent = 'Pick both dates.');
            if (from > to) return void (error.textContent = 'The start must not be after the end.');
            if (daysBetween(from, to) >= MAX_RANGE_DAYS) return void (error.textContent = 'At most ten years at a time.');
            error.textContent = '';
            setRange({ mode: 'custom', from, to });
          },
        },
        fromInput,
        h('span', { class: 'muted', 'aria-hidden': 'true' }, '–'),
        toInput,
        h('button', { type: 'submit', class: 'btn' }, 'Show'),
        error,
      ),
    );
  }

  // ---- the day under the cursor, or picked: its reading and contributors ----

  const peakIndex = () => state.history.reduce((best, e, i, all) => (e.level >= all[best].level ? i : best), 0);

  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let hoverTimer;
  /** @param {number | null} index */
  function hovered(index) {
    if (state.pinned) return;
    clearTimeout(hoverTimer);
    if (index === null) {
      hoverTimer = setTimeout(() => showDay(peakIndex(), 'Peak of the range'), 400);
      return;
    }
    readout(index);
    hoverTimer = setTimeout(() => showDay(index, 'Under the cursor'), 120);
  }

  /** @param {number} index @param {boolean} [keep] */
  function picked(index, keep = false) {
    clearTimeout(hoverTimer);
    if (!keep && state.pinned && state.shown === index) {
      state.pinned = false;
      chart?.select(null);
      showDay(index, 'Under the cursor');
      return;
    }
    state.pinned = true;
    chart?.select(index);
    showDay(index, 'Selected day');
  }

  /** @param {number} index */
  function readout(index) {
    const entry = state.history[index];
    if (!entry) return fill(readoutEl);
    fill(readoutEl, h('strong', null, fmtDay(entry.date)), ' · level ', h('strong', { class: 'num' }, String(entry.level)), ' · ', rungBadge(entry.rung));
  }

  /** @param {string} day */
  function reading(day) {
    const cached = state.readings.get(day);
    if (cached) return cached;
    /** @type {Promise<any>} */
    const promise = ctx.get(withQuery(`${path}/escalation`, [`asOf=${day}T23:59:59.999Z`, at()]), { signal });
    promise.catch(() => state.readings.delete(day));
    state.readings.set(day, promise);
    return promise;
  }

  let showing = 0;
  /** @param {number} index @param {string} label */
  async function showDay(index, label) {
    const entry = state.history[index];
    if (!entry) {
      fill(contributorsEl, h('p', { class: 'empty' }, 'No reading in this range.'));
      return;
    }
    state.shown = index;
    state.shownDate = entry.date;
    readout(index);
    const ticket = ++showing;
    contributorsEl.dataset.day = entry.date;
    contributorsEl.setAttribute('aria-busy', 'true');
    try {
      const escalation = await reading(entry.date);
      if (ticket !== showing) return;
      const missing = escalation.contributors.some((/** @type {any} */ c) => !timelineItem(c.eventId));
      if (missing && state.nextCursor) await loadTimeline(Number.MAX_SAFE_INTEGER);
      if (ticket !== showing) return;
      renderContributors(entry, escalation, label);
    } catch (error) {
      if (ticket === showing) ctx.report(error, `the reading of ${fmtDay(entry.date)}`);
    } finally {
      if (ticket === showing) contributorsEl.setAttribute('aria-busy', 'false');
    }
  }

  /** @param {string} eventId */
  const timelineItem = (eventId) => state.timeline.find((t) => t.eventId === eventId);

  /** @param {HistoryEntry} entry @param {any} escalation @param {string} label */
  function renderContributors(entry, escalation, label) {
    const contributors = /** @type {Array<{eventId: string, type: string, occurredAt: string, weight: number, contribution: number}>} */ (escalation.contributors);
    const largest = contributors.reduce((m, c) => Math.max(m, Math.abs(c.contribution)), 0) || 1;
    if (state.allFor !== entry.date) state.allFor = null;
    const shown = state.allFor ? contributors : contributors.slice(0, CONTRIBUTORS_SHOWN);
    const more = contributors.length - shown.length;
    fill(contributorsEl, 
      h(
        'div',
        { class: 'contributors-head' },
        h('span', { class: 'eyebrow' }, label, state.pinned ? h('button', { type: 'button', class: 'link', onclick: () => picked(/** @type {number} */ (state.shown)) }, 'unpin') : null),
        h('h3', null, fmtDay(entry.date)),
        h('p', { class: 'contributors-level' }, h('span', { class: 'level-number small' }, String(escalation.level)), rungBadge(escalation.rung), trend(escalation.trend)),
      ),
      contributors.length === 0
        ? h('p', { class: 'empty' }, 'Nothing contributes on this day.')
        : h(
            'table',
            { class: 'contributors-table' },
            h('caption', { class: 'visually-hidden' }, `What drove the level on ${fmtDay(entry.date)}`),
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Development'), h('th', { scope: 'col', class: 'num' }, 'Contribution'))),
            h(
              'tbody',
              null,
              shown.map((c) => {
                const item = timelineItem(c.eventId);
                return h(
                  'tr',
                  { dataset: { eventId: c.eventId } },
                  h(
                    'td',
                    null,
                    h('div', { class: 'contributor-meta' }, h('span', { class: 'type' }, humanise(c.type)), h('time', { datetime: c.occurredAt }, fmtOccurred(c.occurredAt))),
                    item ? h('div', { class: 'contributor-summary' }, item.summary) : null,
                  ),
                  h(
                    'td',
                    { class: 'num contribution' },
                    h('span', { class: 'bar-value', dataset: { sign: c.contribution < 0 ? 'negative' : 'positive' } }, `${c.contribution > 0 ? '+' : ''}${fmtNumber(c.contribution)}`),
                    h('span', { class: 'bar-track', 'aria-hidden': 'true' }, h('span', { class: 'bar', dataset: { sign: c.contribution < 0 ? 'negative' : 'positive' }, style: { width: `${Math.max(2, Math.round((Math.abs(c.contribution) / largest) * 100))}%` } })),
                    h('span', { class: 'weight' }, `weight ${fmtNumber(c.weight)}`),
                  ),
                );
              }),
            ),
          ),
      more > 0
        ? h('button', { type: 'button', class: 'btn btn-quiet more', onclick: () => ((state.allFor = entry.date), renderContributors(entry, escalation, label)) }, `Show all ${contributors.length}`)
        : null,
    );
  }

  /** Developments (not retracted) per UTC day, for the dots on the chart. */
  function developmentDays() {
    const days = new Map();
    for (const t of state.timeline) if (!t.retracted) days.set(t.occurredAt.slice(0, 10), (days.get(t.occurredAt.slice(0, 10)) ?? 0) + 1);
    return days;
  }

  // ---- rendering ----

  function renderHead() {
    const d = state.dispute;
    ctx.setTitle(d.title);
    ctx.setCrumbs([{ label: 'Disputes', href: '/' }, { label: d.title }]);
    fill(headEl, 
      h(
        'div',
        { class: 'dispute-head-main' },
        h('h1', null, d.title),
        h('p', { class: 'dispute-parties' }, partyPills(d.parties), h('span', { class: 'muted' }, d.parties.map(regionName).join(' · '))),
        d.description ? h('p', { class: 'description' }, d.description) : null,
      ),
      h(
        'div',
        { class: 'now', dataset: { rung: String(d.escalation.rung.index) } },
        h('span', { class: 'eyebrow' }, 'Escalation now'),
        h('div', { class: 'now-level' }, h('span', { class: 'level-number', title: 'Escalation level (0–100)' }, String(d.escalation.level)), h('span', { class: 'muted' }, '/ 100'), trend(d.escalation.trend)),
        meter(d.escalation.level, d.escalation.rung.index),
        rungBadge(d.escalation.rung),
      ),
    );
  }

  function renderAgreements() {
    const agreements = /** @type {any[]} */ (state.dispute.agreements);
    if (!agreements.length) return void fill(agreementsEl, h('p', { class: 'empty' }, 'No agreements are linked to this dispute.'));
    fill(agreementsEl, 
      h(
        'ul',
        { class: 'items' },
        agreements.map((a) =>
          h(
            'li',
            { class: 'item agreement', dataset: { id: a.id, status: a.status } },
            h('div', { class: 'item-head' }, h('strong', { class: 'item-title' }, a.name), statusBadge(a.status)),
            h('p', { class: 'item-meta' }, partyPills(a.parties), ' ', a.autoRenews ? `Renews every ${a.termMonths} months unless notice is given ${a.noticeDays} days ahead` : `Notice: ${a.noticeDays} days`),
            expiry(a),
            a.notice
              ? h(
                  'p',
                  { class: 'item-meta' },
                  `Notice given by ${a.notice.actor} on ${fmtDay(a.notice.givenOn)}, to take effect ${fmtDay(a.notice.expiresOn)}`,
                  a.notice.suspended ? h('span', null, ' ', statusBadge('notice_suspended', 'suspended')) : null,
                )
              : null,
            a.history.length
              ? h(
                  'details',
                  { class: 'history' },
                  h('summary', null, `History (${a.history.length})`),
                  h('ul', null, a.history.map((/** @type {any} */ e) => h('li', null, h('time', { datetime: e.occurredAt }, fmtOccurred(e.occurredAt)), ' ', statusBadge(e.status)))),
                )
              : null,
          ),
        ),
      ),
    );
  }

  /** The expiry line with its live countdown, worded by status. @param {any} a */
  function expiry(a) {
    const future = Date.parse(a.expiresOn) > Date.now();
    const word =
      a.status === 'terminated'
        ? 'Ended'
        : a.status === 'termination_notified'
          ? future
            ? 'Ends'
            : 'Was due to end'
          : a.autoRenews && a.status === 'in_force'
            ? future
              ? 'Renews'
              : 'Renewed'
            : future
              ? 'Expires'
              : 'Expired';
    return h('p', { class: 'expiry' }, `${word} `, h('time', { datetime: a.expiresOn }, fmtDay(a.expiresOn)), ' · ', liveCountdown(a.expiresOn));
  }

  function renderMeasures() {
    const measures = /** @type {any[]} */ (state.dispute.measures);
    const inForce = measures.filter((m) => m.status !== 'lifted');
    const lifted = measures.filter((m) => m.status === 'lifted');
    const list = (/** @type {any[]} */ ms) =>
      h(
        'ul',
        { class: 'items' },
        ms.map((m) =>
          h(
            'li',
            { class: 'item measure', dataset: { id: m.id, status: m.status } },
            h('div', { class: 'item-head' }, h('strong', { class: 'item-title' }, m.kind === 'export_list_removal' ? 'Export list removal' : 'Export control', ' ', direction(m.actor, m.target)), statusBadge(m.status)),
            m.list ? h('p', { class: 'item-meta' }, 'List: ', m.list) : null,
            m.items?.length ? h('p', { class: 'item-meta' }, m.items.join(', ')) : null,
            h('p', { class: 'item-meta' }, `${capitalise(m.status)} since `, h('time', { datetime: m.since }, fmtDay(m.since)), m.licensesIssued ? ` · ${m.licensesIssued} licence${m.licensesIssued === 1 ? '' : 's'} issued` : ''),
          ),
        ),
      );
    fill(measuresEl, 
      inForce.length ? list(inForce) : h('p', { class: 'empty' }, 'No measure is in force.'),
      lifted.length ? h('details', { class: 'history' }, h('summary', null, `Lifted (${lifted.length})`), list(lifted)) : null,
    );
  }

  function renderDeadlines() {
    const deadlines = /** @type {any[]} */ (state.dispute.nextDeadlines);
    if (!deadlines.length) return void fill(deadlinesEl, h('p', { class: 'empty' }, 'No deadline ahead.'));
    fill(deadlinesEl, 
      h(
        'ul',
        { class: 'items' },
        deadlines.map((d) =>
          h(
            'li',
            { class: 'item deadline', dataset: { id: d.id, status: d.status } },
            h('div', { class: 'item-head' }, h('strong', { class: 'item-title' }, d.title), statusBadge(d.status)),
            h('p', { class: 'item-meta' }, h('span', { class: 'type' }, humanise(d.kind)), ' Due ', h('time', { datetime: d.dueAt }, fmtInstant(d.dueAt)), ' · ', liveCountdown(d.dueAt)),
            d.alerts.length
              ? h(
                  'table',
                  { class: 'alerts' },
                  h('caption', { class: 'visually-hidden' }, `Alerts for ${d.title}`),
                  h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Alert'), h('th', { scope: 'col' }, 'Fires'), h('th', { scope: 'col' }, 'Status'))),
                  h(
                    'tbody',
                    null,
                    d.alerts.map((/** @type {any} */ a) =>
                      h(
                        'tr',
                        null,
                        h('td', null, a.kind === 'reached' ? 'When due' : `${fmtDuration(a.leadTime)} before`),
                        h('td', null, h('time', { datetime: a.fireAt, title: a.fireAt }, fmtInstant(a.fireAt))),
                        h('td', null, statusBadge(a.status)),
                      ),
                    ),
                  ),
                )
              : h('p', { class: 'item-meta' }, 'No alerts scheduled.'),
          ),
        ),
      ),
    );
  }

  function renderTimeline() {
    orderButton.textContent = state.newestFirst ? '↓ Newest first' : '↑ Oldest first';
    orderButton.title = 'Reverse the order';
    const items = state.newestFirst ? [...state.timeline].reverse() : state.timeline;
    if (!items.length) fill(timelineEl, h('li', { class: 'empty' }, 'Nothing recorded yet.'));
    else fill(timelineEl, ...items.map(timelineEntry));
    fill(timelineFoot, 
      state.nextCursor
        ? h('button', { type: 'button', class: 'btn', onclick: loadMoreTimeline }, `Load more (showing the first ${state.timeline.length})`)
        : h('p', { class: 'muted' }, `${state.timeline.length} development${state.timeline.length === 1 ? '' : 's'}`),
    );
  }

  /** @param {TimelineItem} t */
  function timelineEntry(t) {
    return h(
      'li',
      { class: ['tl-item', t.retracted && 'retracted'], dataset: { eventId: t.eventId, type: t.type } },
      h('div', { class: 'tl-date' }, h('time', { datetime: t.occurredAt }, fmtOccurred(t.occurredAt))),
      h(
        'div',
        { class: 'tl-body' },
        h(
          'div',
          { class: 'tl-meta' },
          h('span', { class: 'type' }, humanise(t.type)),
          t.cameoCode ? h('span', { class: 'cameo', title: 'CAMEO event code' }, `CAMEO ${t.cameoCode}`) : null,
          direction(t.actor, t.target),
          t.retracted ? statusBadge('retracted', 'Retracted') : null,
          h('span', { class: 'recorded', title: t.recordedAt }, `recorded ${fmtInstant(t.recordedAt)}${t.recordedBy ? ` by ${t.recordedBy}` : ''}`),
        ),
        h(t.retracted ? 's' : 'p', { class: 'tl-summary' }, t.summary),
        t.sources?.length ? h('ul', { class: 'sources' }, t.sources.map(source)) : null,
      ),
    );
  }

  /** @param {TimelineItem['sources'][number]} s */
  function source(s) {
    const url = safeUrl(s.url);
    const title = s.title ? (url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, s.title) : h('cite', null, s.title)) : url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, new URL(url).hostname) : null;
    return h(
      'li',
      { class: 'source' },
      h('span', { class: 'publisher' }, s.publisher),
      title ? [h('span', { class: 'sep', 'aria-hidden': 'true' }, ' — '), title] : null,
      s.publishedOn ? h('span', { class: 'muted' }, ` · ${fmtDay(s.publishedOn)}`) : null,
      s.quote ? h('blockquote', null, s.quote) : null,
    );
  }

  // ---- live ----

  const pending = { dispute: false, timeline: false, history: false };
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let refreshTimer;
  let refreshing = Promise.resolve();

  /** @param {Partial<typeof pending>} parts */
  function schedule(parts) {
    Object.assign(pending, Object.fromEntries(Object.entries(parts).filter(([, v]) => v)));
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      const run = { ...pending };
      pending.dispute = pending.timeline = pending.history = false;
      refreshing = refreshing.then(async () => {
        if (signal.aborted) return;
        // The timeline first: the chart's dots and the contributors' summaries come from it.
        await Promise.all([run.dispute ? loadDispute() : null, run.timeline ? loadTimeline() : null]);
        if (run.history) {
          if (state.range?.mode === 'default') state.range = null; // the default follows the developments
          await loadHistory();
        }
      });
    }, 250);
  }

  // Time moves deadlines and alerts on without a change to the log: a quiet refresh each minute.
  const clock = setInterval(() => document.visibilityState === 'visible' && schedule({ dispute: true }), 60_000);

  async function initial() {
    const [found, timeline] = await Promise.all([loadDispute(), loadTimeline(undefined, { quiet: true }).then(() => null, (error) => error)]);
    if (!found || signal.aborted) return; // a missing dispute says so once, not once per read
    if (timeline) {
      ctx.report(timeline, 'the timeline');
      fill(timelineEl, h('li', { class: 'empty' }, 'The timeline could not be loaded.'));
    }
    await loadHistory();
  }
  refreshing = initial();

  return {
    el,
    /** @param {{projection: string, id: string | null, globalPosition: number}} change */
    onChange(change) {
      state.position = Math.max(state.position, change.globalPosition ?? 0);
      if (state.missing) return void ((change.id === null || (change.projection === 'disputes' && change.id === id)) && ctx.reroute());
      if (change.id === null) return schedule({ dispute: true, timeline: true, history: true });
      if (change.projection === 'disputes' && change.id === id) return schedule({ dispute: true, timeline: true, history: true });
      if (change.projection === 'agreements') {
        const ours = state.dispute?.agreements?.some((/** @type {any} */ a) => a.id === change.id);
        return schedule({ dispute: true, history: Boolean(ours) });
      }
      if (change.projection === 'deadlines') return schedule({ dispute: true });
    },
    refreshAll: () => schedule({ dispute: true, timeline: true, history: true }),
    destroy() {
      aborter.abort();
      clearInterval(clock);
      clearTimeout(refreshTimer);
      clearTimeout(hoverTimer);
      chart?.destroy();
    },
  };
}

/** @param {string} trendName */
function trend(trendName) {
  const arrow = { rising: '↗', falling: '↘', steady: '→' }[trendName] ?? '';
  return h('span', { class: 'trend', dataset: { trend: trendName }, title: 'Over the last 7 days' }, h('span', { 'aria-hidden': 'true' }, arrow), ` ${trendName}`);
}

function rungLegend() {
  return h(
    'ul',
    { class: 'legend', 'aria-label': 'Rungs' },
    RUNGS.map((name, i) => h('li', null, h('span', { class: 'swatch', dataset: { rung: String(i) }, 'aria-hidden': 'true' }), capitalise(name))),
  );
}
