// "You": who you are signed in as, the companion's persona, the brain and
// models on the server, meeting again, and signing out.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Api } from '../api';
import type { Models, Persona } from '../types';

function size(bytes: number): string {
  if (!bytes) return '';
  const gb = bytes / 1e9;
  return gb >= 1 ? `${gb.toFixed(1)} GB` : `${Math.round(bytes / 1e6)} MB`;
}

const BRAIN: Record<string, string> = {
  none: 'No language model: I answer from what I remember.',
  local: 'A model running on this computer.',
  openai: 'A model on a server you chose.',
};

export function Settings(props: { api: Api; name: string; persona: Persona | null; onMeet: () => void; onSignOut: () => void }) {
  const [models, setModels] = useState<Models | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    props.api.models().then(setModels, (e) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [props.api]);

  const p = props.persona;
  return (
    <section class="settings" aria-labelledby="settings-title">
      <h1 id="settings-title">You and {p?.companion || 'os1'}</h1>
      <div class="card">
        <dl class="facts-dl">
          <dt>Signed in as</dt><dd>{props.name}</dd>
          {p?.companion && (<><dt>Your companion</dt><dd>{p.companion}</dd></>)}
          {p?.voice && (<><dt>How they talk</dt><dd>{p.voice}</dd></>)}
          {p?.humour && (<><dt>Humour</dt><dd>{p.humour}</dd></>)}
          {p?.length && (<><dt>Replies</dt><dd>{p.length}</dd></>)}
        </dl>
        <button class="ghost" onClick={props.onMeet}>Answer the first questions again</button>
      </div>
      <h2>Brain and models</h2>
      <div class="card">
        {error && <p class="error" role="alert">{error}</p>}
        {!models && !error && <p class="muted">One moment…</p>}
        {models && (
          <>
            <p>{BRAIN[models.brain] ?? models.brain}</p>
            {models.models.length ? (
              <ul class="models">
                {models.models.map((m) => (
                  <li key={m.name}>
                    <span>{m.name}</span>
                    <span class="muted small">{[m.default ? 'default' : '', size(m.bytes)].filter(Boolean).join(' · ')}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted small">No models installed. <code>os1 pull</code> on the computer adds one.</p>
            )}
            <p class="muted small">The brain and model are chosen where os1 runs (<code>os1 serve --brain …</code>).</p>
          </>
        )}
      </div>
      <button class="danger wide" onClick={props.onSignOut}>Sign out</button>
    </section>
  );
}
