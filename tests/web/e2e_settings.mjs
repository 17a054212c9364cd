// The browser flows of correcting a fact and of the settings screen, run by
// tests/web/e2e.mjs on the phone viewport against the mock and the real
// `os1 serve`: a fact is corrected in place with the keyboard (Enter saves),
// the list shows the correction and the record keeps the old value under
// "Before"; the style is changed with the keyboard and is still there after a
// reload; a brain that is not set up can't be chosen and says why.
import { join } from 'node:path';
import { assert, check, checkControls, say, shots } from './harness.mjs';

async function waitForReply(page) {
  await page.waitForFunction(() => {
    const all = document.querySelectorAll('article.msg.assistant');
    const last = all[all.length - 1];
    return last && !last.classList.contains('streaming') && last.innerText.trim().length > 0;
  }, null, { timeout: 60_000 });
}

/** On the chat screen: says where Tom lives, then corrects it on the memory screen. */
export async function editFlow(page, label, unsafe) {
  await check(`${label}: phone: a fact is corrected in place with the keyboard and the old value stays in its history`, async () => {
    await page.getByRole('link', { name: 'Talk' }).click();
    await page.waitForFunction(() => !document.querySelector('.banner.show'), null, { timeout: 15_000 });
    await say(page, 'My brother Tom lives in Oslo');
    await waitForReply(page);
    await page.getByRole('link', { name: 'Memory' }).click();
    await page.getByRole('heading', { name: 'What I know about you' }).waitFor();
    const oslo = page.locator('button.fact', { hasText: 'Oslo' });
    for (let tries = 0; ; tries++) {
      try {
        await oslo.first().waitFor({ timeout: 3000 });
        break;
      } catch {
        if (tries >= 9) throw new Error(`Tom's Oslo is not in memory: ${await page.locator('section.memory').innerText()}`);
        await page.reload();
        await page.getByRole('heading', { name: 'What I know about you' }).waitFor();
      }
    }
    const before = (await oslo.first().locator('.fact-text').innerText()).trim();
    await oslo.first().click();
    await page.getByRole('heading', { name: 'What I remember' }).waitFor();
    // Keyboard only from here: the button, the text box, Enter.
    const edit = page.getByRole('button', { name: 'Correct this' });
    await edit.focus();
    await page.keyboard.press('Enter');
    const box = page.getByLabel("What's right?");
    await box.waitFor();
    assert(await box.evaluate((el) => el === document.activeElement), 'the text box did not take the focus');
    assert((await box.inputValue()).trim() === before, `the box does not start from the fact: "${await box.inputValue()}"`);
    await checkControls(page, 'correcting a fact');
    await page.keyboard.press('Escape');
    await box.waitFor({ state: 'detached' });
    assert(await edit.evaluate((el) => el === document.activeElement), 'Escape did not give the focus back to "Correct this"');
    await page.keyboard.press('Enter');
    await box.waitFor();
    const fixed = before.replace('Oslo', 'Bergen');
    await box.fill(fixed);
    await page.screenshot({ path: join(shots, `${label}-phone-memory-edit.png`) });
    await page.keyboard.press('Enter');
    await page.locator('.notice[role="status"]', { hasText: /corrected/i }).waitFor({ timeout: 15_000 });
    await page.locator('ul.history li', { hasText: 'Oslo' }).waitFor({ timeout: 15_000 });
    assert(/corrected by you/.test(await page.locator('ul.history').innerText()), 'the old version is not marked "corrected by you"');
    await page.getByText('You corrected this').waitFor();
    await page.screenshot({ path: join(shots, `${label}-phone-memory-corrected.png`) });
    const put = unsafe.filter((u) => u.method === 'PUT' && u.path.startsWith('/api/memory/'));
    assert(put.length === 1 && put[0].csrf, `PUT /api/memory without X-CSRF-Token: ${JSON.stringify(put)}`);
    // After a reload the list has Bergen, marked as corrected, and not Oslo.
    await page.reload();
    await page.getByRole('heading', { name: 'What I know about you' }).waitFor();
    const bergen = page.locator('button.fact', { hasText: fixed });
    await bergen.first().waitFor();
    assert(/corrected by you/.test(await bergen.first().innerText()), 'the corrected fact is not marked in the list');
    assert((await page.locator('button.fact', { hasText: before }).count()) === 0, 'the old value is still listed as current');
  });
}

/** On the settings screen: the style changed with the keyboard and kept; the brain choices. */
export async function settingsFlow(page, label, unsafe) {
  await check(`${label}: phone: the style is changed from the settings and kept; a brain not set up says why`, async () => {
    await page.getByRole('link', { name: 'You' }).click();
    await page.getByRole('heading', { name: /talks$/ }).waitFor();
    const playful = page.getByRole('radio', { name: 'Playful' });
    await playful.waitFor({ state: 'attached' });
    // Arrow keys move within a radio group, as a screen reader user expects.
    await page.getByRole('radio', { name: 'Warm' }).focus();
    await page.keyboard.press('ArrowRight');
    assert(await playful.isChecked(), 'ArrowRight from Warm did not choose Playful');
    await page.locator('label.chip', { hasText: 'Lots' }).click();
    await page.getByRole('button', { name: 'Save style' }).click();
    await page.locator('.notice[role="status"]', { hasText: /next message/ }).waitFor({ timeout: 15_000 });
    const put = unsafe.filter((u) => u.method === 'PUT' && u.path === '/api/settings');
    assert(put.length >= 1 && put.every((u) => u.csrf), `PUT /api/settings without X-CSRF-Token: ${JSON.stringify(put)}`);
    await checkControls(page, 'settings');
    const local = page.getByRole('radio', { name: 'On this computer' });
    if (!(await local.isEnabled())) {
      const why = await local.getAttribute('aria-describedby');
      assert(why && /No model is installed yet/.test(await page.locator(`#${why}`).innerText()), 'the local brain is off and does not say why');
    }
    await page.getByRole('heading', { name: /talks$/ }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(shots, `${label}-phone-settings.png`) });
    await page.reload();
    await page.getByRole('heading', { name: /talks$/ }).waitFor();
    await page.getByRole('radio', { name: 'Playful' }).waitFor({ state: 'attached' });
    assert(await page.getByRole('radio', { name: 'Playful' }).isChecked(), 'the tone is not playful after a reload');
    assert(await page.getByRole('radio', { name: 'Lots' }).isChecked(), 'the humour is not lots after a reload');
    const persona = await page.evaluate(async () => (await fetch('/api/persona')).json());
    assert(persona.tone === 'playful' && persona.humour === 'lots', `the persona did not change: ${JSON.stringify(persona)}`);
  });
}
