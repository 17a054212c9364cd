// The conversation as the screen shows it, and how each event changes it: a
// pure reducer, so streaming, cancelling and a turn's end are tested without
// a browser. A turn is the person's message plus the companion's reply with
// the same turn id; tokens grow the reply, `done` replaces it with the whole
// reply (the server's word is final) and brings emotion, memories and safety.
import type { DoneEvent, Emotion, Finish, HistoryMessage, Safety, UsedMemory } from './types';

export interface ChatMessage {
  key: string; // unique on the screen
  turn?: string; // the turn id this message belongs to (live turns)
  role: 'user' | 'assistant';
  text: string;
  time?: string;
  streaming?: boolean;
  cancelling?: boolean;
  finish?: Finish;
  emotion?: Emotion | null;
  memories?: UsedMemory[];
  safety?: Safety | null;
  error?: string;
}

export interface ChatState {
  messages: ChatMessage[];
  /** The turn in flight (one at a time per person), or null. */
  active: string | null;
}

export type ChatAction =
  | { type: 'history'; messages: HistoryMessage[] }
  | { type: 'say'; id: string; text: string; time?: string }
  | { type: 'token'; id: string; text: string }
  | { type: 'cancel'; id: string }
  | ({ type: 'done' } & Omit<DoneEvent, 'type'>)
  | { type: 'error'; id: string; message: string }
  | { type: 'dropped' };

export const initialChat: ChatState = { messages: [], active: null };

function updateReply(state: ChatState, id: string, f: (m: ChatMessage) => ChatMessage): ChatMessage[] | null {
  const i = state.messages.findIndex((m) => m.role === 'assistant' && m.turn === id);
  if (i < 0) return null;
  const messages = state.messages.slice();
  messages[i] = f(messages[i]);
  return messages;
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'history': {
      // What the server remembers is the truth; the turns said on this page
      // keep what only the live stream carried (emotion, memories, the care
      // card) where history has the same message, and a turn still in flight
      // stays at the end.
      const past: ChatMessage[] = action.messages.map((m) => ({ key: `h-${m.id}`, role: m.role, text: m.text, time: m.time }));
      const live = state.messages.filter((m) => m.turn);
      let from = 0;
      const left: ChatMessage[] = [];
      for (const m of live) {
        if (m.turn === state.active) {
          left.push(m);
          continue;
        }
        const j = past.findIndex((p, i) => i >= from && !p.turn && p.role === m.role && p.text.trim() === m.text.trim());
        if (j >= 0) {
          past[j] = { ...m, time: past[j].time ?? m.time };
          from = j + 1;
        }
      }
      return { ...state, messages: [...past, ...left] };
    }
    case 'say':
      return {
        active: action.id,
        messages: [
          ...state.messages,
          { key: `u-${action.id}`, turn: action.id, role: 'user', text: action.text, time: action.time },
          { key: `a-${action.id}`, turn: action.id, role: 'assistant', text: '', streaming: true },
        ],
      };
    case 'token': {
      const messages = updateReply(state, action.id, (m) => (m.streaming ? { ...m, text: m.text + action.text } : m));
      return messages ? { ...state, messages } : state;
    }
    case 'cancel': {
      const messages = updateReply(state, action.id, (m) => (m.streaming ? { ...m, cancelling: true } : m));
      return messages ? { ...state, messages } : state;
    }
    case 'done': {
      const messages = updateReply(state, action.id, (m) => ({
        ...m,
        text: action.reply ?? m.text,
        streaming: false,
        cancelling: false,
        finish: action.finish,
        emotion: action.emotion ?? null,
        memories: action.memories ?? [],
        safety: action.safety ?? null,
      }));
      if (!messages) return state;
      return { messages, active: state.active === action.id ? null : state.active };
    }
    case 'error': {
      const messages = updateReply(state, action.id, (m) => ({ ...m, streaming: false, cancelling: false, finish: 'error', error: action.message }));
      if (!messages) return state;
      return { messages, active: state.active === action.id ? null : state.active };
    }
    case 'dropped': {
      // The connection went while a reply was coming: say so; the server
      // finishes or stores the turn, and history shows it after reconnecting.
      if (!state.active) return state;
      const id = state.active;
      const messages = updateReply(state, id, (m) => ({
        ...m,
        streaming: false,
        cancelling: false,
        finish: 'error',
        error: 'The connection dropped before I finished. I will show what I said once we are connected again.',
      }));
      return { messages: messages ?? state.messages, active: null };
    }
  }
}

let counter = 0;
/** A new turn id, unique for this page. */
export function newTurnId(): string {
  counter++;
  return `c${Date.now().toString(36)}${counter}`;
}
