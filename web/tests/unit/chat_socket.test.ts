import { describe, expect, it } from 'vitest';
import { backoffMs, ChatSocket, chatUrl } from '../../src/chat_socket';
import type { ServerEvent } from '../../src/types';

class FakeSocket {
  static made: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onmessage: ((m: { data: unknown }) => void) | null = null;
  constructor(public url: string) {
    FakeSocket.made.push(this);
  }
  send(s: string) {
    this.sent.push(s);
  }
  close() {
    this.readyState = 3;
    this.onclose?.();
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  drop() {
    this.readyState = 3;
    this.onclose?.();
  }
  receive(data: unknown) {
    this.onmessage?.({ data });
  }
}

function setup() {
  FakeSocket.made = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const events: ServerEvent[] = [];
  const statuses: string[] = [];
  const s = new ChatSocket({
    url: 'ws://h/api/chat',
    onEvent: (e) => events.push(e),
    onStatus: (st) => statuses.push(st),
    WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
    setTimer: (fn, ms) => { timers.push({ fn, ms }); return timers.length; },
    clearTimer: () => {},
    random: () => 0.5,
  });
  return { s, timers, events, statuses };
}

describe('ChatSocket', () => {
  it('sends say and cancel as JSON once open, and refuses while closed', () => {
    const { s } = setup();
    s.connect();
    const ws = FakeSocket.made[0];
    expect(s.say('c1', 'hello')).toBe(false);
    ws.open();
    expect(s.say('c1', 'hello')).toBe(true);
    expect(s.cancel('c1')).toBe(true);
    expect(ws.sent.map((x) => JSON.parse(x))).toEqual([
      { type: 'say', id: 'c1', text: 'hello' },
      { type: 'cancel', id: 'c1' },
    ]);
  });

  it('asks for its conversation id with a hello', () => {
    const { s } = setup();
    s.connect();
    const ws = FakeSocket.made[0];
    expect(s.hello()).toBe(false);
    ws.open();
    expect(s.hello()).toBe(true);
    expect(ws.sent.map((x) => JSON.parse(x))).toEqual([{ type: 'hello' }]);
  });

  it('hands on server events and ignores what it cannot read', () => {
    const { s, events } = setup();
    s.connect();
    const ws = FakeSocket.made[0];
    ws.open();
    ws.receive('{"type":"token","id":"c1","text":"Hi"}');
    ws.receive('not json');
    ws.receive('{"no":"type"}');
    ws.receive(new ArrayBuffer(2));
    expect(events).toEqual([{ type: 'token', id: 'c1', text: 'Hi' }]);
  });

  it('reconnects with growing waits and starts over once connected', () => {
    const { s, timers, statuses } = setup();
    s.connect();
    FakeSocket.made[0].drop();
    expect(timers.map((t) => t.ms)).toEqual([500]);
    timers[0].fn();
    FakeSocket.made[1].drop();
    timers[1].fn();
    FakeSocket.made[2].drop();
    expect(timers.map((t) => t.ms)).toEqual([500, 1000, 2000]);
    timers[2].fn();
    FakeSocket.made[3].open();
    expect(statuses.at(-1)).toBe('open');
    FakeSocket.made[3].drop();
    expect(timers.at(-1)!.ms).toBe(500);
  });

  it('stops reconnecting once closed on purpose', () => {
    const { s, timers } = setup();
    s.connect();
    FakeSocket.made[0].open();
    s.close();
    expect(timers).toHaveLength(0);
    expect(FakeSocket.made).toHaveLength(1);
    expect(s.status).toBe('closed');
  });

  it('reconnects at once when the device comes back online', () => {
    const { s } = setup();
    s.connect();
    FakeSocket.made[0].drop();
    s.retryNow();
    expect(FakeSocket.made).toHaveLength(2);
  });
});

describe('backoffMs', () => {
  it('doubles from half a second, caps at 30 s, and jitters by at most a fifth', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, () => 0.5))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffMs(20, () => 0.5)).toBe(30000);
    expect(backoffMs(1, () => 0)).toBe(400);
    expect(backoffMs(1, () => 1)).toBe(600);
  });
});

describe('chatUrl', () => {
  it('uses wss under https and ws otherwise, on the page\'s own host', () => {
    expect(chatUrl({ protocol: 'https:', host: 'os1.home:8470' })).toBe('wss://os1.home:8470/api/chat');
    expect(chatUrl({ protocol: 'http:', host: '127.0.0.1:8470' })).toBe('ws://127.0.0.1:8470/api/chat');
  });
});
