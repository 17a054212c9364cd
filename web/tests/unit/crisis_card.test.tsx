import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { contactHref, CrisisCard } from '../../src/components/crisis_card';
import { Chat } from '../../src/screens/chat';
import { chatReducer, initialChat } from '../../src/stream';

afterEach(cleanup);

const safety = {
  kind: 'self_harm',
  resources: [
    { name: 'Suicide & Crisis Lifeline (US)', contact: '988' },
    { name: 'Crisis Text Line', contact: 'Text HOME to 741741' },
    { name: 'Samaritans', contact: '116 123' },
    { name: 'Find a helpline', contact: 'https://findahelpline.com' },
    { name: 'Your doctor', contact: 'ask for an urgent appointment' },
  ],
};

describe('CrisisCard', () => {
  it('lists every help line, each a tap away when it can be', () => {
    render(<CrisisCard safety={safety} />);
    const card = screen.getByRole('region', { name: "You don't have to go through this alone" });
    expect(card.getAttribute('aria-live')).toBe('polite');
    expect(screen.getByRole('link', { name: '988' }).getAttribute('href')).toBe('tel:988');
    expect(screen.getByRole('link', { name: '116 123' }).getAttribute('href')).toBe('tel:116123');
    expect(screen.getByRole('link', { name: 'Text HOME to 741741' }).getAttribute('href')).toBe('sms:741741?body=HOME');
    expect(screen.getByRole('link', { name: 'https://findahelpline.com' }).getAttribute('rel')).toContain('noopener');
    expect(screen.getByText('ask for an urgent appointment').tagName).toBe('SPAN');
    expect(card.querySelectorAll('li')).toHaveLength(5);
  });

  it('points to emergency services when the server sent no lines', () => {
    render(<CrisisCard safety={{ kind: 'other', resources: [] }} />);
    expect(screen.getByRole('region').textContent).toMatch(/local emergency number/);
  });

  it('makes links only of numbers and web addresses', () => {
    expect(contactHref('javascript:alert(1)')).toBeNull();
    expect(contactHref('+44 (0) 800 123 456')).toBe('tel:+440800123456');
    expect(contactHref('12')).toBeNull();
  });

  it('appears in the conversation under the reply whose turn carried safety', () => {
    let s = chatReducer(initialChat, { type: 'say', id: 'c1', text: 'I want to end my life' });
    s = chatReducer(s, { type: 'done', id: 'c1', reply: "I'm here with you.", finish: 'stop', emotion: null, memories: [], safety });
    s = chatReducer(s, { type: 'say', id: 'c2', text: 'thank you' });
    s = chatReducer(s, { type: 'done', id: 'c2', reply: 'Of course.', finish: 'stop', emotion: null, memories: [], safety: null });
    render(<Chat state={s} companion="Iris" person="Alice" connected onSay={() => null} onCancel={() => {}} />);
    const cards = screen.getAllByRole('region', { name: "You don't have to go through this alone" });
    expect(cards).toHaveLength(1);
    const replyArticle = cards[0].closest('article')!;
    expect(replyArticle.textContent).toContain("I'm here with you.");
  });
});
