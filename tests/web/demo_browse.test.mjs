// Issue 11, item 9: `pererecos-stats demo` with its statistics clock frozen (--now) stays
// usable while a person browses: 100 user pages in a row with the default rate limits
// (the user endpoint allows 30 a minute, so the page meets real 429s) are never locked
// out for more than a minute — every Retry-After is ≤ 60 s, the page says how long to wait
// (in English, then in Portuguese), its panels wait instead of breaking, and it retries
// then. (EMOTE_IMAGES=false: no CDN is reachable here.) The event stream's heartbeats keep coming every 15 s on the real clock meanwhile.
// Takes about three minutes (three waits of up to a minute: 100 pages at 30 a minute).
//   node demo_browse.test.mjs PERERECOS_STATS PERERECOS_DATAGEN SCREENSHOT_DIR
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, launch, tempDir, ok, eq, passed, rmSync } from './lib.mjs';

const [bin, , shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const work = tempDir('pererecos-web-demo-');
const log = join(work, 'demo.log');
const port = await freePort();
const child = spawn(bin, ['demo', '--db', 'sqlite://' + join(work, 'demo.db'), '--port', String(port), '--host', '127.0.0.1',
  '--now', '2024-06-01T00:00:00Z'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, EMOTE_IMAGES: 'false' } });
child.stdout.on('data', (d) => appendFileSync(log, d));
child.stderr.on('data', (d) => appendFileSync(log, d));
const B = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  if (child.exitCode !== null || i > 1200) throw new Error('the demo did not start, see ' + log);
  try { if ((await fetch(B + '/api/v1/health')).ok) break; } catch { /* not yet */ }
  await new Promise((r) => setTimeout(r, 100));
}

const WAIT = { en: /^Too many requests — retrying in (\d+) s$/, 'pt-BR': /^Muitas requisições — tentando de novo em (\d+) s$/ };
const ctx = await launch(tempDir('pererecos-chromium-'));
const t0 = Date.now();
try {
  const lb = await (await fetch(B + '/api/v1/stats/leaderboard?period=all&limit=100')).json();
  const logins = lb.leaderboard.map((e) => e.username);
  eq(logins.length, 100, '100 chatters to browse');

  // The event stream, read beside the page: heartbeat comments on the real clock.
  const heartbeats = [];
  const stream = await fetch(B + '/api/v1/events');
  const reader = stream.body.getReader();
  (async () => {
    const dec = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ done: true }));
      if (done) return;
      for (const line of dec.decode(value).split('\n')) if (line.startsWith(': heartbeat')) heartbeats.push(Date.now());
    }
  })();

  const page = await ctx.newPage();
  const errors = [];
  const limited = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 429/.test(m.text())) errors.push(m.text()); });
  page.on('response', (r) => {
    if (r.status() === 429) limited.push({ url: r.url(), retryAfter: Number(r.headers()['retry-after']), at: Date.now() });
    else if (r.status() >= 400) errors.push(r.status() + ' ' + r.url());
  });
  await page.goto(`${B}/u/${logins[0]}`);
  const seenWait = {};
  let longest = 0;
  for (let i = 0; i < 100; i++) {
    const lang = i < 50 ? 'en' : 'pt-BR';
    if (i === 50) {
      await page.selectOption('#lang-select', 'pt-BR');
      await page.waitForFunction(() => document.documentElement.lang === 'pt-BR');
    }
    if (i > 0) {
      // What a click on a user link does (the page's own handler of a.ulink).
      await page.evaluate((l) => {
        const a = document.createElement('a');
        a.className = 'ulink'; a.dataset.login = l; a.href = 'u/' + l;
        document.body.append(a); a.click(); a.remove();
      }, logins[i]);
    }
    const started = Date.now();
    const before = limited.length;
    const filled = page.waitForFunction((l) => location.pathname.endsWith('/u/' + l)
      && [...document.querySelectorAll('main .panel')].every((p) => p.dataset.filled === '1'), logins[i], { timeout: 75000, polling: 200 });
    // While it waits out a 429: the notice and the panels say how long, in the language.
    if (!seenWait[lang]) {
      const waiting = await Promise.race([filled.then(() => null),
        page.waitForFunction(() => !document.getElementById('notice').hidden && document.querySelector('main .panel[data-filled="waiting"]'), null, { timeout: 75000, polling: 200 })
          .then(() => page.evaluate(() => ({
            notice: document.getElementById('notice').textContent,
            panel: document.querySelector('main .panel[data-filled="waiting"] .waiting')?.textContent || '',
            errors: document.querySelectorAll('main .panel[data-filled="error"]').length,
          })), () => null)]);
      if (waiting) {
        seenWait[lang] = true;
        const m = waiting.notice.match(WAIT[lang]);
        ok(m && Number(m[1]) >= 1 && Number(m[1]) <= 60, `${lang}: at a 429 the page says how long to wait (${waiting.notice})`, waiting);
        ok(WAIT[lang].test(waiting.panel), `${lang}: a waiting panel says so too, instead of an error (${waiting.panel})`, waiting);
        eq(waiting.errors, 0, `${lang}: no panel shows an error while waiting`);
        if (Number(m[1]) >= 5) {
        await page.waitForTimeout(2500);
        const later = await page.evaluate(() => [document.getElementById('notice').textContent, document.querySelector('main .panel[data-filled="waiting"] .waiting')?.textContent || '']);
        const secs = (t) => Number((t.match(WAIT[lang]) || [])[1]);
        ok(secs(later[0]) < Number(m[1]) && secs(later[1]) < secs(waiting.panel), `${lang}: the notice and the panel count down (${later.join(' | ')})`, later);
        }
        await page.screenshot({ path: join(shots, `rate-limited-${lang}.png`) });
      }
    }
    await filled;
    const took = Date.now() - started;
    longest = Math.max(longest, took);
    if (limited.length > before) console.log(`page ${i + 1} (${logins[i]}): waited ${(took / 1000).toFixed(1)} s for ${limited.length - before} answers 429, Retry-After ${limited.slice(before).map((x) => x.retryAfter).join(', ')}`);
    eq(await page.$$eval('main .panel[data-filled="error"]', (x) => x.length), 0, `page ${i + 1}: every panel filled, none broken`);
  }
  const wall = (Date.now() - t0) / 1000;
  console.log(`100 user pages in ${wall.toFixed(0)} s; ${limited.length} answers 429; the longest page took ${(longest / 1000).toFixed(1)} s`);
  ok(limited.length > 0, 'the default limits were met (30 user pages a minute)');
  ok(limited.every((x) => x.retryAfter >= 1 && x.retryAfter <= 60), 'every Retry-After is at most 60 s', limited.map((x) => x.retryAfter));
  ok(longest <= 65000, 'no page waited more than a minute (and a few seconds of loading)', longest);
  ok(seenWait.en && seenWait['pt-BR'], 'the wait was told in both languages', seenWait);
  eq(errors, [], 'no console errors, no failed request but 429s');
  const gaps = heartbeats.slice(1).map((t, i) => t - heartbeats[i]);
  ok(heartbeats.length >= Math.floor(wall / 15) - 1 && gaps.every((g) => g > 13000 && g < 17500),
    `event-stream heartbeats every 15 s of real time under the frozen statistics clock (${heartbeats.length} in ${wall.toFixed(0)} s)`, gaps);
  await reader.cancel().catch(() => {});
  console.log(`${passed()} checks passed`);
} finally {
  await ctx.close().catch(() => {});
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  rmSync(work, { recursive: true, force: true });
}
