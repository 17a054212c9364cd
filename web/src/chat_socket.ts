// The conversation's WebSocket (GET /api/chat), kept open: when it drops it
// comes back with exponential backoff and jitter (0.5 s, 1 s, 2 s ... capped
// at 30 s), and the wait starts over once a connection holds. Messages the
// server sends are parsed and handed on; anything unreadable is ignored.
import type { ServerEvent } from './types';

export type SocketStatus = 'connecting' | 'open' | 'closed';

export interface ChatSocketOptions {
  url: string;
  onEvent: (e: ServerEvent) => void;
  onStatus?: (s: SocketStatus, attempt: number) => void;
  WebSocketImpl?: typeof WebSocket;
  /** Seams for tests. */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
  random?: () => number;
}

export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random())); // +-20 % so many tabs don't come back at once
}

export function chatUrl(loc: { protocol: string; host: string } = location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/api/chat`;
}

export class ChatSocket {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private timer: unknown = null;
  private stopped = false;
  status: SocketStatus = 'closed';

  constructor(private opts: ChatSocketOptions) {}

  connect(): void {
    this.stopped = false;
    this.open();
  }

  private setStatus(s: SocketStatus) {
    this.status = s;
    this.opts.onStatus?.(s, this.attempt);
  }

  private open() {
    const Impl = this.opts.WebSocketImpl ?? WebSocket;
    this.setStatus('connecting');
    let ws: WebSocket;
    try {
      ws = new Impl(this.opts.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.setStatus('open');
    };
    ws.onmessage = (m: MessageEvent) => {
      if (typeof m.data !== 'string') return;
      let e: ServerEvent;
      try {
        e = JSON.parse(m.data);
      } catch {
        return;
      }
      if (e && typeof e === 'object' && typeof e.type === 'string') this.opts.onEvent(e);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.setStatus('closed');
      if (!this.stopped) this.scheduleReconnect();
    };
    ws.onerror = () => { /* onclose follows and reconnects */ };
  }

  private scheduleReconnect() {
    this.attempt++;
    const set = this.opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.timer = set(() => {
      this.timer = null;
      if (!this.stopped) this.open();
    }, backoffMs(this.attempt, this.opts.random));
  }

  /** Reconnects now instead of waiting out the backoff (the device came back online). */
  retryNow(): void {
    if (this.stopped || this.status !== 'closed') return;
    if (this.timer !== null) (this.opts.clearTimer ?? clearTimeout)(this.timer as ReturnType<typeof setTimeout>);
    this.timer = null;
    this.open();
  }

  private send(obj: unknown): boolean {
    if (!this.ws || this.ws.readyState !== 1) return false;
    this.ws.send(JSON.stringify(obj));
    return true;
  }

  say(id: string, text: string): boolean {
    return this.send({ type: 'say', id, text });
  }

  cancel(id: string): boolean {
    return this.send({ type: 'cancel', id });
  }

  /** Asks for this socket's conversation id (a "hello" comes back), for the voice socket to join. */
  hello(): boolean {
    return this.send({ type: 'hello' });
  }

  close(): void {
    this.stopped = true;
    if (this.timer !== null) (this.opts.clearTimer ?? clearTimeout)(this.timer as ReturnType<typeof setTimeout>);
    this.timer = null;
    const ws = this.ws;
    this.ws = null;
    ws?.close();
    this.setStatus('closed');
  }
}
