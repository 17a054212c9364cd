// The shapes of os1 serve's JSON (API.md). Optional where the contract leaves
// a field to the memory's own views ("id, text, key, value, ...").

export interface Emotion { label: string; valence: number; arousal: number }
export interface UsedMemory { id: string; text: string }
export interface CareResource { name: string; contact: string }
export interface Safety { kind: string; resources: CareResource[] }
export type Finish = 'stop' | 'cancelled' | 'length' | 'error';

export interface Me { name: string; companion: string; csrf: string }
export interface HistoryMessage { id: string; role: 'user' | 'assistant'; text: string; time: string }

export interface Fact {
  id: string;
  text: string;
  key?: string;
  value?: string;
  kind?: string;
  subject?: string;
  confidence?: number;
  valid_from?: string;
  current?: boolean;
  sources?: string[];
}
export interface Hit { id: string; text: string; kind?: string; score?: number; time?: string; sources?: string[] }
/** `os1 memory show ID --json`: a fact, a message (with the facts drawn from it) or a note. */
export interface MemoryRecord {
  id: string;
  text: string;
  kind?: string;
  speaker?: string;
  time?: string;
  valid_from?: string;
  session?: string;
  sources?: string[];
  facts?: Fact[];
  [more: string]: unknown;
}
export interface Forgotten { forgotten: string[]; message: string }
export interface MoodDay { date: string; valence: number; arousal: number; label: string; messages: number }
export interface Persona {
  companion: string;
  person: string;
  voice: string;
  meeting_done: boolean;
  /** Beyond API.md, shown when a server sends them: why the companion chose its name, and its style. */
  name_reason?: string;
  humour?: string;
  length?: string;
}
export interface SetupQuestion {
  key: string;
  text: string;
  answer: string;
  /** Not in API.md: the interview's hint ("warm, playful, calm or direct"), shown when a server sends it. */
  hint?: string;
  /** Not in API.md either: whether the interview needs an answer (you.name). */
  required?: boolean;
}
export interface ModelInfo { name: string; default: boolean; bytes: number }
export interface Models { models: ModelInfo[]; brain: string }

// The WebSocket's messages (server -> client).
export interface TokenEvent { type: 'token'; id: string; text: string }
export interface DoneEvent {
  type: 'done';
  id: string;
  reply: string;
  finish: Finish;
  emotion: Emotion | null;
  memories: UsedMemory[];
  safety: Safety | null;
  first_token_ms?: number;
}
export interface ErrorEvent { type: 'error'; id: string; error: { code: string; message: string } }
/** The answer to a "hello": this socket's conversation (a voice socket joins it). */
export interface HelloEvent { type: 'hello'; conversation: string }
export type ServerEvent = TokenEvent | DoneEvent | ErrorEvent | HelloEvent;
