// The calendar: an agenda for the days chosen (from every calendar
// imported), importing an .ics file, adding an event (asked back, added
// only after a yes) and the person's own events as an .ics download.
// Event text comes from other people's calendars: shown as text only.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Api } from '../api';
import {
  SkillsApi, agendaRange, dayKey, dayTitle, groupByDay, timeSpan, uploadName, type Asked, type CalendarSource, type Instance,
} from '../skills_api';
import { LifeTabs, ProposalCard, errorText } from './reminders_parts';

const MAX_UPLOAD = 1024 * 1024;

function AddEvent({ skills, onAsked }: { skills: SkillsApi; onAsked: (a: Asked) => void }) {
  const [summary, setSummary] = useState('');
  const [when, setWhen] = useState('');
  const [location, setLocation] = useState('');
  const [error, setError] = useState('');
  async function submit(e: Event) {
    e.preventDefault();
    setError('');
    try {
      onAsked(await skills.askEvent({ summary: summary.trim(), when: when.trim(), location: location.trim() }));
      setSummary('');
      setWhen('');
      setLocation('');
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <form class="card stack" onSubmit={submit} aria-labelledby="add-event-title">
      <h2 id="add-event-title">Add an event</h2>
      <label for="event-title">What</label>
      <input id="event-title" value={summary} maxLength={200} required onInput={(e) => setSummary((e.target as HTMLInputElement).value)} />
      <label for="event-when">When</label>
      <input id="event-when" value={when} maxLength={100} required placeholder="Friday at 7, or 2026-12-18T19:00"
        onInput={(e) => setWhen((e.target as HTMLInputElement).value)} />
      <label for="event-where">Where (optional)</label>
      <input id="event-where" value={location} maxLength={200} onInput={(e) => setLocation((e.target as HTMLInputElement).value)} />
      {error && <p class="error" role="alert">{error}</p>}
      <button class="primary" type="submit" disabled={!summary.trim() || !when.trim()}>Ask to add it</button>
    </form>
  );
}

export function CalendarScreen({ api }: { api: Api }) {
  const skills = useMemo(() => new SkillsApi(api), [api]);
  const [start, setStart] = useState(dayKey(new Date()));
  const [days, setDays] = useState(7);
  const [instances, setInstances] = useState<Instance[] | null>(null);
  const [notes, setNotes] = useState<string[]>([]);
  const [sources, setSources] = useState<CalendarSource[]>([]);
  const [asked, setAsked] = useState<Asked | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    let live = true;
    const { from, to } = agendaRange(start, days);
    setInstances(null);
    skills.agenda(from, to).then((r) => {
      if (!live) return;
      setInstances(r.instances ?? []);
      setNotes(r.notes ?? []);
    }, (e) => live && setError(errorText(e)));
    skills.calendars().then((c) => live && setSources(c), () => {});
    return () => { live = false; };
  }, [skills, start, days, refresh]);

  async function upload(e: Event) {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setError('');
    setNotice('');
    if (file.size > MAX_UPLOAD) {
      setError(`${file.name} is larger than 1 MiB; I can't take it in from here.`);
      return;
    }
    try {
      const r = await skills.importCalendar(file, uploadName(file.name));
      setNotice(`Imported ${r.name}: ${r.events} ${r.events === 1 ? 'event' : 'events'}.${r.warnings?.length ? ` ${r.warnings.length} skipped.` : ''}`);
      setRefresh((n) => n + 1);
    } catch (err) {
      setError(errorText(err));
    }
  }

  const groups = instances ? groupByDay(instances) : [];
  return (
    <section class="life" aria-labelledby="calendar-title">
      <LifeTabs route="/calendar" />
      <h1 id="calendar-title">Calendar</h1>
      <form class="row agenda-range" onSubmit={(e) => e.preventDefault()} aria-label="Which days">
        <label for="agenda-from">From</label>
        <input id="agenda-from" type="date" value={start} onInput={(e) => setStart((e.target as HTMLInputElement).value)} />
        <label for="agenda-days">for</label>
        <select id="agenda-days" value={String(days)} onChange={(e) => setDays(Number((e.target as HTMLSelectElement).value))}>
          <option value="1">1 day</option>
          <option value="7">7 days</option>
          <option value="31">a month</option>
        </select>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      <p class="notice" role="status">{notice}</p>
      {asked && (
        <ProposalCard skills={skills} proposal={asked.proposal} focus
          onAnswered={(said) => { setAsked(null); setNotice(said); setRefresh((n) => n + 1); }} />
      )}
      <section aria-labelledby="agenda-title" aria-busy={instances === null}>
        <h2 id="agenda-title">Agenda</h2>
        {instances === null && !error && <p class="muted">One moment…</p>}
        {instances && !instances.length && <p class="muted">Nothing on these days.</p>}
        {groups.map((g) => (
          <div key={g.day} class="agenda-day">
            <h3>{dayTitle(g.day)}</h3>
            <ul class="items">
              {g.items.map((i) => (
                <li key={`${i.uid}-${i.start_utc}`} class="item">
                  <span class="agenda-time">{timeSpan(i)}</span>
                  <div class="item-main">
                    <span class="item-title">{i.summary || '(no title)'}</span>
                    {i.location && <span class="muted small">{i.location}</span>}
                  </div>
                </li>
              ))}
            </ul>
          </div>
        ))}
        {notes.length > 0 && <p class="muted small">{notes.slice(0, 3).join(' ')}</p>}
      </section>
      <AddEvent skills={skills} onAsked={(a) => { setAsked(a); setNotice(''); }} />
      <section class="card stack" aria-labelledby="calendars-title">
        <h2 id="calendars-title">Calendars</h2>
        {sources.length ? (
          <ul class="plain">{sources.map((s) => <li key={`${s.kind}-${s.id}`}>{s.name} <span class="muted small">· {s.events} events</span></li>)}</ul>
        ) : <p class="muted small">None yet.</p>}
        <div>
          <input id="ics-file" class="file-input" type="file" accept=".ics,text/calendar" onChange={upload} />
          <label class="file-button" for="ics-file">Import an .ics file</label>
        </div>
        <a class="file-button" href="/api/calendar/export" download="os1-calendar.ics">Download the events you added (.ics)</a>
      </section>
    </section>
  );
}
