// Talking: the conversation, the reply as it streams in, Stop, and under a
// reply the memories it drew on (expandable), the feeling the companion
// sensed (a small dot and a word) and, when a turn carried `safety`, the care
// card with the help lines.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { CrisisCard } from '../components/crisis_card';
import { Markdown } from '../markdown';
import type { ChatMessage, ChatState } from '../stream';
import type { Emotion } from '../types';

export const MAX_MESSAGE_BYTES = 64 * 1024; // the companion's own limit (API.md)

const WARM = new Set(['joy', 'love', 'gratitude', 'amusement', 'excitement', 'optimism', 'pride', 'relief', 'admiration', 'caring', 'approval']);
const HEAVY = new Set(['sadness', 'grief', 'disappointment', 'remorse', 'loneliness']);
const TENSE = new Set(['fear', 'nervousness', 'anxiety', 'anger', 'annoyance', 'disgust', 'embarrassment']);

export function emotionTone(e: Emotion): string {
  if (WARM.has(e.label)) return 'warm';
  if (HEAVY.has(e.label)) return 'heavy';
  if (TENSE.has(e.label)) return 'tense';
  return e.valence > 0.2 ? 'warm' : e.valence < -0.2 ? 'heavy' : 'calm';
}

function Sensed({ emotion }: { emotion: Emotion }) {
  if (!emotion.label || emotion.label === 'neutral') return null;
  return (
    <span class={`sensed tone-${emotionTone(emotion)}`} title={`I sensed ${emotion.label}`}>
      <span class="dot" aria-hidden="true" />
      <span class="visually-hidden">I sensed </span>
      {emotion.label}
    </span>
  );
}

function Reply({ m }: { m: ChatMessage }) {
  return (
    <>
      <div class="bubble">
        {m.text ? <Markdown text={m.text} /> : m.streaming ? <span class="typing" aria-label="thinking"><i /><i /><i /></span> : null}
        {m.error && <p class="turn-error" role="alert">{m.error}</p>}
      </div>
      {(m.finish === 'cancelled' || m.finish === 'length' || (m.memories && m.memories.length > 0)) && (
        <div class="meta">
          {m.finish === 'cancelled' && <span class="note">You stopped me here.</span>}
          {m.finish === 'length' && <span class="note">I ran out of room for this reply.</span>}
          {m.memories && m.memories.length > 0 && (
            <details class="used" onToggle={(e) => {
              const d = e.currentTarget as HTMLDetailsElement;
              if (d.open) d.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
            }}>
              <summary>{m.memories.length === 1 ? 'I remembered 1 thing' : `I remembered ${m.memories.length} things`}</summary>
              <ul>{m.memories.map((u) => <li key={u.id}>{u.text}</li>)}</ul>
            </details>
          )}
        </div>
      )}
      {m.safety && <CrisisCard safety={m.safety} />}
    </>
  );
}

export function Chat(props: {
  state: ChatState;
  companion: string;
  person: string;
  /** Why the companion chose its name (said once, before the first message). */
  nameReason?: string;
  connected: boolean;
  onSay: (text: string) => string | null; // an error to show, or null when sent
  onCancel: () => void;
  /** The voice controls (web/src/voice), shown above the composer. */
  voice?: ComponentChildren;
}) {
  const [draft, setDraft] = useState('');
  const [error, setError] = useState('');
  const end = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const { messages, active } = props.state;
  const last = messages[messages.length - 1];
  // Messages already there when the screen opened don't rise in again.
  const shownAtOpen = useRef<Set<string> | null>(null);
  if (!shownAtOpen.current) shownAtOpen.current = new Set(messages.map((m) => m.key));

  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end', behavior: 'smooth' });
  }, [messages.length, last?.text, last?.safety]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 160)}px`;
  }, [draft]);

  function send(e?: Event) {
    e?.preventDefault();
    const text = draft.trim();
    if (!text || active) return;
    if (new TextEncoder().encode(text).length > MAX_MESSAGE_BYTES) {
      setError("That's too long for one message. Could you split it into a few?");
      return;
    }
    const err = props.onSay(text);
    if (err) setError(err);
    else {
      setError('');
      setDraft('');
    }
  }

  const emotionOf = (turn?: string) =>
    turn ? messages.find((x) => x.role === 'assistant' && x.turn === turn)?.emotion ?? null : null;

  return (
    <section class="chat" aria-label={`Talking with ${props.companion}`}>
      <div class="log" role="log" aria-live="polite" aria-busy={active ? 'true' : 'false'} aria-label="Conversation">
        {messages.length === 0 && (
          <div class="welcome">
            <div class="welcome-mark" aria-hidden="true" />
            <p>{props.person ? `Hi ${props.person}.` : 'Hi.'} {props.nameReason ? `I'm ${props.companion}.` : "I'm here."}</p>
            {props.nameReason && <p class="muted name-reason">{props.nameReason}</p>}
            <p class="muted">What's on your mind?</p>
          </div>
        )}
        {messages.map((m) => {
          const emotion = m.role === 'user' ? emotionOf(m.turn) : null;
          return (
            <article key={m.key} class={`msg ${m.role}${m.streaming ? ' streaming' : ''}${shownAtOpen.current!.has(m.key) ? '' : ' fresh'}`}
              aria-label={m.role === 'user' ? 'You said' : `${props.companion} said`}>
              {m.role === 'user' ? (
                <>
                  <div class="bubble"><Markdown text={m.text} /></div>
                  {emotion && <div class="meta"><Sensed emotion={emotion} /></div>}
                </>
              ) : (
                <Reply m={m} />
              )}
            </article>
          );
        })}
        <div ref={end} />
      </div>
      {props.voice}
      <form class="composer" onSubmit={send}>
        <label for="say" class="visually-hidden">Message to {props.companion}</label>
        <textarea id="say" ref={box} rows={1} value={draft} placeholder={`Talk to ${props.companion}…`}
          enterkeyhint="send"
          onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && matchMedia('(pointer: fine)').matches) send(e);
          }} />
        {active ? (
          <button type="button" class="round stop" onClick={props.onCancel} aria-label="Stop the reply">
            <svg viewBox="0 0 24 24" aria-hidden="true"><rect x="7" y="7" width="10" height="10" rx="2" /></svg>
          </button>
        ) : (
          <button type="submit" class="round send" aria-label="Send" disabled={!draft.trim() || !props.connected}>
            <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M5 12h13M13 6l6 6-6 6" /></svg>
          </button>
        )}
      </form>
      {error && <p class="composer-error error" role="alert">{error}</p>}
    </section>
  );
}
