// The dashboard's shell: the token, the two views (the list of disputes, one dispute), the change
// stream, the countdown ticker and polite error notices.
import { AuthError, followChanges, getJson } from './api.js';
import { fill, h, tickCountdowns } from './util.js';
import { disputeListView } from './list-view.js';
import { disputeView } from './dispute-view.js';

const TOKEN_KEY = 'dispute-tracker.token';

/** @type {HTMLElement} */ const main = must('main');
/** @type {HTMLElement} */ const notice = must('notice');
/** @type {HTMLElement} */ const crumbs = must('crumbs');
/** @type {HTMLElement} */ const live = must('live');
/** @type {HTMLButtonElement} */ const changeToken = /** @type {any} */ (must('change-token'));
/** @type {HTMLDialogElement} */ const dialog = /** @type {any} */ (must('token-dialog'));
/** @type {HTMLFormElement} */ const form = /** @type {any} */ (must('token-form'));
/** @type {HTMLInputElement} */ const input = /** @type {any} */ (must('token-input'));
/** @type {HTMLElement} */ const tokenError = must('token-error');

function must(/** @type {string} */ id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el;
}

// ---- the token: from #token= once (then out of the address bar), else asked for; kept per tab ----

/** @type {string | null} */
let token = null;
{
  const hash = new URLSearchParams(location.hash.slice(1));
  const handed = hash.get('token');
  if (handed) {
    sessionStorage.setItem(TOKEN_KEY, handed);
    hash.delete('token');
    const rest = hash.toString();
    history.replaceState(history.state, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
  }
  token = sessionStorage.getItem(TOKEN_KEY);
}

/** @param {string} [message] */
function askForToken(message) {
  token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  stream?.close();
  stream = null;
  setLive('off');
  changeToken.hidden = true;
  tokenError.hidden = !message;
  tokenError.textContent = message ?? '';
  input.value = '';
  if (!dialog.open) dialog.showModal();
  input.focus();
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const given = input.value.trim();
  if (!given) return;
  token = given;
  sessionStorage.setItem(TOKEN_KEY, given);
  dialog.close();
  start();
});
// Without a token there is nothing to show: Escape does not dismiss the form.
dialog.addEventListener('cancel', (event) => {
  if (!token) event.preventDefault();
});
changeToken.addEventListener('click', () => askForToken());

// ---- reads, and what the views share ----

/** @type {{ el: HTMLElement, onChange(change: any): void, refreshAll(): void, destroy(): void } | null} */
let view = null;

const context = {
  /** GET under /api/v1 with the token; a 401 asks for another. @param {string} path @param {{signal?: AbortSignal}} [options] */
  async get(path, options) {
    if (!token) throw new AuthError(401, { detail: 'no token' });
    try {
      return await getJson(path, token, options);
    } catch (error) {
      if (error instanceof AuthError) askForToken(`The token was not accepted: ${error.message}.`);
      throw error;
    }
  },
  /** A polite notice for a failed read (auth failures ask for a token instead). @param {unknown} error @param {string} what */
  report(error, what) {
    if (error instanceof AuthError || (error instanceof DOMException && error.name === 'AbortError')) return;
    const message = error instanceof Error ? error.message : String(error);
    showNotice(`Could not load ${what}: ${message}.`);
  },
  /** @param {Array<{label: string, href?: string}>} items */
  setCrumbs(items) {
    fill(crumbs, 
      ...items.flatMap((item, i) => [
        i > 0 ? h('span', { class: 'sep', 'aria-hidden': 'true' }, '/') : null,
        item.href ? h('a', { href: item.href, 'data-nav': true }, item.label) : h('span', { 'aria-current': 'page' }, item.label),
      ]).filter((n) => n !== null),
    );
  },
  /** @param {string} title */
  setTitle(title) {
    document.title = title ? `${title} · Dispute tracker` : 'Dispute tracker';
  },
  /** Builds the current view again (a dispute that appears after its page was opened). */
  reroute() {
    route();
  },
  /** @param {string} href */
  navigate(href) {
    history.pushState(null, '', href);
    route();
  },
};

/** @param {string} message */
function showNotice(message) {
  fill(notice, h('span', null, message), h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => (notice.hidden = true) }, 'Dismiss'));
  notice.hidden = false;
}

function route() {
  view?.destroy();
  notice.hidden = true;
  const params = new URLSearchParams(location.search);
  const id = params.get('dispute');
  view = id ? disputeView(context, id, { from: params.get('from'), to: params.get('to') }) : disputeListView(context);
  fill(main, view.el);
  main.setAttribute('aria-busy', 'false');
}

// Links marked data-nav move within the page (no reload).
document.addEventListener('click', (event) => {
  const link = /** @type {HTMLElement | null} */ (event.target instanceof Element ? event.target.closest('a[data-nav]') : null);
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  context.navigate(/** @type {HTMLAnchorElement} */ (link).href);
});
addEventListener('popstate', () => token && route());

// ---- live: the change stream, and the countdowns ----

/** @type {{close(): void} | null} */
let stream = null;

/** @param {'off' | 'connecting' | 'live' | 'reconnecting'} state */
function setLive(state) {
  live.dataset.state = state;
  const text = { off: 'Offline', connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' }[state];
  /** @type {HTMLElement} */ (live.querySelector('.live-text')).textContent = text;
  live.title = state === 'live' ? 'Updates as the read models change' : text;
}

function start() {
  changeToken.hidden = false;
  route();
  stream?.close();
  stream = followChanges({
    token: /** @type {string} */ (token),
    onChange: (change) => view?.onChange(change),
    onState: setLive,
    onReconnected: () => view?.refreshAll(),
    onUnauthorized: () => askForToken('The token was not accepted for the live updates.'),
  });
}

setInterval(() => tickCountdowns(), 1000);

if (token) start();
else {
  fill(main, h('p', { class: 'loading' }, 'Waiting for a token…'));
  askForToken();
}
