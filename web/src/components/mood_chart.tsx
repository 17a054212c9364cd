// The mood timeline: one point a day, how pleasant (valence, -1..1) the
// person's messages felt, as a small SVG line over a soft band; days without
// messages leave a gap. A list under it says the same in words for screen
// readers (the SVG itself is hidden from them).
import type { MoodDay } from '../types';

const W = 320, H = 150, PAD_X = 14, PAD_TOP = 12, PAD_BOTTOM = 26;

export function moodWord(v: number): string {
  if (v >= 0.4) return 'bright';
  if (v >= 0.1) return 'good';
  if (v > -0.1) return 'steady';
  if (v > -0.4) return 'low';
  return 'heavy';
}

function shortDate(iso: string): string {
  const d = new Date(`${iso}T12:00:00`);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The last `n` days, one entry each, oldest first, ending today (or on the
 * latest day the server sent, if later): a server may send only the days
 * that had messages, and the chart spaces days by the calendar.
 */
export function fillDays(data: MoodDay[], n: number, today: Date = new Date()): MoodDay[] {
  const byDate = new Map(data.map((d) => [d.date, d]));
  const latest = data.reduce((m, d) => (d.date > m ? d.date : m), isoDay(today));
  const end = new Date(`${latest}T12:00:00`);
  const out: MoodDay[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const day = new Date(end);
    day.setDate(end.getDate() - i);
    const date = isoDay(day);
    out.push(byDate.get(date) ?? { date, valence: 0, arousal: 0, label: '', messages: 0 });
  }
  return out;
}

/** The SVG path's segments: consecutive days with messages are joined. */
export function moodSegments(days: MoodDay[]): { x: number; y: number; day: MoodDay }[][] {
  const n = Math.max(1, days.length - 1);
  const segs: { x: number; y: number; day: MoodDay }[][] = [];
  let cur: { x: number; y: number; day: MoodDay }[] = [];
  days.forEach((d, i) => {
    if (!d.messages) {
      if (cur.length) segs.push(cur);
      cur = [];
      return;
    }
    const v = Math.max(-1, Math.min(1, d.valence));
    cur.push({ x: PAD_X + ((W - 2 * PAD_X) * i) / n, y: PAD_TOP + ((1 - v) / 2) * (H - PAD_TOP - PAD_BOTTOM), day: d });
  });
  if (cur.length) segs.push(cur);
  return segs;
}

export function MoodChart({ days }: { days: MoodDay[] }) {
  const segs = moodSegments(days);
  const mid = PAD_TOP + (H - PAD_TOP - PAD_BOTTOM) / 2;
  const withMessages = days.filter((d) => d.messages > 0);
  const ticks = days.length ? [0, Math.floor((days.length - 1) / 2), days.length - 1] : [];
  const n = Math.max(1, days.length - 1);
  return (
    <figure class="mood-figure">
      <svg viewBox={`0 0 ${W} ${H}`} class="mood-chart" aria-hidden="true" focusable="false">
        <defs>
          <linearGradient id="moodband" x1="0" y1="0" x2="0" y2="1">
            <stop offset="0" stop-color="var(--mood-high)" stop-opacity="0.22" />
            <stop offset="0.5" stop-color="var(--mood-high)" stop-opacity="0.02" />
            <stop offset="1" stop-color="var(--mood-low)" stop-opacity="0.2" />
          </linearGradient>
        </defs>
        <rect x={PAD_X} y={PAD_TOP} width={W - 2 * PAD_X} height={H - PAD_TOP - PAD_BOTTOM} rx="10" fill="url(#moodband)" />
        <line x1={PAD_X} x2={W - PAD_X} y1={mid} y2={mid} class="mood-mid" />
        {segs.map((s, i) =>
          s.length > 1 ? (
            <polyline key={`l${i}`} class="mood-line" points={s.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')} />
          ) : null,
        )}
        {segs.flat().map((p) => (
          <circle key={p.day.date} cx={p.x} cy={p.y} r={Math.min(6, 2.5 + p.day.messages / 4)} class="mood-dot" />
        ))}
        {ticks.map((i) => (
          <text key={`t${i}`} x={PAD_X + ((W - 2 * PAD_X) * i) / n} y={H - 8} class="mood-tick"
            text-anchor={i === 0 ? 'start' : i === days.length - 1 ? 'end' : 'middle'}>
            {shortDate(days[i].date)}
          </text>
        ))}
      </svg>
      <figcaption class="visually-hidden">
        <ul>
          {withMessages.length
            ? withMessages.map((d) => (
                <li key={d.date}>{`${shortDate(d.date)}: ${moodWord(d.valence)}${d.label ? `, mostly ${d.label}` : ''}, ${d.messages} messages`}</li>
              ))
            : <li>No messages in these days yet.</li>}
        </ul>
      </figcaption>
    </figure>
  );
}
