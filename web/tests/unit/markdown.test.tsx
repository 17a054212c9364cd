import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Markdown } from '../../src/markdown';

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
