#!/usr/bin/env node
// The web app's voice path, timed over loopback (issue 16): a real `os1 serve`
// (--brain none) on a temporary home, a client that speaks /api/voice as the
// web app does (a kit clip sent as 20 ms frames at the pace a microphone
// gives them), and the time from the end of speech to the first byte of her
// reply's audio.
//   push-to-talk: "press", the clip, end of speech = "end" sent (the button released)
//   hands-free:   end of speech = the clip's last loud frame sent (then
//                 silence at real-time pace; the server's VAD must notice)
// Each turn is cut once her first audio arrives ("interrupt"), so a run is
// short. One warm-up turn first (the recogniser loads on first speech).
//   node bench/voice_web_latency.mjs [--turns 5] [--clip PATH.wav] [--before OLD_OS1]
// --before: a second os1 binary (an older build) served beside the first,
// its turns taken in turn with the first's, so both are timed in the same
// run on the same machine load.
// Env: OS1_BIN (default build/apps/os1/os1), OS1_SHARED (default ../shared).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'web', 'package.json'));
const WebSocket = require('ws');
const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : def;
};
const turns = Number(arg('--turns', 5));
const clipPath = arg('--clip', join(process.env.OS1_SHARED ?? join(root, '..', 'shared'), 'data/speech/librispeech-arm-mlek/i_tell_you.wav'));
const bin = resolve(root, process.env.OS1_BIN ?? 'build/apps/os1/os1');
const before = arg('--before', '') ? resolve(arg('--before', '')) : '';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function readClip(file) {
  const b = readFileSync(file);
  if (b.toString('ascii', 0, 4) !== 'RIFF') throw new Error(`${file}: not a WAV`);
  let at = 12;
  let fmt = null;
  while (at + 8 <= b.length) {
    const id = b.toString('ascii', at, at + 4);
    const size = b.readUInt32LE(at + 4);
    if (id === 'fmt ') fmt = { channels: b.readUInt16LE(at + 10), rate: b.readUInt32LE(at + 12), bits: b.readUInt16LE(at + 22) };
    if (id === 'data') {
      if (!fmt || fmt.channels !== 1 || fmt.rate !== 16000 || fmt.bits !== 16) throw new Error(`${file}: needs 16 kHz mono 16-bit`);
      return new Int16Array(b.buffer.slice(b.byteOffset + at + 8, b.byteOffset + at + 8 + size));
    }
    at += 8 + size + (size & 1);
  }
  throw new Error(`${file}: no data chunk`);
}

// Where speech ends in the clip: the last 20 ms frame within 30 dB of the loudest.
function speechEndFrame(clip) {
  const frames = Math.floor(clip.length / 320);
  const level = [];
  for (let f = 0; f < frames; f++) {
    let s = 0;
    for (let i = f * 320; i < (f + 1) * 320; i++) s += clip[i] * clip[i];
    level.push(10 * Math.log10(s / 320 + 1e-9));
  }
  const top = Math.max(...level);
  let last = 0;
  level.forEach((l, f) => { if (l > top - 30) last = f; });
  return last;
}

function freePort() {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function startServer(bin) {
  const home = mkdtempSync(join(tmpdir(), 'os1-voice-bench-'));
  const env = { ...process.env, OS1_HOME: home };
  const add = spawnSync(bin, ['user', 'add', 'alice', '--password-stdin'], { env, input: 'wonderland\n', encoding: 'utf8' });
  if (add.status !== 0) throw new Error(`os1 user add failed: ${add.stderr}`);
  const port = await freePort();
  const child = spawn(bin, ['serve', '--listen', `127.0.0.1:${port}`, '--brain', 'none'], { env, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch { /* not yet */ }
    await sleep(200);
  }
  const login = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'alice', password: 'wonderland' }) });
  if (!login.ok) throw new Error(`login: ${login.status}`);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  return { url, port, cookie, close: () => { child.kill('SIGTERM'); return new Promise((r) => child.once('exit', () => { rmSync(home, { recursive: true, force: true }); r(); })); } };
}

function openVoice(server) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/voice`, { headers: { Cookie: server.cookie, Origin: server.url } });
    const listeners = new Set();
    ws.on('message', (data, binary) => {
      const m = binary ? { type: 'audio', at: performance.now(), bytes: data.length } : { ...JSON.parse(data.toString()), at: performance.now() };
      for (const l of [...listeners]) l(m);
    });
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'start', format: 's16le', rate: 16000, channels: 1 })));
    const ready = (m) => {
      if (m.type === 'ready') {
        listeners.delete(ready);
        resolve({ ws, listeners });
      } else if (m.type === 'error') reject(new Error(m.error.message));
    };
    listeners.add(ready);
  });
}

function waitFor(v, pred, ms = 60_000) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => { v.listeners.delete(l); reject(new Error('timed out')); }, ms);
    const l = (m) => { if (pred(m)) { clearTimeout(t); v.listeners.delete(l); resolve(m); } };
    v.listeners.add(l);
  });
}

// Sends frames at the pace a microphone gives them; returns when each was sent.
async function sendPaced(ws, frames) {
  const t0 = performance.now();
  const sent = [];
  for (let i = 0; i < frames.length; i++) {
    const due = t0 + 20 * i;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    ws.send(Buffer.from(frames[i].buffer, frames[i].byteOffset, frames[i].byteLength));
    sent.push(performance.now());
  }
  return sent;
}

async function turn(v, clip, handsFree) {
  const frames = [];
  for (let i = 0; i + 320 <= clip.length; i += 320) frames.push(clip.subarray(i, i + 320));
  const silence = new Int16Array(320);
  let end = Infinity; // her first audio after the end of speech (hands-free, a pause in
  // the clip may have ended an utterance already: that reply is spoken over)
  const firstAudio = waitFor(v, (m) => m.type === 'audio' && m.at > end);
  let heard = '';
  let heardAt = -1, tokenAt = -1; // where the time went: the transcript, the brain's first piece
  const onHeard = (m) => {
    if (m.type === 'heard' && m.at > end) { heard = m.text; heardAt = m.at; }
    if (m.type === 'token' && m.at > end && tokenAt < 0) tokenAt = m.at;
  };
  v.listeners.add(onHeard);
  if (!handsFree) v.ws.send('{"type":"press"}');
  const sent = await sendPaced(v.ws, frames);
  if (handsFree) {
    end = sent[speechEndFrame(clip)] + 20;
    let stop = false;
    firstAudio.then(() => { stop = true; }, () => { stop = true; });
    for (let i = 0; !stop && i < 250; i++) { // at most 5 s of silence
      await sendPaced(v.ws, [silence]);
    }
  } else {
    v.ws.send('{"type":"end"}');
    end = performance.now();
  }
  const audio = await firstAudio;
  v.ws.send('{"type":"interrupt"}');
  await waitFor(v, (m) => m.type === 'done' || m.type === 'failed' || m.type === 'error');
  await sleep(300);
  v.listeners.delete(onHeard);
  return { ms: audio.at - end, heard, heardMs: heardAt - end, tokenMs: tokenAt - end };
}

// Barge-in over the web: hands-free, the clip, her reply starts (500 ms of
// it), then the person speaks over her (the clip again): from the true
// onset of that speech (its first sample within 30 dB of its loudest, at
// the time its frame was sent) to her "stop" at the client (the app drops
// what it has queued to play on it).
function onsetSample(clip) {
  let top = 0;
  for (const v of clip) top = Math.max(top, Math.abs(v));
  const bar = top / 31.6;
  for (let i = 0; i < clip.length; i++) if (Math.abs(clip[i]) >= bar) return i;
  return 0;
}

async function bargeTurn(v, clip) {
  const frames = [];
  for (let i = 0; i + 320 <= clip.length; i += 320) frames.push(clip.subarray(i, i + 320));
  const silence = new Int16Array(320);
  let end = Infinity;
  const firstAudio = waitFor(v, (m) => m.type === 'audio' && m.at > end);
  const sent = await sendPaced(v.ws, frames);
  end = sent[speechEndFrame(clip)] + 20;
  let playing = false;
  firstAudio.then(() => { playing = true; }, () => { playing = true; });
  for (let i = 0; !playing && i < 250; i++) await sendPaced(v.ws, [silence]);
  await sendPaced(v.ws, new Array(25).fill(silence)); // 500 ms of her reply
  const stopped = waitFor(v, (m) => m.type === 'stop' || m.type === 'barge_in');
  const onset = onsetSample(clip);
  const again = await sendPaced(v.ws, frames);
  const onsetAt = again[Math.floor(onset / 320)] + ((onset % 320) / 16);
  const stop = await stopped;
  for (let i = 0; i < 50; i++) await sendPaced(v.ws, [silence]);
  v.ws.send('{"type":"interrupt"}');
  await sleep(300);
  return stop.at - onsetAt;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const clip = readClip(clipPath);
const builds = [{ name: 'now', bin }, ...(before ? [{ name: 'before', bin: before }] : [])];
for (const b of builds) b.server = await startServer(b.bin);
try {
  for (const b of builds) {
    b.voice = await openVoice(b.server);
    const warm = await turn(b.voice, clip, false);
    console.log(`${b.name}: warm-up (the recogniser loads): ${warm.ms.toFixed(0)} ms, heard "${warm.heard}"`);
  }
  const rows = [];
  for (const mode of ['push-to-talk', 'hands-free']) {
    for (const b of builds) rows.push({ mode, build: b.name, ms: [], heard: [], heardMs: [], tokenMs: [] });
    for (let i = 0; i < turns; i++) {
      for (const b of builds) {
        const t = await turn(b.voice, clip, mode === 'hands-free');
        const row = rows.find((r) => r.mode === mode && r.build === b.name);
        row.ms.push(t.ms);
        row.heard.push(t.heard);
        row.heardMs.push(t.heardMs);
        row.tokenMs.push(t.tokenMs);
      }
    }
  }
  for (const b of builds) b.barge = [];
  for (let i = 0; i < turns; i++) for (const b of builds) b.barge.push(await bargeTurn(b.voice, clip));
  console.log(`clip ${clipPath.split('/').slice(-2).join('/')} (${(clip.length / 16000).toFixed(2)} s), ${turns} turns each, none brain, loopback`);
  console.log('mode          | build  | median ms | min ms | max ms | transcript ms | first piece ms | heard (last turn)');
  for (const r of rows)
    console.log(`${r.mode.padEnd(13)} | ${r.build.padEnd(6)} | ${median(r.ms).toFixed(0).padStart(9)} | ${Math.min(...r.ms).toFixed(0).padStart(6)} | ${Math.max(...r.ms).toFixed(0).padStart(6)} | ${median(r.heardMs).toFixed(0).padStart(13)} | ${median(r.tokenMs).toFixed(0).padStart(14)} | ${r.heard.at(-1)}`);
  for (const b of builds)
    console.log(`barge-in      | ${b.name.padEnd(6)} | ${median(b.barge).toFixed(0).padStart(9)} | ${Math.min(...b.barge).toFixed(0).padStart(6)} | ${Math.max(...b.barge).toFixed(0).padStart(6)} | (their speech onset → her "stop" at the client)`);
  console.log('(transcript, first piece: medians of when the "heard" message and the first "token" of the reply reached the client, after the end of speech)');
  for (const b of builds) b.voice.ws.close();
} finally {
  for (const b of builds) await b.server.close();
}
