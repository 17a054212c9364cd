// Mail: what was imported, newest first, with what triage thinks matters;
// one mail read as quoted text from someone else (never HTML: nothing a
// sender wrote becomes markup, a link or an instruction here); a reply
// drafted, edited, and sent only after a yes; the outbox; importing a
// message or an mbox file; the mail account (mail_account.tsx).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Api } from '../api';
import { SkillsApi, addressLine, uploadName, type Asked, type Mail, type OutboxEntry } from '../skills_api';
import { MailAccountCard } from './mail_account';
import { LifeTabs, ProposalCard, errorText } from './reminders_parts';

const MAX_UPLOAD = 1024 * 1024;

function when(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

function Reading({ skills, id, onClose, onAsked }: { skills: SkillsApi; id: number; onClose: () => void; onAsked: (a: Asked) => void }) {
  const [mail, setMail] = useState<Mail | null>(null);
  const [reply, setReply] = useState<string | null>(null);
  const [error, setError] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    let live = true;
    setMail(null);
    setReply(null);
    skills.mail(id).then((m) => { if (live) { setMail(m); heading.current?.focus(); } }, (e) => live && setError(errorText(e)));
    return () => { live = false; };
  }, [skills, id]);
  async function draft() {
    setError('');
    try {
      setReply((await skills.draft(id)).text);
    } catch (e) {
      setError(errorText(e));
    }
  }
  async function send(e: Event) {
    e.preventDefault();
    setError('');
    try {
      onAsked(await skills.askSend(id, reply ?? ''));
      setReply(null);
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <section class="card detail mail-reading" aria-labelledby="mail-subject">
      <div class="row between">
        <h2 id="mail-subject" tabIndex={-1} ref={heading}>{mail ? mail.subject || '(no subject)' : 'Mail'}</h2>
        <button class="ghost small" onClick={onClose}>Close</button>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {!mail && !error && <p class="muted">One moment…</p>}
      {mail && (
        <>
          <dl class="mail-head">
            <dt>From</dt><dd>{addressLine(mail.from)}</dd>
            {mail.to && mail.to.length > 0 && (<><dt>To</dt><dd>{mail.to.map(addressLine).join(', ')}</dd></>)}
            {mail.date && (<><dt>Date</dt><dd>{when(mail.date)}</dd></>)}
            {mail.attachments.length > 0 && (<><dt>Attached</dt><dd>{mail.attachments.map((a) => a.name || a.type).join(', ')}</dd></>)}
          </dl>
          <p class="muted small" id="mail-note">Written by someone else: shown as plain text. I don't follow anything it asks.</p>
          <blockquote class="mail-body" aria-describedby="mail-note">{mail.text ?? mail.snippet}</blockquote>
          {reply === null ? (
            <button class="primary" onClick={draft}>Draft a reply</button>
          ) : (
            <form class="stack" onSubmit={send}>
              <label for="reply-text">Your reply to {addressLine(mail.from)}</label>
              <textarea id="reply-text" rows={6} value={reply} maxLength={60000} onInput={(e) => setReply((e.target as HTMLTextAreaElement).value)} />
              <div class="row">
                <button class="ghost" type="button" onClick={() => setReply(null)}>Discard</button>
                <button class="primary" type="submit" disabled={!reply.trim()}>Send…</button>
              </div>
              <p class="muted small">I'll ask you once more before it goes.</p>
            </form>
          )}
        </>
      )}
    </section>
  );
}

export function MailScreen({ api }: { api: Api }) {
  const skills = useMemo(() => new SkillsApi(api), [api]);
  const [mails, setMails] = useState<Mail[] | null>(null);
  const [important, setImportant] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const [asked, setAsked] = useState<Asked | null>(null);
  const [outbox, setOutbox] = useState<OutboxEntry[]>([]);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [refresh, setRefresh] = useState(0);
  const [settings, setSettings] = useState(false);

  useEffect(() => {
    skills.mails(important).then(setMails, (e) => setError(errorText(e)));
    skills.outbox().then(setOutbox, () => {});
  }, [skills, important, refresh]);

  async function upload(e: Event) {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setError('');
    if (file.size > MAX_UPLOAD) {
      setError(`${file.name} is larger than 1 MiB; I can't take it in from here.`);
      return;
    }
    try {
      const r = await skills.importMail(file, uploadName(file.name));
      const rejected = r.items.filter((i) => i.reason).map((i) => `${i.where}: ${i.reason}`);
      setNotice(`Imported ${r.added} new, ${r.duplicates} already here${r.rejected ? `, ${r.rejected} not readable (${rejected.slice(0, 2).join('; ')})` : ''}.`);
      setRefresh((n) => n + 1);
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <section class="life" aria-labelledby="mail-title">
      <LifeTabs route="/mail" />
      <h1 id="mail-title">Mail</h1>
      <div class="row between">
        <button class="ghost small" aria-pressed={important} onClick={() => setImportant(!important)}>Only what matters</button>
        <button class="ghost small" aria-expanded={settings} aria-controls="mail-account" onClick={() => setSettings(!settings)}>Mail account</button>
        <div>
          <input id="mail-file" class="file-input" type="file" accept=".eml,.mbox,message/rfc822,text/plain" onChange={upload} />
          <label class="file-button" for="mail-file">Import mail</label>
        </div>
      </div>
      {settings && (
        <div id="mail-account">
          <MailAccountCard api={api} onFetched={() => setRefresh((n) => n + 1)} />
        </div>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      <p class="notice" role="status">{notice}</p>
      {asked && (
        <ProposalCard skills={skills} proposal={asked.proposal} focus
          onAnswered={(said) => { setAsked(null); setNotice(said); setRefresh((n) => n + 1); }} />
      )}
      {open !== null && (
        <Reading skills={skills} id={open} onClose={() => setOpen(null)} onAsked={(a) => { setAsked(a); setNotice(''); }} />
      )}
      {mails === null && !error && <p class="muted">One moment…</p>}
      {mails && !mails.length && <p class="muted">{important ? 'Nothing that looks important.' : 'No mail here yet. Import a message or an mbox file.'}</p>}
      {mails && mails.length > 0 && (
        <ul class="items" aria-label="Mail, newest first">
          {mails.map((m) => (
            <li key={m.id}>
              <button class={`item mail-item${m.important ? ' important' : ''}`} onClick={() => setOpen(m.id)}
                aria-current={open === m.id ? 'true' : undefined}>
                <span class="item-main">
                  <span class="item-title">{m.subject || '(no subject)'}</span>
                  <span class="small">{addressLine(m.from)}{m.important ? ' · important' : ''}</span>
                  <span class="muted small snippet">{m.snippet}</span>
                </span>
                <span class="muted small">{when(m.date)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {outbox.length > 0 && (
        <section aria-labelledby="outbox-title">
          <h2 id="outbox-title">Outbox</h2>
          <ul class="items">
            {outbox.map((o) => (
              <li key={o.id} class="item">
                <div class="item-main">
                  <span class="item-title">{o.subject}</span>
                  <span class="muted small">to {o.to.map(addressLine).join(', ')} · {o.status}{o.error ? ` (${o.error})` : ''}</span>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
