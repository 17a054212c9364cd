// The microphone: getUserMedia (echo cancellation on, so her voice from the
// loudspeaker is not taken for the person's), an AudioWorklet that hands
// the page blocks of samples (capture_worklet.js), and FrameMaker (pcm.ts)
// turning them into 16 kHz 20 ms frames. `stream` may be given (tests; a
// stream from elsewhere) instead of asking for the microphone.
import { FrameMaker } from './pcm';

export class MicError extends Error {}

/** Why the microphone cannot be used here, in plain words, or null. */
export function micUnavailable(win: { isSecureContext?: boolean; navigator?: Navigator; AudioWorkletNode?: unknown } = window): string | null {
  if (win.isSecureContext === false) return 'Speaking needs a secure connection: open os1 over https (or on this computer).';
  if (!win.navigator?.mediaDevices?.getUserMedia) return 'This browser cannot use a microphone here.';
  if (!win.AudioWorkletNode) return 'This browser cannot process audio (no AudioWorklet).';
  return null;
}

export class Capture {
  private constructor(
    readonly context: AudioContext,
    private readonly stream: MediaStream,
    private readonly source: MediaStreamAudioSourceNode,
    private readonly node: AudioWorkletNode,
    private readonly owned: boolean,
  ) {}

  static async open(onFrame: (frame: Int16Array) => void, context: AudioContext, stream?: MediaStream): Promise<Capture> {
    // The worklet is ready before the microphone opens, so its first
    // samples are not lost.
    await context.audioWorklet.addModule(new URL('./capture_worklet.js', import.meta.url));
    const node = new AudioWorkletNode(context, 'os1-capture', { numberOfInputs: 1, numberOfOutputs: 0 });
    const maker = new FrameMaker(context.sampleRate);
    node.port.onmessage = (e: MessageEvent<Float32Array>) => {
      for (const frame of maker.push(e.data)) onFrame(frame);
    };
    let owned = false;
    if (!stream) {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
        });
        owned = true;
      } catch (e) {
        node.port.onmessage = null;
        const name = (e as { name?: string })?.name;
        throw new MicError(name === 'NotAllowedError' ? 'The microphone is not allowed for this page: allow it in the browser to speak.'
          : name === 'NotFoundError' ? 'No microphone was found.' : `The microphone could not be opened (${name ?? e}).`);
      }
    }
    const source = context.createMediaStreamSource(stream);
    source.connect(node);
    return new Capture(context, stream, source, node, owned);
  }

  close(): void {
    this.node.port.onmessage = null;
    this.source.disconnect();
    this.node.disconnect();
    if (this.owned) for (const t of this.stream.getTracks()) t.stop();
  }
}
