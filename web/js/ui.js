// Shared pieces of the views: panels, number cells, user links, period switcher.
import { h } from './dom.js';
import { RateLimited, ApiError } from './api.js';

export function num(app, v, cls = 'num') {
  return h('span', { class: cls, 'data-num': v }, app.i18n.n(v));
}

export function userLink(app, login, display) {
  return h('a', { href: app.href({ name: 'user', a: login }), 'data-login': login, class: 'ulink' }, display || login);
}

export function panel(id, title, hint) {
  const body = h('div', { class: 'pbody', 'aria-busy': 'true' });
  const sec = h('section', { class: 'panel', id, 'aria-labelledby': id + '-h' },
    h('h2', { id: id + '-h' }, title), hint ? h('p', { class: 'hint' }, hint) : null, body);
  sec.body = body;
  return sec;
}

// Runs `load(get)` and puts the node it returns (or the node its returned function builds)
// into the panel. `get(path, params)` is
// app.feeds.get for this panel: when every answer it got is the one shown already, the
// panel is left as it is. A 429 shows the wait in the panel (the request is retried
// then); other errors replace a first load, and only mark a filled panel as stale.
export async function fill(app, sec, load) {
  const used = [];
  const onWait = (s) => {
    if (sec.dataset.filled === '1') return;
    // main.js's countdown updates the seconds of every p.waiting[data-until].
    sec.body.replaceChildren(h('p', { class: 'waiting', 'data-until': Date.now() + s * 1000 }, app.i18n.t('wait', { s })));
    sec.dataset.filled = 'waiting';
  };
  const get = (path, params) => app.feeds.get(path, params, { signal: app.signal, onWait }).then((d) => { used.push(d); return d; });
  try {
    const made = await load(get);
    if (app.signal?.aborted) return;
    const same = sec.used && sec.used.length === used.length && used.every((d, i) => d === sec.used[i]);
    if (!same || sec.dataset.filled !== '1') sec.body.replaceChildren(typeof made === 'function' ? made() : made);
    sec.used = used;
    sec.body.setAttribute('aria-busy', 'false');
    sec.dataset.filled = '1';
    delete sec.dataset.stale;
  } catch (e) {
    if (app.signal?.aborted || e?.name === 'AbortError') return;
    if (!(e instanceof ApiError && e.status < 500)) app.refreshFailed = true;
    if (sec.dataset.filled === '1' && !(e instanceof ApiError && e.status === 404)) { sec.dataset.stale = '1'; return; }
    let text;
    if (e instanceof RateLimited) text = app.i18n.t('wait', { s: e.seconds });
    else if (e instanceof ApiError && e.status === 404) text = app.i18n.t('notFound') + ': ' + e.message;
    else text = app.i18n.t('error', { e: e.message });
    sec.body.replaceChildren(h('p', { class: 'error' }, text));
    sec.body.setAttribute('aria-busy', 'false');
    sec.dataset.filled = 'error';
    sec.used = null;
  }
}

export function table(app, headers, rows, cls) {
  return h('table', { class: 'list ' + (cls || '') },
    h('thead', null, h('tr', null, headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, rows.length ? rows : h('tr', null, h('td', { colspan: headers.length }, app.i18n.t('none')))));
}

export function periodSwitcher(app, current, onPick) {
  const group = h('div', { class: 'periods', role: 'group', 'aria-label': app.i18n.t('period') });
  for (const p of ['day', 'week', 'month', 'all']) {
    group.append(h('button', {
      type: 'button', class: 'btn seg', 'aria-pressed': String(p === current), 'data-period': p,
      onclick: () => onPick(p),
    }, app.i18n.t(p)));
  }
  return group;
}
