// Live updates: each event of the stream (GET /api/v1/events) marks the statistics as
// changed and refreshes what is on screen. When the stream fails it is closed and opened
// again after a growing pause (1 s, 2 s, … 60 s), and meanwhile the page polls every 5 s;
// when polls fail too, one small request (/health) probes the server with the same kind
// of backoff (10 s … 60 s; any HTTP answer counts as up) before the panels are asked again — a server that is down
// sees a few requests a minute from each page, never a loop.
import { getJson, ApiError } from './api.js';

const jitter = (ms) => Math.round(ms * (0.8 + Math.random() * 0.4));

export class Live {
  // refresh(): resolves true when every panel's requests answered.
  constructor(app, refresh) {
    this.app = app;
    this.refresh = refresh;
    this.es = null;
    this.pollTimer = 0;
    this.streamTimer = 0;
    this.streamFailures = 0;
    this.failures = 0;
    this.mode = 'connecting';
  }
  setMode(mode) {
    this.mode = mode;
    const el = document.getElementById('live');
    el.dataset.mode = mode;
    el.textContent = this.app.i18n.t(mode === 'live' ? 'live' : mode === 'polling' ? 'polling' : mode === 'offline' ? 'offline' : 'connecting');
  }
  start(channel) {
    this.stop();
    this.channel = channel;
    this.failures = 0;
    this.streamFailures = 0;
    this.connect();
  }
  connect() {
    this.streamTimer = 0;
    if (!('EventSource' in window)) { this.startPolling(); return; }
    const es = new EventSource(new URL('api/v1/events?' + new URLSearchParams({ channel: this.channel }), document.baseURI));
    this.es = es;
    es.addEventListener('ready', () => {
      const missed = this.streamFailures > 0 || this.failures > 0;
      this.streamFailures = 0;
      this.failures = 0;
      this.stopPolling();
      this.setMode('live');
      if (missed) this.changed();
    });
    es.addEventListener('stats', () => this.changed());
    es.onerror = () => {
      if (this.es !== es) return;
      es.close();
      this.es = null;
      this.streamFailures++;
      this.streamTimer = setTimeout(() => this.connect(), jitter(Math.min(60000, 1000 * 2 ** (this.streamFailures - 1))));
      if (!this.pollTimer) this.startPolling();
    };
  }
  changed() {
    this.app.feeds.changed();
    return this.refresh();
  }
  startPolling() {
    if (this.mode !== 'offline') this.setMode('polling');
    const tick = async () => {
      this.pollTimer = 0;
      if (this.es && this.mode === 'live') return;
      let ok;
      if (this.failures > 0) {
        ok = await getJson('health', {}, { retries: 0 }).then(() => true, (e) => e instanceof ApiError);
        if (ok) ok = await this.changed();
      } else {
        ok = await this.changed();
      }
      if (this.es && this.mode === 'live') return;
      this.failures = ok ? 0 : this.failures + 1;
      this.setMode(ok ? 'polling' : 'offline');
      this.pollTimer = setTimeout(tick, ok ? 5000 : jitter(Math.min(60000, 5000 * 2 ** this.failures)));
    };
    this.pollTimer = setTimeout(tick, this.failures ? jitter(Math.min(60000, 5000 * 2 ** this.failures)) : 5000);
  }
  stopPolling() { clearTimeout(this.pollTimer); this.pollTimer = 0; }
  stop() {
    if (this.es) this.es.close();
    this.es = null;
    clearTimeout(this.streamTimer);
    this.streamTimer = 0;
    this.stopPolling();
  }
}
