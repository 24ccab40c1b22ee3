// Validates the live answers of every endpoint of a running server against the schemas of
// its own OpenAPI document (GET /api/openapi.json), so the document cannot drift from the
// code. Usage: node openapi_answers.mjs BASE_URL   (e.g. http://127.0.0.1:8000)
//
// Checked for each answer: the status is documented for the operation, the content type,
// and the body against the response schema: types, required fields, no undocumented
// fields (strict: a field the code adds must be documented), nullable, enum, items,
// min/maxItems, minimum/maximum, date-time format. Every operation must have been
// answered with a 200. The validator first proves it can fail on broken answers.
// No npm packages: a JSON Schema subset (the one OpenAPI 3.0 documents here use).
const base = process.argv[2];
if (!base) throw new Error('usage: node openapi_answers.mjs BASE_URL');

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function resolve(doc, schema) {
  while (schema && schema.$ref) {
    const parts = schema.$ref.replace(/^#\//, '').split('/');
    schema = parts.reduce((node, key) => node[key], doc);
  }
  return schema;
}

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

// Appends "path: problem" lines to `errors`.
function validate(doc, schemaIn, value, path, errors) {
  const schema = resolve(doc, schemaIn);
  if (!schema) return;
  if (value === null) {
    if (!schema.nullable) errors.push(`${path}: null but not nullable`);
    return;
  }
  for (const key of ['oneOf', 'anyOf']) {
    if (schema[key]) {
      const ok = schema[key].filter((s) => {
        const e = [];
        validate(doc, s, value, path, e);
        return e.length === 0;
      }).length;
      if (key === 'oneOf' ? ok !== 1 : ok < 1) errors.push(`${path}: matches ${ok} of ${key}`);
      return;
    }
  }
  const t = typeOf(value);
  if (schema.type) {
    const fits = schema.type === t || (schema.type === 'number' && t === 'integer');
    if (!fits) {
      errors.push(`${path}: ${t} where the document says ${schema.type}`);
      return;
    }
  }
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: ${value} < minimum ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${path}: ${value} > maximum ${schema.maximum}`);
  }
  if (typeof value === 'string') {
    if (schema.format === 'date-time' && !ISO.test(value)) errors.push(`${path}: '${value}' is not an ISO 8601 date-time`);
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) errors.push(`${path}: '${value}' does not match ${schema.pattern}`);
    if (schema.minLength !== undefined && [...value].length < schema.minLength) errors.push(`${path}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength) errors.push(`${path}: longer than ${schema.maxLength}`);
  }
  if (t === 'array') {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${path}: ${value.length} items < minItems ${schema.minItems}`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${path}: ${value.length} items > maxItems ${schema.maxItems}`);
    if (schema.items) value.forEach((item, i) => validate(doc, schema.items, item, `${path}[${i}]`, errors));
  }
  if (t === 'object') {
    const props = schema.properties || {};
    for (const name of schema.required || []) {
      if (!(name in value)) errors.push(`${path}: required field '${name}' missing`);
    }
    for (const [name, v] of Object.entries(value)) {
      if (props[name]) {
        validate(doc, props[name], v, `${path}.${name}`, errors);
      } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        validate(doc, schema.additionalProperties, v, `${path}.${name}`, errors);
      } else if (schema.additionalProperties !== true) {
        errors.push(`${path}: field '${name}' is not in the document`);
      }
    }
  }
}

const doc = await (await fetch(`${base}/api/openapi.json`)).json();

// The validator must be able to fail.
{
  const schema = { $ref: '#/components/schemas/Leaderboard' };
  const cases = [
    [{}, 'required'],
    [{ period: 'all', total_users: '3', total_messages: 1, leaderboard: [] }, 'string where'],
    [{ period: 'all', total_users: 1, total_messages: 1, leaderboard: [], extra: 1 }, 'not in the document'],
    [{ period: 'year', total_users: 1, total_messages: 1, leaderboard: [] }, 'enum'],
  ];
  for (const [body, expected] of cases) {
    const errors = [];
    validate(doc, schema, body, '$', errors);
    if (!errors.some((e) => e.includes(expected))) {
      console.error(`FAIL: the validator accepted a broken Leaderboard (${expected}): ${JSON.stringify(body)}`);
      process.exit(1);
    }
  }
  console.log('ok: the validator rejects missing, mistyped, undocumented and out-of-enum fields');
}

// Finds the operation of a concrete path.
function operationFor(method, path) {
  for (const [pattern, item] of Object.entries(doc.paths)) {
    const re = new RegExp('^' + pattern.replace(/\{[^}]+\}/g, '[^/]+') + '$');
    if (re.test(path) && item[method]) return { pattern, op: item[method] };
  }
  return null;
}

const answeredOk = new Set();
let failures = 0;
let checked = 0;
async function check(method, target, body) {
  const url = new URL(target, base);
  const found = operationFor(method, url.pathname);
  if (!found) {
    console.error(`FAIL: ${method.toUpperCase()} ${url.pathname} is not in the document`);
    failures++;
    return null;
  }
  const res = await fetch(url, {
    method: method.toUpperCase(),
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const response = resolve(doc, found.op.responses[String(res.status)] || found.op.responses.default);
  const where = `${method.toUpperCase()} ${target} -> ${res.status}`;
  if (!response) {
    console.error(`FAIL: ${where}: status not documented for ${found.pattern}`);
    failures++;
    return null;
  }
  const media = response.content && response.content['application/json'];
  if (!media) return text;
  if (!(res.headers.get('content-type') || '').startsWith('application/json')) {
    console.error(`FAIL: ${where}: content type ${res.headers.get('content-type')}`);
    failures++;
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    console.error(`FAIL: ${where}: not JSON: ${text.slice(0, 200)}`);
    failures++;
    return null;
  }
  const errors = [];
  validate(doc, media.schema, value, '$', errors);
  checked++;
  if (errors.length) {
    console.error(`FAIL: ${where}:\n  ${errors.slice(0, 10).join('\n  ')}`);
    failures++;
  } else if (res.status === 200) {
    answeredOk.add(`${method} ${found.pattern}`);
  }
  return value;
}

const board = await check('get', '/api/v1/stats/leaderboard?limit=100');
const users = (board?.leaderboard || []).map((e) => e.username);
if (users.length < 3) {
  console.error(`FAIL: too few users in the leaderboard (${users.length})`);
  process.exit(1);
}
const last = users[users.length - 1];
await check('get', '/api/v1/health');
await check('get', '/api/v1/channels');
for (const period of ['all', 'day', 'week', 'month']) {
  await check('get', `/api/v1/stats/leaderboard?period=${period}&limit=5`);
  for (const u of [users[0], users[1], last]) await check('get', `/api/v1/stats/user/${u}?period=${period}`);
  await check('get', `/api/v1/stats/compare/${users[0]}/${last}?period=${period}`);
}
await check('get', '/api/v1/stats/rising-stars?limit=50');
await check('get', '/api/v1/stats/hour-leaders');
await check('get', '/api/v1/stats/top-writers?limit=50');
await check('get', '/api/v1/stats/active-chatters');
await check('get', '/api/v1/stats/chat-activity');
await check('get', '/api/v1/stats/overall-activity');
await check('get', '/api/v1/stats/unique-chatters');
await check('get', '/api/v1/stats/top-emotes');
await check('get', `/api/v1/stats/search?q=${encodeURIComponent(users[0].slice(0, 2))}`);
await check('get', '/api/v1/stats/search?q=zzzzzzzzzz');
await check('post', '/api/v1/feedback', { type: 'bug', message: 'the chart is upside down' });
// Error answers are documented too.
await check('get', '/api/v1/stats/user/nobody_here_123');
await check('get', '/api/v1/stats/user/bad-name!');
await check('get', '/api/v1/stats/leaderboard?period=year');
await check('get', '/api/v1/stats/leaderboard?channel=no_such_channel');
await check('get', `/api/v1/stats/compare/${users[0]}/nobody_here_123`);
await check('get', '/api/v1/stats/search?q=a');
await check('post', '/api/v1/feedback', { type: 'rant', message: 'x' });

for (const [pattern, item] of Object.entries(doc.paths)) {
  for (const method of Object.keys(item)) {
    const op = item[method];
    const ok = resolve(doc, op.responses && op.responses['200']);
    if (!ok || !ok.content || !ok.content['application/json']) continue;  // e.g. text/plain /metrics
    if (!answeredOk.has(`${method} ${pattern}`)) {
      console.error(`FAIL: ${method.toUpperCase()} ${pattern} was never answered with a valid 200`);
      failures++;
    }
  }
}
if (failures) {
  console.error(`${failures} failures`);
  process.exit(1);
}
console.log(`ok: ${checked} live answers of ${answeredOk.size} operations match the OpenAPI document`);
