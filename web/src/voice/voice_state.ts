// What the voice controls show, as a pure reducer (tested without a
// browser): off, starting, ready (push-to-talk waits), listening (the
// microphone is sent), hearing (the server heard speech begin), thinking,
// speaking; and the words for each, which a screen reader is told.
export type Phase = 'off' | 'starting' | 'ready' | 'listening' | 'hearing' | 'thinking' | 'speaking';

export interface VoiceState {
  phase: Phase;
  handsFree: boolean;
  holding: boolean;
  muted: boolean;
  error: string;
}

export type VoiceAction =
  | { type: 'starting' }
  | { type: 'ready' }
  | { type: 'hold'; on: boolean }
  | { type: 'handsFree'; on: boolean }
  | { type: 'mute'; on: boolean }
  | { type: 'speech' }
  | { type: 'heard' }
  | { type: 'ignored' }
  | { type: 'playing'; on: boolean }
  | { type: 'done' }
  | { type: 'error'; message: string }
  | { type: 'closed'; message?: string };

export const initialVoice: VoiceState = { phase: 'off', handsFree: false, holding: false, muted: false, error: '' };

const live = (p: Phase) => p !== 'off' && p !== 'starting';

function rest(s: VoiceState): Phase {
  return s.holding || s.handsFree ? 'listening' : 'ready';
}

export function voiceReducer(s: VoiceState, a: VoiceAction): VoiceState {
  switch (a.type) {
    case 'starting':
      return { ...s, phase: 'starting', error: '' };
    case 'ready':
      return { ...s, phase: rest(s) };
    case 'hold': {
      const next = { ...s, holding: a.on };
      if (!live(s.phase)) return next;
      // Released after speaking: her answer is on its way (or nothing was heard).
      if (!a.on && s.phase === 'hearing') return { ...next, phase: 'thinking' };
      if (a.on) return { ...next, phase: 'listening' };
      return { ...next, phase: s.phase === 'listening' ? rest(next) : s.phase };
    }
    case 'handsFree': {
      const next = { ...s, handsFree: a.on };
      return live(s.phase) && (s.phase === 'ready' || s.phase === 'listening') ? { ...next, phase: rest(next) } : next;
    }
    case 'mute':
      return { ...s, muted: a.on };
    case 'speech':
      return live(s.phase) ? { ...s, phase: 'hearing', error: '' } : s;
    case 'heard':
      return live(s.phase) ? { ...s, phase: 'thinking' } : s;
    case 'ignored':
    case 'done':
      return live(s.phase) && s.phase !== 'speaking' ? { ...s, phase: rest(s) } : s;
    case 'playing':
      if (!live(s.phase)) return s;
      if (a.on) return s.phase === 'hearing' ? s : { ...s, phase: 'speaking' };
      return s.phase === 'speaking' ? { ...s, phase: rest(s) } : s;
    case 'error':
      return { ...s, error: a.message };
    case 'closed':
      return { ...s, phase: 'off', holding: false, handsFree: false, error: a.message ?? s.error };
  }
}

export function statusText(s: VoiceState, companion: string): string {
  switch (s.phase) {
    case 'off': return 'Voice is off.';
    case 'starting': return 'Opening the microphone…';
    case 'ready': return 'Hold the button, or Space, to talk.';
    case 'listening': return s.handsFree ? 'Listening. Just talk.' : 'Listening…';
    case 'hearing': return 'Hearing you…';
    case 'thinking': return `${companion} is thinking…`;
    case 'speaking': return `${companion} is speaking.`;
  }
}
