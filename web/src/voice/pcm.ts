// Audio as the server's /api/voice wants it: 16 kHz mono 16-bit PCM in
// 20 ms frames. The microphone gives float blocks at the AudioContext's
// rate (often 48 kHz); FrameMaker low-passes and resamples them (a
// windowed-sinc filter, so the voice band is kept and nothing above 8 kHz
// folds back into it), converts to 16-bit and cuts 20 ms frames. Pure:
// tested without a browser.
export const RATE = 16000;
export const FRAME_SAMPLES = 320; // 20 ms

/** Float samples (-1..1) as 16-bit integers, clipped. */
export function floatTo16(x: Float32Array): Int16Array {
  const out = new Int16Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = Math.max(-1, Math.min(1, x[i]));
    out[i] = Math.round(v < 0 ? v * 32768 : v * 32767);
  }
  return out;
}

/** 16-bit samples as floats for the Web Audio API. */
export function int16ToFloat(x: Int16Array): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] / 32768;
  return out;
}

/** Little-endian 16-bit bytes (what arrives in a binary message) as samples. */
export function bytesTo16(data: ArrayBuffer): Int16Array {
  const view = new DataView(data);
  const out = new Int16Array(data.byteLength >> 1);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(2 * i, true);
  return out;
}

/** Samples as little-endian bytes (what is sent), whatever the machine's order. */
export function int16ToBytes(x: Int16Array): ArrayBuffer {
  const buf = new ArrayBuffer(x.length * 2);
  const view = new DataView(buf);
  for (let i = 0; i < x.length; i++) view.setInt16(2 * i, x[i], true);
  return buf;
}

const TAPS = 16; // half-width of the filter, in output samples
const PHASES = 64; // fractional positions the filter is tabulated at

/** Streaming resampler to 16 kHz and 20 ms framer (a polyphase table of
 *  Hann-windowed sinc kernels, normalised to unit gain). */
export class FrameMaker {
  private readonly step: number; // input samples per output sample
  private readonly reach: number; // input samples either side of an output
  private readonly table: Float32Array[]; // (PHASES + 1) kernels of 2 * reach taps
  private buf = new Float32Array(4096); // input not yet consumed
  private len = 0;
  private pos = 0; // position of the next output sample in `buf`
  private pending = new Int16Array(FRAME_SAMPLES);
  private filled = 0;

  constructor(readonly inputRate: number) {
    if (!(inputRate >= 8000 && inputRate <= 384000)) throw new Error(`unsupported input rate ${inputRate}`);
    this.step = inputRate / RATE;
    this.reach = this.step === 1 ? 1 : Math.ceil(TAPS * Math.max(1, this.step));
    const cutoff = Math.min(1, RATE / inputRate) * 0.95; // relative to the input's Nyquist
    this.table = [];
    for (let p = 0; p <= PHASES; p++) {
      const frac = p / PHASES;
      const w = new Float32Array(2 * this.reach);
      let norm = 0;
      for (let j = 0; j < w.length; j++) {
        const d = frac - (j - this.reach + 1); // distance from tap to the output point
        const sinc = d === 0 ? 1 : Math.sin(Math.PI * cutoff * d) / (Math.PI * cutoff * d);
        const hann = 0.5 + 0.5 * Math.cos((Math.PI * d) / (this.reach + 1));
        w[j] = this.step === 1 ? (j === this.reach - 1 ? 1 - frac : j === this.reach ? frac : 0) : sinc * hann;
        norm += w[j];
      }
      for (let j = 0; j < w.length; j++) w[j] /= norm;
      this.table.push(w);
    }
  }

  /** Feeds a block; returns the complete frames it made. */
  push(block: Float32Array): Int16Array[] {
    if (this.len + block.length > this.buf.length) {
      const bigger = new Float32Array(Math.max(2 * this.buf.length, this.len + block.length));
      bigger.set(this.buf.subarray(0, this.len));
      this.buf = bigger;
    }
    this.buf.set(block, this.len);
    this.len += block.length;
    const frames: Int16Array[] = [];
    while (this.pos + this.reach < this.len) {
      const v = this.sampleAt(this.pos);
      this.pending[this.filled++] = Math.round(Math.max(-1, Math.min(1, v)) * (v < 0 ? 32768 : 32767));
      if (this.filled === FRAME_SAMPLES) {
        frames.push(this.pending);
        this.pending = new Int16Array(FRAME_SAMPLES);
        this.filled = 0;
      }
      this.pos += this.step;
    }
    // Keep only what the next outputs need (`reach` before pos).
    const drop = Math.max(0, Math.floor(this.pos) - this.reach);
    if (drop > 0) {
      this.buf.copyWithin(0, drop, this.len);
      this.len -= drop;
      this.pos -= drop;
    }
    return frames;
  }

  private sampleAt(t: number): number {
    let centre = Math.floor(t);
    let p = Math.round((t - centre) * PHASES);
    if (p === PHASES && this.step !== 1) {
      centre++;
      p = 0;
    }
    const w = this.table[p];
    const from = centre - this.reach + 1;
    let sum = 0;
    for (let j = 0; j < w.length; j++) {
      const k = from + j;
      if (k >= 0 && k < this.len) sum += this.buf[k] * w[j];
    }
    return sum;
  }
}
