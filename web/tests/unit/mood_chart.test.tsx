import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { fillDays, MoodChart, moodSegments, moodWord } from '../../src/components/mood_chart';

afterEach(cleanup);

describe('MoodChart', () => {
  const days = [
    { date: '2026-12-01', valence: 0.5, arousal: 0.4, label: 'joy', messages: 3 },
    { date: '2026-12-02', valence: -0.3, arousal: 0.2, label: 'sadness', messages: 2 },
    { date: '2026-12-03', valence: 0, arousal: 0, label: '', messages: 0 },
    { date: '2026-12-04', valence: -0.8, arousal: 0.6, label: 'grief', messages: 5 },
  ];

  it('leaves a gap for days without messages and puts pleasant days higher', () => {
    const segs = moodSegments(days);
    expect(segs.map((s) => s.length)).toEqual([2, 1]);
    expect(segs[0][0].y).toBeLessThan(segs[0][1].y);
  });

  it('says the same in words for screen readers', () => {
    const { container } = render(<MoodChart days={days} />);
    expect(container.querySelector('svg')!.getAttribute('aria-hidden')).toBe('true');
    expect(container.querySelectorAll('polyline')).toHaveLength(1);
    expect(container.querySelectorAll('circle')).toHaveLength(3);
    const words = container.querySelector('figcaption')!.textContent!;
    expect(words).toContain('mostly grief, 5 messages');
    expect(moodWord(0.5)).toBe('bright');
    expect(moodWord(-0.8)).toBe('heavy');
  });

  it('spaces the days by the calendar when the server sends only the days with messages', () => {
    const sparse = [
      { date: '2026-12-03', valence: 0.2, arousal: 0.3, label: 'joy', messages: 2 },
      { date: '2026-12-07', valence: -0.6, arousal: 0.5, label: 'sadness', messages: 4 },
    ];
    const full = fillDays(sparse, 7, new Date('2026-12-07T09:00:00'));
    expect(full.map((d) => d.date)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06', '2026-12-07']);
    expect(full.map((d) => d.messages)).toEqual([0, 0, 2, 0, 0, 0, 4]);
    expect(moodSegments(full).map((s) => s.length)).toEqual([1, 1]);
    expect(fillDays([], 3, new Date('2026-01-01T09:00:00')).map((d) => d.date)).toEqual(['2025-12-30', '2025-12-31', '2026-01-01']);
  });
});
