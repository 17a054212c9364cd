// The web app's voice path in a real browser: Debian's chromium with its
// fake microphone playing a clip from the kit (--use-file-for-fake-audio-capture),
// against the real `os1 serve` (none brain). Hold the talk button while the
// clip plays, let go: the words heard and her reply appear in the
// conversation, her voice plays (the state says she is speaking), and the
// controls are labelled and announce their state.
//   node tests/web/voice.mjs        (web/dist built; OS1_BIN, CHROMIUM, OS1_SHARED as for e2e.mjs)
// Ends with a line "N passed, N failed, N skipped".
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { assert, check, checkControls, log, meetIfAsked, results, root, shots, signIn, startOs1, web } from './harness.mjs';

const require = createRequire(join(web, 'package.json'));
const { chromium } = require('playwright-core');
const browserPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const kit = resolve(process.env.OS1_SHARED ?? join(root, '..', 'shared'));
const clip = join(kit, 'data/speech/librispeech-arm-mlek/i_tell_you.wav'); // "I tell you it is not poison she cried", 3.7 s
const CLIP_MS = 3730;

async function main() {
  if (!existsSync(clip)) {
    results.skipped++;
    log(`skip voice: the kit's speech clip is absent (${clip}; set OS1_SHARED)`);
    return;
  }
  if (!existsSync('/usr/share/pocketsphinx/model/en-us') && !process.env.OS1_POCKETSPHINX_MODEL) {
    results.skipped++;
    log('skip voice: pocketsphinx-en-us is not installed (scripts/setup installs it)');
    return;
  }
  const server = await startOs1();
  if (server.skip) {
    results.skipped++;
    log(`skip voice: ${server.skip}`);
    return;
  }
  const browser = await chromium.launch({
    executablePath: browserPath,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${clip}%noloop`, '--autoplay-policy=no-user-gesture-required'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.grantPermissions(['microphone'], { origin: server.url });
    const page = await context.newPage();
    await check('voice: push to talk, the words heard, her reply written and spoken', async () => {
      await signIn(page, server.url);
      await meetIfAsked(page, 'voice');
      const talk = page.getByRole('button', { name: /^Hold to talk to / });
      await talk.waitFor();
      const status = page.locator('#voice-status');
      assert((await status.getAttribute('role')) === 'status', 'the voice state is not announced (role=status)');
      await checkControls(page, 'voice controls');
      // Hold while the fake microphone plays the clip (it starts when the
      // microphone opens, on the press), then let go.
      const box = await talk.boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.waitForFunction(() => document.querySelector('#voice-status')?.textContent === 'Hearing you…', null, { timeout: 10_000 });
      await page.waitForTimeout(CLIP_MS + 800);
      await page.mouse.up();
      const said = page.locator('article.msg.user').last();
      await said.waitFor({ timeout: 30_000 });
      const words = (await said.innerText()).toLowerCase();
      assert(['tell', 'you', 'not', 'poison', 'she'].filter((w) => words.includes(w)).length >= 2, `heard "${words}"`);
      await page.waitForFunction(() => /is speaking\.$/.test(document.querySelector('#voice-status')?.textContent ?? ''), null, { timeout: 30_000 });
      const reply = page.locator('article.msg.assistant').last();
      await page.waitForFunction(() => {
        const r = [...document.querySelectorAll('article.msg.assistant')].pop();
        return r && !r.classList.contains('streaming') && r.textContent.trim().length > 0;
      }, null, { timeout: 30_000 });
      assert((await reply.innerText()).trim().length > 0, 'no reply');
      await page.screenshot({ path: join(shots, 'voice-reply.png') });
      // When she has finished, the button is ready again.
      await page.waitForFunction(() => /Hold the button/.test(document.querySelector('#voice-status')?.textContent ?? ''), null, { timeout: 60_000 });
    });
  } catch {
    /* reported by check() */
    log(`     ${server.output().replace(/\n/g, '\n     ')}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

mkdirSync(shots, { recursive: true });
if (!existsSync(join(web, 'dist', 'index.html'))) {
  log('FAIL: web/dist is not built (scripts/web-build)');
  results.failed++;
} else if (!existsSync(browserPath)) {
  log(`FAIL: no chromium at ${browserPath}`);
  results.failed++;
} else {
  await main();
}
log(`${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
process.exit(results.failed ? 1 : 0);
