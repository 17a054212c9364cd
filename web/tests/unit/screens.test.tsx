import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Api } from '../../src/api';
import { Meet } from '../../src/screens/meet';
import { MemoryScreen } from '../../src/screens/memory';

afterEach(cleanup);

type Route = (method: string, url: string, body: unknown, headers: Record<string, string>) => unknown;

// A fake server behind a real Api: answers by method and path.
function apiWith(route: Route) {
  const calls: { method: string; url: string; headers: Record<string, string> }[] = [];
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const headers = (init?.headers ?? {}) as Record<string, string>;
    calls.push({ method, url: String(url), headers });
    const out = route(method, String(url), init?.body ? JSON.parse(String(init.body)) : undefined, headers);
    if (out instanceof Response) return out;
    return new Response(JSON.stringify(out), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  const api = new Api({ fetch: fetch as unknown as typeof globalThis.fetch });
  api.csrf = 'TOKEN';
  return { api, calls };
}

describe('MemoryScreen', () => {
  it('shows a fact with where it came from, and forgets it only after the confirm', async () => {
    let facts = [{ id: 'f3', text: 'Rachel lives in Seattle.', valid_from: '2026-12-07T10:00:00Z', sources: ['e12'] }];
    const { api, calls } = apiWith((method, url) => {
      if (url === '/api/memory') return { facts };
      if (url === '/api/memory/f3' && method === 'GET') return { ...facts[0], kind: 'attribute' };
      if (url === '/api/memory/e12') return { id: 'e12', speaker: 'user', text: 'My sister Rachel lives in Seattle', time: '2026-12-07T10:00:00Z' };
      if (url === '/api/memory/f3' && method === 'DELETE') {
        facts = [];
        return { forgotten: ['f3', 'e12'], message: "It's gone from this computer." };
      }
      return new Response('{"error":{"code":"not_found","message":"no"}}', { status: 404 });
    });
    render(<MemoryScreen api={api} />);
    fireEvent.click(await screen.findByRole('button', { name: /Rachel lives in Seattle/ }));
    expect(await screen.findByText('My sister Rachel lives in Seattle')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Forget this' }));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    expect(screen.getByRole('alertdialog').textContent).toMatch(/can't be undone/);
    fireEvent.click(screen.getByRole('button', { name: 'Yes, forget it' }));
    expect(await screen.findByText("It's gone from this computer.")).toBeTruthy();
    const del = calls.find((c) => c.method === 'DELETE')!;
    expect(del.headers['X-CSRF-Token']).toBe('TOKEN');
    await waitFor(() => expect(screen.queryByRole('button', { name: /Rachel lives in Seattle/ })).toBeNull());
  });

  it("says plainly when a search finds nothing, and shows the server's error words", async () => {
    const { api } = apiWith((_m, url) => {
      if (url === '/api/memory') return { facts: [] };
      if (url.startsWith('/api/memory/search?q=boats')) return { hits: [] };
      return new Response('{"error":{"code":"internal","message":"The memory could not be read just now."}}', { status: 500 });
    });
    render(<MemoryScreen api={api} />);
    expect(await screen.findByText(/Nothing yet/)).toBeTruthy();
    const box = screen.getByLabelText('Search what I remember');
    fireEvent.input(box, { target: { value: 'boats' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText("I don't remember anything like that.")).toBeTruthy();
    fireEvent.input(box, { target: { value: 'trains' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The memory could not be read just now.');
  });
});

describe('Meet', () => {
  it('asks one question at a time, needs the required answer, and sends all answers', async () => {
    let sent: unknown = null;
    const { api } = apiWith((method, url, body) => {
      if (url === '/api/setup' && method === 'GET')
        return { questions: [
          { key: 'you.name', text: 'What should I call you?', answer: '', required: true },
          { key: 'style.tone', text: 'How should I talk with you?', answer: 'warm', hint: 'warm, playful, calm or direct' },
        ] };
      sent = body;
      return { companion: 'Iris', person: 'Alice', voice: 'warm', meeting_done: true };
    });
    const onDone = vi.fn();
    render(<Meet api={api} onDone={onDone} />);
    expect(await screen.findByText('Question 1 of 2')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByRole('alert').textContent).toMatch(/need an answer/);
    fireEvent.input(screen.getByLabelText(/What should I call you/), { target: { value: 'Alice' } });
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('warm, playful, calm or direct')).toBeTruthy();
    expect((screen.getByLabelText(/How should I talk/) as HTMLTextAreaElement).value).toBe('warm');
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(expect.objectContaining({ companion: 'Iris' })));
    expect(sent).toEqual({ answers: { 'you.name': 'Alice', 'style.tone': 'warm' } });
  });
});
