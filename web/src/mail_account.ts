// The mail account's REST calls (/api/mail/account, src/server/README.md
// "Life skills") and the pure logic of its form. The password is
// write-only: it goes out in a PUT when the person typed one, and the
// server only ever says whether one is kept ("sealed" | "environment" | "none").
import type { Api } from './api';

export type Reads = 'imap' | 'path' | 'none';

export interface MailAccount {
  imap: string;
  smtp: string;
  path: string;
  reads: Reads;
  user: string;
  from: string;
  name: string;
  password: 'sealed' | 'environment' | 'none';
}
export interface AccountCheck { what: 'password' | 'imap' | 'path' | 'smtp'; ok: boolean; message: string }
export interface AccountTest { ok: boolean; checks: AccountCheck[] }
export interface MailFetch { files: number; added: number; duplicates: number; rejected: number; items: { where: string; reason: string }[] }

/** What the form holds (strings only; `reads` picks IMAP or a path). */
export interface AccountForm {
  reads: 'imap' | 'path';
  imap: string;
  path: string;
  smtp: string;
  user: string;
  from: string;
  name: string;
  password: string;
}

export class MailAccountApi {
  constructor(private api: Api) {}
  get() {
    return this.api.request<{ account: MailAccount | null }>('GET', '/api/mail/account').then((r) => r.account ?? null);
  }
  save(body: Record<string, string>) {
    return this.api.request<{ account: MailAccount | null }>('PUT', '/api/mail/account', body).then((r) => r.account ?? null);
  }
  remove() {
    return this.api.request<{ removed: boolean }>('DELETE', '/api/mail/account').then((r) => r.removed);
  }
  test() {
    return this.api.request<AccountTest>('POST', '/api/mail/account/test', {});
  }
  fetchNow() {
    return this.api.request<MailFetch>('POST', '/api/mail/fetch', {});
  }
}

/** The form for a stored account (or an empty one); the password field always starts empty. */
export function formOf(a: MailAccount | null): AccountForm {
  return {
    reads: a?.reads === 'path' ? 'path' : 'imap',
    imap: a?.imap ?? '',
    path: a?.path ?? '',
    smtp: a?.smtp ?? '',
    user: a?.user ?? '',
    from: a?.from ?? '',
    name: a?.name ?? '',
    password: '',
  };
}

/**
 * The PUT body: every field, trimmed; the way of reading not chosen is
 * sent empty; the password only when typed (empty keeps the sealed one).
 */
export function bodyOf(f: AccountForm): Record<string, string> {
  const body: Record<string, string> = {
    imap: f.reads === 'imap' ? f.imap.trim() : '',
    path: f.reads === 'path' ? f.path.trim() : '',
    smtp: f.smtp.trim(),
    user: f.user.trim(),
    from: f.from.trim(),
    name: f.name.trim(),
  };
  if (f.password) body.password = f.password;
  return body;
}

/** What is wrong with the form before it goes out ('' = nothing). */
export function formProblem(f: AccountForm): string {
  const imap = f.imap.trim(), path = f.path.trim(), smtp = f.smtp.trim(), from = f.from.trim();
  if (f.reads === 'imap' && imap && !/^imaps?:\/\/[^\s/]+/.test(imap)) return 'The IMAP address starts with imaps:// (like imaps://imap.example.org/INBOX).';
  if (f.reads === 'path' && path && !path.startsWith('/')) return 'The mail folder is a full path, like /home/me/Maildir.';
  if (smtp && !/^smtps?:\/\/[^\s/]+/.test(smtp)) return 'The SMTP address starts with smtps:// (like smtps://smtp.example.org:465).';
  if (from && !/^[^\s@<>"]+@[^\s@<>"]+$/.test(from)) return 'Your address looks like name@example.org.';
  if (!(f.reads === 'imap' ? imap : path) && !smtp) return 'Say where your mail comes from, or an SMTP server to send through.';
  return '';
}

/** "Password: kept sealed" and friends. */
export function passwordNote(a: MailAccount | null): string {
  if (!a) return '';
  if (a.password === 'sealed') return 'A password is kept, sealed on this computer. Leave the field empty to keep it.';
  if (a.password === 'environment') return 'The password comes from OS1_MAIL_PASSWORD where os1 runs.';
  return 'No password is kept.';
}
