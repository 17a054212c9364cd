// The spoken conversation's WebSocket (/api/voice, src/server/README.md
// "Voice"): "start" with the audio format, the person's 16 kHz frames as
// binary messages, "press" and "end" around a push-to-talk, "interrupt" to
// stop her; back come JSON events and her voice (binary, 16 kHz s16le).
import type { DoneEvent } from '../types';
import { bytesTo16, int16ToBytes } from './pcm';

export type VoiceEvent =
  | { type: 'ready'; conversation?: string }
  | { type: 'speech' }
  | { type: 'heard'; text: string; confidence: number }
  | { type: 'ignored'; reason: string }
  | { type: 'repeat'; text: string }
  | { type: 'token'; id: string; text: string }
  | { type: 'sentence'; text: string }
  | { type: 'stop' }
  | { type: 'barge_in' }
  | DoneEvent
  | { type: 'failed'; message: string }
  | { type: 'error'; error: { code: string; message: string } };

export function voiceUrl(loc: { protocol: string; host: string } = location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/api/voice`;
}

export interface VoiceSocketHandlers {
  /** The chat screen's conversation to join ("" or absent: one of its own), so spoken and typed turns share it. */
  conversation?: string;
  onEvent: (e: VoiceEvent) => void;
  onAudio: (samples: Int16Array) => void;
  onClose: () => void;
}

export class VoiceSocket {
  private ws: WebSocket | null = null;

  constructor(private readonly url: string, private readonly h: VoiceSocketHandlers, private readonly Impl: typeof WebSocket = WebSocket) {}

  /** Opens and starts; resolves once the server is ready, rejects with its words. */
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      let ready = false;
      const ws = new this.Impl(this.url);
      ws.binaryType = 'arraybuffer';
      this.ws = ws;
      ws.onopen = () => ws.send(JSON.stringify({ type: 'start', format: 's16le', rate: 16000, channels: 1, ...(this.h.conversation ? { conversation: this.h.conversation } : {}) }));
      ws.onmessage = (m: MessageEvent) => {
        if (typeof m.data !== 'string') {
          this.h.onAudio(bytesTo16(m.data as ArrayBuffer));
          return;
        }
        let e: VoiceEvent;
        try {
          e = JSON.parse(m.data);
        } catch {
          return;
        }
        if (!ready && e.type === 'ready') {
          ready = true;
          resolve();
        } else if (!ready && e.type === 'error') {
          reject(new Error(e.error?.message || 'The voice conversation could not start.'));
        }
        this.h.onEvent(e);
      };
      ws.onclose = () => {
        this.ws = null;
        if (!ready) reject(new Error('The voice connection closed before it started.'));
        this.h.onClose();
      };
    });
  }

  get open_(): boolean {
    return !!this.ws && this.ws.readyState === 1;
  }

  sendFrame(frame: Int16Array): void {
    if (this.open_) this.ws!.send(int16ToBytes(frame));
  }
  /** Push-to-talk pressed: she stops, and what comes until end() is one utterance. */
  press(): void {
    if (this.open_) this.ws!.send('{"type":"press"}');
  }
  end(): void {
    if (this.open_) this.ws!.send('{"type":"end"}');
  }
  interrupt(): void {
    if (this.open_) this.ws!.send('{"type":"interrupt"}');
  }
  close(): void {
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState <= 1) {
      try {
        ws.send('{"type":"stop"}');
      } catch { /* closing */ }
      ws.close();
    }
  }
}
