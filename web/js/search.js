// Search with autocomplete: debounced, arrows/Enter/Escape (ARIA combobox + listbox).
import { h } from './dom.js';
import { getJson } from './api.js';

export function setupSearch(app) {
  const input = document.getElementById('search');
  const list = document.getElementById('search-list');
  let items = [];
  let active = -1;
  let timer = 0;
  let seq = 0;
  const close = () => { list.hidden = true; input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); active = -1; };
  const mark = () => {
    [...list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    if (active >= 0) input.setAttribute('aria-activedescendant', 'sr-' + active); else input.removeAttribute('aria-activedescendant');
  };
  const go = (login) => { close(); input.value = ''; app.navigate({ view: { name: 'user', a: login } }); };
  const show = (hits) => {
    items = hits;
    active = -1;
    list.replaceChildren(...(hits.length ? hits.map((u, i) => h('li', {
      id: 'sr-' + i, role: 'option', 'aria-selected': 'false', 'data-login': u.username,
      onmousedown: (ev) => { ev.preventDefault(); go(u.username); },
    }, h('span', { class: 'sname' }, u.display_name), ' ', h('span', { class: 'muted' }, u.username !== u.display_name.toLowerCase() ? '@' + u.username + ' · ' : '', app.i18n.t('messagesCount', { n: app.i18n.n(u.total_messages) }))))
      : [h('li', { class: 'muted', role: 'option', 'aria-disabled': 'true' }, app.i18n.t('noResults'))]));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2 || q.length > 25) { close(); return; }
    timer = setTimeout(async () => {
      const mine = ++seq;
      try {
        const hits = await getJson('stats/search', { q, channel: app.state.channel }, { retries: 0 });
        if (mine === seq && input.value.trim() === q) show(hits);
      } catch { if (mine === seq) close(); }
    }, 200);
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' && items.length) { ev.preventDefault(); active = (active + 1) % items.length; mark(); }
    else if (ev.key === 'ArrowUp' && items.length) { ev.preventDefault(); active = active <= 0 ? items.length - 1 : active - 1; mark(); }
    else if (ev.key === 'Enter') {
      ev.preventDefault();
      if (active >= 0 && items[active]) go(items[active].username);
      else if (items.length && !list.hidden) go(items[0].username);
      else if (/^[A-Za-z0-9][A-Za-z0-9_]{0,24}$/.test(input.value.trim())) go(input.value.trim().toLowerCase());
    } else if (ev.key === 'Escape') close();
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
  return () => { input.placeholder = app.i18n.t('searchPh'); document.getElementById('search-label').textContent = app.i18n.t('search'); };
}
