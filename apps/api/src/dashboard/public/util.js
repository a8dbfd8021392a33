// DOM and formatting helpers. Everything is built with createElement and text nodes, never with
// innerHTML, so summaries, quotes and titles can hold anything.

/**
 * h('a', {class: 'x', href: '/', onclick: fn, dataset: {id: '1'}}, 'text', child, [more])
 * @param {string} tag
 * @param {Record<string, any> | null} [props]
 * @param {...any} children
 * @returns {HTMLElement}
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'style') Object.assign(el.style, value); // CSSOM, allowed by the CSP (attributes are not)
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

/**
 * Replaces an element's children (null, undefined and false are skipped, arrays flattened).
 * @template {Element} E
 * @param {E} el @param {...any} children
 * @returns {E}
 */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** @param {ParentNode} el @param {any[]} children */
function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** @param {string} s */
export const capitalise = (s) => (s ? s[0].toUpperCase() + s.slice(1) : s);

/** 'export_control_tightened' → 'Export control tightened' */
export const humanise = (/** @type {string} */ s) => capitalise(String(s ?? '').replace(/_/g, ' '));

const locale = navigator.language || 'en-GB';
const dayFormat = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const utcTimeFormat = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC', hour12: false });
const instantFormat = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const numberFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });

/** A UTC day: '2019-08-22T00:00:00.000Z' or '2019-08-22' → '22 Aug 2019'. */
export const fmtDay = (/** @type {string} */ iso) => dayFormat.format(new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso));

/** An occurrence: the UTC day, and the UTC time when it is not midnight. */
export function fmtOccurred(/** @type {string} */ iso) {
  const d = new Date(iso);
  const midnight = d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0;
  return midnight ? dayFormat.format(d) : `${dayFormat.format(d)}, ${utcTimeFormat.format(d)} UTC`;
}

/** An instant in the reader's time zone. */
export const fmtInstant = (/** @type {string} */ iso) => instantFormat.format(new Date(iso));

export const fmtNumber = (/** @type {number} */ n) => numberFormat.format(n);

/** 'YYYY-MM-DD' of a Date in UTC. */
export const isoDay = (/** @type {Date} */ d) => d.toISOString().slice(0, 10);

export const DAY_MS = 86_400_000;

/** Adds whole days to a 'YYYY-MM-DD'. */
export const addDays = (/** @type {string} */ day, /** @type {number} */ n) => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS));

/** Days from a to b ('YYYY-MM-DD'). */
export const daysBetween = (/** @type {string} */ a, /** @type {string} */ b) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** An ISO 8601 duration as words: 'P30D' → '30 days', 'PT1H' → '1 hour', 'PT0S' → 'at due time'. */
export function fmtDuration(/** @type {string} */ text) {
  const m = DURATION.exec(text ?? '');
  if (!m) return text;
  const units = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second'];
  const parts = m.slice(1).flatMap((v, i) => (v && Number(v) !== 0 ? [`${Number(v)} ${units[i]}${Number(v) === 1 ? '' : 's'}`] : []));
  return parts.length ? parts.join(' ') : 'at due time';
}

/**
 * A live countdown's text: 'in 3d 04h 12m 09s', '04:12:09', or 'ended 2 years ago' style for the past.
 * @param {number} target ms @param {number} now ms
 */
export function countdown(target, now) {
  const diff = target - now;
  const abs = Math.abs(diff);
  if (diff < 0) return { past: true, text: `${relative(-abs)}` };
  const s = Math.floor(abs / 1000);
  const days = Math.floor(s / 86_400);
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  const clock = `${pad(Math.floor((s % 86_400) / 3600))}h ${pad(Math.floor((s % 3600) / 60))}m ${pad(s % 60)}s`;
  return { past: false, text: days > 0 ? `${days}d ${clock}` : clock };
}

const relativeFormat = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });

/** A signed span in ms as '3 years ago' / 'in 2 days'. */
export function relative(/** @type {number} */ ms) {
  const abs = Math.abs(ms);
  const sign = Math.sign(ms) || 1;
  /** @type {Array<[Intl.RelativeTimeFormatUnit, number]>} */
  const steps = [['year', 365 * DAY_MS], ['month', 30 * DAY_MS], ['day', DAY_MS], ['hour', 3_600_000], ['minute', 60_000], ['second', 1000]];
  for (const [unit, size] of steps) if (abs >= size || unit === 'second') return relativeFormat.format(sign * Math.floor(abs / size), unit);
  return '';
}

/** Only http(s) links are made clickable. */
export function safeUrl(/** @type {string | undefined | null} */ url) {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * Calls fn once after `ms` of quiet.
 * @template {(...args: any[]) => void} F
 * @param {F} fn @param {number} ms
 */
export function debounce(fn, ms) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const run = (/** @type {any[]} */ ...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  run.cancel = () => clearTimeout(timer);
  return run;
}

/** The rung names, lowest first (the API's `rung.name` is authoritative; these label the legend). */
export const RUNGS = ['friction', 'diplomatic protest', 'economic coercion', 'security-cooperation rupture', 'military confrontation'];

/** A rung badge: colour by index. */
export const rungBadge = (/** @type {{index: number, name: string}} */ rung) =>
  h('span', { class: 'rung', dataset: { rung: String(rung.index) } }, h('span', { class: 'swatch', 'aria-hidden': 'true' }), capitalise(rung.name));

/** A status badge; its colour comes from the stylesheet by status. */
export const statusBadge = (/** @type {string} */ status, /** @type {string} */ label = humanise(status)) => h('span', { class: 'status', dataset: { status } }, label);

/** Party codes as small pills. */
export const partyPills = (/** @type {string[]} */ parties) => h('span', { class: 'parties' }, parties.map((p) => h('span', { class: 'party', title: regionName(p) }, p)));

const regions = (() => {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' });
  } catch {
    return null;
  }
})();

/** 'JP' → 'Japan' */
export function regionName(/** @type {string} */ code) {
  try {
    return regions?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** 'JP → KR', 'JP', or null. */
export function direction(/** @type {string|null|undefined} */ actor, /** @type {string|null|undefined} */ target) {
  if (!actor && !target) return null;
  return h('span', { class: 'direction', title: [actor, target].filter(Boolean).map((c) => regionName(/** @type {string} */ (c))).join(' → ') }, actor ?? '?', target ? [h('span', { class: 'arrow', 'aria-hidden': 'true' }, ' → '), target] : null);
}

/** A countdown element the page's one-second ticker keeps current. */
export const liveCountdown = (/** @type {string} */ iso, /** @type {string} */ futurePrefix = 'in') =>
  h('time', { class: 'countdown', datetime: iso, dataset: { countdown: iso, prefix: futurePrefix }, title: fmtInstant(iso) });

/** Refreshes every countdown in the page. @param {ParentNode} [root] */
export function tickCountdowns(root = document) {
  const now = Date.now();
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('[data-countdown]'))) {
    const { past, text } = countdown(Date.parse(/** @type {string} */ (el.dataset.countdown)), now);
    el.textContent = past ? text : `${el.dataset.prefix ?? 'in'} ${text}`;
    el.classList.toggle('past', past);
    el.classList.toggle('soon', !past && Date.parse(/** @type {string} */ (el.dataset.countdown)) - now < 7 * DAY_MS);
  }
}
