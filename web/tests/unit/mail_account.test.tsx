// The mail account's form (screens/mail_account.tsx) and its logic
// (mail_account.ts): the password is write-only (never filled in, sent
// only when typed, cleared once saved), every change carries the CSRF
// token, "Test connection" shows each check in plain words, and removing
// asks first.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Api } from '../../src/api';
import { bodyOf, formOf, formProblem, passwordNote, type MailAccount } from '../../src/mail_account';
import { MailAccountCard } from '../../src/screens/mail_account';

afterEach(cleanup);

type Call = { method: string; url: string; headers: Record<string, string>; body: unknown };

function apiWith(route: (method: string, url: string, body: unknown) => unknown) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, url: String(url), headers, body });
    const out = route(method, String(url), body);
    if (out instanceof Response) return out;
    if (out === undefined) return new Response('{"error":{"code":"not_found","message":"There is no such API route."}}', { status: 404 });
    return new Response(JSON.stringify(out), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  const api = new Api({ fetch: fetch as unknown as typeof globalThis.fetch });
  api.csrf = 'TOKEN';
  return { api, calls };
}

const SAVED: MailAccount = {
  imap: 'imaps://imap.example.org/INBOX', smtp: 'smtps://smtp.example.org:465', path: '', reads: 'imap',
  user: 'sam', from: 'sam@example.org', name: 'Sam', password: 'sealed',
};

describe('mail account logic', () => {
  it('sends the password only when typed and the unchosen way of reading empty', () => {
    const f = { ...formOf(SAVED), path: '/home/sam/Maildir' };
    expect(f.password).toBe('');
    expect(bodyOf(f)).toEqual({ imap: 'imaps://imap.example.org/INBOX', path: '', smtp: 'smtps://smtp.example.org:465', user: 'sam', from: 'sam@example.org', name: 'Sam' });
    expect(bodyOf({ ...f, reads: 'path', password: ' s3cret ' })).toEqual({
      imap: '', path: '/home/sam/Maildir', smtp: 'smtps://smtp.example.org:465', user: 'sam', from: 'sam@example.org', name: 'Sam', password: ' s3cret ',
    });
  });
  it('says what is wrong before anything goes out', () => {
    const empty = formOf(null);
    expect(formProblem(empty)).toMatch(/where your mail comes from/);
    expect(formProblem({ ...empty, imap: 'http://example.org' })).toMatch(/imaps:\/\//);
    expect(formProblem({ ...empty, reads: 'path', path: 'Maildir' })).toMatch(/full path/);
    expect(formProblem({ ...empty, smtp: 'smtp.example.org' })).toMatch(/smtps:\/\//);
    expect(formProblem({ ...empty, imap: 'imaps://imap.example.org', from: 'not an address' })).toMatch(/name@example.org/);
    expect(formProblem({ ...empty, imap: 'imaps://imap.example.org/INBOX' })).toBe('');
    expect(passwordNote(SAVED)).toMatch(/sealed/);
    expect(passwordNote(null)).toBe('');
  });
});

describe('MailAccountCard', () => {
  it('saves with the CSRF token, never shows the password and tests the connection', async () => {
    let stored: MailAccount | null = null;
    const { api, calls } = apiWith((method, url, body) => {
      if (url === '/api/mail/account' && method === 'GET') return { account: stored };
      if (url === '/api/mail/account' && method === 'PUT') {
        const b = body as Record<string, string>;
        stored = { ...SAVED, imap: b.imap, smtp: b.smtp, user: b.user, from: b.from, name: b.name, password: b.password ? 'sealed' : 'none' };
        return { account: stored };
      }
      if (url === '/api/mail/account/test')
        return {
          ok: false,
          checks: [
            { what: 'imap', ok: true, message: 'Signed in to imap.example.org and opened the mailbox (3 messages).' },
            { what: 'smtp', ok: false, message: 'Signing in to smtp.example.org failed: the server refused the user name or password' },
          ],
        };
      return undefined;
    });
    render(<MailAccountCard api={api} />);
    const password = (await screen.findByLabelText('Password')) as HTMLInputElement;
    expect(password.type).toBe('password');
    expect(password.autocomplete).toBe('new-password');
    expect(screen.queryByRole('button', { name: 'Test connection' })).toBeNull();  // nothing saved yet

    fireEvent.input(screen.getByLabelText('IMAP address'), { target: { value: 'imaps://imap.example.org/INBOX' } });
    fireEvent.input(screen.getByLabelText('SMTP address (for sending)'), { target: { value: 'smtps://smtp.example.org:465' } });
    fireEvent.input(screen.getByLabelText('User name'), { target: { value: 'sam' } });
    fireEvent.input(password, { target: { value: 'correct horse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved.')).toBeTruthy();
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.headers['X-CSRF-Token']).toBe('TOKEN');
    expect(put.body).toMatchObject({ imap: 'imaps://imap.example.org/INBOX', path: '', user: 'sam', password: 'correct horse' });
    // Saved: the field is empty again and says the password is kept sealed.
    await waitFor(() => expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe(''));
    expect(screen.getByText(/kept, sealed on this computer/)).toBeTruthy();
    expect(document.body.innerHTML).not.toContain('correct horse');

    // Saving again without typing it: no password goes out.
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'PUT').length).toBe(2));
    expect('password' in (calls.filter((c) => c.method === 'PUT')[1].body as object)).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText(/refused the user name or password/)).toBeTruthy();
    expect(screen.getByText('Mailbox: works')).toBeTruthy();
    expect(screen.getByText('Sending: failed')).toBeTruthy();
    expect(calls.find((c) => c.url === '/api/mail/account/test')!.headers['X-CSRF-Token']).toBe('TOKEN');
  });

  it('shows a server refusal and removes the account only after a second yes', async () => {
    let stored: MailAccount | null = { ...SAVED, reads: 'path', imap: '', path: '/home/sam/Maildir' };
    const { api, calls } = apiWith((method, url) => {
      if (url === '/api/mail/account' && method === 'GET') return { account: stored };
      if (url === '/api/mail/account' && method === 'PUT')
        return new Response('{"error":{"code":"forbidden","message":"Only the person who runs os1 on this computer can read mail from a folder on it."}}', { status: 403 });
      if (url === '/api/mail/account' && method === 'DELETE') { stored = null; return { removed: true }; }
      if (url === '/api/mail/fetch') return { files: 2, added: 2, duplicates: 0, rejected: 0, items: [] };
      return undefined;
    });
    const fetched = vi.fn();
    render(<MailAccountCard api={api} onFetched={fetched} />);
    expect(((await screen.findByLabelText('Mail folder or mbox file')) as HTMLInputElement).value).toBe('/home/sam/Maildir');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'Only the person who runs os1 on this computer can read mail from a folder on it.');

    fireEvent.click(screen.getByRole('button', { name: 'Read my mail now' }));
    expect(await screen.findByText('Read 2 new mails, 0 already here.')).toBeTruthy();
    expect(fetched).toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Remove account' }));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Yes, remove it' }));
    expect(await screen.findByText(/The account is removed/)).toBeTruthy();
    expect(calls.filter((c) => c.method === 'DELETE').length).toBe(1);
    expect((screen.getByLabelText('IMAP address') as HTMLInputElement).value).toBe('');
  });
});
