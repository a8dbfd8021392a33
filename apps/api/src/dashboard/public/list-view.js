// The list of disputes: title, parties, escalation level and rung.
import { debounce, fill, h, partyPills, rungBadge } from './util.js';

/**
 * @param {{get(path: string, options?: {signal?: AbortSignal}): Promise<any>, report(error: unknown, what: string): void, setCrumbs(items: Array<{label: string, href?: string}>): void, setTitle(title: string): void}} ctx
 */
export function disputeListView(ctx) {
  const body = h('div', { class: 'dispute-list' }, h('p', { class: 'loading' }, 'Loading disputes…'));
  const el = h('section', { class: 'view view-list' }, h('div', { class: 'view-head' }, h('h1', null, 'Disputes')), body);
  const aborter = new AbortController();
  let position = 0;

  ctx.setCrumbs([{ label: 'Disputes' }]);
  ctx.setTitle('');

  async function load() {
    try {
      const disputes = await ctx.get(`/disputes${position ? `?minPosition=${position}` : ''}`, { signal: aborter.signal });
      render(disputes);
    } catch (error) {
      ctx.report(error, 'the disputes');
      if (!body.querySelector('.card')) fill(body, h('p', { class: 'empty' }, 'The disputes could not be loaded.'));
    }
  }

  /** @param {Array<{id: string, title: string, parties: string[], escalation: {level: number, rung: {index: number, name: string}}}>} disputes */
  function render(disputes) {
    if (disputes.length === 0) {
      fill(body, h('p', { class: 'empty' }, 'No disputes are recorded yet.'));
      return;
    }
    const sorted = [...disputes].sort((a, b) => b.escalation.level - a.escalation.level || a.title.localeCompare(b.title));
    fill(body, 
      ...sorted.map((d) =>
        h(
          'a',
          { class: 'card dispute-card', href: `/?dispute=${encodeURIComponent(d.id)}`, 'data-nav': true, dataset: { id: d.id, rung: String(d.escalation.rung.index) } },
          h('div', { class: 'dispute-card-main' }, h('h2', { class: 'dispute-title' }, d.title), partyPills(d.parties)),
          h(
            'div',
            { class: 'dispute-card-level' },
            h('span', { class: 'level-number', title: 'Escalation level (0–100)' }, String(d.escalation.level)),
            meter(d.escalation.level, d.escalation.rung.index),
            rungBadge(d.escalation.rung),
          ),
        ),
      ),
    );
  }

  const reload = debounce(load, 250);
  load();

  return {
    el,
    /** @param {{projection: string, globalPosition: number}} change */
    onChange(change) {
      position = Math.max(position, change.globalPosition ?? 0);
      reload();
    },
    refreshAll: () => reload(),
    destroy() {
      reload.cancel();
      aborter.abort();
    },
  };
}

/** A level bar, coloured by rung. */
export const meter = (/** @type {number} */ level, /** @type {number} */ rung) =>
  h(
    'span',
    { class: 'meter', role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(level), 'aria-label': 'Escalation level', dataset: { rung: String(rung) } },
    h('span', { class: 'meter-fill', style: { width: `${Math.max(0, Math.min(100, level))}%` } }),
  );
