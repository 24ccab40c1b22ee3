// One fresh load of the general view: every request the page makes (start and end, ms
// after navigation start) and the page's own marks; for finding what makes it slow.
//   node tests/web/waterfall.mjs http://127.0.0.1:PORT [runs]
import { chromium } from 'playwright-core';
import { FLAGS } from './lib.mjs';

const base = process.argv[2];
const runs = Number(process.argv[3] || 3);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS, headless: true });
for (let i = 0; i < runs; i++) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(base + '/', { waitUntil: 'load' });
  await page.waitForFunction(() => performance.getEntriesByName('general-fill').length > 0, null, { timeout: 30000 });
  const out = await page.evaluate(() => ({
    res: performance.getEntriesByType('resource').map((e) => [e.name.replace(location.origin, ''), Math.round(e.startTime), Math.round(e.responseStart), Math.round(e.responseEnd)]),
    nav: (({ responseStart, responseEnd, domInteractive, domContentLoadedEventEnd }) => ({ responseStart, responseEnd, domInteractive, domContentLoadedEventEnd }))(performance.getEntriesByType('navigation')[0].toJSON()),
    marks: performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]),
  }));
  if (i === runs - 1 || process.env.ALL) {
    console.log('navigation', JSON.stringify(out.nav));
    console.log('marks', JSON.stringify(out.marks));
    for (const [n, s, rs, e] of out.res.sort((a, b) => a[1] - b[1])) console.log(String(s).padStart(5), String(rs).padStart(5), String(e).padStart(5), String(e - s).padStart(4), n);
  }
  await ctx.close();
}
await browser.close();
