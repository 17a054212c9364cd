import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Chat, MAX_MESSAGE_BYTES } from '../../src/screens/chat';
import { chatReducer, initialChat, type ChatState } from '../../src/stream';

afterEach(cleanup);

function streaming(): ChatState {
  let s = chatReducer(initialChat, { type: 'say', id: 'c1', text: 'Where does Rachel live?' });
  s = chatReducer(s, { type: 'token', id: 'c1', text: 'In Seattle' });
  return s;
}

describe('Chat', () => {
  it('shows the streaming reply in a live log that is busy until the turn ends, with Stop', () => {
    const onCancel = vi.fn();
    render(<Chat state={streaming()} companion="Iris" person="Alice" connected onSay={() => null} onCancel={onCancel} />);
    const log = screen.getByRole('log');
    expect(log.getAttribute('aria-live')).toBe('polite');
    expect(log.getAttribute('aria-busy')).toBe('true');
    expect(log.textContent).toContain('In Seattle');
    fireEvent.click(screen.getByRole('button', { name: 'Stop the reply' }));
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('shows the memories a reply used behind a disclosure, and the sensed feeling quietly', () => {
    const s = chatReducer(streaming(), {
      type: 'done', id: 'c1', reply: 'In Seattle, you told me.', finish: 'stop',
      emotion: { label: 'sadness', valence: -0.5, arousal: 0.3 },
      memories: [{ id: 'f3', text: 'Rachel lives in Seattle.' }, { id: 'f4', text: 'Your sister is Rachel.' }], safety: null,
    });
    render(<Chat state={s} companion="Iris" person="Alice" connected onSay={() => null} onCancel={() => {}} />);
    expect(screen.getByRole('log').getAttribute('aria-busy')).toBe('false');
    const summary = screen.getByText('I remembered 2 things');
    expect(summary.tagName).toBe('SUMMARY');
    expect(summary.closest('details')!.textContent).toContain('Rachel lives in Seattle.');
    expect(screen.getByTitle('I sensed sadness').textContent).toContain('sadness');
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy();
  });

  it('sends the trimmed draft and keeps it when sending failed', () => {
    const onSay = vi.fn().mockReturnValueOnce("I'm not connected right now.").mockReturnValueOnce(null);
    render(<Chat state={initialChat} companion="Iris" person="Alice" connected onSay={onSay} onCancel={() => {}} />);
    const box = screen.getByLabelText('Message to Iris') as HTMLTextAreaElement;
    fireEvent.input(box, { target: { value: '  hello  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(onSay).toHaveBeenLastCalledWith('hello');
    expect(screen.getByRole('alert').textContent).toBe("I'm not connected right now.");
    expect(box.value).toBe('  hello  ');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(box.value).toBe('');
  });

  it('refuses a message over the 64 KiB limit in plain words without sending it', () => {
    const onSay = vi.fn(() => null);
    render(<Chat state={initialChat} companion="Iris" person="" connected onSay={onSay} onCancel={() => {}} />);
    fireEvent.input(screen.getByLabelText('Message to Iris'), { target: { value: 'é'.repeat(MAX_MESSAGE_BYTES / 2 + 1) } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(onSay).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toMatch(/too long/);
  });

  it('says when a reply was stopped', () => {
    let s = chatReducer(streaming(), { type: 'cancel', id: 'c1' });
    s = chatReducer(s, { type: 'done', id: 'c1', reply: 'In Seattle', finish: 'cancelled', emotion: null, memories: [], safety: null });
    render(<Chat state={s} companion="Iris" person="Alice" connected onSay={() => null} onCancel={() => {}} />);
    expect(screen.getByText('You stopped me here.')).toBeTruthy();
  });
});
