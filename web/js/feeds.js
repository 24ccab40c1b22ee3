// The answers the views show, shared and paced. One request per (endpoint, parameters)
// per refresh, whatever the number of panels using it; after the event stream (or a poll)
// says the statistics changed, an answer is fetched again only once its endpoint's pace
// allows: at most 2/3 of the endpoint's rate limit per minute (SPEC §2), so a live channel
// (an event every second) never drives the page into 429s. An answer held back by the
// pace is still shown, and `due` says when the refresh that fetches it should run.
import { getJson } from './api.js';
import { requestKey, takeEarly } from './start.js';

const LIMIT_PER_MINUTE = {
  'active-chatters': 60, leaderboard: 60, 'chat-activity': 60, 'unique-chatters': 60, search: 60,
  user: 30, 'rising-stars': 30, 'hour-leaders': 30, 'top-writers': 30, 'overall-activity': 30, 'top-emotes': 30,
  compare: 20,
};
export function paceMs(path) {
  const endpoint = path.replace(/^stats\//, '').split('/')[0];
  return 90000 / (LIMIT_PER_MINUTE[endpoint] || 30);
}
const KEEP_MS = 10 * 60 * 1000;

export class Feeds {
  constructor() {
    this.entries = new Map();
    this.changedAt = -1;
    this.due = null;
  }
  // The statistics changed (an event, a poll tick): answers fetched before are stale.
  changed() { this.changedAt = performance.now(); }
  // Drops answers older than ten minutes (a view change).
  prune() {
    const now = performance.now();
    for (const [k, e] of this.entries) if (!e.pending && now - e.at > KEEP_MS) this.entries.delete(k);
  }
  // The answer of GET api/v1/{path}?{params}: the one held while it is current (or the pace
  // holds it back), else a new request. signal aborts it; onWait(seconds) hears of 429s.
  get(path, params = {}, { signal, onWait } = {}) {
    const key = requestKey(path, params);
    const now = performance.now();
    const held = this.entries.get(key);
    if (held?.pending && !held.signal?.aborted) { if (onWait) held.waiters.add(onWait); return held.promise; }
    if (held?.ok) {
      if (held.at >= this.changedAt) return Promise.resolve(held.data);
      const next = held.at + paceMs(path);
      if (now < next) { this.due = this.due === null ? next : Math.min(this.due, next); return Promise.resolve(held.data); }
    }
    const entry = { at: now, pending: true, ok: false, data: held?.data, signal, waiters: new Set(onWait ? [onWait] : []) };
    const request = (!held && takeEarly(key)) || getJson(path, params, { signal, onWait: (s) => entry.waiters.forEach((fn) => fn(s)) });
    entry.promise = request.then(
      (data) => { Object.assign(entry, { data, ok: true, pending: false }); return data; },
      (err) => { entry.pending = false; if (this.entries.get(key) === entry) this.entries.delete(key); if (held?.ok) this.entries.set(key, held); throw err; });
    this.entries.set(key, entry);
    return entry.promise;
  }
  // When the next refresh should run to fetch what the pace held back (performance.now()
  // time), and forgets it; null when nothing waits.
  takeDue() { const d = this.due; this.due = null; return d; }
}
