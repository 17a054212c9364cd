// The web app with a real local model: the reference kit's tiny stories260K
// (a 260K-parameter llama that writes children's stories) installed with
// `os1 pull PATH` into a temporary OS1_HOME, behind `os1 serve --brain local`.
// A person signs in, meets the companion, sends a message and watches the
// model's reply arrive token by token until it finishes; then in the
// settings switches to no model (the next reply is the none brain's) and
// back to the local model by name. Skipped, saying why, only when the kit
// or its model file is absent. Run by tests/web/e2e.mjs after the os1 flows.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { assert, check, kit, log, meetIfAsked, results, say, shots, signIn, startOs1, web } from './harness.mjs';

const require = createRequire(join(web, 'package.json'));
const { chromium } = require('playwright-core');
const label = 'os1-local';

async function settingsNow(page) {
  return page.evaluate(async () => (await fetch('/api/settings')).json());
}

/** Says `text` and waits for the reply to finish; the WebSocket frames of that turn. */
async function turn(page, frames, text) {
  frames.length = 0;
  await page.waitForFunction(() => !document.querySelector('.banner.show'), null, { timeout: 15_000 });
  await say(page, text);
  await page.waitForFunction(() => {
    const all = document.querySelectorAll('article.msg.assistant');
    const last = all[all.length - 1];
    return last && !last.classList.contains('streaming') && last.innerText.trim().length > 0;
  }, null, { timeout: 120_000 });
  const done = frames.find((f) => f.frame.type === 'done');
  assert(done, `no done frame: ${JSON.stringify(frames.map((f) => f.frame)).slice(0, 400)}`);
  const tokens = frames.filter((f) => f.frame.type === 'token' && f.frame.id === done.frame.id);
  return { done: done.frame, tokens, doneAt: done.at };
}

async function chooseBrain(page, name, model) {
  await page.getByRole('link', { name: 'You' }).click();
  await page.getByRole('heading', { name: 'Brain and models' }).waitFor();
  await page.locator('label.chip', { hasText: name }).click();
  if (model) await page.getByLabel('Model', { exact: true }).selectOption(model);
  await page.getByRole('button', { name: 'Save brain' }).click();
  await page.locator('.notice[role="status"]', { hasText: /next message goes to/ }).waitFor({ timeout: 30_000 });
  await page.getByRole('link', { name: 'Talk' }).click();
}

export async function localModelFlow(browserPath) {
  const dir = kit();
  const model = dir ? join(dir, 'models', 'stories260K.gguf') : null;
  if (!model || !existsSync(model)) {
    results.skipped++;
    log(`skip ${label}: the reference kit's models/stories260K.gguf is absent (set OS1_SHARED to the kit)`);
    return;
  }
  let server;
  try {
    server = await startOs1({ brain: 'local', pull: [model] });
  } catch (e) {
    results.failed++;
    log(`FAIL ${label}: os1 serve --brain local did not start: ${e.message}`);
    return;
  }
  if (server.skip) {
    results.skipped++;
    log(`skip ${label}: ${server.skip}`);
    await server.close?.();
    return;
  }
  const browser = await chromium.launch({ executablePath: browserPath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const failedBefore = results.failed;
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const frames = [];
    page.on('websocket', (ws) => ws.on('framereceived', (f) => {
      try { frames.push({ frame: JSON.parse(f.payload), at: Date.now() }); } catch { /* not JSON */ }
    }));

    await check(`${label}: phone: signs in to os1 serve --brain local and meets the companion`, async () => {
      await signIn(page, server.url);
      await meetIfAsked(page, label);
      await page.locator('textarea#say').waitFor();
      const s = await settingsNow(page);
      assert(s.using === 'local' && s.model === 'stories260K.gguf', `the server is not using the pulled model: ${JSON.stringify(s)}`);
    });

    await check(`${label}: phone: the local model's reply streams in token by token and finishes`, async () => {
      const { done, tokens, doneAt } = await turn(page, frames, 'Once upon a time there was a little cat.');
      assert(tokens.length >= 3, `only ${tokens.length} token frames: the reply did not stream`);
      assert(tokens.every((t) => t.at <= doneAt), 'a token came after done');
      assert(['stop', 'length'].includes(done.finish), `the reply did not finish: ${JSON.stringify(done)}`);
      assert(tokens.map((t) => t.frame.text).join('') === done.reply, 'the streamed tokens are not the reply');
      assert(done.reply.trim().length > 0, 'the model said nothing');
      const shown = (await page.locator('article.msg.assistant').last().locator('.bubble').innerText()).trim();
      assert(shown.length > 0, 'the reply is empty on screen');
      await page.screenshot({ path: join(shots, `${label}-phone-chat.png`) });
    });

    await check(`${label}: phone: the settings name the local model; "No model" answers the next message, and the model is chosen back by name`, async () => {
      await page.getByRole('link', { name: 'You' }).click();
      await page.getByText('A model running on this computer. (stories260K.gguf)').waitFor();
      assert(await page.getByRole('radio', { name: 'On this computer' }).isChecked(), 'the local brain is not the chosen one');
      assert((await page.getByLabel('Model', { exact: true }).inputValue()) === 'stories260K.gguf', 'the model list does not show the pulled model');
      await page.getByRole('heading', { name: 'Brain and models' }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: join(shots, `${label}-phone-settings.png`) });
      await chooseBrain(page, 'No model');
      assert((await settingsNow(page)).using === 'none', 'the none brain is not in use after choosing it');
      const none = await turn(page, frames, 'hello there');
      assert(none.done.finish === 'stop', `the none brain's reply: ${JSON.stringify(none.done)}`);
      await chooseBrain(page, 'On this computer', 'stories260K.gguf');
      const s = await settingsNow(page);
      assert(s.using === 'local' && s.chosen.brain === 'local' && s.chosen.model === 'stories260K.gguf', `back to local: ${JSON.stringify(s)}`);
      const again = await turn(page, frames, 'The dog ran into the garden.');
      assert(again.tokens.length >= 3, `only ${again.tokens.length} token frames from the local model after choosing it again`);
    });
    await context.close();
  } catch {
    /* reported by check() */
  } finally {
    if (results.failed > failedBefore) log(`     ${server.output().replace(/\n/g, '\n     ')}`);
    await browser.close();
    await server.close();
  }
}
