import { describe, expect, it, vi } from 'vitest';
import { Api, ApiError } from '../../src/api';

type Call = { url: string; init: RequestInit };

function fakeFetch(responses: ((call: Call) => Response)[]) {
  const calls: Call[] = [];
  const fn = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(url), init: init ?? {} };
    calls.push(call);
    const next = responses.shift();
    if (!next) throw new Error('no more responses');
    return next(call);
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}
const ok = (body: unknown, status = 200, headers: Record<string, string> = {}) => () =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const header = (c: Call, name: string) => (c.init.headers as Record<string, string>)[name];

describe('Api', () => {
  it('signs in with a JSON body and keeps the CSRF token it is given', async () => {
    const f = fakeFetch([ok({ name: 'alice', csrf: 'T1' })]);
    const api = new Api({ fetch: f.fetch });
    await api.login('alice', 'pw');
    expect(f.calls[0].url).toBe('/api/login');
    expect(f.calls[0].init.method).toBe('POST');
    expect(JSON.parse(String(f.calls[0].init.body))).toEqual({ name: 'alice', password: 'pw' });
    expect(f.calls[0].init.credentials).toBe('same-origin');
    expect(api.csrf).toBe('T1');
  });

  it('sends X-CSRF-Token on every state-changing call and never on reads', async () => {
    const f = fakeFetch([
      ok({ name: 'alice', companion: 'Iris', csrf: 'T2' }),
      ok({ facts: [] }),
      ok({ forgotten: ['f3'], message: "It's gone from this computer." }),
      ok({ companion: 'Iris', person: 'Alice', voice: 'warm', meeting_done: true }),
      ok(undefined, 204),
    ]);
    const api = new Api({ fetch: f.fetch });
    await api.me();
    await api.facts();
    await api.forget('f3');
    await api.submitSetup({ 'you.name': 'Alice' });
    await api.logout();
    const [me, list, del, setup, logout] = f.calls;
    expect(header(me, 'X-CSRF-Token')).toBeUndefined();
    expect(header(list, 'X-CSRF-Token')).toBeUndefined();
    expect(del.init.method).toBe('DELETE');
    expect(del.url).toBe('/api/memory/f3');
    expect(header(del, 'X-CSRF-Token')).toBe('T2');
    expect(header(setup, 'X-CSRF-Token')).toBe('T2');
    expect(JSON.parse(String(setup.init.body))).toEqual({ answers: { 'you.name': 'Alice' } });
    expect(header(logout, 'X-CSRF-Token')).toBe('T2');
    expect(api.csrf).toBeNull();
  });

  it("shows the server's own message from an error body", async () => {
    const f = fakeFetch([ok({ error: { code: 'not_found', message: 'I have nothing called f9.' } }, 404)]);
    const err = await new Api({ fetch: f.fetch }).show('f9').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('not_found');
    expect(err.status).toBe(404);
    expect(err.message).toBe('I have nothing called f9.');
  });

  it('falls back to plain words when the error has no message or is not JSON', async () => {
    const f = fakeFetch([
      () => new Response('<html>bad gateway</html>', { status: 503 }),
      ok({ error: { code: 'too_large' } }, 413),
    ]);
    const api = new Api({ fetch: f.fetch });
    const a = await api.models().catch((e) => e);
    expect(a.code).toBe('busy');
    expect(a.message).not.toMatch(/html|503/);
    const b = await api.search('x').catch((e) => e);
    expect(b.message).toMatch(/too long/);
  });

  it('says how long to wait when sign-in is rate limited', async () => {
    const f = fakeFetch([ok({ error: { code: 'rate_limited' } }, 429, { 'Retry-After': '30' })]);
    const err = await new Api({ fetch: f.fetch }).login('alice', 'x').catch((e) => e);
    expect(err.code).toBe('rate_limited');
    expect(err.retryAfterS).toBe(30);
    expect(err.message).toBe('Too many tries. Please wait 30 seconds and try again.');
  });

  it('reports an unreachable server in plain words', async () => {
    const api = new Api({ fetch: (async () => { throw new TypeError('Failed to fetch'); }) as unknown as typeof fetch });
    const err = await api.me().catch((e) => e);
    expect(err.code).toBe('offline');
    expect(err.message).toMatch(/can't reach os1/);
  });

  it('tells the app the session ended on a 401, except for a wrong password at sign-in', async () => {
    const onSignedOut = vi.fn();
    const f = fakeFetch([
      ok({ error: { code: 'unauthorized', message: 'That name and password do not match.' } }, 401),
      ok({ error: { code: 'unauthorized', message: 'Please sign in.' } }, 401),
    ]);
    const api = new Api({ fetch: f.fetch, onSignedOut });
    const wrong = await api.login('alice', 'bad').catch((e) => e);
    expect(wrong.message).toBe('That name and password do not match.');
    expect(onSignedOut).not.toHaveBeenCalled();
    await api.history().catch(() => {});
    expect(onSignedOut).toHaveBeenCalledTimes(1);
  });

  it('encodes search words and memory ids into the URL', async () => {
    const f = fakeFetch([ok({ hits: [{ id: 'f1', text: 'Rachel lives in Seattle.' }] }), ok({ id: 'e/1', text: '' })]);
    const api = new Api({ fetch: f.fetch });
    const hits = await api.search('where does Rachel & co live?', 5);
    expect(hits[0].id).toBe('f1');
    expect(f.calls[0].url).toBe('/api/memory/search?q=where%20does%20Rachel%20%26%20co%20live%3F&k=5');
    await api.show('e/1');
    expect(f.calls[1].url).toBe('/api/memory/e%2F1');
  });

  it('downloads the export as a blob', async () => {
    const f = fakeFetch([ok({ facts: [{ id: 'f1' }] })]);
    const blob = await new Api({ fetch: f.fetch }).exportMemory();
    expect(JSON.parse(await blob.text())).toEqual({ facts: [{ id: 'f1' }] });
  });
});
