// What the web app's browser test needs besides its flows: the tally,
// checks, the real `os1 serve` started on a temporary home
// with a person in it, and the steps every flow repeats (sign in, the first
// meeting, saying something). Used by tests/web/e2e.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const web = join(root, 'web');
export const bin = resolve(root, process.env.OS1_BIN ?? 'build/apps/os1/os1');
export const shots = resolve(process.env.OS1_SCREENSHOTS ?? join(web, 'screenshots'));
export const PASSWORD = 'wonderland';
export const results = { passed: 0, failed: 0, skipped: 0 };

export function log(s) {
  process.stdout.write(`${s}\n`);
}
export async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.passed++;
    log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.failed++;
    log(`FAIL ${name}: ${e && e.stack ? e.stack.split('\n').slice(0, 4).join('\n     ') : e}`);
    throw e;
  }
}
export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

/** Every control on screen has a name a screen reader can say, and every
 *  button, link and field is at least 44 px tall (a thumb, not a cursor;
 *  a radio or checkbox counts with the label around it). */
export async function checkControls(page, where) {
  const problems = await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('button, a[href], input, textarea, summary')) {
      // A radio or checkbox is touched through its label: the label is the target.
      const box = el.tagName === 'INPUT' && (el.type === 'radio' || el.type === 'checkbox') && el.closest('label');
      const r = (box || el).getBoundingClientRect();
      if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
      if (el.closest('.visually-hidden') || el.classList.contains('skip')) continue;
      const labelled = el.getAttribute('aria-label') || el.textContent.trim() || (el.labels && el.labels.length) || el.getAttribute('aria-labelledby');
      if (!labelled) out.push(`${el.tagName.toLowerCase()} without a name: ${el.outerHTML.slice(0, 80)}`);
      const inline = el.tagName === 'A' && getComputedStyle(el).display === 'inline';
      if (!inline && r.height < 43.5) out.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)}" is ${Math.round(r.height)} px tall`);
    }
    return out;
  });
  assert(problems.length === 0, `${where}: ${problems.join('; ')}`);
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function waitHealthy(url, child, ms = 30_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child && child.exitCode !== null) throw new Error(`os1 serve exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) return;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url}/healthz did not answer within ${ms / 1000} s`);
}

/** The reference kit (OS1_SHARED, else ../shared beside the checkout), or null. */
export function kit() {
  for (const dir of [process.env.OS1_SHARED, join(root, '../shared')])
    if (dir && existsSync(join(dir, 'README.md'))) return dir;
  return null;
}

/** Starts the real server; returns { skip } (with the reason) when it has no serve command.
 *  `brain`: os1 serve's --brain (default none); `pull`: model files installed first with `os1 pull PATH`. */
export async function startOs1({ brain = 'none', pull = [] } = {}) {
  if (!existsSync(bin)) throw new Error(`no os1 binary at ${bin}: build it first (scripts/setup) or set OS1_BIN`);
  const help = spawnSync(bin, ['serve', '--help'], { encoding: 'utf8', timeout: 20_000 });
  if (help.status !== 0 && /unknown command/i.test(`${help.stderr}${help.stdout}`))
    return { skip: `${bin} has no 'serve' command yet (os1 serve is issue 15's server side)` };
  const home = mkdtempSync(join(tmpdir(), 'os1-web-e2e-'));
  const env = { ...process.env, OS1_HOME: home };
  const add = spawnSync(bin, ['user', 'add', 'alice', '--password-stdin'], { env, input: `${PASSWORD}\n`, encoding: 'utf8', timeout: 30_000 });
  if (add.status !== 0) throw new Error(`os1 user add alice failed (${add.status}): ${add.stderr}`);
  for (const file of pull) {
    const pulled = spawnSync(bin, ['pull', file], { env, encoding: 'utf8', timeout: 120_000 });
    if (pulled.status !== 0) throw new Error(`os1 pull ${file} failed (${pulled.status}): ${pulled.stderr}${pulled.stdout}`);
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(bin, ['serve', '--listen', `127.0.0.1:${port}`, '--brain', brain, '--web', join(web, 'dist')], {
    env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  try {
    await waitHealthy(url, child);
  } catch (e) {
    child.kill('SIGTERM');
    throw new Error(`${e.message}\n${output.slice(-2000)}`);
  }
  return {
    url,
    output: () => `${child.exitCode !== null ? `os1 serve exited (${child.exitCode ?? child.signalCode}). ` : ''}its last words:\n${output.slice(-1500)}`,
    close: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export async function signIn(page, url) {
  await page.goto(url);
  await page.getByLabel('Your name').fill('alice');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('nav[aria-label="Main"]').waitFor({ timeout: 15_000 });
}

export async function meetIfAsked(page, label) {
  // A new person is asked the first-meeting questions; the first one is their name.
  const heading = page.getByRole('heading', { name: "Let's get to know each other" });
  try {
    await heading.waitFor({ timeout: 4000 });
  } catch {
    return false;
  }
  await page.getByText('Question 1 of').waitFor();
  await page.getByLabel(/call you/i).fill('Alice');
  await page.screenshot({ path: join(shots, `${label}-meet.png`) });
  for (let i = 0; i < 20; i++) {
    const done = page.getByRole('button', { name: 'Done' });
    if (await done.count()) {
      await done.click();
      break;
    }
    await page.getByRole('button', { name: 'Next' }).click();
  }
  await page.locator('textarea#say').waitFor({ timeout: 10_000 });
  return true;
}

export async function say(page, text) {
  const box = page.getByLabel(/^Message to/);
  await box.fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}
