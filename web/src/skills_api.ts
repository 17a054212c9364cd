// The life skills' REST calls (src/server/README.md, "Life skills") and the
// pure logic their screens share: the agenda's days, how a time reads, the
// question a proposal asks. Everything a third party wrote (a mail, an
// invitation) stays a string here; the screens show it as text only.
import type { Api } from './api';

export interface Reminder {
  id: number;
  text: string;
  due: string;          // ISO-8601 UTC
  due_local?: string;
  when?: string;        // "on Sunday 13 December at 17:00"
  rule?: string;
  status: string;       // active | done | cancelled
  delivered?: string | null;
}
export interface Proposal {
  id: number;
  skill: string;        // reminders | calendar | mail | letters
  action: string;
  summary: string;      // "remind you to call Rachel on Sunday 13 December at 17:00"
  payload?: Record<string, unknown>;
  status: string;       // proposed | done | declined | failed | expired
  created?: string;
  error?: string;
}
export interface Asked { proposal: Proposal; question: string; conflicts?: unknown[] }
export interface Answered { proposal: Proposal; said: string }
export interface RemindersView { reminders: Reminder[]; due: Reminder[] }
export interface Instance {
  uid: string;
  summary: string;
  start: string;
  end: string;
  all_day: boolean;
  start_utc: string;
  end_utc: string;
  location?: string;
  calendar?: string;
  status?: string;
}
export interface CalendarSource { id: number; name: string; source: string; kind: string; events: number }
export interface Imported { id: number; name: string; events: number; warnings: string[] }
export interface Address { name?: string; address?: string }
export interface Mail {
  id: number;
  from: Address;
  to?: Address[];
  subject: string;
  date: string | null;
  snippet: string;
  attachments: { name: string; type: string; size: number }[];
  important: boolean;
  bulk?: boolean;
  reasons?: string[];
  text?: string;
  text_from_html?: boolean;
}
export interface MailImport { added: number; duplicates: number; rejected: number; items: { where: string; reason: string }[] }
export interface Draft { mail_id: number; to: string; subject: string; text: string }
export interface OutboxEntry { id: number; to: Address[]; subject: string; body: string; status: string; created: string; error?: string }
export interface Letter {
  id: number;
  recipient: string;
  title: string;
  status: 'draft' | 'finished';
  created: string;
  updated: string;
  finished?: string;
  versions: number;
  words: number;
  body?: string;
}

const id = (n: number) => encodeURIComponent(String(n));

/** The life skills' calls over the app's Api (its cookie, CSRF token and errors). */
export class SkillsApi {
  constructor(private api: Api) {}

  reminders() {
    return this.api.request<RemindersView>('GET', '/api/reminders').then((r) => ({ reminders: r.reminders ?? [], due: r.due ?? [] }));
  }
  askReminder(text: string) {
    return this.api.request<Asked>('POST', '/api/reminders', { text });
  }
  reminderDone(n: number) {
    return this.api.request<Reminder>('POST', `/api/reminders/${id(n)}/done`, {});
  }
  deleteReminder(n: number) {
    return this.api.request<Reminder>('DELETE', `/api/reminders/${id(n)}`);
  }
  proposals() {
    return this.api.request<{ proposals: Proposal[] }>('GET', '/api/proposals').then((r) => r.proposals ?? []);
  }
  answer(n: number, yes: boolean) {
    return this.api.request<Answered>('POST', `/api/proposals/${id(n)}/${yes ? 'yes' : 'no'}`, {});
  }
  agenda(from: string, to: string) {
    const q = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    return this.api.request<{ instances: Instance[]; notes: string[] }>('GET', `/api/calendar?${q}`);
  }
  calendars() {
    return this.api.request<{ calendars: CalendarSource[] }>('GET', '/api/calendar/sources').then((r) => r.calendars ?? []);
  }
  importCalendar(file: Blob, name: string) {
    return this.api.request<Imported>('POST', `/api/calendar/import?name=${encodeURIComponent(name)}`, file);
  }
  askEvent(event: { summary: string; when: string; location?: string }) {
    return this.api.request<Asked>('POST', '/api/calendar/events', event);
  }
  mails(important = false) {
    return this.api.request<{ mails: Mail[] }>('GET', `/api/mail${important ? '?important=1' : ''}`).then((r) => r.mails ?? []);
  }
  mail(n: number) {
    return this.api.request<{ mail: Mail }>('GET', `/api/mail/${id(n)}`).then((r) => r.mail);
  }
  importMail(file: Blob, name: string) {
    return this.api.request<MailImport>('POST', `/api/mail/import?name=${encodeURIComponent(name)}`, file);
  }
  draft(n: number, request = '') {
    return this.api.request<Draft>('POST', `/api/mail/${id(n)}/draft`, { request });
  }
  askSend(n: number, body: string) {
    return this.api.request<Asked>('POST', `/api/mail/${id(n)}/send`, { body });
  }
  outbox() {
    return this.api.request<{ outbox: OutboxEntry[] }>('GET', '/api/mail/outbox').then((r) => r.outbox ?? []);
  }
  letters() {
    return this.api.request<{ letters: Letter[] }>('GET', '/api/letters').then((r) => r.letters ?? []);
  }
  letter(n: number) {
    return this.api.request<Letter>('GET', `/api/letters/${id(n)}`);
  }
  newLetter(l: { recipient: string; title?: string; body: string }) {
    return this.api.request<Letter>('POST', '/api/letters', l);
  }
  editLetter(n: number, change: { recipient?: string; title?: string; body?: string }) {
    return this.api.request<Letter>('PUT', `/api/letters/${id(n)}`, change);
  }
  finishLetter(n: number) {
    return this.api.request<Letter>('POST', `/api/letters/${id(n)}/finish`, {});
  }
}

// ---- the screens' logic (pure; tests/unit/skills_logic.test.ts) -----------

/** A local calendar day as YYYY-MM-DD. */
export function dayKey(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** [from, to) of `days` local days starting on `start` (YYYY-MM-DD), as ISO-8601 UTC. */
export function agendaRange(start: string, days: number): { from: string; to: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(start);
  const first = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : new Date();
  if (!m) first.setHours(0, 0, 0, 0);
  const last = new Date(first);
  last.setDate(first.getDate() + Math.max(1, Math.min(days, 366)));
  return { from: first.toISOString(), to: last.toISOString() };
}

/** The local day an instance is on (an all-day one: its own date). */
export function instanceDay(i: Instance): string {
  if (i.all_day) return i.start.slice(0, 10);
  const d = new Date(i.start_utc);
  return Number.isNaN(d.getTime()) ? i.start.slice(0, 10) : dayKey(d);
}

/** Instances grouped by local day, in order of time. */
export function groupByDay(instances: Instance[]): { day: string; items: Instance[] }[] {
  const sorted = [...instances].sort((a, b) => Date.parse(a.start_utc) - Date.parse(b.start_utc));
  const out: { day: string; items: Instance[] }[] = [];
  for (const i of sorted) {
    const day = instanceDay(i);
    const last = out[out.length - 1];
    if (last && last.day === day) last.items.push(i);
    else out.push({ day, items: [i] });
  }
  return out;
}

/** "Monday 14 December" for a YYYY-MM-DD. */
export function dayTitle(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return d.toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/** "08:00–09:00", or "all day". */
export function timeSpan(i: Instance): string {
  if (i.all_day) return 'all day';
  const t = (s: string) => {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  };
  const a = t(i.start_utc), b = t(i.end_utc);
  return b && b !== a ? `${a}–${b}` : a;
}

/** A sender as one line: "Amy Pond <amy@example.org>". */
export function addressLine(a?: Address | null): string {
  if (!a) return '';
  if (a.name && a.address) return `${a.name} <${a.address}>`;
  return a.name || a.address || '';
}

/** What a proposal asks, as a question. */
export function question(p: Proposal): string {
  const s = p.summary.trim();
  return s ? `Shall I ${s}?` : `Shall I go ahead (${p.skill})?`;
}

/** Due reminders not yet acknowledged here (the banner), soonest first. */
export function dueToShow(due: Reminder[], acknowledged: Set<number>): Reminder[] {
  return due.filter((r) => !acknowledged.has(r.id)).sort((a, b) => Date.parse(a.due) - Date.parse(b.due));
}

/** A file's name as the server may keep it. */
export function uploadName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base.replace(/[^A-Za-z0-9._ -]/g, '').slice(0, 80) || 'upload';
}
