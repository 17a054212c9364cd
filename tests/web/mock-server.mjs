// A small stand-in for `os1 serve`, implementing the contract in API.md just
// far enough for the web app's end-to-end test to run before (and beside)
// the real server: sign-in with a session cookie and CSRF token, the chat
// WebSocket streaming a reply word by word (cancel, busy, safety), memory
// (list, search, show with sources and versions, correct, forget, export),
// mood, persona and the first meeting, settings (style; the none brain
// only), models, /healthz, and the built web app with index.html as
// the fallback. Everything lives in memory; nothing is written to disk.
//
//   node tests/web/mock-server.mjs [--port 8471] [--web web/dist]   (user alice / wonderland)
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const webRoot = resolve(here, '../../web');
const require = createRequire(join(webRoot, 'package.json'));
const { WebSocketServer } = require('ws');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.json': 'application/json', '.webmanifest': 'application/manifest+json', '.ico': 'image/x-icon',
};
const STATUS = { not_found: 404, invalid: 400, unauthorized: 401, forbidden: 403, too_large: 413, rate_limited: 429, busy: 409, internal: 500 };
const QUESTIONS = [
  { key: 'you.name', text: 'First things first: what should I call you?', hint: '', required: true },
  { key: 'life.people', text: 'Who are the people who matter most to you?' },
  { key: 'style.tone', text: 'How should I talk with you?', hint: 'warm, playful, calm or direct' },
];
const TONES = ['', 'warm', 'playful', 'calm', 'direct'];
const CARE = [
  { name: 'Suicide & Crisis Lifeline (US)', contact: '988' },
  { name: 'Crisis Text Line', contact: 'Text HOME to 741741' },
  { name: 'Samaritans (UK & Ireland)', contact: '116 123' },
];
const EMOTIONS = [
  [/\b(sad|lonely|miss|cry|crying|down|can't do this|end my life)\b/i, { label: 'sadness', valence: -0.6, arousal: 0.3 }],
  [/\b(happy|glad|great|love|excited)\b/i, { label: 'joy', valence: 0.7, arousal: 0.6 }],
  [/\b(scared|afraid|anxious|worried|nervous)\b/i, { label: 'nervousness', valence: -0.5, arousal: 0.7 }],
];

function person(name) {
  return {
    name, facts: [], episodes: [], next: 1, turn: null,
    persona: { companion: 'Iris', person: '', voice: 'warm', meeting_done: false },
    answers: {},
    replaced: [], // fact versions a correction closed: { ...fact, valid_to, superseded_by }
    style: { tone: 'warm', humour: 'some', length: 'medium' },
    brain: 'none',
  };
}

function wordsOf(s) {
  return new Set(s.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []);
}

// "My sister Rachel lives in Seattle" -> "Rachel is your sister; Rachel lives in Seattle"
function factsFrom(text) {
  const out = [];
  const rel = /\b[Mm]y (sister|brother|mother|mom|father|dad|friend|partner|wife|husband|son|daughter|dog|cat) (\p{Lu}[\p{L}'-]+)/u.exec(text);
  if (rel) {
    const lives = /\blives in (\p{Lu}[\p{L} -]*\p{L})/u.exec(text);
    out.push({ key: `${rel[1]}`, value: rel[2], text: `Your ${rel[1]} is ${rel[2]}.` });
    if (lives) out.push({ key: `${rel[2].toLowerCase()}.home`, value: lives[1], text: `${rel[2]} lives in ${lives[1]}.` });
  }
  return out;
}

export async function startMockServer({ port = 0, web = join(webRoot, 'dist'), users = { alice: 'wonderland' } } = {}) {
  const people = new Map(Object.keys(users).map((n) => [n, person(n)]));
  const sessions = new Map(); // cookie token -> { name, csrf }

  function json(res, status, body, headers = {}) {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
    res.end(text);
  }
  const fail = (res, code, message, headers) => json(res, STATUS[code], { error: { code, message } }, headers);

  function sessionOf(req) {
    const m = /(?:^|;\s*)os1_session=([^;]+)/.exec(req.headers.cookie ?? '');
    return m ? sessions.get(m[1]) : undefined;
  }
  async function bodyOf(req) {
    const chunks = [];
    let size = 0;
    for await (const c of req) {
      size += c.length;
      if (size > 1 << 20) throw Object.assign(new Error('too large'), { code: 'too_large' });
      chunks.push(c);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (!text) return {};
    try {
      return JSON.parse(text);
    } catch {
      throw Object.assign(new Error('bad json'), { code: 'invalid' });
    }
  }

  function factView(f) {
    const v = { id: f.id, kind: 'attribute', subject: 'user', key: f.key, value: f.value, text: f.text, confidence: 0.9,
      importance: 0.5, emotional_weight: 0, valid_from: f.time, current: !f.valid_to, sources: f.sources, origin: f.origin ?? 'rules' };
    if (f.origin === 'person') v.provenance = 'corrected by you';
    if (f.valid_to) Object.assign(v, { valid_to: f.valid_to, superseded_by: f.superseded_by });
    return v;
  }
  // A fact's versions, oldest first (the chain of corrections).
  function versions(p, f) {
    const chain = [f];
    for (let at = f; ;) {
      const older = p.replaced.find((x) => x.superseded_by === at.id);
      if (!older) break;
      chain.unshift(older);
      at = older;
    }
    return chain.map((v) => ({ ...factView(v), ...(v.superseded_by && chain.find((w) => w.id === v.superseded_by)?.origin === 'person'
      ? { corrected_by_you: true } : {}) }));
  }
  function settingsView(p) {
    return { meeting_done: p.persona.meeting_done, style: p.style,
      styles: { tone: ['warm', 'playful', 'calm', 'direct'], humour: ['none', 'some', 'lots'], length: ['short', 'medium', 'long'] },
      brain: p.brain, model: '', using: p.brain, chosen: { brain: p.brain === 'none' ? '' : p.brain, model: '' },
      brains: [{ name: 'none', available: true }, { name: 'local', available: false }, { name: 'openai', available: false }], models: [] };
  }
  function search(p, q, k) {
    const qw = wordsOf(q);
    const rows = [
      ...p.facts.map((f) => ({ kind: 'fact', id: f.id, text: f.text, time: f.time, sources: f.sources })),
      ...p.episodes.filter((e) => e.role === 'user').map((e) => ({ kind: 'episode', id: e.id, text: e.text, time: e.time, sources: [e.id] })),
    ];
    return rows
      .map((r) => ({ ...r, score: [...wordsOf(r.text)].filter((w) => qw.has(w)).length / Math.max(1, qw.size) }))
      .filter((r) => r.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, k);
  }
  function remember(p, role, text) {
    const e = { id: `e${p.next++}`, role, text, time: new Date().toISOString() };
    p.episodes.push(e);
    return e;
  }
  function moodDays(p, days) {
    const out = [];
    for (let i = days - 1; i >= 0; i--) {
      const date = new Date(Date.now() - i * 86400_000).toISOString().slice(0, 10);
      const said = p.episodes.filter((e) => e.role === 'user' && e.time.slice(0, 10) === date);
      const felt = said.map((e) => e.emotion).filter(Boolean);
      const valence = felt.length ? felt.reduce((s, f) => s + f.valence, 0) / felt.length : 0;
      const arousal = felt.length ? felt.reduce((s, f) => s + f.arousal, 0) / felt.length : 0;
      out.push({ date, valence, arousal, label: felt[0]?.label ?? (said.length ? 'neutral' : ''), messages: said.length });
    }
    return out;
  }

  async function api(req, res, url, who) {
    const p = who && people.get(who.name);
    const path = url.pathname;
    const m = req.method;
    if (path === '/api/me' && m === 'GET') return json(res, 200, { name: who.name, companion: p.persona.companion, csrf: who.csrf });
    if (path === '/api/logout' && m === 'POST') {
      const token = /(?:^|;\s*)os1_session=([^;]+)/.exec(req.headers.cookie ?? '')[1];
      sessions.delete(token);
      res.writeHead(204, { 'Set-Cookie': 'os1_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0' });
      return res.end();
    }
    if (path === '/api/history' && m === 'GET') {
      const limit = Math.max(1, Math.min(500, Number(url.searchParams.get('limit')) || 50));
      return json(res, 200, { messages: p.episodes.slice(-limit).map(({ id, role, text, time }) => ({ id, role, text, time })) });
    }
    if (path === '/api/memory' && m === 'GET') return json(res, 200, { facts: p.facts.map(factView) });
    if (path === '/api/memory/search' && m === 'GET') {
      const q = url.searchParams.get('q') ?? '';
      if (!q.trim()) return fail(res, 'invalid', 'Say what to look for (q=...).');
      return json(res, 200, { hits: search(p, q, Number(url.searchParams.get('k')) || 10) });
    }
    if (path === '/api/memory/export' && m === 'GET') {
      return json(res, 200, { version: 1, person: p.name, facts: p.facts.map(factView), episodes: p.episodes },
        { 'Content-Disposition': 'attachment; filename="os1-memory.json"' });
    }
    const one = /^\/api\/memory\/([A-Za-z0-9_.-]+)$/.exec(path);
    if (one && m === 'GET') {
      const f = p.facts.find((x) => x.id === one[1]) ?? p.replaced.find((x) => x.id === one[1]);
      if (f) return json(res, 200, { ...factView(f), versions: versions(p, p.facts.find((x) => x.id === one[1]) ?? f) });
      const e = p.episodes.find((x) => x.id === one[1]);
      if (e) return json(res, 200, { id: e.id, external_id: '', speaker: e.role, text: e.text, time: e.time, session: 'chat',
        facts: p.facts.filter((x) => x.sources.includes(e.id)).map(factView) });
      return fail(res, 'not_found', `I have nothing called ${one[1]}.`);
    }
    if (one && m === 'PUT') {
      const b = await bodyOf(req);
      if (typeof b.text !== 'string') return fail(res, 'invalid', 'Send {"text": "what is right"}.');
      const text = b.text.trim();
      const f = p.facts.find((x) => x.id === one[1]);
      if (!f) {
        if (p.replaced.some((x) => x.id === one[1])) return fail(res, 'invalid', `${one[1]} is an older version; correct the current one.`);
        if (p.episodes.some((x) => x.id === one[1])) return fail(res, 'invalid', `only a fact (f12) can be corrected: '${one[1]}' is a message.`);
        return fail(res, 'not_found', `I have nothing called ${one[1]}.`);
      }
      if (!text) return fail(res, 'invalid', 'say what is right: the corrected fact needs some words');
      if (text === f.text) return fail(res, 'invalid', `that is what I already have: ${f.id} says "${text}"`);
      const now = new Date().toISOString();
      const fixed = { id: `f${p.next++}`, key: f.key, value: f.value, text, time: now, sources: [], origin: 'person' };
      const old = { ...f, valid_to: now, superseded_by: fixed.id };
      p.replaced.push(old);
      p.facts = p.facts.map((x) => (x.id === f.id ? fixed : x));
      return json(res, 200, { fact: factView(fixed), replaced: factView(old),
        message: "Thank you. I've corrected it, and kept what I had before in its history." });
    }
    if (one && m === 'DELETE') {
      const f = p.facts.find((x) => x.id === one[1]);
      const e = p.episodes.find((x) => x.id === one[1]);
      if (!f && !e) return fail(res, 'not_found', `I have nothing called ${one[1]}.`);
      const sources = new Set(f ? f.sources : [e.id]);
      const gone = p.facts.filter((x) => x.id === one[1] || x.sources.some((s) => sources.has(s))).map((x) => x.id);
      p.facts = p.facts.filter((x) => !gone.includes(x.id));
      p.episodes = p.episodes.filter((x) => !sources.has(x.id));
      return json(res, 200, { forgotten: [...gone, ...sources], message: "It's gone from this computer." });
    }
    if (path === '/api/mood' && m === 'GET') {
      const days = Math.max(1, Math.min(365, Number(url.searchParams.get('days')) || 14));
      return json(res, 200, { days: moodDays(p, days) });
    }
    if (path === '/api/persona' && m === 'GET') return json(res, 200, p.persona);
    if (path === '/api/setup' && m === 'GET') return json(res, 200, { questions: QUESTIONS.map((q) => ({ ...q, answer: p.answers[q.key] ?? '' })) });
    if (path === '/api/setup' && m === 'POST') {
      const b = await bodyOf(req);
      if (!b.answers || typeof b.answers !== 'object') return fail(res, 'invalid', 'Send {"answers": {...}}.');
      const a = { ...p.answers, ...b.answers };
      if (!String(a['you.name'] ?? '').trim()) return fail(res, 'invalid', 'I need at least a name to call you (you.name).');
      const tone = String(a['style.tone'] ?? '').trim().toLowerCase();
      if (!TONES.includes(tone)) return fail(res, 'invalid', `style.tone: choose warm, playful, calm or direct (not "${tone}").`);
      p.answers = a;
      p.persona = { companion: 'Iris', person: a['you.name'].trim(), voice: tone || 'warm', meeting_done: true,
        name_reason: 'Iris is a flower and the part of the eye that lets the light in.', tone: tone || 'warm', humour: 'some', length: 'medium' };
      p.style = { tone: tone || 'warm', humour: 'some', length: 'medium' };
      return json(res, 200, p.persona);
    }
    if (path === '/api/settings' && m === 'GET') return json(res, 200, settingsView(p));
    if (path === '/api/settings' && m === 'PUT') {
      const b = await bodyOf(req);
      const choices = settingsView(p).styles;
      for (const k of Object.keys(b))
        if (!['tone', 'humour', 'length', 'brain', 'model'].includes(k)) return fail(res, 'invalid', `There is no setting '${k}'.`);
      for (const k of ['tone', 'humour', 'length'])
        if (b[k] !== undefined && !choices[k].includes(b[k])) return fail(res, 'invalid', `${k}: choose ${choices[k].join(', ')}.`);
      if (b.brain !== undefined && b.brain !== 'none') return fail(res, 'invalid', 'no model is installed: run \'os1 pull\'.');
      if ((b.tone || b.humour || b.length) && !p.persona.meeting_done) return fail(res, 'invalid', 'Meet first: the style is chosen at the first meeting.');
      for (const k of ['tone', 'humour', 'length']) if (b[k]) p.style[k] = b[k];
      if (b.tone) p.persona = { ...p.persona, voice: b.tone, tone: b.tone };
      if (b.humour) p.persona = { ...p.persona, humour: b.humour };
      if (b.length) p.persona = { ...p.persona, length: b.length };
      if (b.brain) p.brain = b.brain;
      return json(res, 200, settingsView(p));
    }
    if (path === '/api/models' && m === 'GET') return json(res, 200, { models: [], brain: 'none' });
    return fail(res, 'not_found', `There is no ${m} ${path}.`);
  }

  async function staticFile(req, res, url) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 'invalid', 'Only GET here.');
    let rel = decodeURIComponent(url.pathname);
    if (rel.includes('\0')) return fail(res, 'invalid', 'Bad path.');
    rel = normalize(rel).replace(/^(\.\.[/\\])+/, '');
    let file = join(web, rel);
    if (!file.startsWith(web)) return fail(res, 'not_found', 'Not here.');
    let st = await stat(file).catch(() => null);
    if (!st || st.isDirectory()) {
      if (extname(rel) && rel !== '/') return fail(res, 'not_found', 'Not here.');
      file = join(web, 'index.html');
      st = await stat(file).catch(() => null);
      if (!st) return fail(res, 'not_found', 'The web app is not built (npm run build in web/).');
    }
    const name = file.slice(web.length);
    const fresh = name === '/index.html' || name === '/sw.js' || name.endsWith('.webmanifest');
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': fresh ? 'no-cache' : 'public, max-age=31536000, immutable',
    });
    res.end(req.method === 'HEAD' ? undefined : await readFile(file));
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    try {
      if (url.pathname === '/healthz') return json(res, 200, { ok: true, version: 'mock' });
      if (url.pathname.startsWith('/v1/') || url.pathname === '/v1') return fail(res, 'unauthorized', 'This door needs a key.');
      if (!url.pathname.startsWith('/api/') && url.pathname !== '/api') return await staticFile(req, res, url);
      if (url.pathname === '/api/login' && req.method === 'POST') {
        const b = await bodyOf(req);
        if (typeof b.name !== 'string' || typeof b.password !== 'string') return fail(res, 'invalid', 'Send your name and password.');
        if (users[b.name] !== b.password) return fail(res, 'unauthorized', 'That name and password do not match.');
        const token = randomBytes(18).toString('hex');
        const csrf = randomBytes(18).toString('hex');
        sessions.set(token, { name: b.name, csrf });
        return json(res, 200, { name: b.name, csrf }, { 'Set-Cookie': `os1_session=${token}; Path=/; HttpOnly; SameSite=Strict` });
      }
      const who = sessionOf(req);
      if (!who) return fail(res, 'unauthorized', 'Please sign in.');
      if (['POST', 'PUT', 'DELETE', 'PATCH'].includes(req.method) && req.headers['x-csrf-token'] !== who.csrf)
        return fail(res, 'forbidden', 'This request is missing its safety token; reload the page.');
      return await api(req, res, url, who);
    } catch (e) {
      if (e.code && STATUS[e.code]) return fail(res, e.code, e.code === 'too_large' ? 'That is too large.' : 'That was not valid JSON.');
      return fail(res, 'internal', 'Something went wrong in the mock server.');
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url, 'http://localhost');
    const who = sessionOf(req);
    const origin = req.headers.origin;
    if (url.pathname !== '/api/chat' || !who || (origin && origin !== `http://${req.headers.host}`)) {
      socket.end(`HTTP/1.1 ${who ? 403 : 401} ${who ? 'Forbidden' : 'Unauthorized'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => chat(ws, people.get(who.name)));
  });

  function chat(ws, p) {
    const send = (o) => ws.readyState === 1 && ws.send(JSON.stringify(o));
    ws.on('message', (data) => {
      let msg;
      try {
        msg = JSON.parse(String(data));
      } catch {
        return send({ type: 'error', id: '', error: { code: 'invalid', message: 'That was not valid JSON.' } });
      }
      if (msg.type === 'cancel') {
        if (p.turn && p.turn.id === msg.id) p.turn.cancelled = true;
        return;
      }
      if (msg.type === 'hello') return send({ type: 'hello', conversation: `web#${Math.random().toString(16).slice(2, 14).padEnd(12, '0')}` });
      if (msg.type !== 'say' || typeof msg.text !== 'string' || !msg.id)
        return send({ type: 'error', id: msg.id ?? '', error: { code: 'invalid', message: 'Send {"type": "say", "id": ..., "text": ...}.' } });
      if (p.turn) return send({ type: 'error', id: msg.id, error: { code: 'busy', message: "I'm still answering your last message." } });
      if (Buffer.byteLength(msg.text) > 65536) return send({ type: 'error', id: msg.id, error: { code: 'too_large', message: 'That message is too long (64 KiB at most).' } });
      turn(p, msg, send);
    });
  }

  async function turn(p, msg, send) {
    const started = Date.now();
    p.turn = { id: msg.id, cancelled: false };
    const emotion = EMOTIONS.find(([re]) => re.test(msg.text))?.[1] ?? { label: 'neutral', valence: 0, arousal: 0.2 };
    const used = search(p, msg.text, 3).filter((h) => h.kind === 'fact').map((h) => ({ id: h.id, text: h.text }));
    const said = remember(p, 'user', msg.text);
    said.emotion = emotion;
    const drawn = msg.text.includes('?') ? [] : factsFrom(msg.text); // a question tells nothing new
    for (const f of drawn)
      p.facts.push({ id: `f${p.next++}`, ...f, time: said.time, sources: [said.id] });
    const crisis = /\b(kill myself|end my life|want to die|hurt myself)\b/i.test(msg.text);
    const name = drawn[0]?.value;
    const story = /\bstory\b/i.test(msg.text);
    const reply = story
      ? 'Once there was a lighthouse keeper who wrote a letter every evening to the sea. '.repeat(8)
      : crisis
      ? "I'm so glad you told me, and I'm staying right here with you. Would you tell me a little more about what today has been like?"
      : name
        ? `Thank you for telling me about ${name}. I'll remember that.`
        : used.length
          ? `I remember: ${used[0].text} Tell me more?`
          : "I'm listening. Tell me more?";
    let out = '';
    let first = 0;
    for (const piece of reply.match(/\S+\s*/g)) {
      if (p.turn.cancelled) break;
      await new Promise((r) => setTimeout(r, 40));
      if (!first) first = Date.now() - started;
      out += piece;
      send({ type: 'token', id: msg.id, text: piece });
    }
    const finish = p.turn.cancelled ? 'cancelled' : 'stop';
    remember(p, 'assistant', out);
    p.turn = null;
    send({ type: 'done', id: msg.id, reply: out, finish, emotion, memories: used,
      safety: crisis ? { kind: 'self_harm', resources: CARE } : null, first_token_ms: first });
  }

  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((r) => {
      for (const c of wss.clients) c.terminate();
      server.closeAllConnections?.();
      server.close(() => r());
    }),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, def) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : def;
  };
  const s = await startMockServer({ port: Number(arg('--port', 8471)), web: resolve(arg('--web', join(webRoot, 'dist'))) });
  console.log(`mock os1 serve at ${s.url} (sign in as alice / wonderland)`);
}
