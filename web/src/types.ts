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
  /** "rules" (drawn from what was said) or "person" (corrected by the person); `provenance` says it in words. */
  origin?: string;
  provenance?: string;
  valid_to?: string;
  superseded_by?: string;
  /** In a version list (GET /api/memory/{id}): this version was replaced by the person's correction. */
  corrected_by_you?: boolean;
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
  /** A fact's versions, oldest first (its history), each a Fact. */
  versions?: Fact[];
  current?: boolean;
  origin?: string;
  provenance?: string;
  superseded_by?: string;
  [more: string]: unknown;
}
/** PUT /api/memory/{id}: the corrected fact (a new version) and the one it replaced. */
export interface Corrected { fact: Fact; replaced: Fact; message: string }
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
/** GET/PUT /api/settings: the persona's style and the person's brain and model. */
export interface Style { tone: string; humour: string; length: string }
export interface BrainOption { name: string; available: boolean }
export interface SettingsView {
  meeting_done: boolean;
  style: Style;
  styles: { tone: string[]; humour: string[]; length: string[] };
  /** The brain and model the next turn uses, and the one answering now. */
  brain: string;
  model: string;
  using: string;
  /** What the person chose ("" = the server's default). */
  chosen: { brain: string; model: string };
  brains: BrainOption[];
  /** Installed chat models, by name. */
  models: string[];
  /** Why the chosen brain cannot run now (the none brain stands in). */
  problem?: string;
}
export type SettingsChange = Partial<Style & { brain: string; model: string }>;
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
