// The client for os1 serve's REST API (API.md). Every call is same-origin
// with the session cookie; state-changing calls (POST/PUT/DELETE) carry the
// X-CSRF-Token the server handed out at login or /api/me. Failures become an
// ApiError whose message is in plain words, ready to show a person.
import type {
  Corrected, Fact, Forgotten, HistoryMessage, Hit, Me, MemoryRecord, Models, MoodDay, Persona, SettingsChange, SettingsView, SetupQuestion,
} from './types';

export class ApiError extends Error {
  constructor(public code: string, public status: number, message: string, public retryAfterS?: number) {
    super(message);
    this.name = 'ApiError';
  }
}

// What to say when the server gave no message of its own.
const PLAIN: Record<string, string> = {
  not_found: "I couldn't find that.",
  invalid: "That didn't look right to me. Please check it and try again.",
  unauthorized: 'Please sign in again.',
  forbidden: "That isn't allowed from here. Reloading the page usually helps.",
  too_large: "That's too long for me to take in at once. Try something shorter.",
  rate_limited: 'Too many tries in a short time. Please wait a moment.',
  busy: "I'm still answering your last message.",
  internal: 'Something went wrong on my side. Please try again.',
  offline: "I can't reach os1 right now. Check that it is running and that you are on the same network.",
};

const CODE_BY_STATUS: Record<number, string> = {
  400: 'invalid', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'busy',
  413: 'too_large', 429: 'rate_limited', 503: 'busy',
};

export function plainMessage(code: string, message?: string): string {
  return message && message.trim() ? message : PLAIN[code] ?? PLAIN.internal;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface ApiOptions {
  base?: string;
  fetch?: typeof fetch;
  /** Called when a request other than login answers 401 (the session ended). */
  onSignedOut?: () => void;
}

export class Api {
  csrf: string | null = null;
  private base: string;
  private doFetch: typeof fetch;
  onSignedOut?: () => void;

  constructor(opts: ApiOptions = {}) {
    this.base = opts.base ?? '';
    this.doFetch = opts.fetch ?? ((...a) => fetch(...a));
    this.onSignedOut = opts.onSignedOut;
  }

  /** One request; `raw` returns the Response (for downloads) instead of JSON. */
  async request<T>(method: string, path: string, body?: unknown, raw = false): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    // A Blob (an uploaded file) goes as it is; anything else as JSON.
    const upload = typeof Blob !== 'undefined' && body instanceof Blob;
    if (body !== undefined) headers['Content-Type'] = upload ? (body as Blob).type || 'application/octet-stream' : 'application/json';
    if (UNSAFE.has(method) && this.csrf) headers['X-CSRF-Token'] = this.csrf;
    let res: Response;
    try {
      res = await this.doFetch(this.base + path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : upload ? (body as Blob) : JSON.stringify(body),
      });
    } catch {
      throw new ApiError('offline', 0, PLAIN.offline);
    }
    if (!res.ok) throw await this.failure(res, path);
    if (raw) return res as unknown as T;
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError('internal', res.status, "os1 answered with something I couldn't read. Is this the right address?");
    }
  }

  private async failure(res: Response, path: string): Promise<ApiError> {
    let code = CODE_BY_STATUS[res.status] ?? 'internal';
    let message: string | undefined;
    try {
      const j = await res.json();
      if (j && j.error) {
        code = typeof j.error.code === 'string' ? j.error.code : code;
        message = typeof j.error.message === 'string' ? j.error.message : undefined;
      }
    } catch { /* not JSON: the plain words below */ }
    const retry = Number(res.headers.get('Retry-After'));
    const retryAfterS = Number.isFinite(retry) && retry > 0 ? retry : undefined;
    if (code === 'rate_limited' && retryAfterS && !message)
      message = `Too many tries. Please wait ${retryAfterS} seconds and try again.`;
    if (res.status === 401 && path !== '/api/login') {
      this.csrf = null;
      this.onSignedOut?.();
    }
    return new ApiError(code, res.status, plainMessage(code, message), retryAfterS);
  }

  async login(name: string, password: string): Promise<{ name: string; csrf: string }> {
    const r = await this.request<{ name: string; csrf: string }>('POST', '/api/login', { name, password });
    this.csrf = r.csrf;
    return r;
  }
  async logout(): Promise<void> {
    try {
      await this.request<void>('POST', '/api/logout', {});
    } finally {
      this.csrf = null;
    }
  }
  async me(): Promise<Me> {
    const r = await this.request<Me>('GET', '/api/me');
    this.csrf = r.csrf;
    return r;
  }
  history(limit = 50) {
    return this.request<{ messages: HistoryMessage[] }>('GET', `/api/history?limit=${limit}`).then((r) => r.messages ?? []);
  }
  facts() {
    return this.request<{ facts: Fact[] }>('GET', '/api/memory').then((r) => r.facts ?? []);
  }
  search(q: string, k = 10) {
    // The server answers a bare array (what `os1 memory search --json` prints); {hits} was the first draft.
    return this.request<Hit[] | { hits: Hit[] }>('GET', `/api/memory/search?q=${encodeURIComponent(q)}&k=${k}`).then((r) =>
      Array.isArray(r) ? r : r.hits ?? []);
  }
  show(id: string) {
    return this.request<MemoryRecord>('GET', `/api/memory/${encodeURIComponent(id)}`);
  }
  forget(id: string) {
    return this.request<Forgotten>('DELETE', `/api/memory/${encodeURIComponent(id)}`);
  }
  /** Corrects a fact in the person's words: a new version; the old one stays in its history. */
  correct(id: string, text: string) {
    return this.request<Corrected>('PUT', `/api/memory/${encodeURIComponent(id)}`, { text });
  }
  async exportMemory(): Promise<Blob> {
    const res = await this.request<Response>('GET', '/api/memory/export', undefined, true);
    return res.blob();
  }
  mood(days = 14) {
    return this.request<{ days: MoodDay[] }>('GET', `/api/mood?days=${days}`).then((r) => r.days ?? []);
  }
  persona() {
    return this.request<Persona>('GET', '/api/persona');
  }
  setupQuestions() {
    return this.request<{ questions: SetupQuestion[] }>('GET', '/api/setup').then((r) => r.questions ?? []);
  }
  submitSetup(answers: Record<string, string>) {
    return this.request<Persona>('POST', '/api/setup', { answers });
  }
  settings() {
    return this.request<SettingsView>('GET', '/api/settings');
  }
  saveSettings(change: SettingsChange) {
    return this.request<SettingsView>('PUT', '/api/settings', change);
  }
  models() {
    return this.request<Models>('GET', '/api/models');
  }
}
