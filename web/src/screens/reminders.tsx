// Reminders: say what and when in your own words ("call Rachel on Sunday at
// 5"); the companion asks it back and sets it only after your yes. The list
// of what is set, each with Done and Delete (after a confirm), and what is
// waiting for a yes from anywhere (the chat too).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Api } from '../api';
import { SkillsApi, type Asked, type Reminder } from '../skills_api';
import { LifeTabs, ProposalCard, Waiting, errorText } from './reminders_parts';

export function RemindersScreen({ api }: { api: Api }) {
  const skills = useMemo(() => new SkillsApi(api), [api]);
  const [text, setText] = useState('');
  const [asked, setAsked] = useState<Asked | null>(null);
  const [list, setList] = useState<Reminder[] | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [refresh, setRefresh] = useState(0);
  const box = useRef<HTMLInputElement>(null);

  const load = () => skills.reminders().then((r) => setList(r.reminders), (e) => setError(errorText(e)));
  useEffect(() => { load(); }, [skills, refresh]);

  async function ask(e: Event) {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setError('');
    setNotice('');
    try {
      setAsked(await skills.askReminder(text.trim()));
      setText('');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  function answered(said: string) {
    setAsked(null);
    setNotice(said);
    setRefresh((n) => n + 1);
    box.current?.focus();
  }
  async function act(r: Reminder, what: 'done' | 'delete') {
    setError('');
    try {
      if (what === 'done') await skills.reminderDone(r.id);
      else await skills.deleteReminder(r.id);
      setNotice(what === 'done' ? `Done: ${r.text}.` : `Deleted: ${r.text}.`);
      setConfirming(null);
      load();
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <section class="life" aria-labelledby="reminders-title">
      <LifeTabs route="/reminders" />
      <h1 id="reminders-title">Reminders</h1>
      <form class="card stack" onSubmit={ask}>
        <label for="remind-text">What shall I remind you of, and when?</label>
        <div class="row nowrap">
          <input id="remind-text" ref={box} value={text} maxLength={500} placeholder="call Rachel on Sunday at 5"
            autoComplete="off" onInput={(e) => setText((e.target as HTMLInputElement).value)} />
          <button class="primary" type="submit" disabled={busy || !text.trim()}>Ask</button>
        </div>
        <p class="muted small">Like "in 20 minutes", "tomorrow at 9", "every Monday morning". I'll ask before I set it.</p>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      <p class="notice" role="status">{notice}</p>
      {asked && <ProposalCard skills={skills} proposal={asked.proposal} onAnswered={answered} focus />}
      <Waiting skills={skills} refresh={refresh} onAnswered={answered} except={asked?.proposal.id} />
      <h2>Set</h2>
      {list === null && !error && <p class="muted">One moment…</p>}
      {list && !list.length && <p class="muted">Nothing set. Tell me above, or in the chat.</p>}
      {list && list.length > 0 && (
        <ul class="items" aria-label="Reminders set">
          {list.map((r) => (
            <li key={r.id} class="item">
              <div class="item-main">
                <span class="item-title">{r.text}</span>
                <span class="muted small">{r.when || new Date(r.due).toLocaleString()}{r.rule ? ' · repeats' : ''}</span>
              </div>
              {confirming === r.id ? (
                <div class="row" role="group" aria-label={`Delete ${r.text}?`}>
                  <button class="ghost small" onClick={() => setConfirming(null)}>Keep</button>
                  <button class="danger small" onClick={() => act(r, 'delete')} autoFocus>Yes, delete</button>
                </div>
              ) : (
                <div class="row">
                  <button class="ghost small" onClick={() => act(r, 'done')} aria-label={`Done: ${r.text}`}>Done</button>
                  <button class="danger small" onClick={() => setConfirming(r.id)} aria-label={`Delete: ${r.text}`}>Delete</button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
