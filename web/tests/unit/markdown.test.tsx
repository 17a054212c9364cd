import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Markdown } from '../../src/markdown';
import { MoodChart, moodSegments, moodWord } from '../../src/components/mood_chart';

afterEach(cleanup);

describe('Markdown', () => {
  it('shows HTML in a reply as text, never as markup', () => {
    const { container } = render(<Markdown text={'<img src=x onerror="alert(1)"> <script>alert(2)</script> **hi**'} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror="alert(1)">');
    expect(container.querySelector('strong')!.textContent).toBe('hi');
  });

  it('links only http(s) and mailto addresses', () => {
    const { container } = render(<Markdown text="[safe](https://example.org) and [bad](javascript:alert(1))" />);
    const links = container.querySelectorAll('a');
    expect(links).toHaveLength(1);
    expect(links[0].getAttribute('href')).toBe('https://example.org');
    expect(links[0].getAttribute('rel')).toContain('noopener');
    expect(container.textContent).toContain('[bad](javascript:alert(1))');
  });

  it('links a bare web address without its closing punctuation', () => {
    const { container } = render(<Markdown text="Find a Helpline: https://findahelpline.com (lines in your country). Or https://example.org/a_b." />);
    const hrefs = [...container.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['https://findahelpline.com', 'https://example.org/a_b']);
  });

  it('renders paragraphs, lists, emphasis and code', () => {
    const { container } = render(<Markdown text={'Two things:\n\n- *tea*\n- `walks`\n\n1. one\n2. two\n\n```\nx < y\n```'} />);
    expect(container.querySelectorAll('ul li')).toHaveLength(2);
    expect(container.querySelectorAll('ol li')).toHaveLength(2);
    expect(container.querySelector('em')!.textContent).toBe('tea');
    expect(container.querySelector('pre code')!.textContent).toBe('x < y');
  });
});

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
});
