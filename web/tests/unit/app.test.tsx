import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Api } from '../../src/api';
import { App } from '../../src/app';

class QuietSocket {
  static made: QuietSocket[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  sent: string[] = [];
  constructor(public url: string) {
    QuietSocket.made.push(this);
    setTimeout(() => {
      this.readyState = 1;
      this.onopen?.();
    }, 0);
  }
  send(s: string) {
    this.sent.push(s);
  }
  close() {
    this.readyState = 3;
  }
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

beforeEach(() => {
  QuietSocket.made = [];
  vi.stubGlobal('WebSocket', QuietSocket);
  history.replaceState(null, '', '/');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('App', () => {
  it('signs in, sends a new person to the first meeting, then talks over the socket', async () => {
    let signedIn = false;
    const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
      const u = String(url);
      if (u === '/api/login') {
        signedIn = true;
        return json({ name: 'alice', csrf: 'T' });
      }
      if (!signedIn) return json({ error: { code: 'unauthorized', message: 'Please sign in.' } }, 401);
      if (u === '/api/me') return json({ name: 'alice', companion: '', csrf: 'T' });
      if (u === '/api/persona') return json({ companion: '', person: '', voice: '', meeting_done: false });
      if (u.startsWith('/api/history')) return json({ messages: [] });
      if (u === '/api/setup' && (init?.method ?? 'GET') === 'GET')
        return json({ questions: [{ key: 'you.name', text: 'What should I call you?', answer: '', required: true }] });
      if (u === '/api/setup') return json({ companion: 'Iris', person: 'Alice', voice: 'warm', meeting_done: true, name_reason: 'It lets the light in.' });
      return json({ error: { code: 'not_found', message: 'no' } }, 404);
    });
    render(<App api={new Api({ fetch: fetch as unknown as typeof globalThis.fetch })} />);

    // First visit: the sign-in screen, and no talk of a session that "ended".
    expect(await screen.findByRole('heading', { name: 'Hello again' })).toBeTruthy();
    expect(screen.queryByText(/session ended/)).toBeNull();
    fireEvent.input(screen.getByLabelText('Your name'), { target: { value: 'alice' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'pw' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByText('Question 1 of 1')).toBeTruthy();
    expect(location.pathname).toBe('/meet');
    fireEvent.input(screen.getByLabelText(/What should I call you/), { target: { value: 'Alice' } });
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));

    expect(await screen.findByText("Hi Alice. I'm Iris.")).toBeTruthy();
    expect(location.pathname).toBe('/');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Send' }).hasAttribute('disabled')).toBe(true));
    fireEvent.input(screen.getByLabelText('Message to Iris'), { target: { value: 'hello' } });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Send' }).hasAttribute('disabled')).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    const ws = QuietSocket.made.at(-1)!;
    const sent = ws.sent.map((x) => JSON.parse(x));
    expect(sent.filter((m) => m.type !== 'hello')[0]).toMatchObject({ type: 'say', text: 'hello' }); // a "hello" asks for the conversation id
    const said = sent.find((m) => m.type === 'say');
    ws.onmessage?.({ data: JSON.stringify({ type: 'token', id: said.id, text: 'Hi Alice' }) });
    expect(await screen.findByText('Hi Alice')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Stop the reply' })).toBeTruthy();
  });

  it('says the session ended when a signed-in request answers 401', async () => {
    let calls = 0;
    const fetch = vi.fn(async (url: RequestInfo | URL) => {
      const u = String(url);
      if (u === '/api/me' && calls++ === 0) return json({ name: 'alice', companion: 'Iris', csrf: 'T' });
      if (u === '/api/persona') return json({ companion: 'Iris', person: 'Alice', voice: 'warm', meeting_done: true });
      if (u.startsWith('/api/history')) return json({ messages: [] });
      return json({ error: { code: 'unauthorized', message: 'Please sign in.' } }, 401);
    });
    render(<App api={new Api({ fetch: fetch as unknown as typeof globalThis.fetch })} />);
    fireEvent.click(await screen.findByRole('link', { name: 'Memory' }));
    expect(await screen.findByText('Your session ended. Please sign in again.')).toBeTruthy();
  });
});
