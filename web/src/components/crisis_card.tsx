// The care card under a reply whose turn carried `safety`: calm words and the
// help lines the server chose for the person's region, each one a tap away
// (tel: for numbers, sms: for "text ... to N", links for web addresses). It
// does not repeat the reply's words; it stays in the conversation and is
// announced politely to screen readers.
import type { CareResource, Safety } from '../types';

export function contactHref(contact: string): string | null {
  const c = contact.trim();
  if (/^https?:\/\/\S+$/i.test(c)) return c;
  const text = /^text\s+(\S+)\s+to\s+([\d\s-]{3,})$/i.exec(c);
  if (text) return `sms:${text[2].replace(/[\s-]/g, '')}?body=${encodeURIComponent(text[1])}`;
  if (/^\+?[\d\s().-]{3,}$/.test(c) && /\d{3}/.test(c.replace(/\D/g, ''))) return `tel:${c.replace(/[^\d+]/g, '')}`;
  return null;
}

function Line({ r }: { r: CareResource }) {
  const href = contactHref(r.contact);
  return (
    <li>
      <span class="care-name">{r.name}</span>
      {href ? (
        <a class="care-contact" href={href} target={href.startsWith('http') ? '_blank' : undefined} rel="noopener noreferrer">
          {r.contact}
        </a>
      ) : (
        <span class="care-contact">{r.contact}</span>
      )}
    </li>
  );
}

export function CrisisCard({ safety }: { safety: Safety }) {
  const resources = safety.resources ?? [];
  return (
    <section class="care" role="region" aria-labelledby={`care-${safety.kind}`} aria-live="polite">
      <h3 class="care-title" id={`care-${safety.kind}`}>You don't have to go through this alone</h3>
      {resources.length > 0 ? (
        <>
          <p class="care-lead">People who know how to help, any time of day or night:</p>
          <ul class="care-lines">{resources.map((r, i) => <Line key={i} r={r} />)}</ul>
        </>
      ) : (
        <p class="care-lead">If you are in danger, please call your local emergency number.</p>
      )}
      <p class="care-close">I'm still here with you, too.</p>
    </section>
  );
}
