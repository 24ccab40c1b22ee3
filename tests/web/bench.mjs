// Dashboard budgets (measured, not asserted): bytes gzipped of everything the page loads
// from our server (emote images excluded), and navigation → every general panel filled
// (the page's own performance measure "general-fill"), median of 5 fresh loads.
//   node tests/web/bench.mjs http://127.0.0.1:PORT
import { gzipSync } from 'node:zlib';
import { launch, tempDir } from './lib.mjs';

const base = process.argv[2];
const ctx = await launch(tempDir('pererecos-bench-'));
const times = [];
let bytes = 0;
let raw = 0;
let files = 0;
for (let i = 0; i < 6; i++) {
  const page = await ctx.newPage();
  const bodies = [];
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (u.origin === new URL(base).origin && !u.pathname.includes('/api/v1/')) bodies.push(r);
  });
  await page.route('**/*', (r) => r.continue({ headers: { ...r.request().headers(), 'cache-control': 'no-cache' } }));
  await page.goto(base + '/', { waitUntil: 'load' });
  await page.waitForFunction(() => performance.getEntriesByName('general-fill').length > 0, null, { timeout: 30000 });
  const ms = await page.evaluate(() => performance.getEntriesByName('general-fill')[0].duration + performance.getEntriesByName('dashboard-start')[0].startTime);
  if (i === 0) {
    for (const r of bodies) { const b = await r.body(); raw += b.length; bytes += gzipSync(b, { level: 9 }).length; files++; }
  } else {
    times.push(ms);
  }
  await page.close();
}
await ctx.close();
times.sort((a, b) => a - b);
console.log(`static files loaded: ${files}, ${raw} bytes, ${bytes} bytes gzipped (-9)`);
console.log(`navigation -> every general panel filled: median ${times[2].toFixed(0)} ms of 5 (${times.map((t) => t.toFixed(0)).join(', ')})`);
