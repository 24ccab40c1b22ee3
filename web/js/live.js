// Live updates: the event stream (GET /api/v1/events) triggers a refresh of what is on
// screen; when it is unavailable, polling every 5 s takes over (with backoff on errors).
import { apiUrl } from './api.js';

export class Live {
  constructor(app, onChange) {
    this.app = app;
    this.onChange = onChange;
    this.es = null;
    this.pollTimer = 0;
    this.failures = 0;
    this.mode = 'connecting';
  }
  setMode(mode) {
    this.mode = mode;
    const el = document.getElementById('live');
    el.dataset.mode = mode;
    el.textContent = this.app.i18n.t(mode === 'live' ? 'live' : mode === 'polling' ? 'polling' : 'offline');
  }
  start(channel) {
    this.stop();
    this.channel = channel;
    if (!('EventSource' in window)) { this.poll(); return; }
    const es = new EventSource(apiUrl('events', { channel }));
    this.es = es;
    es.addEventListener('ready', () => { this.failures = 0; clearTimeout(this.pollTimer); this.pollTimer = 0; this.setMode('live'); });
    es.addEventListener('stats', () => this.onChange());
    es.onerror = () => {
      // The browser retries by itself; meanwhile (and if it gives up) poll.
      if (es.readyState === EventSource.CLOSED) { this.es = null; setTimeout(() => this.channel === channel && !this.es && this.start(channel), 30000); }
      if (!this.pollTimer) this.poll();
    };
  }
  poll() {
    this.setMode('polling');
    const tick = async () => {
      if (this.mode === 'live') { this.pollTimer = 0; return; }
      try { await this.onChange(); this.failures = 0; if (this.mode !== 'live') this.setMode('polling'); } catch { this.failures++; this.setMode('offline'); }
      const delay = Math.min(60000, 5000 * 2 ** Math.min(this.failures, 4));
      this.pollTimer = setTimeout(tick, delay);
    };
    this.pollTimer = setTimeout(tick, 5000);
  }
  stop() {
    if (this.es) this.es.close();
    this.es = null;
    clearTimeout(this.pollTimer);
    this.pollTimer = 0;
  }
}
