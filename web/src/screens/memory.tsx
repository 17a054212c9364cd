// "What I know about you": the facts, a search over everything remembered,
// one record with where it came from (memory_detail.tsx: its source messages
// and history), correcting a fact, forgetting (after a confirm) and a
// download of the whole memory as JSON.
import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api';
import type { Corrected, Fact, Hit } from '../types';
import { Detail, errorText, when } from './memory_detail';

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

  function corrected(c: Corrected) {
    setNotice(c.message || "Thank you. I've corrected it.");
    const swap = (id: string) => (id === c.replaced.id ? c.fact.id : id);
    setFacts((fs) => fs?.map((f) => (f.id === c.replaced.id ? c.fact : f)) ?? fs);
    setHits((hs) => hs?.map((h) => (h.id === c.replaced.id ? { ...h, id: c.fact.id, text: c.fact.text } : h)) ?? hs);
    setSelected((s) => (s ? swap(s) : s));
  }

  const corrections = new Set((facts ?? []).filter((f) => f.origin === 'person').map((f) => f.id));
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
      {selected && <Detail api={api} id={selected} onClose={() => setSelected(null)} onForgotten={forgotten}
        onCorrected={corrected} />}
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
                {(f.date || corrections.has(f.id)) && (
                  <span class="muted small">{[corrections.has(f.id) ? 'corrected by you' : '', when(f.date)].filter(Boolean).join(' · ')}</span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
