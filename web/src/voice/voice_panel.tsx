// Talking out loud in the chat screen: a push-to-talk button (hold it, or
// hold Space), a hands-free switch, and a mute switch for her voice. The
// words the server hears and her reply go into the conversation like typed
// ones (`turns`); her voice plays as it comes. Pressing to talk while she
// speaks stops her (barge-in); the state is announced to screen readers.
import { useEffect, useReducer, useRef } from 'preact/hooks';
import type { DoneEvent } from '../types';
import { Capture, micUnavailable } from './capture';
import { Player } from './player';
import { VoiceSocket, voiceUrl, type VoiceEvent } from './voice_socket';
import { initialVoice, statusText, voiceReducer } from './voice_state';
import './voice.css';

export const REPEAT_PROMPT = "Sorry, I didn't catch that. Could you say it again?";

/** Where a spoken turn goes in the conversation (the chat's reducer). */
export interface VoiceTurns {
  heard: (text: string) => string; // the person's words; returns the turn's id
  token: (id: string, text: string) => void;
  done: (id: string, e: DoneEvent) => void;
  failed: (id: string, message: string) => void;
}

interface Session {
  context: AudioContext;
  player: Player;
  socket: VoiceSocket;
  capture: Capture | null;
}

export function VoicePanel(props: {
  companion: string;
  turns: VoiceTurns;
  /** The chat socket's conversation id, joined by the voice socket ("" = one of its own). */
  conversation?: () => string;
  getStream?: () => Promise<MediaStream>;
}) {
  const [state, dispatch] = useReducer(voiceReducer, initialVoice);
  const session = useRef<Session | null>(null);
  const opening = useRef<Promise<Session | null> | null>(null);
  const sending = useRef(false);
  const pressPending = useRef(false);
  const turn = useRef<string | null>(null);
  const turns = useRef(props.turns);
  turns.current = props.turns;
  const stateRef = useRef(state);
  stateRef.current = state;

  function onEvent(e: VoiceEvent, s: Session) {
    switch (e.type) {
      case 'speech': return dispatch({ type: 'speech' });
      case 'heard':
        turn.current = turns.current.heard(e.text);
        return dispatch({ type: 'heard' });
      case 'ignored': return dispatch({ type: 'ignored' });
      case 'token':
        if (turn.current) turns.current.token(turn.current, e.text);
        return;
      case 'repeat':
        if (turn.current) turns.current.done(turn.current, { type: 'done', id: turn.current, reply: REPEAT_PROMPT, finish: 'stop', emotion: null, memories: [], safety: null });
        turn.current = null;
        return dispatch({ type: 'done' });
      case 'done':
        if (turn.current) turns.current.done(turn.current, { ...e, id: turn.current });
        turn.current = null;
        return dispatch({ type: 'done' });
      case 'failed':
        if (turn.current) turns.current.failed(turn.current, e.message);
        turn.current = null;
        return dispatch({ type: 'done' });
      case 'stop': return s.player.stop();
      case 'error': return dispatch({ type: 'error', message: e.error?.message || 'Something went wrong with the voice conversation.' });
    }
  }

  function close(message?: string) {
    const s = session.current;
    session.current = null;
    opening.current = null;
    sending.current = false;
    if (s) {
      s.capture?.close();
      s.player.stop();
      s.socket.close();
      void s.context.close().catch(() => {});
    }
    if (turn.current) turns.current.failed(turn.current, 'The voice conversation ended before I finished.');
    turn.current = null;
    dispatch({ type: 'closed', message });
  }

  // Opens the microphone and the conversation (on the first press: a
  // browser asks for the microphone only after a gesture).
  function ensureOpen(): Promise<Session | null> {
    if (session.current) return Promise.resolve(session.current);
    if (opening.current) return opening.current;
    const why = micUnavailable();
    if (why && !props.getStream) {
      dispatch({ type: 'closed', message: why });
      return Promise.resolve(null);
    }
    dispatch({ type: 'starting' });
    const context = new AudioContext();
    void context.resume();
    const player = new Player(context);
    player.setMuted(stateRef.current.muted);
    let s: Session;
    const socket = new VoiceSocket(voiceUrl(), {
      conversation: props.conversation?.() ?? '',
      onEvent: (e) => onEvent(e, s),
      onAudio: (samples) => player.play(samples),
      onClose: () => {
        if (session.current === s || opening.current) close(stateRef.current.error || 'The voice conversation ended.');
      },
    });
    s = { context, player, socket, capture: null };
    player.onPlaying = (on) => dispatch({ type: 'playing', on });
    opening.current = (async () => {
      try {
        await socket.open();
        const stream = props.getStream ? await props.getStream() : undefined;
        s.capture = await Capture.open((frame) => {
          if (!sending.current) return;
          if (pressPending.current) {
            pressPending.current = false;
            socket.press();
          }
          socket.sendFrame(frame);
        }, context, stream);
        session.current = s;
        opening.current = null;
        dispatch({ type: 'ready' });
        return s;
      } catch (e) {
        s.capture?.close();
        socket.close();
        void context.close().catch(() => {});
        opening.current = null;
        dispatch({ type: 'closed', message: (e as Error).message });
        return null;
      }
    })();
    return opening.current;
  }

  async function press() {
    if (stateRef.current.holding) return;
    dispatch({ type: 'hold', on: true });
    // "press" goes just before the first frame of the hold (it stops her
    // turn on the server); here she is silenced at once.
    pressPending.current = true;
    sending.current = true;
    session.current?.player.stop();
    if (!(await ensureOpen())) sending.current = false;
  }

  function release() {
    if (!stateRef.current.holding) return;
    dispatch({ type: 'hold', on: false });
    if (stateRef.current.handsFree) return;
    sending.current = false;
    session.current?.socket.end();
  }

  async function toggleHandsFree() {
    const on = !stateRef.current.handsFree;
    dispatch({ type: 'handsFree', on });
    if (!on) {
      sending.current = stateRef.current.holding;
      session.current?.socket.end();
      return;
    }
    const s = await ensureOpen();
    if (s && stateRef.current.handsFree) sending.current = true;
  }

  function toggleMute() {
    const on = !stateRef.current.muted;
    dispatch({ type: 'mute', on });
    session.current?.player.setMuted(on);
  }

  // Space held anywhere but in a text field is push-to-talk.
  useEffect(() => {
    const typing = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    const down = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || typing(e.target)) return;
      e.preventDefault();
      if (!e.repeat) void press();
    };
    const up = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || typing(e.target)) return;
      e.preventDefault();
      release();
    };
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
    };
  }, []);
  useEffect(() => () => close(), []);

  const talking = state.holding || state.handsFree;
  return (
    <div class="voice" role="group" aria-label="Speak">
      <button type="button" class={`round talk${talking ? ' on' : ''}`} aria-pressed={state.holding ? 'true' : 'false'}
        aria-label={`Hold to talk to ${props.companion}`} aria-describedby="voice-status"
        onPointerDown={(e) => {
          (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
          void press();
        }}
        onPointerUp={release} onPointerCancel={release}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.repeat) void press();
        }}
        onKeyUp={(e) => {
          if (e.key === 'Enter') release();
        }}
        onContextMenu={(e) => e.preventDefault()}>
        <svg viewBox="0 0 24 24" aria-hidden="true"><rect x="9" y="3" width="6" height="12" rx="3" /><path d="M5 11a7 7 0 0 0 14 0M12 18v3" /></svg>
      </button>
      <button type="button" class={`pill${state.handsFree ? ' on' : ''}`} aria-pressed={state.handsFree ? 'true' : 'false'} onClick={() => void toggleHandsFree()}>
        Hands-free
      </button>
      <button type="button" class={`pill${state.muted ? ' on' : ''}`} aria-pressed={state.muted ? 'true' : 'false'} onClick={toggleMute}
        aria-label={`Mute ${props.companion}'s voice`}>
        Mute
      </button>
      <p id="voice-status" class="voice-status" role="status" aria-live="polite">{statusText(state, props.companion)}</p>
      {state.error && <p class="voice-error error" role="alert">{state.error}</p>}
    </div>
  );
}
