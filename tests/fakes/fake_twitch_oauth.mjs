#!/usr/bin/env node
// fake_twitch_oauth.mjs: a local stand-in for Twitch's OAuth server (id.twitch.tv/oauth2),
// speaking its protocol over plain HTTP on 127.0.0.1:
//   POST {prefix}/token     application/x-www-form-urlencoded
//        grant_type=refresh_token&refresh_token=..&client_id=..&client_secret=..
//        200 {access_token, refresh_token, expires_in, scope, token_type: "bearer"}
//        400 {"status":400,"message":"Invalid refresh token"}   unknown refresh token
//        400 {"status":400,"message":"invalid client"}          unknown client id
//        403 {"status":403,"message":"invalid client secret"}
//        400 {"status":400,"message":"missing grant type"} / "unsupported grant type"
//   GET  {prefix}/validate  Authorization: OAuth <token>
//        200 {client_id, login, scopes, user_id, expires_in}
//        401 {"status":401,"message":"invalid access token"} / "missing authorization token"
// A refresh rotates the refresh token (the old one stops working) and issues the next
// token of --issue (then random ones); issued tokens are valid for /validate.
//
// Usage: node fake_twitch_oauth.mjs --client-id ID --client-secret S --refresh-token R
//          [--valid-token T]... [--issue T1,T2,...] [--login L] [--user-id U]
//          [--prefix /oauth2] [--port N]
// Prints "port N", then reads commands on stdin, one answer line each ("ok ..."):
//   counters        token=N token_ok=N token_failed=N validate=N validate_ok=N validate_401=N
//   revoke TOKEN    TOKEN no longer validates
//   refresh_tokens T1,T2   the only refresh tokens accepted from now on ("-" = none)
//   last_error      the reason of the last rejected request
//   quit
import http from 'node:http';
import crypto from 'node:crypto';
import readline from 'node:readline';

const args = process.argv.slice(2);
const opt = { clientId: 'fakeclient', clientSecret: 'fakesecret', refresh: new Set(), valid: new Set(),
  issue: [], login: 'pererecos_bot', userId: '77000001', prefix: '/oauth2', port: 0 };
for (let i = 0; i < args.length; ++i) {
  const a = args[i], v = args[i + 1];
  switch (a) {
    case '--client-id': opt.clientId = v; ++i; break;
    case '--client-secret': opt.clientSecret = v; ++i; break;
    case '--refresh-token': opt.refresh.add(v); ++i; break;
    case '--valid-token': opt.valid.add(v); ++i; break;
    case '--issue': opt.issue.push(...v.split(',').filter(Boolean)); ++i; break;
    case '--login': opt.login = v; ++i; break;
    case '--user-id': opt.userId = v; ++i; break;
    case '--prefix': opt.prefix = v.replace(/\/+$/, ''); ++i; break;
    case '--port': opt.port = Number(v); ++i; break;
    default: console.error(`unknown argument: ${a}`); process.exit(2);
  }
}

const counters = { token: 0, token_ok: 0, token_failed: 0, validate: 0, validate_ok: 0, validate_401: 0 };
let lastError = '';
const expiresIn = 14400;

function answer(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
function reject(res, status, message) {
  lastError = message;
  answer(res, status, { status, message });
}
function nextToken() {
  return opt.issue.length > 0 ? opt.issue.shift() : crypto.randomBytes(15).toString('hex');
}

function handleToken(req, res, body) {
  ++counters.token;
  const fail = (status, message) => { ++counters.token_failed; reject(res, status, message); };
  const type = (req.headers['content-type'] || '').split(';')[0].trim();
  if (type !== 'application/x-www-form-urlencoded') return fail(400, 'missing grant type');
  const form = new URLSearchParams(body);
  if (!form.get('grant_type')) return fail(400, 'missing grant type');
  if (form.get('grant_type') !== 'refresh_token') return fail(400, 'unsupported grant type');
  if (form.get('client_id') !== opt.clientId) return fail(400, 'invalid client');
  if (form.get('client_secret') !== opt.clientSecret) return fail(403, 'invalid client secret');
  const refresh = form.get('refresh_token');
  if (!refresh || !opt.refresh.has(refresh)) return fail(400, 'Invalid refresh token');
  opt.refresh.delete(refresh);
  const access = nextToken();
  const rotated = crypto.randomBytes(20).toString('hex');
  opt.refresh.add(rotated);
  opt.valid.add(access);
  ++counters.token_ok;
  answer(res, 200, { access_token: access, refresh_token: rotated, expires_in: expiresIn,
    scope: ['chat:edit', 'chat:read'], token_type: 'bearer' });
}

function handleValidate(req, res) {
  ++counters.validate;
  const auth = req.headers.authorization || '';
  const m = /^(?:OAuth|Bearer) (\S+)$/i.exec(auth);
  if (!m) { ++counters.validate_401; return reject(res, 401, 'missing authorization token'); }
  if (!opt.valid.has(m[1])) { ++counters.validate_401; return reject(res, 401, 'invalid access token'); }
  ++counters.validate_ok;
  answer(res, 200, { client_id: opt.clientId, login: opt.login, scopes: ['chat:edit', 'chat:read'],
    user_id: opt.userId, expires_in: expiresIn });
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === `${opt.prefix}/token`) {
      if (req.method !== 'POST') return reject(res, 404, 'Not Found');
      return handleToken(req, res, Buffer.concat(chunks).toString('utf8'));
    }
    if (path === `${opt.prefix}/validate`) {
      if (req.method !== 'GET') return reject(res, 404, 'Not Found');
      return handleValidate(req, res);
    }
    reject(res, 404, 'Not Found');
  });
});

server.listen(opt.port, '127.0.0.1', () => {
  process.stdout.write(`port ${server.address().port}\n`);
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const [cmd, arg] = line.trim().split(/\s+/);
    if (cmd === 'counters') {
      process.stdout.write(`ok ${Object.entries(counters).map(([k, v]) => `${k}=${v}`).join(' ')}\n`);
    } else if (cmd === 'revoke') {
      opt.valid.delete(arg);
      process.stdout.write('ok\n');
    } else if (cmd === 'refresh_tokens') {
      opt.refresh = new Set(arg === '-' ? [] : (arg || '').split(',').filter(Boolean));
      process.stdout.write(`ok ${opt.refresh.size}\n`);
    } else if (cmd === 'last_error') {
      process.stdout.write(`ok ${lastError}\n`);
    } else if (cmd === 'quit') {
      process.stdout.write('ok\n');
      server.close();
      process.exit(0);
    } else {
      process.stdout.write(`error unknown command: ${line}\n`);
    }
  });
  rl.on('close', () => { server.close(); process.exit(0); });
});
