// Her voice on the page: each piece of 16 kHz audio from the server is
// scheduled right after the one before (a little lead absorbs the network's
// jitter), so the sentences play as one; stop() silences her at once
// (barge-in); mute keeps her quiet without stopping the conversation.
import { int16ToFloat, RATE } from './pcm';

const LEAD_S = 0.08;

export class Player {
  private readonly gain: GainNode;
  private cursor = 0;
  private readonly sources = new Set<AudioBufferSourceNode>();
  /** Called when she starts and stops being heard. */
  onPlaying?: (playing: boolean) => void;

  constructor(private readonly context: AudioContext) {
    this.gain = context.createGain();
    this.gain.connect(context.destination);
  }

  get playing(): boolean {
    return this.sources.size > 0;
  }

  play(samples: Int16Array): void {
    if (samples.length === 0) return;
    const buffer = this.context.createBuffer(1, samples.length, RATE);
    buffer.getChannelData(0).set(int16ToFloat(samples));
    const src = this.context.createBufferSource();
    src.buffer = buffer;
    src.connect(this.gain);
    const at = Math.max(this.cursor, this.context.currentTime + (this.sources.size ? 0 : LEAD_S));
    src.start(at);
    this.cursor = at + buffer.duration;
    const was = this.playing;
    this.sources.add(src);
    src.onended = () => {
      this.sources.delete(src);
      if (!this.playing) this.onPlaying?.(false);
    };
    if (!was) this.onPlaying?.(true);
  }

  stop(): void {
    const was = this.playing;
    for (const s of this.sources) {
      s.onended = null;
      try {
        s.stop();
      } catch { /* not started yet */ }
    }
    this.sources.clear();
    this.cursor = 0;
    if (was) this.onPlaying?.(false);
  }

  setMuted(muted: boolean): void {
    this.gain.gain.value = muted ? 0 : 1;
  }
}
