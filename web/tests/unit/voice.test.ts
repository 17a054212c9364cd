import { describe, expect, it } from 'vitest';
import { bytesTo16, FRAME_SAMPLES, floatTo16, FrameMaker, int16ToBytes, RATE } from '../../src/voice/pcm';
import { VoiceSocket, voiceUrl, type VoiceEvent } from '../../src/voice/voice_socket';
import { initialVoice, statusText, voiceReducer, type VoiceAction } from '../../src/voice/voice_state';

function tone(hz: number, rate: number, seconds: number): Float32Array {
  const x = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < x.length; i++) x[i] = 0.5 * Math.sin((2 * Math.PI * hz * i) / rate);
  return x;
}
function rms(x: Int16Array, from = 0): number {
  let s = 0;
  for (let i = from; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s / Math.max(1, x.length - from)) / 32768;
}
function concat(frames: Int16Array[]): Int16Array {
  const out = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of frames) {
    out.set(f, at);
    at += f.length;
  }
  return out;
}

describe('pcm', () => {
  it('converts floats to 16-bit with clipping, and bytes both ways little-endian', () => {
    expect(Array.from(floatTo16(Float32Array.from([0, 1, -1, 2, -2, 0.5])))).toEqual([0, 32767, -32768, 32767, -32768, 16384]);
    const x = Int16Array.from([1, -2, 300, -32768]);
    const bytes = int16ToBytes(x);
    expect(Array.from(new Uint8Array(bytes).slice(0, 4))).toEqual([1, 0, 0xfe, 0xff]);
    expect(Array.from(bytesTo16(bytes))).toEqual(Array.from(x));
  });

  it('resamples 48 kHz to 16 kHz in 20 ms frames whatever the block sizes', () => {
    const input = tone(440, 48000, 0.5);
    const m = new FrameMaker(48000);
    const frames: Int16Array[] = [];
    for (let i = 0; i < input.length; ) {
      const n = 1 + ((i * 7919) % 1500); // odd block sizes
      frames.push(...m.push(input.subarray(i, i + n)));
      i += n;
    }
    expect(frames.every((f) => f.length === FRAME_SAMPLES)).toBe(true);
    const out = concat(frames);
    expect(out.length).toBeGreaterThan(RATE / 2 - 2 * FRAME_SAMPLES);
    expect(rms(out, 400)).toBeCloseTo(0.5 / Math.SQRT2, 1); // the voice band is kept
    // 440 Hz: about 2 * 440 zero crossings in a second
    let crossings = 0;
    for (let i = 1; i < out.length; i++) if ((out[i - 1] < 0) !== (out[i] < 0)) crossings++;
    expect(crossings / (out.length / RATE)).toBeGreaterThan(860);
    expect(crossings / (out.length / RATE)).toBeLessThan(900);
  });

  it('filters out what is above 8 kHz instead of folding it into the voice', () => {
    const m = new FrameMaker(44100);
    const out = concat(m.push(tone(12000, 44100, 0.5)));
    expect(rms(out, 400)).toBeLessThan(0.02);
  });

  it('passes 16 kHz through unchanged', () => {
    const m = new FrameMaker(16000);
    const x = tone(300, 16000, 0.1);
    const out = concat(m.push(x));
    expect(out.length).toBe(1600 - (1600 % FRAME_SAMPLES) - FRAME_SAMPLES);
    expect(out[10]).toBe(floatTo16(x.subarray(10, 11))[0]);
  });
});

describe('voice state', () => {
  const run = (...actions: VoiceAction[]) => actions.reduce(voiceReducer, initialVoice);

  it('goes from push to talk through hearing and thinking to speaking and back', () => {
    let s = run({ type: 'hold', on: true }, { type: 'starting' }, { type: 'ready' });
    expect(s.phase).toBe('listening');
    s = voiceReducer(s, { type: 'speech' });
    expect(statusText(s, 'Sam')).toBe('Hearing you…');
    s = voiceReducer(s, { type: 'hold', on: false });
    expect(s.phase).toBe('thinking');
    s = voiceReducer(s, { type: 'heard' });
    s = voiceReducer(s, { type: 'playing', on: true });
    expect(statusText(s, 'Sam')).toBe('Sam is speaking.');
    s = voiceReducer(s, { type: 'done' });
    expect(s.phase).toBe('speaking'); // "done" comes while the last words still play
    s = voiceReducer(s, { type: 'playing', on: false });
    expect(s.phase).toBe('ready');
    expect(statusText(s, 'Sam')).toMatch(/Hold the button/);
  });

  it('listens all the time hands-free, and a closed conversation says why', () => {
    let s = run({ type: 'starting' }, { type: 'ready' }, { type: 'handsFree', on: true });
    expect(statusText(s, 'Sam')).toBe('Listening. Just talk.');
    s = voiceReducer(s, { type: 'ignored' });
    expect(s.phase).toBe('listening');
    s = voiceReducer(s, { type: 'closed', message: 'nothing but silence' });
    expect(s).toMatchObject({ phase: 'off', handsFree: false, error: 'nothing but silence' });
    expect(voiceReducer(s, { type: 'speech' }).phase).toBe('off');
  });
});

class FakeSocket {
  static made: FakeSocket[] = [];
  readyState = 0;
  binaryType = '';
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((m: { data: unknown }) => void) | null = null;
  constructor(public url: string) {
    FakeSocket.made.push(this);
  }
  send(s: unknown) {
    this.sent.push(s);
  }
  close() {
    this.readyState = 3;
    this.onclose?.();
  }
}

describe('voice socket', () => {
  it('starts with the format, sends frames as bytes and hands back events and audio', async () => {
    FakeSocket.made = [];
    const events: VoiceEvent[] = [];
    const audio: Int16Array[] = [];
    let closed = 0;
    const s = new VoiceSocket('ws://h/api/voice', { onEvent: (e) => events.push(e), onAudio: (a) => audio.push(a), onClose: () => closed++ },
      FakeSocket as unknown as typeof WebSocket);
    const opened = s.open();
    const ws = FakeSocket.made[0];
    expect(ws.binaryType).toBe('arraybuffer');
    ws.readyState = 1;
    ws.onopen?.();
    expect(JSON.parse(ws.sent[0] as string)).toEqual({ type: 'start', format: 's16le', rate: 16000, channels: 1 });
    ws.onmessage?.({ data: '{"type":"ready"}' });
    await opened;
    s.sendFrame(Int16Array.from([1, 2]));
    expect(Array.from(new Uint8Array(ws.sent[1] as ArrayBuffer))).toEqual([1, 0, 2, 0]);
    s.press();
    s.end();
    s.interrupt();
    expect(ws.sent.slice(2)).toEqual(['{"type":"press"}', '{"type":"end"}', '{"type":"interrupt"}']);
    ws.onmessage?.({ data: '{"type":"heard","text":"hello","confidence":0.9}' });
    ws.onmessage?.({ data: int16ToBytes(Int16Array.from([5, -5])) });
    ws.onmessage?.({ data: 'not json' });
    expect(events.map((e) => e.type)).toEqual(['ready', 'heard']);
    expect(Array.from(audio[0])).toEqual([5, -5]);
    s.close();
    expect(ws.sent[ws.sent.length - 1]).toBe('{"type":"stop"}');
    expect(closed).toBe(1);
  });

  it('joins the chat screen\'s conversation when it knows it', async () => {
    FakeSocket.made = [];
    const s = new VoiceSocket('ws://h/api/voice', { conversation: 'web#0123456789ab', onEvent() {}, onAudio() {}, onClose() {} },
      FakeSocket as unknown as typeof WebSocket);
    const opened = s.open();
    const ws = FakeSocket.made[0];
    ws.readyState = 1;
    ws.onopen?.();
    expect(JSON.parse(ws.sent[0] as string)).toEqual({ type: 'start', format: 's16le', rate: 16000, channels: 1, conversation: 'web#0123456789ab' });
    ws.onmessage?.({ data: '{"type":"ready","conversation":"web#0123456789ab"}' });
    await opened;
    s.close();
  });

  it('rejects with the server\'s words when it refuses to start', async () => {
    FakeSocket.made = [];
    const s = new VoiceSocket('ws://h/api/voice', { onEvent() {}, onAudio() {}, onClose() {} }, FakeSocket as unknown as typeof WebSocket);
    const opened = s.open();
    const ws = FakeSocket.made[0];
    ws.readyState = 1;
    ws.onopen?.();
    ws.onmessage?.({ data: '{"type":"error","error":{"code":"busy","message":"Too many voice conversations"}}' });
    await expect(opened).rejects.toThrow('Too many voice conversations');
    expect(voiceUrl({ protocol: 'https:', host: 'x:1' })).toBe('wss://x:1/api/voice');
  });
});
