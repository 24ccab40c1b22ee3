// The general view (/): chatters now, totals, hourly charts, top emotes, leaderboards.
import { h } from './dom.js';
import { hourBars } from './charts.js';
import { emote } from './emotes.js';
import { generalRequests } from './start.js';
import { num, userLink, panel, fill, table, periodSwitcher } from './ui.js';

export function renderGeneral(app, main) {
  const t = (k) => app.i18n.t(k);
  let filterText = '';
  const filter = h('input', { type: 'search', id: 'active-filter', placeholder: t('filter'), 'aria-label': t('filter'), class: 'filter' });

  const pActive = panel('p-active', t('active'), t('activeHint'));
  pActive.insertBefore(filter, pActive.body);
  const pTotals = panel('p-totals', t('totals'));
  const pUnique = panel('p-unique', t('unique'));
  const pChat = panel('p-chat', t('chatActivity'));
  const pOverall = panel('p-overall', t('overall'));
  const pEmotes = panel('p-emotes', t('topEmotes'));
  const pTop = panel('p-top', t('topChatters'));
  const pRising = panel('p-rising', t('rising'), t('risingHint'));
  const pHours = panel('p-hours', t('hourLeaders'), app.i18n.hoursLabel());
  const pWriters = panel('p-writers', t('writers'), t('writersHint'));
  const periods = periodSwitcher(app, app.state.period, (p) => app.navigate({ period: p }));
  pTop.insertBefore(periods, pTop.body);

  main.append(
    h('h1', { class: 'view-title' }, t('general')),
    h('div', { class: 'grid' }, pActive, pTotals, pUnique, pChat, pOverall, pEmotes),
    h('h2', { class: 'section-title', id: 'lb-title' }, t('leaderboards')),
    h('div', { class: 'grid' }, pTop, pRising, pHours, pWriters));

  let activeRows = [];
  const applyFilter = () => {
    const f = filterText.toLowerCase();
    for (const r of activeRows) r.hidden = f !== '' && !r.dataset.search.includes(f);
  };
  filter.addEventListener('input', () => { filterText = filter.value; applyFilter(); });

  // Nine requests for ten panels: the totals come from the answers other panels use
  // (active-chatters' total_users and overall-activity's total_messages are the all-time
  // totals of the leaderboard, SPEC §2), so no request of their own.
  const R = generalRequests(app.state.channel, app.state.period);
  const active = (get) => get(...R.active);
  const chat = (get) => get(...R.chat);
  const unique = (get) => get(...R.unique);
  const overall = (get) => get(...R.overall);
  const emotes = (get) => get(...R.emotes);
  const loaders = [
    [pActive, async (get) => {
      const d = await active(get);
      return () => {
        activeRows = d.chatters.map((c) => {
          const tr = h('tr', null, h('td', null, num(app, c.rank)), h('td', null, userLink(app, c.username, c.display_name)),
            h('td', null, num(app, c.message_count)));
          tr.dataset.search = (c.username + ' ' + c.display_name).toLowerCase();
          return tr;
        });
        const node = h('div', null, h('p', { class: 'big' }, num(app, d.count, 'num big-num'), ' ', h('span', { class: 'of' }, '/ ', num(app, d.total_users))),
          table(app, [t('rank'), t('user'), t('messages')], activeRows, 'active'));
        applyFilter();
        return node;
      };
    }],
    [pTotals, async (get) => {
      const [act, ov, ch, uq, em] = await Promise.all([active(get), overall(get), chat(get), unique(get), emotes(get)]);
      const item = (k, v, f) => h('div', { class: 'kv', 'data-field': f }, h('dt', null, t(k)), h('dd', null, num(app, v)));
      return () => h('dl', { class: 'totals' }, item('totalUsers', act.total_users, 'total_users'), item('totalMessages', ov.total_messages, 'total_messages'),
        item('today', ch.total_today, 'total_today'), item('uniqueToday', uq.total_unique, 'total_unique'),
        item('emoteUses', em.total_emote_uses, 'total_emote_uses'));
    }],
    [pUnique, async (get) => { const d = await unique(get); return () => hourly(app, d, t('unique'), false); }],
    [pChat, async (get) => { const d = await chat(get); return () => hourly(app, d, t('chatActivity'), true); }],
    [pOverall, async (get) => { const d = await overall(get); return () => hourly(app, d, t('overall'), false); }],
    [pEmotes, async (get) => {
      const d = await emotes(get);
      return () => h('ol', { class: 'emotes' }, d.emotes.length ? d.emotes.map((e) => h('li', { 'data-emote': e.emote_name },
        emote(e), h('span', { class: 'ename' }, e.emote_name), num(app, e.count))) : h('li', null, t('none')));
    }],
    [pTop, async (get) => {
      const d = await get(...R.top);
      return () => table(app, [t('rank'), t('user'), t('messages')], d.leaderboard.map((e) => h('tr', null,
        h('td', null, num(app, e.rank)), h('td', null, userLink(app, e.username, e.display_name)), h('td', null, num(app, e.message_count)))), 'toplist');
    }],
    [pRising, async (get) => {
      const d = await get(...R.rising);
      return () => table(app, [t('rank'), t('user'), t('messages'), t('growth')], d.entries.map((e) => h('tr', null,
        h('td', null, num(app, e.rank)), h('td', null, userLink(app, e.username, e.display_name)),
        h('td', null, num(app, e.current_count), h('span', { class: 'muted' }, ' ← ', num(app, e.previous_count))),
        h('td', null, h('span', { class: 'dec', 'data-num': e.growth_percent }, '+' + app.i18n.n1(e.growth_percent) + '%')))), 'rising');
    }],
    [pHours, async (get) => {
      const d = await get(...R.hours);
      return () => table(app, [t('hour'), t('user'), t('messages')], d.entries.map((e) => h('tr', null,
        h('td', null, app.i18n.hour(e.hour)), h('td', null, userLink(app, e.username, e.display_name)), h('td', null, num(app, e.message_count)))), 'hours');
    }],
    [pWriters, async (get) => {
      const d = await get(...R.writers);
      return () => table(app, [t('rank'), t('user'), t('avgLen'), t('messages')], d.entries.map((e) => h('tr', null,
        h('td', null, num(app, e.rank)), h('td', null, userLink(app, e.username, e.display_name)),
        h('td', null, h('span', { class: 'dec', 'data-num': e.avg_length }, app.i18n.n1(e.avg_length))), h('td', null, num(app, e.message_count)))), 'writers');
    }],
  ];
  return () => Promise.all(loaders.map(([sec, load]) => fill(app, sec, load)));
}

function hourly(app, d, label, sqrt) {
  const values = d.activity.map((a) => a.count);
  const total = d.total_today ?? d.total_messages ?? d.total_unique;
  return h('div', null,
    h('p', { class: 'peak' }, app.i18n.t('peak') + ': ', h('span', { class: 'hr', 'data-num': d.peak_hour }, app.i18n.hour(d.peak_hour)),
      ' · ', num(app, d.peak_count), ' · Σ ', num(app, total)),
    hourBars(app.i18n, values, { sqrt, highlight: new Set([d.peak_hour]), label }));
}
