// Loaded first (an async module of the page, imported by main.js too: one instance): the
// page's state from its URL, the requests of each view, and — as soon as the page is
// parsed, while the other modules still load — the first view's requests, which
// feeds.js then takes instead of asking again (`takeEarly`).
import { getJson } from './api.js';

const PERIODS = ['day', 'week', 'month', 'all'];
const LOGIN = /^[A-Za-z0-9][A-Za-z0-9_]{0,24}$/;
export const basePath = new URL(document.baseURI).pathname;
export const meta = (n) => document.querySelector(`meta[name="pererecos-${n}"]`)?.content || '';

// Deep links: /, /u/{login}, /compare/{a}/{b}, each with ?channel= ?period= ?lang=.
export function parseLocation() {
  const rel = decodeURIComponent(location.pathname.startsWith(basePath) ? location.pathname.slice(basePath.length) : '');
  const parts = rel.split('/').filter(Boolean);
  let view = { name: 'general' };
  if (parts[0] === 'u' && parts.length === 2 && LOGIN.test(parts[1])) view = { name: 'user', a: parts[1].toLowerCase() };
  if (parts[0] === 'compare' && parts.length === 3 && LOGIN.test(parts[1]) && LOGIN.test(parts[2])) view = { name: 'compare', a: parts[1].toLowerCase(), b: parts[2].toLowerCase() };
  const qs = new URLSearchParams(location.search);
  const period = PERIODS.includes(qs.get('period')) ? qs.get('period') : 'all';
  return { view, period, channel: qs.get('channel') || '', lang: qs.get('lang') || '' };
}

// The requests of each view, [path, params] by name (the views ask exactly these).
export function generalRequests(channel, period) {
  const q = (extra = {}) => ({ channel, ...extra });
  return {
    active: ['stats/active-chatters', q()], chat: ['stats/chat-activity', q()], unique: ['stats/unique-chatters', q()],
    overall: ['stats/overall-activity', q()], emotes: ['stats/top-emotes', q()],
    top: ['stats/leaderboard', q({ period, limit: 10 })], rising: ['stats/rising-stars', q({ limit: 10 })],
    hours: ['stats/hour-leaders', q()], writers: ['stats/top-writers', q({ limit: 10 })],
  };
}
export function userRequests(channel, login, period) {
  return {
    user: ['stats/user/' + encodeURIComponent(login), { channel, period }],
    active: ['stats/active-chatters', { channel }], emotes: ['stats/top-emotes', { channel }],
  };
}
export const compareRequests = (channel, a, b, period) => ({
  pair: [`stats/compare/${encodeURIComponent(a)}/${encodeURIComponent(b)}`, { channel, period }],
});

export const requestKey = (path, params = {}) => path + '?' + new URLSearchParams(params).toString();

const early = new Map();
// The early request of this key, once, within 10 s of the page's start (else null).
export function takeEarly(key) {
  const p = early.get(key);
  early.delete(key);
  return p && performance.now() < 10000 ? p : null;
}

const st = parseLocation();
const channel = (st.channel || meta('channel')).toLowerCase();
if (channel) {
  const v = st.view;
  const reqs = v.name === 'user' ? userRequests(channel, v.a, st.period)
    : v.name === 'compare' ? compareRequests(channel, v.a, v.b, st.period) : generalRequests(channel, st.period);
  for (const [path, params] of Object.values(reqs)) {
    const p = getJson(path, params);
    p.catch(() => {});  // whoever takes it hears of a failure
    early.set(requestKey(path, params), p);
  }
  if (v.name !== 'general') import('./user.js').catch(() => {});
}
