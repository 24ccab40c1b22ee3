// The dashboard's entry point: state from the URL (deep links /, /u/{login},
// /compare/{a}/{b} with ?channel= ?period= ?lang=), language, theme, channel switcher,
// live refresh (paced by feeds.js), the countdown of a 429.
import { getJson, onRateLimit } from './api.js';
import { Feeds } from './feeds.js';
import { I18n, pickLang } from './i18n.js';
import { renderGeneral } from './general.js';
import { basePath, meta, parseLocation } from './start.js';

performance.mark('dashboard-start');

const app = {
  title: document.querySelector('meta[name="pererecos-title"]')?.content || 'Pererecos Stats',
  state: parseLocation(),
  info: null,
  feeds: new Feeds(),
  // Aborted when the view changes: its requests (and 429 waits) stop.
  signal: null,
  href(viewOrPatch) {
    const st = { ...this.state, view: viewOrPatch.name ? viewOrPatch : this.state.view };
    let path = basePath;
    if (st.view.name === 'user') path += 'u/' + encodeURIComponent(st.view.a);
    if (st.view.name === 'compare') path += 'compare/' + encodeURIComponent(st.view.a) + '/' + encodeURIComponent(st.view.b);
    const qs = new URLSearchParams();
    if (st.channel && this.info && st.channel !== this.info.default_channel) qs.set('channel', st.channel);
    if (st.period !== 'all') qs.set('period', st.period);
    if (st.langExplicit) qs.set('lang', st.lang);
    const q = qs.toString();
    return path + (q ? '?' + q : '');
  },
  navigate(patch) {
    Object.assign(this.state, patch);
    history.pushState(null, '', this.href(this.state.view));
    render(true);
  },
};
app.state.langExplicit = !!app.state.lang;
app.state.lang = pickLang(app.state.lang);

// One refresh of the view at a time; asked again meanwhile, it runs once more after.
// Resolves true when no request failed. What the pace held back is fetched by a refresh
// scheduled when it is due.
let refresh = async () => {};
let refreshing = null;
let again = false;
let dueTimer = 0;
async function doRefresh() {
  if (refreshing) { again = true; return refreshing; }
  refreshing = (async () => {
    let ok = true;
    do {
      again = false;
      app.refreshFailed = false;
      await refresh();
      ok = !app.refreshFailed;
    } while (again);
    const due = app.feeds.takeDue();
    if (due !== null && !dueTimer) dueTimer = setTimeout(() => { dueTimer = 0; doRefresh(); }, Math.max(0, due - performance.now()) + 20);
    return ok;
  })();
  try { return await refreshing; } finally { refreshing = null; }
}
// The event stream, search and feedback load after the first panels (not on their path).
let live = null;
let relabel = [];

function applyTheme(theme) {
  const root = document.documentElement;
  if (theme) root.dataset.theme = theme; else delete root.dataset.theme;
  const dark = theme ? theme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
  const btn = document.getElementById('theme-toggle');
  btn.textContent = dark ? '☀ ' + app.i18n.t('themeLight') : '☾ ' + app.i18n.t('themeDark');
  btn.setAttribute('aria-pressed', String(dark));
  btn.dataset.dark = String(dark);
}
function storedTheme() { try { return localStorage.getItem('theme'); } catch { return null; } }

function labels() {
  document.documentElement.lang = app.state.lang;
  document.getElementById('skip-link').textContent = app.i18n.t('skip');
  document.getElementById('lang-select').value = app.state.lang;
  document.getElementById('channel-label').textContent = app.i18n.t('channel');
  document.getElementById('lang-label').textContent = app.i18n.t('language');
  document.getElementById('feedback-open').textContent = app.i18n.t('feedback');
  document.getElementById('search').placeholder = app.i18n.t('searchPh');
  relabel.forEach((f) => f());
  applyTheme(storedTheme());
  if (live) live.setMode(live.mode);
}

function channelSwitcher() {
  const sel = document.getElementById('channel-select');
  const chans = app.info.channels;
  document.getElementById('channel-name').textContent = '#' + app.state.channel;
  if (chans.length < 2) { sel.hidden = true; return; }
  sel.replaceChildren(...chans.map((c) => { const o = document.createElement('option'); o.value = c; o.textContent = '#' + c; return o; }));
  sel.value = app.state.channel;
  sel.hidden = false;
}

async function render(userAction) {
  const main = document.getElementById('main');
  if (app.controller) app.controller.abort();
  app.controller = new AbortController();
  app.signal = app.controller.signal;
  app.feeds.prune();
  main.replaceChildren();
  document.title = app.title;
  const v = app.state.view.name;
  // The user and compare views load their module when first shown.
  const views = v === 'general' ? null : await import('./user.js');
  if (app.signal.aborted) return;
  refresh = (v === 'user' ? views.renderUser : v === 'compare' ? views.renderCompare : renderGeneral)(app, main);
  if (userAction) main.focus({ preventScroll: false });
  document.getElementById('channel-name').textContent = '#' + app.state.channel;
  await doRefresh();
  if (v === 'general' && !performance.getEntriesByName('general-filled').length) {
    performance.mark('general-filled');
    performance.measure('general-fill', 'dashboard-start', 'general-filled');
  }
  if (live) document.body.dataset.ready = '1';
}

async function boot() {
  // A 429: the notice counts down to the retry (in the page's language at each tick).
  let until = 0;
  let tick = 0;
  onRateLimit((s) => {
    const n = document.getElementById('notice');
    until = Math.max(until, Date.now() + s * 1000);
    const show = () => {
      const now = Date.now();
      for (const w of document.querySelectorAll('.waiting[data-until]')) {
        w.textContent = app.i18n.t('wait', { s: Math.max(0, Math.ceil((Number(w.dataset.until) - now) / 1000)) });
      }
      const left = Math.ceil((until - now) / 1000);
      if (left <= 0) { n.hidden = true; tick = 0; return; }
      n.textContent = app.i18n.t('wait', { s: left });
      n.hidden = false;
      tick = setTimeout(show, ((until - Date.now()) % 1000) || 1000);
    };
    clearTimeout(tick);
    show();
  });
  document.getElementById('lang-select').addEventListener('change', (ev) => {
    app.state.lang = ev.target.value;
    app.state.langExplicit = true;
    app.i18n = new I18n(app.state.lang, app.i18n.tz);
    history.replaceState(null, '', app.href(app.state.view));
    labels();
    render(false);
  });
  document.getElementById('theme-toggle').addEventListener('click', () => {
    const next = document.getElementById('theme-toggle').dataset.dark === 'true' ? 'light' : 'dark';
    try { localStorage.setItem('theme', next); } catch { /* private mode */ }
    applyTheme(next);
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => applyTheme(storedTheme()));
  document.getElementById('channel-select').addEventListener('change', (ev) => {
    app.state.channel = ev.target.value;
    app.navigate({});
    if (live) live.start(app.state.channel);
  });
  document.getElementById('home-link').addEventListener('click', (ev) => { ev.preventDefault(); app.navigate({ view: { name: 'general' } }); });
  document.addEventListener('click', (ev) => {
    const a = ev.target.closest && ev.target.closest('a.ulink');
    if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
    ev.preventDefault();
    app.navigate({ view: { name: 'user', a: a.dataset.login } });
  });
  window.addEventListener('popstate', () => {
    const st = parseLocation();
    app.state.view = st.view;
    app.state.period = st.period;
    if (st.channel) app.state.channel = st.channel.toLowerCase();
    render(false);
  });
  // The server wrote the time zone and default channel into the page: the first panels
  // need not wait for GET /channels (which fills the channel switcher meanwhile).
  app.info = { channels: [], default_channel: meta('channel') || null, time_zone: meta('time-zone') || 'UTC' };
  app.i18n = new I18n(app.state.lang, app.info.time_zone);
  app.state.channel = (app.state.channel || app.info.default_channel || '').toLowerCase();
  labels();
  performance.mark("dashboard-render");
  await render(false);
  // After the first panels: they need none of it.
  getJson('channels', {}, { retries: 1 }).then((info) => { app.info = info; channelSwitcher(); }).catch(() => {});
  const [{ setupSearch }, { setupFeedback }, { Live }] = await Promise.all([import('./search.js'), import('./feedback.js'), import('./live.js')]);
  relabel = [setupSearch(app), setupFeedback(app)];
  live = new Live(app, doRefresh);
  labels();
  live.start(app.state.channel);
  document.body.dataset.ready = '1';
}
boot();
