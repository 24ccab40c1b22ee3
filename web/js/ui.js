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

// Runs `load` and puts its node into the panel; errors shown in the panel.
export async function fill(app, sec, load) {
  try {
    const node = await load();
    sec.body.replaceChildren(node);
    sec.body.setAttribute('aria-busy', 'false');
    sec.dataset.filled = '1';
  } catch (e) {
    let text;
    if (e instanceof RateLimited) text = app.i18n.t('wait', { s: e.seconds });
    else if (e instanceof ApiError && e.status === 404) text = app.i18n.t('notFound') + ': ' + e.message;
    else text = app.i18n.t('error', { e: e.message });
    sec.body.replaceChildren(h('p', { class: 'error' }, text));
    sec.body.setAttribute('aria-busy', 'false');
    sec.dataset.filled = 'error';
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
