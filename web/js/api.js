// The API client: URLs relative to the page's <base> (so API_ROOT_PATH works), one
// in-flight request per key, 429 handled by waiting Retry-After and retrying.
export class RateLimited extends Error {
  constructor(seconds) { super('rate limited'); this.seconds = seconds; }
}
export class ApiError extends Error {
  constructor(status, detail) { super(detail); this.status = status; }
}

const listeners = new Set();
export const onRateLimit = (fn) => listeners.add(fn);

export function apiUrl(path, params = {}) {
  const url = new URL('api/v1/' + path, document.baseURI);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  return url;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function getJson(path, params, { retries = 2 } = {}) {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(apiUrl(path, params), { headers: { Accept: 'application/json' } });
    if (res.status === 429) {
      const wait = Math.max(1, parseInt(res.headers.get('Retry-After') || '5', 10) || 5);
      listeners.forEach((fn) => fn(wait));
      if (attempt >= retries) throw new RateLimited(wait);
      await sleep(wait * 1000);
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
  if (res.status === 429) throw new RateLimited(parseInt(res.headers.get('Retry-After') || '60', 10));
  if (!res.ok) throw new ApiError(res.status, (body && body.detail) || res.statusText);
  return body;
}
