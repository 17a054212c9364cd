import { describe, expect, it } from 'vitest';
import { chatReducer, initialChat, type ChatAction, type ChatState } from '../../src/stream';

const run = (actions: ChatAction[], from: ChatState = initialChat) => actions.reduce(chatReducer, from);
const reply = (s: ChatState, id: string) => s.messages.find((m) => m.role === 'assistant' && m.turn === id)!;
const done = (id: string, extra: Partial<Extract<ChatAction, { type: 'done' }>> = {}): ChatAction => ({
  type: 'done', id, reply: '', finish: 'stop', emotion: null, memories: [], safety: null, ...extra,
});

describe('chatReducer', () => {
  it('grows the reply token by token while it streams', () => {
    const s = run([
      { type: 'say', id: 'c1', text: 'My sister Rachel lives in Seattle' },
      { type: 'token', id: 'c1', text: 'Thank ' },
      { type: 'token', id: 'c1', text: 'you.' },
    ]);
    expect(s.active).toBe('c1');
    expect(s.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(s.messages[0].text).toBe('My sister Rachel lives in Seattle');
    expect(reply(s, 'c1')).toMatchObject({ text: 'Thank you.', streaming: true });
  });

  it("takes the whole reply from done as final, with the turn's emotion, memories and safety", () => {
    const safety = { kind: 'self_harm', resources: [{ name: 'Lifeline', contact: '988' }] };
    const s = run([
      { type: 'say', id: 'c1', text: 'I want to end my life' },
      { type: 'token', id: 'c1', text: "I'm so gl" },
      done('c1', {
        reply: "I'm so glad you told me.",
        emotion: { label: 'sadness', valence: -0.7, arousal: 0.4 },
        memories: [{ id: 'f3', text: 'Rachel lives in Seattle.' }],
        safety,
      }),
    ]);
    expect(s.active).toBeNull();
    expect(reply(s, 'c1')).toMatchObject({
      text: "I'm so glad you told me.", streaming: false, finish: 'stop', safety,
      emotion: { label: 'sadness' }, memories: [{ id: 'f3', text: 'Rachel lives in Seattle.' }],
    });
  });

  it('marks a reply as stopping on cancel and keeps what came when done says cancelled', () => {
    const s1 = run([
      { type: 'say', id: 'c2', text: 'tell me a long story' },
      { type: 'token', id: 'c2', text: 'Once upon ' },
      { type: 'cancel', id: 'c2' },
    ]);
    expect(reply(s1, 'c2')).toMatchObject({ cancelling: true, streaming: true });
    const s2 = run([done('c2', { reply: 'Once upon ', finish: 'cancelled' })], s1);
    expect(reply(s2, 'c2')).toMatchObject({ text: 'Once upon ', finish: 'cancelled', streaming: false, cancelling: false });
    expect(s2.active).toBeNull();
  });

  it('ignores tokens for another turn and tokens after done', () => {
    const s = run([
      { type: 'say', id: 'c1', text: 'hi' },
      { type: 'token', id: 'zz', text: 'stray' },
      done('c1', { reply: 'Hello.' }),
      { type: 'token', id: 'c1', text: ' late' },
    ]);
    expect(reply(s, 'c1').text).toBe('Hello.');
    expect(s.messages).toHaveLength(2);
  });

  it('shows an error on the turn and frees the composer', () => {
    const s = run([
      { type: 'say', id: 'c1', text: 'hi' },
      { type: 'error', id: 'c1', message: "I'm still answering your last message." },
    ]);
    expect(s.active).toBeNull();
    expect(reply(s, 'c1')).toMatchObject({ streaming: false, finish: 'error', error: "I'm still answering your last message." });
  });

  it('says so when the connection drops in the middle of a reply', () => {
    const s = run([{ type: 'say', id: 'c1', text: 'hi' }, { type: 'token', id: 'c1', text: 'Hel' }, { type: 'dropped' }]);
    expect(s.active).toBeNull();
    expect(reply(s, 'c1').error).toMatch(/connection dropped/);
    expect(run([{ type: 'dropped' }])).toBe(initialChat);
  });

  it('loads history oldest first and keeps a turn still in flight', () => {
    const s = run([
      { type: 'say', id: 'c9', text: 'still going' },
      {
        type: 'history',
        messages: [
          { id: 'e1', role: 'user', text: 'hello', time: '2026-12-07T10:00:00Z' },
          { id: 'e2', role: 'assistant', text: 'Hi!', time: '2026-12-07T10:00:01Z' },
        ],
      },
    ]);
    expect(s.messages.map((m) => m.text)).toEqual(['hello', 'Hi!', 'still going', '']);
    expect(s.active).toBe('c9');
  });

  it('keeps the care card, feeling and memories of turns said here when history reloads after a reconnect', () => {
    const safety = { kind: 'self_harm', resources: [{ name: 'Lifeline', contact: '988' }] };
    const s = run([
      { type: 'say', id: 'c1', text: 'I want to end my life' },
      done('c1', { reply: "I'm here with you.", safety, emotion: { label: 'sadness', valence: -0.7, arousal: 0.4 } }),
      { type: 'say', id: 'c2', text: 'something forgotten since' },
      done('c2', { reply: 'Okay.' }),
      {
        type: 'history',
        messages: [
          { id: 'e1', role: 'user', text: 'hello from yesterday', time: '2026-12-06T10:00:00Z' },
          { id: 'e5', role: 'user', text: 'I want to end my life', time: '2026-12-07T10:00:00Z' },
          { id: 'e6', role: 'assistant', text: "I'm here with you.", time: '2026-12-07T10:00:01Z' },
        ],
      },
    ]);
    expect(s.messages.map((m) => m.text)).toEqual(['hello from yesterday', 'I want to end my life', "I'm here with you."]);
    expect(s.messages[2].safety).toEqual(safety);
    expect(s.messages[2].emotion?.label).toBe('sadness');
    expect(s.messages[1].time).toBe('2026-12-07T10:00:00Z');
  });
});
