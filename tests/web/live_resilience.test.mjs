// The page's requests under live updates and outages (issue 11's budgets): at most one
// request per visible panel per refresh; a channel that changes every second does not
// drive any endpoint past its pace (2/3 of its rate limit); when the server is down the
// page backs off (a few requests a minute, never a loop), says it is offline, and comes
// back live by itself when the server returns.
//   node live_resilience.test.mjs PERERECOS_STATS PERERECOS_DATAGEN SCREENSHOT_DIR
import { join } from 'node:path';
import { startServer, launch, tempDir, run, ok, eq, passed, writeFileSync, rmSync } from './lib.mjs';

const [bin, datagen] = process.argv.slice(2);
const NOW = '2024-06-01T00:00:00Z';
const NOW_MS = Date.parse(NOW);
const work = tempDir('pererecos-web-live-');
const db = 'sqlite://' + join(work, 'live.db');
run(datagen, ['--messages', '4000', '--users', '120', '--days', '20', '--seed', '5', '--end', NOW, '--channel', 'pererecos', '--format', 'irc', '--out', join(work, 'a.irc')]);
run(bin, ['import', '--db', db, join(work, 'a.irc')]);
let n = 0;
function importMessage() {
  n++;
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const line = `@badge-info=;badges=;color=;display-name=Frog${n};emotes=;id=${id};mod=0;room-id=714092618;subscriber=0;tmi-sent-ts=${NOW_MS - 60000 + n * 100};turbo=0;user-id=${88000000 + n};user-type= :frog${n}!frog${n}@frog${n}.tmi.twitch.tv PRIVMSG #pererecos :oi ${n}`;
  writeFileSync(join(work, 'm.irc'), line + '\r\n');
  run(bin, ['import', '--db', db, join(work, 'm.irc')]);
}

let server = await startServer(bin, { db, now: NOW, log: join(work, 'serve.log') });
const ctx = await launch(tempDir('pererecos-chromium-'));
const requests = [];
ctx.on('request', (r) => { const u = new URL(r.url()); if (u.port === String(server.port)) requests.push({ path: u.pathname + u.search, at: Date.now() }); });
const since = (t) => requests.filter((r) => r.at >= t);
const endpoint = (p) => p.replace(/^\/api\/v1\/(stats\/)?/, '').split(/[/?]/)[0];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
try {
  const page = await ctx.newPage();
  await page.goto(server.base + '/');
  await page.waitForFunction(() => document.body.dataset.ready === '1' && document.getElementById('live').dataset.mode === 'live');
  const panels = await page.$$eval('main .panel', (ps) => ps.length);
  // The first load: its requests start before the modules are loaded (start.js), and
  // the views take them instead of asking again.
  const first = requests.filter((r) => r.path.includes('/stats/'));
  ok(new Set(first.map((r) => r.path)).size === first.length && first.length <= panels,
    `the first load asks each answer once, at most one request per panel (${first.length} for ${panels} panels)`, first.map((r) => r.path));

  // One change, after every pace has passed: one refresh, one request per answer.
  await sleep(3500);
  let t = Date.now();
  importMessage();
  await page.waitForSelector('#p-active a[data-login="frog1"]', { timeout: 3000 });
  await sleep(1500);
  const one = since(t).filter((r) => r.path.includes('/stats/'));
  const counts = {};
  for (const r of one) counts[r.path] = (counts[r.path] || 0) + 1;
  ok(Object.values(counts).every((c) => c === 1), 'a refresh asks each answer once', counts);
  ok(one.length <= panels, `a refresh makes at most one request per visible panel (${one.length} for ${panels} panels)`, counts);

  // A change every second for 9 s: no endpoint asked more often than its pace allows.
  t = Date.now();
  for (let i = 0; i < 9; i++) { importMessage(); await sleep(1000); }
  await sleep(1000);
  const window = (Date.now() - t) / 1000;
  const per = {};
  for (const r of since(t).filter((x) => x.path.includes('/stats/'))) per[endpoint(r.path)] = (per[endpoint(r.path)] || 0) + 1;
  const pace = { 'active-chatters': 1.5, leaderboard: 1.5, 'chat-activity': 1.5, 'unique-chatters': 1.5 };
  ok(Object.entries(per).every(([e, c]) => c <= Math.ceil(window / (pace[e] || 3)) + 1), `changes every second stay within each endpoint's pace over ${window.toFixed(0)} s`, per);
  ok(per['active-chatters'] >= 3, 'and the page still refreshes', per);
  eq(await page.$$eval('.panel[data-filled="error"]', (x) => x.length), 0, 'no panel broken');

  // The server goes down: backoff, not a loop.
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await exited;
  t = Date.now();
  await page.waitForFunction(() => document.getElementById('live').dataset.mode === 'offline', null, { timeout: 20000 });
  ok(true, `the page says it is offline (${((Date.now() - t) / 1000).toFixed(1)} s after the server stopped)`);
  await sleep(Math.max(0, 35000 - (Date.now() - t)));
  const down = since(t);
  const late = down.filter((r) => r.at >= t + 15000);
  console.log(`requests while down: ${down.length} in 35 s (${late.length} in the last 20 s): ${down.map((r) => `${((r.at - t) / 1000).toFixed(1)}s ${endpoint(r.path)}`).join(', ')}`);
  ok(down.length <= 30, 'at most 30 requests in 35 s of outage', down.length);
  ok(late.length <= 6, 'and a few in its last 20 s (the pauses grow)', late.length);
  eq(await page.$$eval('.panel[data-filled="1"]', (x) => x.length), panels, 'the panels keep what they showed');

  // The server comes back on the same port: live again by itself.
  server = await startServer(bin, { db, now: NOW, log: join(work, 'serve2.log'), port: server.port });
  t = Date.now();
  await page.waitForFunction(() => document.getElementById('live').dataset.mode === 'live', null, { timeout: 70000 });
  ok(true, `live again ${((Date.now() - t) / 1000).toFixed(1)} s after the server returned`);
  importMessage();
  await page.waitForSelector(`#p-active a[data-login="frog${n}"]`, { timeout: 6000 });
  ok(true, 'and new messages show again');
  console.log(`${passed()} checks passed`);
} finally {
  await ctx.close().catch(() => {});
  if (server.child.exitCode === null) {
    const exited = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGTERM');
    await exited;
  }
  rmSync(work, { recursive: true, force: true });
}
