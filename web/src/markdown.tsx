// A small, safe Markdown renderer for replies: paragraphs, line breaks,
// **bold**, *italic*, `code`, fenced code blocks, bullet and numbered lists,
// [links](https://...) and bare https:// addresses. It builds Preact elements from text and never
// sets HTML, so a reply or a memory cannot inject markup or script; links
// other than http(s) and mailto stay plain text.
import type { ComponentChildren } from 'preact';

const INLINE = /(\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|_([^_\s][^_]*)_|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>()]*[^\s<>().,;:!?'"]))/;

export function safeHref(url: string): string | null {
  return /^(https?:\/\/|mailto:)/i.test(url) ? url : null;
}

export function inline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let rest = text;
  let k = 0;
  while (rest) {
    const m = INLINE.exec(rest);
    if (!m) {
      out.push(rest);
      break;
    }
    if (m.index > 0) out.push(rest.slice(0, m.index));
    const key = k++;
    if (m[2] !== undefined) out.push(<strong key={key}>{inline(m[2])}</strong>);
    else if (m[3] !== undefined) out.push(<em key={key}>{inline(m[3])}</em>);
    else if (m[4] !== undefined) out.push(<em key={key}>{inline(m[4])}</em>);
    else if (m[5] !== undefined) out.push(<code key={key}>{m[5]}</code>);
    else if (m[8] !== undefined) out.push(<a key={key} href={m[8]} target="_blank" rel="noopener noreferrer">{m[8]}</a>);
    else {
      const href = safeHref(m[7]);
      out.push(href ? <a key={key} href={href} target="_blank" rel="noopener noreferrer">{m[6]}</a> : m[0]);
    }
    rest = rest.slice(m.index + m[0].length);
  }
  return out;
}

function withBreaks(lines: string[]): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  lines.forEach((l, i) => {
    if (i) out.push(<br key={`br${i}`} />);
    out.push(...inline(l));
  });
  return out;
}

export function Markdown({ text }: { text: string }) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: ComponentChildren[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (/^```/.test(line)) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !/^```/.test(lines[i])) body.push(lines[i++]);
      i++;
      blocks.push(<pre key={blocks.length}><code>{body.join('\n')}</code></pre>);
    } else if (/^\s*[-*•]\s+/.test(line)) {
      const items: string[] = [];
      while (i < lines.length && /^\s*[-*•]\s+/.test(lines[i])) items.push(lines[i++].replace(/^\s*[-*•]\s+/, ''));
      blocks.push(<ul key={blocks.length}>{items.map((t, j) => <li key={j}>{inline(t)}</li>)}</ul>);
    } else if (/^\s*\d+[.)]\s+/.test(line)) {
      const items: string[] = [];
      while (i < lines.length && /^\s*\d+[.)]\s+/.test(lines[i])) items.push(lines[i++].replace(/^\s*\d+[.)]\s+/, ''));
      blocks.push(<ol key={blocks.length}>{items.map((t, j) => <li key={j}>{inline(t)}</li>)}</ol>);
    } else if (!line.trim()) {
      i++;
    } else {
      const para: string[] = [];
      while (i < lines.length && lines[i].trim() && !/^```|^\s*[-*•]\s+|^\s*\d+[.)]\s+/.test(lines[i])) para.push(lines[i++]);
      blocks.push(<p key={blocks.length}>{withBreaks(para)}</p>);
    }
  }
  return <>{blocks}</>;
}
