// "What I know about you": the facts, a search over everything remembered,
// one record with where it came from (its source messages), forgetting (after
// a confirm) and a download of the whole memory as JSON.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Api } from '../api';
import type { Fact, Hit, MemoryRecord } from '../types';

function when(iso?: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

const errorText = (e: unknown) => (e instanceof ApiError ? e.message : 'Something went wrong. Please try again.');

function Detail({ api, id, onClose, onForgotten }: { api: Api; id: string; onClose: () => void; onForgotten: (ids: string[], message: string) => void }) {
  const [record, setRecord] = useState<MemoryRecord | null>(null);
  const [sources, setSources] = useState<MemoryRecord[]>([]);
  const [error, setError] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    setRecord(null);
    setSources([]);
    setConfirming(false);
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
      onForgotten(r.forgotten?.length ? r.forgotten : [id], r.message || "It's gone.");
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  }

  return (
    <section class="card detail" id="memory-detail" aria-labelledby="detail-title">
      <div class="row between">
        <h2 id="detail-title" tabIndex={-1} ref={heading}>What I remember</h2>
        <button class="ghost small" onClick={onClose}>Close</button>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {!record && !error && <p class="muted">One moment…</p>}
      {record && (
        <>
          <p class="record-text">{record.text}</p>
          <p class="muted small">{[record.kind, when((record.valid_from ?? record.time) as string)].filter(Boolean).join(' · ')}</p>
          <h3>Where it came from</h3>
          {sources.length ? (
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
          {record.facts && record.facts.length > 0 && (
            <>
              <h3>What I took from it</h3>
              <ul class="sources">{record.facts.map((f) => <li key={f.id}>{f.text}</li>)}</ul>
            </>
          )}
          {!confirming ? (
            <button class="danger" onClick={() => setConfirming(true)}>Forget this</button>
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

export function MemoryScreen({ api }: { api: Api }) {
  const [facts, setFacts] = useState<Fact[] | null>(null);
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [q, setQ] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');

  const load = () => api.facts().then(setFacts, (e) => setError(errorText(e)));
  useEffect(() => { load(); }, [api]);

  async function search(e: Event) {
    e.preventDefault();
    setError('');
    if (!q.trim()) {
      setHits(null);
      return;
    }
    try {
      setHits(await api.search(q.trim(), 10));
    } catch (err) {
      setError(errorText(err));
    }
  }

  async function download() {
    setError('');
    try {
      const blob = await api.exportMemory();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `os1-memory-${new Date().toISOString().slice(0, 10)}.json`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setNotice('Your memory is downloading.');
    } catch (err) {
      setError(errorText(err));
    }
  }

  function forgotten(ids: string[], message: string) {
    setSelected(null);
    setNotice(message);
    setFacts((fs) => fs?.filter((f) => !ids.includes(f.id)) ?? fs);
    setHits((hs) => hs?.filter((h) => !ids.includes(h.id)) ?? hs);
    load();
  }

  const list: { id: string; text: string; date?: string }[] | null = hits
    ? hits.map((h) => ({ id: h.id, text: h.text, date: h.time }))
    : facts?.map((f) => ({ id: f.id, text: f.text, date: f.valid_from })) ?? null;

  return (
    <section class="memory" aria-labelledby="memory-title">
      <div class="row between">
        <h1 id="memory-title">What I know about you</h1>
        <button class="ghost small" onClick={download}>Download</button>
      </div>
      <form role="search" class="search" onSubmit={search}>
        <label for="memory-q" class="visually-hidden">Search what I remember</label>
        <input id="memory-q" type="search" placeholder="Search what I remember" value={q}
          onInput={(e) => {
            const v = (e.target as HTMLInputElement).value;
            setQ(v);
            if (!v) setHits(null);
          }} />
        <button class="ghost small" type="submit">Search</button>
      </form>
      <p class="notice" role="status">{notice}</p>
      {error && <p class="error" role="alert">{error}</p>}
      {selected && <Detail api={api} id={selected} onClose={() => setSelected(null)} onForgotten={forgotten} />}
      {list === null && !error && <p class="muted">One moment…</p>}
      {list && list.length === 0 && (
        <p class="muted empty">{hits ? "I don't remember anything like that." : "Nothing yet. As we talk, I'll keep the things that matter to you here."}</p>
      )}
      {list && list.length > 0 && (
        <ul class="facts">
          {list.map((f) => (
            <li key={f.id}>
              <button class={`fact${selected === f.id ? ' on' : ''}`} onClick={() => setSelected(f.id)}
                aria-expanded={selected === f.id} aria-controls={selected === f.id ? 'memory-detail' : undefined}>
                <span class="fact-text">{f.text}</span>
                {f.date && <span class="muted small">{when(f.date)}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
