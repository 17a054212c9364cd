// Letters: the drafts and finished letters, newest first; a new letter;
// one letter to read and, while it is a draft, edit (the old text is kept
// as a version) and finish (after a confirm); the book of the finished
// letters as a PDF download.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Api } from '../api';
import { SkillsApi, type Letter } from '../skills_api';
import { LifeTabs, errorText } from './reminders_parts';

function day(iso?: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

function Editor({ skills, id, onClose, onChanged }: { skills: SkillsApi; id: number | 'new'; onClose: () => void; onChanged: (l: Letter, said: string) => void }) {
  const [letter, setLetter] = useState<Letter | null>(null);
  const [recipient, setRecipient] = useState('');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [error, setError] = useState('');
  const [confirming, setConfirming] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    setError('');
    setConfirming(false);
    if (id === 'new') {
      setLetter(null);
      setRecipient('');
      setTitle('');
      setBody('');
      heading.current?.focus();
      return;
    }
    skills.letter(id).then((l) => {
      setLetter(l);
      setRecipient(l.recipient);
      setTitle(l.title);
      setBody(l.body ?? '');
      heading.current?.focus();
    }, (e) => setError(errorText(e)));
  }, [skills, id]);
  const finished = letter?.status === 'finished';
  async function save(e: Event) {
    e.preventDefault();
    setError('');
    try {
      const l = id === 'new'
        ? await skills.newLetter({ recipient: recipient.trim(), title: title.trim(), body })
        : await skills.editLetter(id, { recipient: recipient.trim(), title: title.trim(), body });
      setLetter(l);
      onChanged(l, id === 'new' ? `Your letter to ${l.recipient} is kept as a draft.` : 'Saved.');
    } catch (err) {
      setError(errorText(err));
    }
  }
  async function finish() {
    if (!letter) return;
    try {
      const l = await skills.finishLetter(letter.id);
      setLetter(l);
      setConfirming(false);
      onChanged(l, `Your letter to ${l.recipient} is finished.`);
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <section class="card detail" aria-labelledby="letter-title">
      <div class="row between">
        <h2 id="letter-title" tabIndex={-1} ref={heading}>{id === 'new' ? 'A new letter' : letter ? letter.title || `To ${letter.recipient}` : 'Letter'}</h2>
        <button class="ghost small" onClick={onClose}>Close</button>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {finished ? (
        <>
          <p class="muted small">Finished {day(letter?.finished)} · {letter?.words} words</p>
          <div class="letter-body">{letter?.body}</div>
        </>
      ) : (
        <form class="stack" onSubmit={save}>
          <label for="letter-to">To</label>
          <input id="letter-to" value={recipient} maxLength={100} required onInput={(e) => setRecipient((e.target as HTMLInputElement).value)} />
          <label for="letter-name">Title (optional)</label>
          <input id="letter-name" value={title} maxLength={200} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
          <label for="letter-text">The letter</label>
          <textarea id="letter-text" rows={12} value={body} maxLength={200000} onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)} />
          <div class="row">
            <button class="primary" type="submit" disabled={!recipient.trim()}>{id === 'new' ? 'Keep as a draft' : 'Save'}</button>
            {letter && !confirming && <button class="ghost" type="button" onClick={() => setConfirming(true)}>Finish…</button>}
          </div>
          {letter && confirming && (
            <div class="confirm" role="alertdialog" aria-labelledby="finish-q">
              <p id="finish-q"><strong>Finish this letter?</strong> It can go in your book then; it won't be a draft any more.</p>
              <div class="row">
                <button class="ghost" type="button" onClick={() => setConfirming(false)}>Not yet</button>
                <button class="primary" type="button" onClick={finish} autoFocus>Yes, finish it</button>
              </div>
            </div>
          )}
        </form>
      )}
    </section>
  );
}

export function LettersScreen({ api }: { api: Api }) {
  const skills = useMemo(() => new SkillsApi(api), [api]);
  const [letters, setLetters] = useState<Letter[] | null>(null);
  const [open, setOpen] = useState<number | 'new' | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const load = () => skills.letters().then(setLetters, (e) => setError(errorText(e)));
  useEffect(() => { load(); }, [skills]);
  const finished = (letters ?? []).filter((l) => l.status === 'finished');
  return (
    <section class="life" aria-labelledby="letters-title">
      <LifeTabs route="/letters" />
      <div class="row between">
        <h1 id="letters-title">Letters</h1>
        <button class="primary small" onClick={() => setOpen('new')}>New letter</button>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      <p class="notice" role="status">{notice}</p>
      {open !== null && (
        <Editor skills={skills} id={open} onClose={() => setOpen(null)}
          onChanged={(l, said) => { setNotice(said); setOpen(l.id); load(); }} />
      )}
      {letters === null && !error && <p class="muted">One moment…</p>}
      {letters && !letters.length && <p class="muted">No letters yet. Start one here, or say "help me write a letter to …" in the chat.</p>}
      {letters && letters.length > 0 && (
        <ul class="items" aria-label="Letters, newest first">
          {letters.map((l) => (
            <li key={l.id}>
              <button class="item" onClick={() => setOpen(l.id)} aria-current={open === l.id ? 'true' : undefined}>
                <span class="item-main">
                  <span class="item-title">{l.title || `To ${l.recipient}`}</span>
                  <span class="muted small">{l.status === 'finished' ? `finished ${day(l.finished)}` : `draft · ${day(l.updated)}`} · {l.words} words</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <section class="card stack" aria-labelledby="book-title">
        <h2 id="book-title">The book</h2>
        <p class="muted small">
          {finished.length ? `Your ${finished.length} finished ${finished.length === 1 ? 'letter' : 'letters'}, typeset with a cover and dates.` : 'Finish a letter to make a book of it.'}
        </p>
        {finished.length > 0 && <a class="file-button" href="/api/letters/book" download="letters.pdf">Download the book (PDF)</a>}
      </section>
    </section>
  );
}
