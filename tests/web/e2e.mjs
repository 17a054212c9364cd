// The web app end to end in a real browser (Debian's chromium, driven by
// playwright-core): against the real `os1 serve` and against the mock server
// (tests/web/mock-server.mjs), at a phone viewport (390x844) and then a
// desktop one. A person signs in, meets the companion, says "My sister Rachel
// lives in Seattle", watches the reply stream in, finds Rachel in memory,
// forgets her, corrects where their brother lives (e2e_settings.mjs), sees the
// care card when they say they want to end their life, views the mood chart,
// changes the companion's style and signs out; the manifest and service worker are
// checked, and the service worker is shown to cache nothing from /api or /v1.
//
//   node tests/web/e2e.mjs [--server os1|mock|both]     (default both; web/dist must be built)
// Env: OS1_BIN (default build/apps/os1/os1), CHROMIUM (default /usr/bin/chromium),
//      OS1_SCREENSHOTS (default web/screenshots; PNGs, not committed).
// The os1 run is skipped, with the reason, only when the binary has no `serve`
// command yet. Then a chat with a small local model (e2e_local.mjs: the kit's
// stories260K behind `os1 serve --brain local`), skipped only without the kit. Ends with a line "N passed, N failed, N skipped".
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  assert, check, checkControls, log, meetIfAsked, PASSWORD, results, say, shots, signIn, startOs1, web,
} from './harness.mjs';
import { startMockServer } from './mock-server.mjs';
import { skillsFlow } from './e2e_skills.mjs';
import { editFlow, settingsFlow } from './e2e_settings.mjs';
import { localModelFlow } from './e2e_local.mjs';

const require = createRequire(join(web, 'package.json'));
const { chromium } = require('playwright-core');

const which = (() => {
  const i = process.argv.indexOf('--server');
  return i > 0 ? process.argv[i + 1] : 'both';
})();
const browserPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

async function phoneFlow(browser, url, label) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const frames = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => {
    try { frames.push(JSON.parse(f.payload)); } catch { /* not JSON */ }
  }));
  const unsafe = [];
  page.on('request', (r) => {
    if (['POST', 'PUT', 'DELETE'].includes(r.method()) && new URL(r.url()).pathname.startsWith('/api/') && !r.url().endsWith('/api/login'))
      unsafe.push({ method: r.method(), path: new URL(r.url()).pathname, csrf: r.headers()['x-csrf-token'] });
  });

  await check(`${label}: phone: the sign-in screen shows and a wrong password is refused in plain words`, async () => {
    await page.goto(url);
    await page.getByRole('heading', { name: 'Hello again' }).waitFor();
    await page.screenshot({ path: join(shots, `${label}-phone-signin.png`) });
    await checkControls(page, 'sign-in');
    await page.getByLabel('Your name').fill('alice');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.locator('#signin-error');
    await alert.filter({ hasText: /\w/ }).waitFor();
    assert(!/\{|error|401/.test(await alert.innerText()), `the message should be plain words: ${await alert.innerText()}`);
  });

  await check(`${label}: phone: signs in and meets the companion`, async () => {
    await signIn(page, url);
    await meetIfAsked(page, `${label}-phone`);
    await page.locator('textarea#say').waitFor();
    await page.screenshot({ path: join(shots, `${label}-phone-welcome.png`) });
    await checkControls(page, 'talk');
  });

  await check(`${label}: phone: says "My sister Rachel lives in Seattle" and the reply streams in`, async () => {
    frames.length = 0;
    await page.locator('button.send:not([disabled]), textarea#say').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('.banner.show'), null, { timeout: 15_000 });
    await say(page, 'My sister Rachel lives in Seattle');
    await page.locator('article.msg.user', { hasText: 'My sister Rachel lives in Seattle' }).waitFor();
    const reply = page.locator('article.msg.assistant').last();
    await page.waitForFunction(() => {
      const all = document.querySelectorAll('article.msg.assistant');
      const last = all[all.length - 1];
      return last && !last.classList.contains('streaming') && last.innerText.trim().length > 0;
    }, null, { timeout: 60_000 });
    const tokens = frames.filter((f) => f.type === 'token');
    const done = frames.find((f) => f.type === 'done');
    assert(tokens.length >= 1, `no token frames before done (frames: ${JSON.stringify(frames).slice(0, 300)})`);
    assert(done && done.finish === 'stop', `no done/stop frame: ${JSON.stringify(done)}`);
    const shown = (await reply.locator('.bubble').innerText()).trim();
    assert(shown.length > 0, 'the reply is empty on screen');
    assert(await page.locator('[role="log"][aria-live="polite"]').count() === 1, 'the conversation is not an aria-live log');
    await page.screenshot({ path: join(shots, `${label}-phone-chat.png`) });
  });

  await check(`${label}: phone: asking about Rachel, the reply shows the memory it used`, async () => {
    frames.length = 0;
    await say(page, 'Where does my sister Rachel live?');
    await page.waitForFunction(() => {
      const all = document.querySelectorAll('article.msg.assistant');
      const last = all[all.length - 1];
      return last && !last.classList.contains('streaming') && last.innerText.trim().length > 0;
    }, null, { timeout: 60_000 });
    const done = frames.find((f) => f.type === 'done');
    assert(done && done.memories.some((m) => /Rachel|Seattle/.test(m.text)), `no memory of Rachel used: ${JSON.stringify(done)}`);
    const used = page.locator('article.msg.assistant').last().locator('details.used');
    await used.locator('summary').click();
    await used.locator('li', { hasText: /Rachel|Seattle/ }).first().waitFor();
    await page.screenshot({ path: join(shots, `${label}-phone-memories-used.png`) });
  });

  if (label === 'mock') {
    // The none brain answers at once; only the mock's long story leaves time to press Stop.
    await check(`${label}: phone: Stop ends a reply part way and says so`, async () => {
      frames.length = 0;
      await say(page, 'Tell me a story');
      await page.waitForFunction(() => {
        const all = document.querySelectorAll('article.msg.assistant.streaming .bubble p');
        return all.length > 0;
      }, null, { timeout: 15_000 });
      await page.getByRole('button', { name: 'Stop the reply' }).click();
      await page.getByText('You stopped me here.').waitFor({ timeout: 15_000 });
      const done = frames.find((f) => f.type === 'done');
      assert(done && done.finish === 'cancelled', `done after cancel: ${JSON.stringify(done)}`);
      assert(done.reply.length < 'Once there was a lighthouse keeper who wrote a letter every evening to the sea. '.length * 8, 'the whole story came anyway');
      await page.getByRole('button', { name: 'Send' }).waitFor();
    });
  }

  await check(`${label}: phone: offline and back: the banner says so and the conversation reconnects`, async () => {
    await context.setOffline(true);
    await page.locator('.banner.show', { hasText: /offline/i }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(shots, `${label}-phone-offline.png`) });
    await context.setOffline(false);
    await page.waitForFunction(() => !document.querySelector('.banner.show'), null, { timeout: 30_000 });
    assert(await page.getByRole('button', { name: 'Send' }).count() === 1, 'no Send button after reconnecting');
  });

  await check(`${label}: phone: fits a 360 px screen without sideways scrolling, in light and dark`, async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(wide <= 360, `the chat is ${wide} px wide at 360`);
    await page.emulateMedia({ colorScheme: 'dark' });
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim());
    assert(bg === '#1d1615', `dark mode not applied (--bg ${bg})`);
    await page.screenshot({ path: join(shots, `${label}-phone360-dark-chat.png`) });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 390, height: 844 });
  });

  await check(`${label}: phone: memory lists Rachel, shows where it came from, and forgets it after a confirm`, async () => {
    await page.getByRole('link', { name: 'Memory' }).click();
    await page.getByRole('heading', { name: 'What I know about you' }).waitFor();
    const rachel = page.locator('button.fact', { hasText: 'Rachel' });
    // The fact may be drawn from the message a moment after the reply: look again for up to 30 s.
    for (let tries = 0; ; tries++) {
      try {
        await rachel.first().waitFor({ timeout: 3000 });
        break;
      } catch (e) {
        if (tries >= 9) throw new Error(`Rachel is not in memory: ${await page.locator('section.memory').innerText()}`);
        await page.reload();
        await page.getByRole('heading', { name: 'What I know about you' }).waitFor();
      }
    }
    await page.screenshot({ path: join(shots, `${label}-phone-memory.png`) });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    assert(/^os1-memory-\d{4}-\d\d-\d\d\.json$/.test(download.suggestedFilename()), `download named ${download.suggestedFilename()}`);
    const exported = await readFile(await download.path(), 'utf8');
    assert(exported.includes('Rachel'), 'the export does not hold Rachel');
    JSON.parse(exported);
    for (let i = 0; i < 6 && (await rachel.count()); i++) {
      await rachel.first().click();
      await page.getByRole('heading', { name: 'What I remember' }).waitFor();
      await page.getByRole('heading', { name: 'Where it came from' }).waitFor();
      if (i === 0) {
        await page.screenshot({ path: join(shots, `${label}-phone-memory-detail.png`) });
        await checkControls(page, 'memory');
      }
      await page.getByRole('button', { name: 'Forget this' }).click();
      await page.getByRole('alertdialog').waitFor();
      await page.getByRole('button', { name: 'Yes, forget it' }).click();
      await page.getByRole('heading', { name: 'What I remember' }).waitFor({ state: 'detached' });
      await page.waitForTimeout(300);
    }
    const notice = await page.locator('.notice[role="status"]').innerText();
    assert(/gone|forg/i.test(notice), `no plain confirmation after forgetting: "${notice}"`);
    await page.reload();
    await page.getByRole('heading', { name: 'What I know about you' }).waitFor();
    await page.locator('ul.facts, p.empty').first().waitFor();
    assert((await page.locator('button.fact', { hasText: 'Rachel' }).count()) === 0, 'Rachel is still listed after forgetting');
    const del = unsafe.filter((u) => u.method === 'DELETE' && u.path.startsWith('/api/memory/'));
    assert(del.length >= 1 && del.every((u) => u.csrf), `DELETE without X-CSRF-Token: ${JSON.stringify(del)}`);
  });

  await editFlow(page, label, unsafe);

  await check(`${label}: phone: a message about ending one's life brings the care card with help lines`, async () => {
    await page.getByRole('link', { name: 'Talk' }).click();
    await page.waitForFunction(() => !document.querySelector('.banner.show'), null, { timeout: 15_000 });
    await say(page, "I can't do this anymore. I want to end my life.");
    const card = page.getByRole('region', { name: "You don't have to go through this alone" });
    await card.waitFor({ timeout: 60_000 });
    assert((await card.locator('.care-lines li').count()) >= 1, 'the care card lists no help lines');
    await card.scrollIntoViewIfNeeded();
    await checkControls(page, 'care card');
    await page.screenshot({ path: join(shots, `${label}-phone-care.png`) });
  });

  await check(`${label}: phone: the mood chart and the settings show`, async () => {
    await page.getByRole('link', { name: 'Mood' }).click();
    await page.getByRole('heading', { name: "How you've been" }).waitFor();
    await page.locator('svg.mood-chart').waitFor();
    assert((await page.locator('svg.mood-chart circle').count()) >= 1, 'no day on the mood chart after talking today');
    await page.screenshot({ path: join(shots, `${label}-phone-mood.png`) });
    await checkControls(page, 'mood');
    await page.getByRole('link', { name: 'You' }).click();
    await page.getByRole('heading', { name: 'Brain and models' }).waitFor();
    await page.locator('.settings .card p').filter({ hasText: /model|brain|remember/i }).first().waitFor();
    await checkControls(page, 'settings');
  });

  await settingsFlow(page, label, unsafe);

  await check(`${label}: phone: the manifest is installable and the service worker runs, caching nothing from /api or /v1`, async () => {
    const manifest = await page.evaluate(async () => {
      const href = document.querySelector('link[rel="manifest"]')?.getAttribute('href');
      return href ? (await fetch(href)).json() : null;
    });
    assert(manifest && manifest.name === 'os1' && manifest.display === 'standalone' && manifest.start_url, `bad manifest ${JSON.stringify(manifest)}`);
    const sizes = manifest.icons.map((i) => i.sizes);
    assert(sizes.includes('192x192') && sizes.includes('512x512'), `icons missing: ${sizes}`);
    for (const icon of manifest.icons.filter((i) => i.type === 'image/png')) {
      const r = await page.request.get(new URL(icon.src, url).href);
      assert(r.ok() && (r.headers()['content-type'] ?? '').includes('image/png'), `icon ${icon.src} not served as PNG`);
    }
    const sw = await page.evaluate(async () => {
      const reg = await Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(() => r(null), 15000))]);
      return reg && reg.active ? reg.active.scriptURL : null;
    });
    assert(sw && sw.endsWith('/sw.js'), `no active service worker (got ${sw})`);
    await page.reload();
    await page.getByRole('heading', { name: 'Brain and models' }).waitFor();
    const cached = await page.evaluate(async () => {
      const urls = [];
      for (const k of await caches.keys()) for (const r of await (await caches.open(k)).keys()) urls.push(new URL(r.url).pathname);
      return urls;
    });
    assert(cached.some((u) => u.endsWith('index.html')), `the app shell is not cached: ${cached}`);
    const leaked = cached.filter((u) => /^\/(api|v1)(\/|$)/.test(u));
    assert(leaked.length === 0, `the service worker cached server data: ${leaked}`);
    const api = await page.evaluate(async () => (await fetch('/api/me')).status);
    assert(api === 200, `/api/me through the service worker: ${api}`);
  });

  await check(`${label}: phone: offline, the app still opens from the service worker and says it can't reach os1; back online it carries on`, async () => {
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: "I can't reach os1 right now" }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(shots, `${label}-phone-offline-start.png`) });
    await context.setOffline(false);
    await page.getByRole('heading', { name: 'Brain and models' }).waitFor({ timeout: 15_000 });
  });

  await check(`${label}: phone: signs out`, async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Hello again' }).waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/me')).status);
    assert(me === 401, `/api/me after signing out answered ${me}`);
    assert(unsafe.filter((u) => u.path === '/api/logout').every((u) => u.csrf), 'logout without X-CSRF-Token');
  });
  await context.close();
}

async function desktopFlow(browser, url, label) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await check(`${label}: desktop and tablet: signs in, a side rail, the conversation so far, memory and mood`, async () => {
    await signIn(page, url);
    await meetIfAsked(page, `${label}-desktop`);
    const nav = await page.locator('nav[aria-label="Main"]').boundingBox();
    assert(nav && nav.x === 0 && nav.width < 320 && nav.height > 600, `nav is not a side rail: ${JSON.stringify(nav)}`);
    await page.locator('article.msg').first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(shots, `${label}-desktop-chat.png`) });
    await page.getByRole('link', { name: 'Memory' }).click();
    await page.getByRole('heading', { name: 'What I know about you' }).waitFor();
    await page.screenshot({ path: join(shots, `${label}-desktop-memory.png`) });
    await page.getByRole('link', { name: 'Mood' }).click();
    await page.locator('svg.mood-chart').waitFor();
    await page.screenshot({ path: join(shots, `${label}-desktop-mood.png`) });
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.getByRole('link', { name: 'Talk' }).click();
    await page.locator('article.msg').first().waitFor();
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(wide <= 820, `the tablet view is ${wide} px wide at 820`);
    await page.screenshot({ path: join(shots, `${label}-tablet-chat.png`) });
  });
  await context.close();
}

async function run(label, start) {
  let server;
  try {
    server = await start();
  } catch (e) {
    results.failed++;
    log(`FAIL ${label}: the server did not start: ${e.message}`);
    return;
  }
  if (server.skip) {
    results.skipped++;
    log(`skip ${label}: ${server.skip}`);
    return;
  }
  const browser = await chromium.launch({ executablePath: browserPath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const failedBefore = results.failed;
  try {
    await phoneFlow(browser, server.url, label);
    await desktopFlow(browser, server.url, label);
    // The life screens need the real server's skills (the mock has none).
    if (label === 'os1') await skillsFlow(browser, server.url, label);
  } catch {
    /* reported by check(); the rest of this server's flow depends on it */
  } finally {
    if (results.failed > failedBefore && server.output) log(`     ${server.output().replace(/\n/g, '\n     ')}`);
    await browser.close();
    await server.close();
  }
}

if (!existsSync(join(web, 'dist', 'index.html'))) {
  log('FAIL: web/dist is not built (scripts/web-build, or npm run build in web/)');
  log('0 passed, 1 failed');
  process.exit(1);
}
if (!existsSync(browserPath)) {
  log(`FAIL: no chromium at ${browserPath} (apt-get install chromium, or set CHROMIUM)`);
  log('0 passed, 1 failed');
  process.exit(1);
}
mkdirSync(shots, { recursive: true });
if (which === 'mock' || which === 'both') await run('mock', () => startMockServer({ web: join(web, 'dist'), users: { alice: PASSWORD } }));
if (which === 'os1' || which === 'both') {
  await run('os1', startOs1);
  await localModelFlow(browserPath);
}
log(`screenshots: ${shots}`);
log(`${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
process.exit(results.failed ? 1 : 0);