// One record of "What I know about you": its words, where it came from (its
// source messages), its history (a fact's earlier versions, the ones the
// person corrected marked so), correcting a fact in place, and forgetting.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Api } from '../api';
import type { Corrected, MemoryRecord } from '../types';

export function when(iso?: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export const errorText = (e: unknown) => (e instanceof ApiError ? e.message : 'Something went wrong. Please try again.');

/** Whether a record is a fact that can be corrected (the current version of one). */
export const correctable = (r: MemoryRecord) => /^f\d+$/.test(r.id) && r.current !== false;

function EditFact(props: { api: Api; record: MemoryRecord; onCancel: () => void; onSaved: (c: Corrected) => void }) {
  const [draft, setDraft] = useState(props.record.text);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    box.current?.focus();
    box.current?.select();
  }, []);

  async function save(e?: Event) {
    e?.preventDefault();
    const text = draft.trim();
    if (!text) {
      setError('Say what is right, or press Cancel.');
      return;
    }
    if (text === props.record.text.trim()) {
      props.onCancel();
      return;
    }
    setBusy(true);
    setError('');
    try {
      props.onSaved(await props.api.correct(props.record.id, text));
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
      box.current?.focus();
    }
  }

  return (
    <form class="edit-fact" onSubmit={save} aria-label="Correct what I remember">
      <label for="fact-edit">What's right?</label>
      <textarea id="fact-edit" ref={box} rows={2} value={draft} disabled={busy} aria-describedby="fact-edit-help"
        aria-invalid={error ? true : undefined}
        onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            props.onCancel();
          } else if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            save(e);
          }
        }} />
      <p id="fact-edit-help" class="muted small">Enter saves, Escape cancels. I'll keep what I had before in its history.</p>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="row">
        <button type="button" class="ghost" onClick={props.onCancel} disabled={busy}>Cancel</button>
        <button type="submit" class="primary" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
      </div>
    </form>
  );
}

export function Detail(props: {
  api: Api; id: string; onClose: () => void;
  onForgotten: (ids: string[], message: string) => void;
  onCorrected: (c: Corrected) => void;
}) {
  const { api, id } = props;
  const [record, setRecord] = useState<MemoryRecord | null>(null);
  const [sources, setSources] = useState<MemoryRecord[]>([]);
  const [error, setError] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let live = true;
    setRecord(null);
    setSources([]);
    setConfirming(false);
    setEditing(false);
    setError('');
    api.show(id).then(async (r) => {
      if (!live) return;
      setRecord(r);
      heading.current?.focus();
      const found: MemoryRecord[] = [];
      for (const s of (r.sources ?? []).slice(0, 5)) {
        try {
          found.push(await api.show(s));
        } catch { /* a source already forgotten: skip it */ }
      }
      if (live) setSources(found);
    }, (e) => live && setError(errorText(e)));
    return () => { live = false; };
  }, [api, id]);

  async function forget() {
    setBusy(true);
    try {
      const r = await api.forget(id);
      props.onForgotten(r.forgotten?.length ? r.forgotten : [id], r.message || "It's gone.");
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  }

  function stopEditing() {
    setEditing(false);
    setTimeout(() => editButton.current?.focus(), 0);
  }

  const earlier = (record?.versions ?? []).filter((v) => v.id !== record?.id).reverse();
  const corrected = record?.origin === 'person';
  return (
    <section class="card detail" id="memory-detail" aria-labelledby="detail-title">
      <div class="row between">
        <h2 id="detail-title" tabIndex={-1} ref={heading}>What I remember</h2>
        <button class="ghost small" onClick={props.onClose}>Close</button>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {!record && !error && <p class="muted">One moment…</p>}
      {record && (
        <>
          {editing ? (
            <EditFact api={api} record={record} onCancel={stopEditing} onSaved={props.onCorrected} />
          ) : (
            <p class="record-text">{record.text}</p>
          )}
          <p class="muted small">
            {[record.kind, when((record.valid_from ?? record.time) as string), record.current === false ? 'an older version' : '']
              .filter(Boolean).join(' · ')}
          </p>
          <h3>Where it came from</h3>
          {corrected ? (
            <p class="muted small">You corrected this{when(record.valid_from) ? ` on ${when(record.valid_from)}` : ''}.</p>
          ) : sources.length ? (
            <ul class="sources">
              {sources.map((s) => (
                <li key={s.id}>
                  <q>{s.text}</q>
                  <span class="muted small">{[s.speaker === 'user' || !s.speaker ? 'you said' : `${s.speaker} said`, when(s.time)].filter(Boolean).join(', ')}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted small">{record.sources?.length ? 'Looking…' : 'Something you told me in conversation.'}</p>
          )}
          {earlier.length > 0 && (
            <>
              <h3>Before</h3>
              <ul class="sources history" aria-label="Earlier versions">
                {earlier.map((v) => (
                  <li key={v.id}>
                    <q>{v.text}</q>
                    <span class="muted small">
                      {[v.corrected_by_you ? 'corrected by you' : 'replaced by something you said later', when(v.valid_to)].filter(Boolean).join(', ')}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {record.facts && record.facts.length > 0 && (
            <>
              <h3>What I took from it</h3>
              <ul class="sources">{record.facts.map((f) => <li key={f.id}>{f.text}</li>)}</ul>
            </>
          )}
          {editing ? null : !confirming ? (
            <div class="row">
              {correctable(record) && (
                <button class="ghost" ref={editButton} onClick={() => setEditing(true)} aria-controls="memory-detail">Correct this</button>
              )}
              <button class="danger" onClick={() => setConfirming(true)}>Forget this</button>
            </div>
          ) : (
            <div class="confirm" role="alertdialog" aria-labelledby="confirm-q" aria-describedby="confirm-d">
              <p id="confirm-q"><strong>Forget this for good?</strong></p>
              <p id="confirm-d" class="muted small">I'll remove it and the messages it came from. This can't be undone.</p>
              <div class="row">
                <button class="ghost" onClick={() => setConfirming(false)} disabled={busy}>Keep it</button>
                <button class="danger" onClick={forget} disabled={busy} autoFocus>{busy ? 'Forgetting…' : 'Yes, forget it'}</button>
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
