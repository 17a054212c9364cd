// The mail account, on the Mail page: where mail comes from (an IMAP
// mailbox, or a Maildir / mbox on the computer os1 runs on) and is sent
// from (SMTP). The password field is write-only: it is never filled in from
// the server (which keeps it sealed and never returns it), and it is cleared
// once saved. "Test connection" signs in without sending or changing
// anything and says what failed in plain words.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Api } from '../api';
import {
  MailAccountApi, bodyOf, formOf, formProblem, passwordNote, type AccountCheck, type AccountForm, type MailAccount,
} from '../mail_account';
import { errorText } from './reminders_parts';

const WHAT: Record<AccountCheck['what'], string> = { password: 'Password', imap: 'Mailbox', path: 'Mail folder', smtp: 'Sending' };

function Field({ id, label, value, onInput, type = 'text', placeholder, hint, autoComplete = 'off' }: {
  id: string; label: string; value: string; onInput: (v: string) => void; type?: string; placeholder?: string; hint?: string;
  autoComplete?: string;
}) {
  return (
    <div class="stack">
      <label for={id}>{label}</label>
      <input id={id} type={type} value={value} maxLength={1000} placeholder={placeholder} autoComplete={autoComplete}
        spellcheck={false} aria-describedby={hint ? `${id}-hint` : undefined}
        onInput={(e) => onInput((e.target as HTMLInputElement).value)} />
      {hint && <p id={`${id}-hint`} class="muted small">{hint}</p>}
    </div>
  );
}

/** The account form; `onFetched` is told when mail was read in. */
export function MailAccountCard({ api, onFetched }: { api: Api; onFetched?: () => void }) {
  const accounts = useMemo(() => new MailAccountApi(api), [api]);
  const [account, setAccount] = useState<MailAccount | null | undefined>(undefined);
  const [form, setForm] = useState<AccountForm>(formOf(null));
  const [busy, setBusy] = useState('');
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [checks, setChecks] = useState<AccountCheck[] | null>(null);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    accounts.get().then((a) => { setAccount(a); setForm(formOf(a)); }, (e) => setError(errorText(e)));
  }, [accounts]);

  const set = (k: keyof AccountForm) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  async function run(label: string, act: () => Promise<void>) {
    setBusy(label);
    setError('');
    setNotice('');
    try {
      await act();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy('');
    }
  }

  function save(e: Event) {
    e.preventDefault();
    const problem = formProblem(form);
    if (problem) {
      setError(problem);
      return;
    }
    run('save', async () => {
      const saved = await accounts.save(bodyOf(form));
      setAccount(saved);
      setForm(formOf(saved));  // the password field empties: it is never shown again
      setChecks(null);
      setNotice('Saved.');
    });
  }

  const test = () => run('test', async () => {
    const r = await accounts.test();
    setChecks(r.checks);
    setNotice(r.ok ? 'Everything answered.' : 'Something did not work; see below.');
  });

  const fetchNow = () => run('fetch', async () => {
    const r = await accounts.fetchNow();
    setNotice(`Read ${r.added} new mail${r.added === 1 ? '' : 's'}, ${r.duplicates} already here${r.rejected ? `, ${r.rejected} not readable` : ''}.`);
    onFetched?.();
  });

  const remove = () => run('remove', async () => {
    await accounts.remove();
    setAccount(null);
    setForm(formOf(null));
    setChecks(null);
    setConfirming(false);
    setNotice('The account is removed, its password too. Your mail stays here.');
  });

  if (account === undefined && !error) return <p class="muted">One moment…</p>;
  return (
    <form class="card stack mail-account" aria-labelledby="account-title" onSubmit={save}>
      <h2 id="account-title">Mail account</h2>
      <fieldset class="stack">
        <legend>Read my mail from</legend>
        <label class="row"><input type="radio" name="reads" value="imap" checked={form.reads === 'imap'}
          onChange={() => set('reads')('imap')} /> A mail server (IMAP)</label>
        <label class="row"><input type="radio" name="reads" value="path" checked={form.reads === 'path'}
          onChange={() => set('reads')('path')} /> A folder on the computer os1 runs on (Maildir or mbox)</label>
      </fieldset>
      {form.reads === 'imap' ? (
        <Field id="account-imap" label="IMAP address" value={form.imap} onInput={set('imap')} placeholder="imaps://imap.example.org/INBOX" />
      ) : (
        <Field id="account-path" label="Mail folder or mbox file" value={form.path} onInput={set('path')} placeholder="/home/me/Maildir" />
      )}
      <Field id="account-smtp" label="SMTP address (for sending)" value={form.smtp} onInput={set('smtp')}
        placeholder="smtps://smtp.example.org:465" hint="Mail goes out only after you say yes to it." />
      <Field id="account-user" label="User name" value={form.user} onInput={set('user')} autoComplete="username" />
      <Field id="account-from" label="Your address" value={form.from} onInput={set('from')} type="email" placeholder="you@example.org" />
      <Field id="account-name" label="Your name" value={form.name} onInput={set('name')} />
      <Field id="account-password" label="Password" value={form.password} onInput={set('password')} type="password"
        autoComplete="new-password" hint={passwordNote(account ?? null) || 'Kept sealed on this computer, never shown again.'} />
      {error && <p class="error" role="alert">{error}</p>}
      <p class="notice" role="status">{notice}</p>
      {checks && (
        <ul class="items" aria-label="Connection test">
          {checks.map((c) => (
            <li key={c.what} class={`item check ${c.ok ? 'ok' : 'failed'}`}>
              <span class="item-main">
                <span class="item-title">{WHAT[c.what] ?? c.what}: {c.ok ? 'works' : 'failed'}</span>
                <span class="small">{c.message}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
      <div class="row">
        <button class="primary" type="submit" disabled={!!busy}>{busy === 'save' ? 'Saving…' : 'Save'}</button>
        {account && (
          <>
            <button class="ghost" type="button" disabled={!!busy} onClick={test}>{busy === 'test' ? 'Testing…' : 'Test connection'}</button>
            {account.reads !== 'none' && (
              <button class="ghost" type="button" disabled={!!busy} onClick={fetchNow}>{busy === 'fetch' ? 'Reading…' : 'Read my mail now'}</button>
            )}
          </>
        )}
      </div>
      {account && (confirming ? (
        <div class="row" role="group" aria-label="Remove the mail account?">
          <button class="ghost small" type="button" onClick={() => setConfirming(false)}>Keep it</button>
          <button class="danger small" type="button" onClick={remove} autoFocus>Yes, remove it</button>
        </div>
      ) : (
        <button class="danger small" type="button" disabled={!!busy} onClick={() => setConfirming(true)}>Remove account</button>
      ))}
    </form>
  );
}
