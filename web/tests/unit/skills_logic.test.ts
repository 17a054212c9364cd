import { describe, expect, it } from 'vitest';
import {
  addressLine, agendaRange, dayKey, dueToShow, groupByDay, instanceDay, question, uploadName, type Instance, type Reminder,
} from '../../src/skills_api';

const at = (summary: string, startUtc: string, endUtc: string, allDay = false): Instance => ({
  uid: summary, summary, start: allDay ? startUtc.slice(0, 10) : startUtc, end: endUtc, all_day: allDay, start_utc: startUtc, end_utc: endUtc,
});

describe('the agenda', () => {
  it('asks for whole local days from the chosen one', () => {
    const { from, to } = agendaRange('2026-12-14', 7);
    expect(dayKey(new Date(from))).toBe('2026-12-14');
    expect(new Date(from).getHours()).toBe(0);
    expect(dayKey(new Date(to))).toBe('2026-12-21');
    const one = agendaRange('2026-12-14', 0);  // at least a day
    expect(Date.parse(one.to) - Date.parse(one.from)).toBeGreaterThanOrEqual(23 * 3600_000);
  });
  it('falls back to today for a date it cannot read', () => {
    expect(dayKey(new Date(agendaRange('not a date', 1).from))).toBe(dayKey(new Date()));
  });
  it('groups instances by local day in time order; an all-day event keeps its own date', () => {
    const late = at('Dinner', new Date(2026, 11, 15, 19, 0).toISOString(), new Date(2026, 11, 15, 21, 0).toISOString());
    const early = at('Walk', new Date(2026, 11, 15, 8, 0).toISOString(), new Date(2026, 11, 15, 9, 0).toISOString());
    const holiday = at('Holiday', '2026-12-16T00:00:00Z', '2026-12-17T00:00:00Z', true);
    const groups = groupByDay([late, holiday, early]);
    expect(groups.map((g) => g.day)).toEqual(['2026-12-15', '2026-12-16']);
    expect(groups[0].items.map((i) => i.summary)).toEqual(['Walk', 'Dinner']);
    expect(instanceDay(holiday)).toBe('2026-12-16');
  });
});

describe('words on the screens', () => {
  it('asks a proposal back as a question', () => {
    expect(question({ id: 1, skill: 'reminders', action: 'add', summary: 'remind you to call Rachel on Sunday', status: 'proposed' }))
      .toBe('Shall I remind you to call Rachel on Sunday?');
    expect(question({ id: 2, skill: 'mail', action: 'send', summary: ' ', status: 'proposed' })).toBe('Shall I go ahead (mail)?');
  });
  it('writes an address as one line', () => {
    expect(addressLine({ name: 'Amy Pond', address: 'amy@example.org' })).toBe('Amy Pond <amy@example.org>');
    expect(addressLine({ address: 'amy@example.org' })).toBe('amy@example.org');
    expect(addressLine(null)).toBe('');
  });
  it('shows due reminders soonest first, leaving out those acknowledged here', () => {
    const r = (id: number, due: string): Reminder => ({ id, text: `r${id}`, due, status: 'active' });
    const shown = dueToShow([r(1, '2026-12-07T10:00:00Z'), r(2, '2026-12-07T09:00:00Z'), r(3, '2026-12-07T08:00:00Z')], new Set([3]));
    expect(shown.map((x) => x.id)).toEqual([2, 1]);
  });
  it('keeps only a safe file name of an upload', () => {
    expect(uploadName('C:\\Users\\me\\work.ics')).toBe('work.ics');
    expect(uploadName('../../etc/passwd')).toBe('passwd');
    expect(uploadName('<script>.eml')).toBe('script.eml');
    expect(uploadName('')).toBe('upload');
  });
});
