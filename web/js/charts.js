// Hand-written SVG charts of 24 hourly values: role="img" with a label, and the numbers as
// a table for screen readers (visually hidden).
import { h, s } from './dom.js';

const W = 480, H = 150, PAD_L = 4, PAD_B = 18, PAD_T = 8;

function dataTable(i18n, caption, series, names) {
  return h('div', { class: 'sr-only' }, h('table', null,
    h('caption', null, caption + ' — ' + i18n.t('dataTable')),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, i18n.t('hour')),
      names.map((n) => h('th', { scope: 'col' }, n)))),
    h('tbody', null, series[0].map((_, hr) => h('tr', null, h('th', { scope: 'row' }, i18n.hour(hr)),
      series.map((vals) => h('td', null, i18n.n(vals[hr]))))))));
}

function axis(i18n) {
  const g = s('g', { class: 'axis', 'aria-hidden': 'true' });
  const step = (W - PAD_L) / 24;
  for (let hr = 0; hr < 24; hr += 3) {
    g.append(s('text', { x: PAD_L + step * hr + step / 2, y: H - 4, 'text-anchor': 'middle' }, i18n.hour(hr)));
  }
  return g;
}

// values: 24 numbers. opts: { sqrt, highlight: Set of hours, label }.
export function hourBars(i18n, values, { sqrt = false, highlight = new Set(), label, name }) {
  const max = Math.max(1, ...values);
  const scale = (v) => (sqrt ? Math.sqrt(v) / Math.sqrt(max) : v / max);
  const step = (W - PAD_L) / 24;
  const inner = H - PAD_B - PAD_T;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${label}. ${i18n.hoursLabel()}`, class: 'chart' });
  values.forEach((v, hr) => {
    const bh = v > 0 ? Math.max(1, scale(v) * inner) : 0;
    svg.append(s('rect', {
      x: (PAD_L + step * hr + 1).toFixed(1), y: (PAD_T + inner - bh).toFixed(1), width: (step - 2).toFixed(1),
      height: bh.toFixed(1), class: highlight.has(hr) ? 'bar hl' : 'bar',
    }, s('title', null, `${i18n.hour(hr)}: ${i18n.n(v)}`)));
  });
  svg.append(axis(i18n));
  return h('figure', { class: 'chartbox' }, svg,
    h('figcaption', { class: 'axis-note' }, i18n.hoursLabel()),
    dataTable(i18n, label, [values], [name || i18n.t('count')]));
}

// Two series overlaid as lines (compare view).
export function hourLines(i18n, a, b, names, label) {
  const max = Math.max(1, ...a, ...b);
  const step = (W - PAD_L) / 24;
  const inner = H - PAD_B - PAD_T;
  const pts = (vals) => vals.map((v, hr) => `${(PAD_L + step * hr + step / 2).toFixed(1)},${(PAD_T + inner - (v / max) * inner).toFixed(1)}`).join(' ');
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${label}. ${i18n.hoursLabel()}`, class: 'chart' },
    s('polyline', { points: pts(a), class: 'line l1' }),
    s('polyline', { points: pts(b), class: 'line l2' }),
    axis(i18n));
  return h('figure', { class: 'chartbox' }, svg,
    h('figcaption', { class: 'axis-note' },
      h('span', { class: 'key k1' }, names[0]), ' ', h('span', { class: 'key k2' }, names[1]), ' · ', i18n.hoursLabel()),
    dataTable(i18n, label, [a, b], names));
}
