// Correcting a fact on "What I know about you" (inline, keyboard first) and
// the settings screen's style, brain and model, against a fake server
// behind the real Api.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Api } from '../../src/api';
import { MemoryScreen } from '../../src/screens/memory';
import { Settings } from '../../src/screens/settings';
import type { SettingsView } from '../../src/types';

afterEach(cleanup);

type Route = (method: string, url: string, body: any) => unknown;

function fakeApi(route: Route) {
  const calls: { method: string; url: string; body: any; headers: Record<string, string> }[] = [];
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, url: String(url), body, headers: (init?.headers ?? {}) as Record<string, string> });
    const out = route(method, String(url), body);
    if (out instanceof Response) return out;
    return new Response(JSON.stringify(out), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  const api = new Api({ fetch: fetch as unknown as typeof globalThis.fetch });
  api.csrf = 'TOKEN';
  return { api, calls };
}

const refused = (code: string, message: string, status = 400) =>
  new Response(JSON.stringify({ error: { code, message } }), { status });

describe('correcting a fact', () => {
  function server() {
    const old = { id: 'f3', text: 'Your sister is Amy.', valid_from: '2026-12-07T10:00:00Z', current: true, origin: 'rules', sources: ['e12'] };
    const fixed = { id: 'f9', text: 'Your sister is Amelia.', valid_from: '2026-12-08T10:00:00Z', current: true, origin: 'person',
      provenance: 'corrected by you', sources: [] };
    let facts = [old];
    return fakeApi((method, url, body) => {
      if (url === '/api/memory') return { facts };
      if (url === '/api/memory/f3' && method === 'GET') return { ...facts[0], kind: 'relation', versions: [old] };
      if (url === '/api/memory/e12') return { id: 'e12', speaker: 'user', text: 'My sister Amy is lovely', time: '2026-12-07T10:00:00Z' };
      if (url === '/api/memory/f3' && method === 'PUT') {
        if (body.text === 'nope') return refused('invalid', 'That is not a fact I can keep.');
        facts = [fixed];
        return { fact: fixed, replaced: { ...old, current: false, superseded_by: 'f9' }, message: "Thank you. I've corrected it." };
      }
      if (url === '/api/memory/f9' && method === 'GET')
        return { ...fixed, kind: 'relation', versions: [{ ...old, current: false, valid_to: '2026-12-08T10:00:00Z', corrected_by_you: true }, fixed] };
      return refused('not_found', 'no', 404);
    });
  }

  it('edits in place, saves with Enter (CSRF sent), and shows the old value in its history', async () => {
    const { api, calls } = server();
    render(<MemoryScreen api={api} />);
    fireEvent.click(await screen.findByRole('button', { name: /Your sister is Amy/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Correct this' }));
    const box = screen.getByLabelText("What's right?") as HTMLTextAreaElement;
    expect(box.value).toBe('Your sister is Amy.');
    expect(document.activeElement).toBe(box);
    expect(box.getAttribute('aria-describedby')).toBe('fact-edit-help');
    fireEvent.input(box, { target: { value: 'Your sister is Amelia.' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe("Thank you. I've corrected it."));
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.url).toBe('/api/memory/f3');
    expect(put.body).toEqual({ text: 'Your sister is Amelia.' });
    expect(put.headers['X-CSRF-Token']).toBe('TOKEN');
    // The list shows the correction; the detail now is the new version with the old one under "Before".
    expect(await screen.findByRole('button', { name: /Your sister is Amelia.*corrected by you/ })).toBeTruthy();
    const history = await screen.findByRole('list', { name: 'Earlier versions' });
    expect(history.textContent).toMatch(/Your sister is Amy\..*corrected by you/);
    expect(screen.getByText(/You corrected this/)).toBeTruthy();
  });

  it('Escape cancels without saving; a refusal is read out and the words stay', async () => {
    const { api, calls } = server();
    render(<MemoryScreen api={api} />);
    fireEvent.click(await screen.findByRole('button', { name: /Your sister is Amy/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Correct this' }));
    fireEvent.keyDown(screen.getByLabelText("What's right?"), { key: 'Escape' });
    expect(screen.queryByLabelText("What's right?")).toBeNull();
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Correct this'));
    fireEvent.click(screen.getByRole('button', { name: 'Correct this' }));
    const box = screen.getByLabelText("What's right?") as HTMLTextAreaElement;
    fireEvent.input(box, { target: { value: 'nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That is not a fact I can keep.');
    expect((screen.getByLabelText("What's right?") as HTMLTextAreaElement).value).toBe('nope');
    expect(calls.filter((c) => c.method === 'PUT').length).toBe(1);
  });
});

describe('Settings', () => {
  const base: SettingsView = {
    meeting_done: true,
    style: { tone: 'warm', humour: 'some', length: 'short' },
    styles: { tone: ['warm', 'playful', 'calm', 'direct'], humour: ['none', 'some', 'lots'], length: ['short', 'medium', 'long'] },
    brain: 'none', model: '', using: 'none', chosen: { brain: '', model: '' },
    brains: [{ name: 'none', available: true }, { name: 'local', available: true }, { name: 'openai', available: false }],
    models: ['stories260K.gguf', 'tiny.gguf'],
  };

  it('saves a new style and a local model, each applied from the next message', async () => {
    let view = base;
    const { api, calls } = fakeApi((method, url, body) => {
      if (url === '/api/settings' && method === 'GET') return view;
      if (url === '/api/settings' && method === 'PUT') {
        view = { ...view, style: { ...view.style, ...body }, ...(body.brain ? { brain: body.brain, using: body.brain, model: body.model ?? '' } : {}) };
        return view;
      }
      return refused('not_found', 'no', 404);
    });
    const onPersona = vi.fn();
    render(<Settings api={api} name="alice" persona={{ companion: 'Iris', person: 'Alice', voice: 'warm', meeting_done: true }}
      onMeet={() => {}} onSignOut={() => {}} onPersona={onPersona} />);
    const playful = await screen.findByRole('radio', { name: 'Playful' });
    expect((screen.getByRole('radio', { name: 'Warm' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('button', { name: 'Save style' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(playful);
    fireEvent.click(screen.getByRole('radio', { name: 'Long' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save style' }));
    const saved = await screen.findByText(/Iris will talk this way from your next message/);
    expect(saved.getAttribute('role')).toBe('status');
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({ tone: 'playful', humour: 'some', length: 'long' });
    expect(calls.find((c) => c.method === 'PUT')!.headers['X-CSRF-Token']).toBe('TOKEN');
    expect(onPersona).toHaveBeenCalled();

    // The openai brain is not set up here: its choice is disabled and says why.
    const openai = screen.getByRole('radio', { name: 'A model server' }) as HTMLInputElement;
    expect(openai.disabled).toBe(true);
    expect(document.getElementById(openai.getAttribute('aria-describedby')!)!.textContent).toMatch(/No model server is set up/);
    expect(screen.getAllByText(/No model server is set up/).length).toBe(1);  // shown, and said to a screen reader with the choice
    fireEvent.click(screen.getByRole('radio', { name: 'On this computer' }));
    const select = screen.getByLabelText('Model') as HTMLSelectElement;
    fireEvent.change(select, { target: { value: 'tiny.gguf' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save brain' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'PUT').length).toBe(2));
    expect(calls.filter((c) => c.method === 'PUT')[1].body).toEqual({ brain: 'local', model: 'tiny.gguf' });
    expect((await screen.findByText(/next message goes to tiny.gguf/)).getAttribute('role')).toBe('status');
    expect(screen.getByText(/A model running on this computer. \(tiny.gguf\)/)).toBeTruthy();
  });

  it("shows the server's refusal in its own words and keeps the choice on screen", async () => {
    const { api } = fakeApi((method, url) => {
      if (url === '/api/settings' && method === 'GET') return base;
      return refused('invalid', "no model called 'tiny.gguf' is installed");
    });
    render(<Settings api={api} name="alice" persona={null} onMeet={() => {}} onSignOut={() => {}} />);
    fireEvent.click(await screen.findByRole('radio', { name: 'On this computer' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save brain' }));
    expect((await screen.findByRole('alert')).textContent).toBe("no model called 'tiny.gguf' is installed");
    expect((screen.getByRole('radio', { name: 'On this computer' }) as HTMLInputElement).checked).toBe(true);
  });
});
