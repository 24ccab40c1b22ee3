// Helpers of the browser tests: the server under test, a fresh headless Chromium.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { chromium } from 'playwright-core';

export const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
    srv.on('error', reject);
  });
}

export function tempDir(prefix) { return mkdtempSync(join(tmpdir(), prefix)); }

export async function startServer(bin, { db, now, env = {}, log, port: wanted }) {
  const port = wanted || await freePort();
  const child = spawn(bin, ['serve', '--db', db, '--port', String(port), '--host', '127.0.0.1', '--now', now], {
    env: { ...process.env, EMOTE_PROVIDERS: 'twitch', CHANNEL_TIMEZONE: 'America/Sao_Paulo', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => appendFileSync(log, d));
  child.stderr.on('data', (d) => appendFileSync(log, d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error('server exited while starting, see ' + log);
    try { const r = await fetch(base + '/api/v1/health'); if (r.ok) return { child, port, base }; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start, see ' + log);
}

export async function launch(userDataDir) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium', args: FLAGS, headless: true, viewport: { width: 1280, height: 900 },
  });
}

export function run(file, args) { return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }); }

let checks = 0;
export function ok(cond, what, extra) {
  if (!cond) throw new Error('FAIL: ' + what + (extra !== undefined ? ' — ' + JSON.stringify(extra).slice(0, 600) : ''));
  checks++;
  console.log('ok: ' + what);
}
export const eq = (a, b, what) => ok(JSON.stringify(a) === JSON.stringify(b), what, { got: a, want: b });
export const passed = () => checks;
export { writeFileSync, rmSync };
