// The user page (/u/{login}) and the compare view (/compare/{a}/{b}).
import { h } from './dom.js';
import { hourBars, hourLines } from './charts.js';
import { emote, messageWithEmotes } from './emotes.js';
import { userRequests, compareRequests } from './start.js';
import { num, userLink, panel, fill, table, periodSwitcher } from './ui.js';

function kv(app, key, value, field) {
  return h('div', { class: 'kv', 'data-field': field }, h('dt', null, app.i18n.t(key)), h('dd', null, value));
}
const maybe = (app, v) => (v === null || v === undefined ? '—' : num(app, v));

function summary(app, u, online) {
  const t = (k, v) => app.i18n.t(k, v);
  const r = u.rankings;
  const change = r.top_rank_change;
  const changeText = change === null ? '—' : (change > 0 ? '▲ ' : change < 0 ? '▼ ' : '') + app.i18n.n(Math.abs(change));
  return h('dl', { class: 'totals' },
    kv(app, 'messages', num(app, u.total_messages), 'total_messages'),
    kv(app, 'percentile', h('span', { class: 'dec', 'data-num': u.percentile, title: t('topPercent', { p: app.i18n.n1(u.percentile) }) }, app.i18n.n1(u.percentile)), 'percentile'),
    kv(app, 'firstMsg', app.i18n.date(u.first_message_date), 'first_message_date'),
    kv(app, 'lastMsg', app.i18n.date(u.last_message_date), 'last_message_date'),
    kv(app, 'favHour', u.favorite_hour ? [app.i18n.hour(u.favorite_hour.hour), ' · ', num(app, u.favorite_hour.count), ' (', app.i18n.n1(u.favorite_hour.percentage), '%)'] : '—', 'favorite_hour'),
    kv(app, 'peakHours', u.peak_hours.length ? u.peak_hours.map((x) => app.i18n.hour(x)).join(' · ') : '—', 'peak_hours'),
    kv(app, 'topRank', [maybe(app, r.top_rank), ' ', h('span', { class: 'muted', 'data-num': change === null ? '' : change, title: t('rankChange') }, '(' + changeText + ')')], 'top_rank'),
    kv(app, 'risingRank', maybe(app, r.rising_rank), 'rising_rank'),
    kv(app, 'writersRank', maybe(app, r.writers_rank), 'writers_rank'),
    kv(app, 'hoursDominated', r.hours_dominated.length ? r.hours_dominated.map((x) => app.i18n.hour(x)).join(' · ') : '—', 'hours_dominated'),
    kv(app, 'rival', u.rival ? [userLink(app, u.rival.username, u.rival.display_name), ' · ', app.i18n.n1(u.rival.similarity_score), '% ', t('similarity')] : t('noRival'), 'rival'));
}

function knownEmotes(channelEmotes, u) {
  const map = new Map();
  for (const e of channelEmotes) map.set(e.emote_name, e);
  for (const e of u.top_emotes) map.set(e.emote_name, e);
  return map;
}

export function renderUser(app, main) {
  const login = app.state.view.a;
  const t = (k, v) => app.i18n.t(k, v);
  const title = h('h1', { class: 'view-title' }, login);
  const badge = h('span', { class: 'badge', id: 'online-badge' });
  const cmpInput = h('input', { type: 'text', id: 'compare-with', placeholder: t('compareWith'), 'aria-label': t('compareWith'), pattern: '[A-Za-z0-9][A-Za-z0-9_]{0,24}', required: true });
  const cmpForm = h('form', { class: 'compare-form', onsubmit: (ev) => { ev.preventDefault(); const b = cmpInput.value.trim(); if (b) app.navigate({ view: { name: 'compare', a: login, b } }); } },
    cmpInput, h('button', { type: 'submit', class: 'btn' }, t('compare')));
  const pMain = panel('p-user', t('messages'));
  const pHourly = panel('p-user-hourly', t('hourly'));
  const pReplies = panel('p-replies', t('replies'));
  const pEmotes = panel('p-user-emotes', t('topEmotes'));
  const pRecent = panel('p-recent', t('recent'));
  main.append(h('div', { class: 'view-head' }, title, badge, periodSwitcher(app, app.state.period, (p) => app.navigate({ period: p })), cmpForm),
    h('div', { class: 'grid' }, pMain, pHourly, pReplies, pEmotes, pRecent));

  const R = userRequests(app.state.channel, login, app.state.period);
  const user = (get) => get(...R.user);
  // The online badge and the channel's emotes (known by name in messages): a panel fills
  // without them when they fail.
  const active = (get) => get(...R.active).catch(() => null);
  const channelEmotes = (get) => get(...R.emotes).then((d) => d.emotes, () => []);
  const loaders = [
    [pMain, async (get) => {
      const [u, act] = await Promise.all([user(get), active(get)]);
      return () => {
        const online = !!act && act.chatters.some((c) => c.username === u.username);
        title.textContent = u.display_name;
        document.title = u.display_name + ' · ' + app.title;
        badge.textContent = online ? t('online') : t('offlineUser');
        badge.className = 'badge ' + (online ? 'on' : 'off');
        badge.dataset.online = String(online);
        return summary(app, u, online);
      };
    }],
    [pHourly, async (get) => { const u = await user(get); return () => hourBars(app.i18n, u.hourly_activity.map((x) => x.count), { highlight: new Set(u.peak_hours), label: t('hourly') }); }],
    [pReplies, async (get) => { const d = await user(get); return () => table(app, [t('user'), t('count')], d.top_replies.map((r) => h('tr', null, h('td', null, userLink(app, r.username, r.display_name)), h('td', null, num(app, r.reply_count))))); }],
    [pEmotes, async (get) => { const d = await user(get); return () => h('ol', { class: 'emotes' }, d.top_emotes.length ? d.top_emotes.map((e) => h('li', { 'data-emote': e.emote_name }, emote(e), h('span', { class: 'ename' }, e.emote_name), num(app, e.count))) : h('li', null, t('none'))); }],
    [pRecent, async (get) => {
      const [d, chan] = await Promise.all([user(get), channelEmotes(get)]);
      return () => {
        const known = knownEmotes(chan, d);
        return h('ol', { class: 'recent' }, d.recent_messages.length ? d.recent_messages.map((m) => h('li', null, h('time', { datetime: m.timestamp }, app.i18n.date(m.timestamp)), messageWithEmotes(m.message, known))) : h('li', null, t('none')));
      };
    }],
  ];
  return () => Promise.all(loaders.map(([sec, load]) => fill(app, sec, load)));
}

export function renderCompare(app, main) {
  const { a, b } = app.state.view;
  const t = (k, v) => app.i18n.t(k, v);
  const pChart = panel('p-compare-chart', t('hourly'));
  const pA = panel('p-compare-a', a);
  const pB = panel('p-compare-b', b);
  main.append(h('div', { class: 'view-head' }, h('h1', { class: 'view-title' }, t('compareTitle', { a, b })),
    periodSwitcher(app, app.state.period, (p) => app.navigate({ period: p }))),
    h('div', { class: 'grid' }, pChart, pA, pB));
  const pair = (get) => get(...compareRequests(app.state.channel, a, b, app.state.period).pair);
  return async () => {
    await Promise.all([
      fill(app, pChart, async (get) => { const d = await pair(get); return () => hourLines(app.i18n, d.user1.hourly_activity.map((x) => x.count), d.user2.hourly_activity.map((x) => x.count), [d.user1.display_name, d.user2.display_name], t('hourly')); }),
      fill(app, pA, async (get) => { const d = await pair(get); return () => { pA.querySelector('h2').replaceChildren(userLink(app, d.user1.username, d.user1.display_name)); return summary(app, d.user1); }; }),
      fill(app, pB, async (get) => { const d = await pair(get); return () => { pB.querySelector('h2').replaceChildren(userLink(app, d.user2.username, d.user2.display_name)); return summary(app, d.user2); }; }),
    ]);
  };
}
