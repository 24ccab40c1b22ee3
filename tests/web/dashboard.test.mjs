// Browser tests of the dashboard (issue 11) against the real `pererecos-stats serve` on a
// generated dataset, in Debian's Chromium driven by playwright-core.
//   node dashboard.test.mjs PERERECOS_STATS PERERECOS_DATAGEN SCREENSHOT_DIR
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startServer, launch, tempDir, run, ok, eq, passed, writeFileSync, rmSync } from './lib.mjs';

const [bin, datagen, shots] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const NOW = '2024-06-01T00:00:00Z';
const NOW_MS = Date.parse(NOW);
const ROOT = '/stats';
mkdirSync(shots, { recursive: true });
const work = tempDir('pererecos-web-');
const db = 'sqlite://' + join(work, 'web.db');

function ircLine({ login, display, text, ts, id, emotes = '', channel = 'pererecos', room = '714092618', uid }) {
  const esc = (v) => v.replace(/\\/g, '\\\\').replace(/ /g, '\\s').replace(/;/g, '\\:');
  return `@badge-info=;badges=;color=;display-name=${esc(display)};emotes=${emotes};first-msg=0;flags=;id=${id};mod=0;room-id=${room};subscriber=0;tmi-sent-ts=${ts};turbo=0;user-id=${uid};user-type= :${login}!${login}@${login}.tmi.twitch.tv PRIVMSG #${channel} :${text}`;
}

// The dataset: two generated channels, plus a chatter whose name, messages and emote
// carry HTML/script payloads, active a minute before "now".
run(datagen, ['--messages', '20000', '--users', '300', '--days', '30', '--seed', '7', '--end', NOW, '--channel', 'pererecos', '--format', 'irc', '--out', join(work, 'a.irc')]);
run(datagen, ['--messages', '3000', '--users', '80', '--days', '30', '--seed', '8', '--end', NOW, '--channel', 'sapinho', '--room-id', '777', '--format', 'irc', '--out', join(work, 'b.irc')]);
const EMOTE_XSS = '<img/src=x/onerror=window.__xss=1>';
const hostile = [];
// Some of its messages are also hard to lay out: one 240-character word, combining marks
// piled up ("zalgo"), a right-to-left override.
const HARD = { 3: ' ' + 'W'.repeat(240), 5: ' Z\u0338\u0322\u031bA\u0337\u0321L\u0336\u0328G\u0335\u0327O'.repeat(8), 7: ' \u202eevil reversed\u202c ok' };
for (let i = 0; i < 12; i++) {
  hostile.push(ircLine({
    login: 'xss_frog', display: '<img src=x onerror=window.__xss=1>', uid: '99000001', id: `00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`,
    ts: NOW_MS - 120000 + i * 1000, text: `${EMOTE_XSS} <script>window.__xss=1</script> hi${HARD[i] || ''}`,
    emotes: `999:0-${[...EMOTE_XSS].length - 1}`,
  }));
}
writeFileSync(join(work, 'hostile.irc'), hostile.join('\r\n') + '\r\n');
run(bin, ['import', '--db', db, join(work, 'a.irc'), join(work, 'b.irc'), join(work, 'hostile.irc')]);

const server = await startServer(bin, { db, now: NOW, log: join(work, 'serve.log'), env: { EMOTE_IMAGES: 'false', API_ROOT_PATH: ROOT, EVENTS_MAX_CLIENTS: '20', TRUSTED_PROXIES: '127.0.0.1/32' } });
const B = server.base + ROOT;
const api = async (path, params = {}) => {
  const u = new URL(B + '/api/v1/' + path);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  const r = await fetch(u, { headers: { 'X-Forwarded-For': 'test' } });
  if (!r.ok) throw new Error(`${u} -> ${r.status}`);
  return r.json();
};

const ctx = await launch(tempDir('pererecos-chromium-'));
const consoleErrors = [];
const foreign = [];
ctx.on('request', (req) => { const u = new URL(req.url()); if (u.host !== `127.0.0.1:${server.port}`) foreign.push(req.url()); });
const page = await ctx.newPage();
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push(String(e)));
page.on('response', (r) => { if (r.status() >= 400 && r.status() !== 429) consoleErrors.push(r.status() + ' ' + r.url()); });

async function open(path) {
  await page.goto(B + path);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 15000 });
}
const texts = (sel) => page.$$eval(sel, (els) => els.map((e) => e.textContent.trim()));
const nums = (sel) => page.$$eval(sel, (els) => els.map((e) => Number(e.dataset.num)));

try {
  // --- General view: every number equals the API's answer.
  await open('/');
  const [active, lb, chat, uniq, overall, emotes, rising, hours, writers] = await Promise.all([
    api('stats/active-chatters'), api('stats/leaderboard', { period: 'all', limit: 10 }), api('stats/chat-activity'),
    api('stats/unique-chatters'), api('stats/overall-activity'), api('stats/top-emotes'), api('stats/rising-stars', { limit: 10 }),
    api('stats/hour-leaders'), api('stats/top-writers', { limit: 10 })]);
  eq(await nums('#p-active .big-num'), [active.count], 'active chatters: count');
  eq(await page.$$eval('#p-active tbody tr', (rs) => rs.map((r) => [r.querySelector('a').dataset.login, ...[...r.querySelectorAll('[data-num]')].map((e) => Number(e.dataset.num))])),
    active.chatters.map((c) => [c.username, c.rank, c.message_count]), 'active chatters: every row (login, all-time rank, count)');
  ok(active.chatters.some((c) => c.username === 'xss_frog'), 'the hostile chatter is among the active chatters');
  const totals = await page.$$eval('#p-totals .kv', (ks) => Object.fromEntries(ks.map((k) => [k.dataset.field, Number(k.querySelector('[data-num]').dataset.num)])));
  eq(totals, { total_users: lb.total_users, total_messages: lb.total_messages, total_today: chat.total_today, total_unique: uniq.total_unique, total_emote_uses: emotes.total_emote_uses }, 'totals panel');
  for (const [id, d] of [['p-unique', uniq], ['p-chat', chat], ['p-overall', overall]]) {
    const cells = await page.$$eval(`#${id} .sr-only table tbody td`, (tds) => tds.map((td) => td.textContent));
    eq(cells, d.activity.map((a) => new Intl.NumberFormat('en').format(a.count)), `${id}: the 24 hourly numbers (screen-reader table)`);
    eq((await nums(`#${id} .peak [data-num]`)).slice(0, 2), [d.peak_hour, d.peak_count], `${id}: peak hour and count`);
    ok(await page.$eval(`#${id} svg`, (s) => s.getAttribute('role') === 'img' && s.getAttribute('aria-label').includes('America/Sao_Paulo')), `${id}: chart is role=img, labelled with the channel's time zone`);
  }
  eq(await page.$$eval('#p-emotes li', (ls) => ls.map((l) => [l.dataset.emote, Number(l.querySelector('[data-num]').dataset.num)])),
    emotes.emotes.map((e) => [e.emote_name, e.count]), 'top emotes: names and counts');
  eq(await page.$$eval('#p-top tbody tr', (rs) => rs.map((r) => [r.querySelector('a').dataset.login, ...[...r.querySelectorAll('[data-num]')].map((e) => Number(e.dataset.num))])),
    lb.leaderboard.map((e) => [e.username, e.rank, e.message_count]), 'top chatters (all)');
  eq(await page.$$eval('#p-rising tbody tr', (rs) => rs.map((r) => [r.querySelector('a').dataset.login, ...[...r.querySelectorAll('[data-num]')].map((e) => Number(e.dataset.num))])),
    rising.entries.map((e) => [e.username, e.rank, e.current_count, e.previous_count, e.growth_percent]), 'rising stars');
  eq(await page.$$eval('#p-hours tbody tr', (rs) => rs.map((r) => [r.cells[0].textContent, r.querySelector('a').dataset.login, Number(r.querySelector('[data-num]').dataset.num)])),
    hours.entries.map((e) => [String(e.hour).padStart(2, '0') + 'h', e.username, e.message_count]), 'hour leaders');
  eq(await page.$$eval('#p-writers tbody tr', (rs) => rs.map((r) => [r.querySelector('a').dataset.login, ...[...r.querySelectorAll('[data-num]')].map((e) => Number(e.dataset.num))])),
    writers.entries.map((e) => [e.username, e.rank, e.avg_length, e.message_count]), 'top writers');
  ok(await page.$$eval('.num[data-num]', (els) => els.every((e) => e.textContent === new Intl.NumberFormat(document.documentElement.lang).format(Number(e.dataset.num)))), 'every integer is formatted for the language');
  eq(await page.$eval('.title', (e) => e.textContent), 'Pererecos Stats', 'DASHBOARD_TITLE default in the header');
  eq(await page.$eval('#channel-name', (e) => e.textContent), '#pererecos', 'the channel in the header');

  // --- Period switching.
  await page.click('#p-top button[data-period="day"]');
  await page.waitForFunction(() => document.querySelector('#p-top button[data-period="day"]')?.getAttribute('aria-pressed') === 'true' && document.querySelector('#p-top')?.dataset.filled === '1');
  const lbDay = await api('stats/leaderboard', { period: 'day', limit: 10 });
  ok(page.url().endsWith(ROOT + '/?period=day'), 'period in the URL', page.url());
  eq(await page.$$eval('#p-top tbody tr a', (as) => as.map((a) => a.dataset.login)), lbDay.leaderboard.map((e) => e.username), 'top chatters follow the period (day)');

  // --- Channel switching.
  ok(await page.isVisible('#channel-select'), 'channel switcher shown for two channels');
  await page.selectOption('#channel-select', 'sapinho');
  await page.waitForFunction(() => document.querySelector('#channel-name').textContent === '#sapinho' && document.body.dataset.ready === '1' && document.querySelector('#p-top')?.dataset.filled === '1');
  await page.waitForTimeout(300);
  const lbS = await api('stats/leaderboard', { period: 'day', limit: 10, channel: 'sapinho' });
  eq(await page.$$eval('#p-top tbody tr a', (as) => as.map((a) => a.dataset.login)), lbS.leaderboard.map((e) => e.username), 'channel switch: the other channel\'s leaderboard');
  ok(page.url().includes('channel=sapinho'), 'channel in the URL', page.url());
  await page.goBack();
  await page.waitForFunction(() => !location.search.includes('sapinho'));

  // --- User page, deep link with period and language.
  const top = lb.leaderboard[0].username;
  await open(`/u/${top}?period=week&lang=pt-BR`);
  await page.waitForFunction(() => document.querySelector('#p-recent')?.dataset.filled === '1');
  const u = await api('stats/user/' + top, { period: 'week' });
  eq(await page.$eval('html', (e) => e.lang), 'pt-BR', '?lang=pt-BR chosen');
  eq(await page.$eval('button[data-period="week"]', (e) => e.getAttribute('aria-pressed')), 'true', 'deep link restores the period');
  const fields = await page.$$eval('#p-user .kv', (ks) => Object.fromEntries(ks.map((k) => [k.dataset.field, k.querySelector('[data-num]') ? Number(k.querySelector('[data-num]').dataset.num) : k.querySelector('dd').textContent])));
  eq([fields.total_messages, fields.percentile, fields.rising_rank ?? null], [u.total_messages, u.percentile, u.rankings.rising_rank ?? null].map((v) => (v === null ? '—' : v)), 'user: messages, percentile, rising rank');
  eq(fields.top_rank, u.rankings.top_rank, 'user: top rank');
  eq(await page.$$eval('#p-user-hourly .sr-only table tbody td', (t) => t.map((x) => Number(x.textContent.replace(/\D/g, '')))), u.hourly_activity.map((x) => x.count), 'user: hourly numbers');
  eq(await texts('#p-recent .msg'), u.recent_messages.map((m) => m.message), 'user: the 10 recent messages, as text');
  eq(await page.$$eval('#p-user-emotes li', (ls) => ls.map((l) => [l.dataset.emote, Number(l.querySelector('[data-num]').dataset.num)])), u.top_emotes.map((e) => [e.emote_name, e.count]), 'user: top emotes');
  eq(await page.$$eval('#p-replies tbody tr a', (as) => as.map((a) => a.dataset.login)), u.top_replies.map((r) => r.username), 'user: top replies');
  eq(await page.$eval('h1', (e) => e.textContent), u.display_name, 'user: display name as the heading');

  // --- Compare deep link.
  const second = lb.leaderboard[1].username;
  await open(`/compare/${top}/${second}`);
  await page.waitForFunction(() => document.querySelector('#p-compare-chart')?.dataset.filled === '1');
  const cmp = await api(`stats/compare/${top}/${second}`);
  eq(await page.$$eval('#p-compare-chart .sr-only table tbody tr', (rs) => rs.map((r) => [...r.querySelectorAll('td')].map((t) => Number(t.textContent.replace(/\D/g, ''))))),
    cmp.user1.hourly_activity.map((x, i) => [x.count, cmp.user2.hourly_activity[i].count]), 'compare: both hourly series');
  eq(await nums('#p-compare-a [data-field="total_messages"] [data-num]'), [cmp.user1.total_messages], 'compare: user1 total');
  eq(await nums('#p-compare-b [data-field="total_messages"] [data-num]'), [cmp.user2.total_messages], 'compare: user2 total');
  await page.goBack();
  await page.waitForFunction((t) => location.pathname.endsWith('/u/' + t), top);
  ok(true, 'back returns to the user page');

  // --- Search by keyboard alone.
  await open('/');
  let focused = '';
  for (let i = 0; i < 10 && focused !== 'search'; i++) { await page.keyboard.press('Tab'); focused = await page.evaluate(() => document.activeElement.id); }
  eq(focused, 'search', 'the search box is reachable with Tab');
  const prefix = second.slice(0, 3);
  const hits = await api('stats/search', { q: prefix });
  await page.keyboard.type(prefix);
  await page.waitForSelector('#search-list li[data-login]');
  eq(await page.$$eval('#search-list li', (ls) => ls.map((l) => l.dataset.login)), hits.map((x) => x.username), 'autocomplete shows the API\'s hits');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForFunction((l) => location.pathname.endsWith('/u/' + l), hits[Math.min(1, hits.length - 1)].username);
  ok(true, 'arrows + Enter open the chosen user');

  // --- Hostile payloads render as text and run nothing.
  await open('/u/xss_frog');
  await page.waitForFunction(() => document.querySelector('#p-recent')?.dataset.filled === '1');
  eq(await page.$eval('h1', (e) => e.textContent), '<img src=x onerror=window.__xss=1>', 'a display name with HTML shows as text');
  ok((await texts('#p-recent .msg'))[0].includes('<script>window.__xss=1</script>'), 'a message with a script tag shows as text');
  ok((await texts('#p-user-emotes .ename')).includes(EMOTE_XSS), 'an emote name with HTML shows as text');
  eq(await page.evaluate(() => [window.__xss, document.querySelectorAll('main script, main img[src="x"]').length]), [undefined, 0], 'no payload ran or became an element');

  // --- No console errors and no other host so far (EMOTE_IMAGES=false).
  eq(consoleErrors, [], 'no console errors');
  eq(foreign, [], 'no request to any other host with EMOTE_IMAGES=false');

  // --- Live: a message imported while the page is open shows within 2 s.
  await open('/');
  await page.waitForFunction(() => document.getElementById('live').dataset.mode === 'live');
  ok(true, 'the page says it is live');
  const t0 = Date.now();
  writeFileSync(join(work, 'live.irc'), ircLine({ login: 'live_frog', display: 'LiveFrog', uid: '99000002', id: '00000000-0000-4000-8000-00000000aa01', ts: NOW_MS - 10000, text: 'oi chat' }) + '\r\n');
  run(bin, ['import', '--db', db, join(work, 'live.irc')]);
  await page.waitForSelector('#p-active a[data-login="live_frog"]', { timeout: 2000 });
  console.log(`ok: a new message is on screen ${Date.now() - t0} ms after the import (event stream)`);

  // --- Polling takes over when the stream is cut.
  const page2 = await ctx.newPage();
  await page2.route('**/api/v1/events**', (r) => r.abort());
  await page2.goto(B + '/');
  await page2.waitForFunction(() => document.getElementById('live').dataset.mode === 'polling', null, { timeout: 10000 });
  ok(true, 'without the stream the page says it polls');
  writeFileSync(join(work, 'live2.irc'), ircLine({ login: 'poll_frog', display: 'PollFrog', uid: '99000003', id: '00000000-0000-4000-8000-00000000aa02', ts: NOW_MS - 5000, text: 'polling' }) + '\r\n');
  run(bin, ['import', '--db', db, join(work, 'live2.irc')]);
  await page2.waitForSelector('#p-active a[data-login="poll_frog"]', { timeout: 8000 });
  ok(true, 'polling shows a new message within 8 s');

  await page2.close();

  // --- A 429 says how long to wait and retries then (a new page: no poll of the last
  // one may take the one 429).
  const page3 = await ctx.newPage();
  // A client of its own (the server trusts 127.0.0.1 as a proxy): the pages before it may
  // have used up this minute's real limit of top-writers, whose 429 would wait ~60 s.
  await page3.setExtraHTTPHeaders({ 'X-Forwarded-For': '198.51.100.7' });
  let once = true;
  await page3.route('**/api/v1/stats/top-writers**', (r) => {
    if (once) { once = false; return r.fulfill({ status: 429, headers: { 'Retry-After': '3', 'Content-Type': 'application/json' }, body: '{"detail":"Rate limit exceeded"}' }); }
    return r.continue();
  });
  // Every text the notice shows while visible, recorded as it changes.
  await page3.addInitScript(() => {
    window.__notices = [];
    document.addEventListener('DOMContentLoaded', () => {
      const n = document.getElementById('notice');
      new MutationObserver(() => { if (!n.hidden) window.__notices.push(n.textContent); }).observe(n, { childList: true, characterData: true, subtree: true, attributes: true });
    });
  });
  const writersSeen = [];
  page3.on('response', (r) => { if (r.url().includes('top-writers')) writersSeen.push(r.status()); });
  await page3.goto(B + '/');
  await page3.waitForFunction(() => document.querySelector('#p-writers')?.dataset.filled === '1', null, { timeout: 15000 }).catch(async (e) => {
    // Say what the page was doing, for the next person who meets this.
    const panels = await page3.evaluate(() => [...document.querySelectorAll('.panel')].map((p) => `${p.id}=${p.dataset.filled}`).join(' '));
    console.log('top-writers answers:', writersSeen.join(', '), '| panels:', panels);
    throw e;
  });
  const notices = await page3.evaluate(() => window.__notices);
  ok(notices.some((t) => /^Too many requests — retrying in [1-3] s$/.test(t)), 'a 429 shows how long to wait', notices);
  ok(true, 'the panel fills after the retry');
  await page3.close();

  // --- Phone size: nothing overflows; accessibility in both themes; screenshots.
  // In English and in Portuguese; the hostile chatter's page (HTML in every name, a long
  // word, zalgo, right-to-left text) with the rest.
  const views = [['general', '/'], ['user', `/u/${top}`], ['compare', `/compare/${top}/${second}`],
    ['general-pt', '/?lang=pt-BR'], ['hostile-pt', '/u/xss_frog?lang=pt-BR'], ['hostile-compare', `/compare/xss_frog/${top}`]];
  for (const [name, path] of views) {
    for (const theme of ['dark', 'light']) {
      await page.emulateMedia({ colorScheme: theme });
      for (const [size, vp] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 360, height: 740 }]]) {
        await page.setViewportSize(vp);
        await open(path);
        await page.waitForFunction(() => [...document.querySelectorAll('.panel')].every((p) => p.dataset.filled));
        if (size === 'phone') {
          const over = await page.evaluate(() => {
            const w = document.documentElement.clientWidth;
            const bad = [];
            if (document.documentElement.scrollWidth > w) bad.push('document ' + document.documentElement.scrollWidth);
            for (const el of document.querySelectorAll('body *')) {
              if (el.closest('.sr-only, [hidden], dialog')) continue;
              const r = el.getBoundingClientRect();
              if (r.width && (r.right > w + 1 || r.left < -1)) bad.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right));
            }
            return bad.slice(0, 12);
          });
          eq(over, [], `${name} (${theme}) at 360×740: nothing overflows`);
        }
        await page.screenshot({ path: join(shots, `${name}-${size}-${theme}.png`), fullPage: true });
      }
      await page.evaluate(axeSource);
      const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      eq(bad.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`), [], `${name} (${theme}): axe finds no serious or critical violation`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // --- Feedback form: the API's validation inline, then a real submission.
  await open('/');
  await page.click('#feedback-open');
  await page.fill('#fb-message', 'short');
  await page.click('#fb-send');
  ok(/10/.test(await page.textContent('#fb-error')), 'feedback: a too-short message is refused inline');
  await page.fill('#fb-message', 'The hour chart could show minutes too.');
  await page.click('#fb-send');
  await page.waitForFunction(() => /#\d+/.test(document.getElementById('fb-status').textContent));
  ok(true, 'feedback: a valid message is stored and acknowledged');
  await page.screenshot({ path: join(shots, 'feedback-desktop.png') });
  await page.keyboard.press('Escape');

  // --- Theme switch by button, language switch in the page.
  await page.click('#theme-toggle');
  const themed = await page.evaluate(() => document.documentElement.dataset.theme);
  ok(themed === 'dark' || themed === 'light', 'the theme button sets a theme', themed);
  await page.selectOption('#lang-select', 'pt-BR');
  await page.waitForFunction(() => document.querySelector('#p-active-h')?.textContent === 'Pererecos no chat');
  eq(await page.textContent('#p-top-h'), 'Top Girinos', 'pt-BR labels of the original page');
  ok(page.url().includes('lang=pt-BR'), 'the language is kept in the URL');

  // --- Event stream protocol: headers, limit with 503.
  const es = await fetch(B + '/api/v1/events');
  eq([es.status, es.headers.get('content-type'), es.headers.get('x-accel-buffering')], [200, 'text/event-stream; charset=utf-8', 'no'], 'events: SSE headers');
  const reader = es.body.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  ok(first.includes('event: ready'), 'events: a ready event at once', first);
  const held = [];
  let refused = null;
  for (let i = 0; i < 25 && !refused; i++) {
    const r = await fetch(B + '/api/v1/events');
    if (r.status === 503) refused = r; else held.push(r);
  }
  ok(refused && refused.headers.get('retry-after'), 'events: beyond EVENTS_MAX_CLIENTS a 503 with Retry-After');
  for (const r of held) await r.body.cancel();
  await reader.cancel();

  // --- The original page's fetch calls (seed README) still answer as it expects.
  const seed = [
    ['stats/user/' + top + '?period=all', (d) => 'hourly_activity' in d && 'recent_messages' in d && 'rival' in d && 'rankings' in d],
    ['stats/leaderboard?period=week&limit=10', (d) => Array.isArray(d.leaderboard) && 'total_users' in d],
    ['stats/rising-stars', (d) => Array.isArray(d.entries)], ['stats/hour-leaders', (d) => Array.isArray(d.entries)],
    ['stats/top-writers', (d) => Array.isArray(d.entries)], ['stats/active-chatters', (d) => 'count' in d && Array.isArray(d.chatters)],
    ['stats/chat-activity', (d) => d.activity.length === 24 && 'peak_hour' in d], ['stats/overall-activity', (d) => d.activity.length === 24],
    ['stats/top-emotes', (d) => Array.isArray(d.emotes)], ['stats/search?q=' + top.slice(0, 2), (d) => Array.isArray(d)],
    [`stats/compare/${top}/${second}`, (d) => 'user1' in d && 'user2' in d], ['health', (d) => 'status' in d],
  ];
  for (const [path, check] of seed) {
    const r = await fetch(server.base + '/api/v1/' + path, { headers: { 'X-Forwarded-For': 'seed' } });
    ok(r.status === 200 && check(await r.json()), 'the original page\'s call answers: /api/v1/' + path);
  }
  console.log(`${passed()} checks passed; screenshots in ${shots}`);
} finally {
  await ctx.close().catch(() => {});
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await exited;
  rmSync(work, { recursive: true, force: true });
}
