// The API client: URLs relative to the page's <base> (so API_ROOT_PATH works). A 429 is
// waited out (its Retry-After, told to the listeners and the caller's onWait) and the
// request made again, until it answers or the caller's signal aborts.
export class RateLimited extends Error {
  constructor(seconds) { super('rate limited'); this.seconds = seconds; }
}
export class ApiError extends Error {
  constructor(status, detail) { super(detail); this.status = status; }
}

const listeners = new Set();
let waitingUntil = 0;
// fn(seconds) on every 429 met; at once if a wait is going on (a 429 of start.js's early
// requests, before the page's listener was there).
export function onRateLimit(fn) {
  listeners.add(fn);
  const left = Math.ceil((waitingUntil - Date.now()) / 1000);
  if (left > 0) fn(left);
}
const rateLimited = (wait) => {
  waitingUntil = Math.max(waitingUntil, Date.now() + wait * 1000);
  listeners.forEach((fn) => fn(wait));
};

export function apiUrl(path, params = {}) {
  const url = new URL('api/v1/' + path, document.baseURI);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  return url;
}

// Resolves after `ms`, or rejects with the signal's reason when it aborts first.
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(signal.reason); return; }
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); reject(signal.reason); }, { once: true });
  });
}

export const retryAfter = (res) => Math.min(3600, Math.max(1, parseInt(res.headers.get('Retry-After') || '5', 10) || 5));

// retries: how many 429s are waited out before RateLimited is thrown (default: every one).
export async function getJson(path, params, { retries = Infinity, signal, onWait } = {}) {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(apiUrl(path, params), { headers: { Accept: 'application/json' }, signal });
    if (res.status === 429) {
      const wait = retryAfter(res);
      rateLimited(wait);
      if (attempt >= retries) throw new RateLimited(wait);
      if (onWait) onWait(wait);
      await sleep(wait * 1000, signal);
      continue;
    }
    let body = null;
    try { body = await res.json(); } catch { body = null; }
    if (!res.ok) throw new ApiError(res.status, (body && body.detail) || res.statusText);
    return body;
  }
}

export async function postJson(path, payload) {
  const res = await fetch(apiUrl(path), {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload),
  });
  let body = null;
  try { body = await res.json(); } catch { body = null; }
  if (res.status === 429) { const wait = retryAfter(res); rateLimited(wait); throw new RateLimited(wait); }
  if (!res.ok) throw new ApiError(res.status, (body && body.detail) || res.statusText);
  return body;
}
