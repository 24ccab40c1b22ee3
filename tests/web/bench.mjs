// Dashboard budgets (measured, not asserted): bytes gzipped of everything the page loads
// from our server (emote images excluded), and navigation → every general panel filled
// (the page's own performance measure "general-fill" plus the navigation's start), median
// of 5 first visits (each in a new browser context: empty cache, new connections).
//   node tests/web/bench.mjs URL [URL_B] [LOADS]
// With two servers (e.g. the dashboard before and after a change), loads alternate
// A, B, A, B, … so both meet the same machine load, and the ratio of the medians is printed.
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { FLAGS } from './lib.mjs';

const bases = process.argv.slice(2).filter((a) => /^https?:/.test(a));
const loads = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) || 5);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS, headless: true });
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

async function load(base, measureBytes) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const statics = [];
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (u.origin === new URL(base).origin && !u.pathname.includes('/api/v1/')) statics.push(r);
  });
  await page.goto(base + '/', { waitUntil: 'load' });
  await page.waitForFunction(() => performance.getEntriesByName('general-fill').length > 0, null, { timeout: 30000 });
  const ms = await page.evaluate(() => performance.getEntriesByName('general-fill')[0].duration + performance.getEntriesByName('dashboard-start')[0].startTime);
  const api = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/stats/')).length);
  let bytes = null;
  if (measureBytes) {
    bytes = { files: 0, raw: 0, gz: 0 };
    for (const r of statics) { const b = await r.body(); bytes.raw += b.length; bytes.gz += gzipSync(b, { level: 9 }).length; bytes.files++; }
  }
  await ctx.close();
  return { ms, api, bytes };
}

const results = bases.map(() => []);
for (const [i, base] of bases.entries()) {
  const warm = await load(base, true);  // a first load, not counted: the server's first answers
  console.log(`${base}: static files loaded: ${warm.bytes.files}, ${warm.bytes.raw} bytes, ${warm.bytes.gz} bytes gzipped (-9); ${warm.api} statistics requests`);
  results[i].warm = warm;
}
for (let n = 0; n < loads; n++) {
  for (const [i, base] of bases.entries()) results[i].push((await load(base, false)).ms);
}
await browser.close();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
for (const [i, base] of bases.entries()) {
  console.log(`${base}: navigation -> every general panel filled: median ${median(results[i]).toFixed(0)} ms of ${loads} (${results[i].map((t) => t.toFixed(0)).join(', ')})`);
}
if (bases.length === 2) console.log(`ratio of medians B/A: ${(median(results[1]) / median(results[0])).toFixed(2)}`);
