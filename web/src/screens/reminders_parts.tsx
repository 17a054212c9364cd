// Pieces the life screens share: their tabs (Reminders, Calendar, Mail,
// Letters), the card that asks a proposal's question with Yes and No (the
// same yes the chat accepts: nothing runs before it), the list of what is
// waiting for a yes, and the banner of reminders that fell due.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Api } from '../api';
import { navigate, type Route } from '../router';
import { SkillsApi, dueToShow, question, type Proposal, type Reminder } from '../skills_api';
import './reminders.css';

export const errorText = (e: unknown) => (e instanceof ApiError ? e.message : 'Something went wrong. Please try again.');

const LIFE: { to: Route; label: string }[] = [
  { to: '/reminders', label: 'Reminders' },
  { to: '/calendar', label: 'Calendar' },
  { to: '/mail', label: 'Mail' },
  { to: '/letters', label: 'Letters' },
];

export function LifeTabs({ route }: { route: Route }) {
  return (
    <nav class="life-tabs" aria-label="Your life">
      {LIFE.map((t) => (
        <a key={t.to} href={t.to} aria-current={route === t.to ? 'page' : undefined}
          onClick={(e) => { e.preventDefault(); navigate(t.to); }}>{t.label}</a>
      ))}
    </nav>
  );
}

/** A proposal's question with Yes and No; `onAnswered` gets what was said. */
export function ProposalCard({ skills, proposal, onAnswered, focus = false }: {
  skills: SkillsApi; proposal: Proposal; onAnswered: (said: string, done: Proposal) => void; focus?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => { if (focus) yes.current?.focus(); }, [focus, proposal.id]);
  async function answer(ok: boolean) {
    setBusy(true);
    setError('');
    try {
      const r = await skills.answer(proposal.id, ok);
      onAnswered(r.said, r.proposal);
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  }
  const qid = `proposal-${proposal.id}`;
  return (
    <div class="card proposal" role="group" aria-labelledby={qid}>
      <p id={qid} class="proposal-q">{question(proposal)}</p>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="row">
        <button class="primary" ref={yes} disabled={busy} onClick={() => answer(true)}>Yes</button>
        <button class="ghost" disabled={busy} onClick={() => answer(false)}>No</button>
      </div>
    </div>
  );
}

/** Everything waiting for a yes (from this app or the chat), newest first. */
export function Waiting({ skills, refresh, onAnswered, except }: {
  skills: SkillsApi; refresh: number; onAnswered: (said: string) => void; except?: number;
}) {
  const [all, setWaiting] = useState<Proposal[]>([]);
  const load = () => skills.proposals().then(setWaiting, () => setWaiting([]));
  useEffect(() => { load(); }, [skills, refresh]);
  const waiting = all.filter((p) => p.id !== except);  // the one just asked has its own card
  if (!waiting.length) return null;
  return (
    <section aria-labelledby="waiting-title">
      <h2 id="waiting-title">Waiting for your yes</h2>
      <div class="stack">
        {waiting.map((p) => (
          <ProposalCard key={p.id} skills={skills} proposal={p} onAnswered={(said) => { onAnswered(said); load(); }} />
        ))}
      </div>
    </section>
  );
}

/** Reminders that fell due, shown on every screen until acknowledged (polls /api/reminders). */
export function DueBanner({ api, everyMs = 30_000 }: { api: Api; everyMs?: number }) {
  const skills = useRef(new SkillsApi(api)).current;
  const [due, setDue] = useState<Reminder[]>([]);
  const [acked, setAcked] = useState<Set<number>>(new Set());
  useEffect(() => {
    let live = true;
    const poll = () => skills.reminders().then((r) => live && setDue(r.due), () => {});
    poll();
    const timer = setInterval(poll, everyMs);
    const onFocus = () => { if (document.visibilityState === 'visible') poll(); };
    document.addEventListener('visibilitychange', onFocus);
    return () => {
      live = false;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onFocus);
    };
  }, [skills, everyMs]);
  const shown = dueToShow(due, acked);
  if (!shown.length) return null;
  async function done(r: Reminder) {
    setAcked(new Set([...acked, r.id]));
    try {
      await skills.reminderDone(r.id);
    } catch { /* shown again on the next poll */ }
  }
  return (
    <aside class="due" role="region" aria-label="Reminders due now" aria-live="polite">
      {shown.map((r) => (
        <div class="due-item" key={r.id}>
          <span class="due-bell" aria-hidden="true">⏰</span>
          <span class="due-text">{r.text}</span>
          <button class="ghost small" onClick={() => done(r)} aria-label={`Done: ${r.text}`}>Done</button>
        </div>
      ))}
    </aside>
  );
}
