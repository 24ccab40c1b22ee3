// EMOTE_IMAGES=true: emote images come lazily from the providers' CDNs (stood in for by
// Playwright's router: one image answers, the others fail), and a failed image shows the
// emote's name instead.
//   node emote_images.test.mjs PERERECOS_STATS PERERECOS_DATAGEN SCREENSHOT_DIR
import { join } from 'node:path';
import { startServer, launch, tempDir, run, ok, eq, passed, rmSync } from './lib.mjs';

const [bin, datagen, shots] = process.argv.slice(2);
const NOW = '2024-06-01T00:00:00Z';
const work = tempDir('pererecos-web-img-');
const db = 'sqlite://' + join(work, 'img.db');
run(datagen, ['--messages', '5000', '--users', '100', '--days', '20', '--seed', '3', '--end', NOW, '--channel', 'pererecos', '--format', 'irc', '--out', join(work, 'a.irc')]);
run(bin, ['import', '--db', db, join(work, 'a.irc')]);
const server = await startServer(bin, { db, now: NOW, log: join(work, 'serve.log'), env: { EMOTE_IMAGES: 'true' } });
const ctx = await launch(tempDir('pererecos-chromium-'));
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const cdn = [];
await ctx.route('https://static-cdn.jtvnw.net/**', (r) => {
  cdn.push(r.request().url());
  return r.request().url().includes('/25/') ? r.fulfill({ status: 200, contentType: 'image/png', body: PNG }) : r.abort();
});
try {
  const page = await ctx.newPage();
  const csp = (await page.goto(server.base + '/')).headers()['content-security-policy'];
  ok(csp.includes('https://static-cdn.jtvnw.net') && !csp.includes('unsafe-inline'), 'CSP allows the CDNs, no inline script or style', csp);
  await page.waitForSelector('body[data-ready="1"]');
  const emotes = await (await fetch(server.base + '/api/v1/stats/top-emotes')).json();
  ok(emotes.emotes.some((e) => e.emote_name === 'Kappa'), 'Kappa is among the top emotes');
  await page.waitForFunction(() => document.querySelector('#p-emotes img[alt="Kappa"]')?.complete);
  ok(await page.$eval('#p-emotes img[alt="Kappa"]', (i) => i.naturalWidth === 1 && i.loading === 'lazy'), 'the Kappa image is loaded from the CDN, lazily');
  await page.waitForFunction(() => [...document.querySelectorAll('#p-emotes li')].every((li) => li.querySelector('img') ? li.querySelector('img').alt === 'Kappa' : li.querySelector('.emote-name')));
  ok(true, 'every failed image was replaced by the emote name');
  eq(await page.$$eval('#p-emotes .ename', (e) => e.map((x) => x.textContent)), emotes.emotes.map((e) => e.emote_name), 'names of every emote shown');
  ok(cdn.length > 0 && cdn.every((u) => u.startsWith('https://static-cdn.jtvnw.net/')), 'images requested from the CDN only');
  await page.screenshot({ path: join(shots, 'emote-images-desktop.png') });
  console.log(`${passed()} checks passed`);
} finally {
  await ctx.close().catch(() => {});
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await exited;
  rmSync(work, { recursive: true, force: true });
}
