// "You": who you are signed in as, the companion's style (tone, humour,
// reply length), the brain and model that answer you, meeting again, and
// signing out. Style and brain are saved on the server for you alone
// (PUT /api/settings: persona.toml and your own config, as the CLI keeps
// them) and apply from your next message.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Api } from '../api';
import type { Persona, SettingsChange, SettingsView, Style } from '../types';

const BRAIN: Record<string, string> = {
  none: 'No language model: I answer from what I remember.',
  local: 'A model running on this computer.',
  openai: 'A model on a server you chose.',
};
const BRAIN_NAME: Record<string, string> = { none: 'No model', local: 'On this computer', openai: 'A model server' };
const UNAVAILABLE: Record<string, string> = {
  local: 'No model is installed yet: os1 pull on the computer adds one.',
  openai: 'No model server is set up where os1 runs (os1 serve --url, or brain.url).',
};
const STYLE_LABEL: Record<keyof Style, string> = { tone: 'Tone', humour: 'Humour', length: 'Replies' };

const errorText = (e: unknown) => (e instanceof ApiError ? e.message : 'Something went wrong. Please try again.');
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A group of choices as radio buttons: arrow keys move, the group has a name a screen reader says. */
function Choices(props: { name: string; legend: string;
  options: { value: string; label: string; disabled?: boolean; hint?: string; describedBy?: string }[];
  value: string; onChange: (v: string) => void }) {
  return (
    <fieldset class="choices">
      <legend>{props.legend}</legend>
      <div class="chips">
        {props.options.map((o) => {
          const id = `${props.name}-${o.value}`;
          return (
            <label key={o.value} class={`chip${props.value === o.value ? ' on' : ''}${o.disabled ? ' off' : ''}`} for={id} title={o.hint}>
              <input class="visually-hidden" type="radio" id={id} name={props.name} value={o.value} checked={props.value === o.value}
                disabled={o.disabled} aria-describedby={o.describedBy ?? (o.hint ? `${id}-hint` : undefined)}
                onChange={() => props.onChange(o.value)} />
              <span>{o.label}</span>
            </label>
          );
        })}
      </div>
      {props.options.filter((o) => o.hint).map((o) => (
        <span key={o.value} id={`${props.name}-${o.value}-hint`} class="visually-hidden">{o.hint}</span>
      ))}
    </fieldset>
  );
}

export function Settings(props: { api: Api; name: string; persona: Persona | null; onMeet: () => void; onSignOut: () => void;
  onPersona?: () => void }) {
  const [view, setView] = useState<SettingsView | null>(null);
  const [style, setStyle] = useState<Style | null>(null);
  const [brain, setBrain] = useState('');
  const [model, setModel] = useState('');
  const [error, setError] = useState('');
  // What a save said, shown (and read out) beside the form that was saved.
  const [said, setSaid] = useState<{ form: 'style' | 'brain'; text: string; failed: boolean } | null>(null);
  const [saving, setSaving] = useState<'' | 'style' | 'brain'>('');

  function show(v: SettingsView) {
    setView(v);
    setStyle(v.style);
    setBrain(v.brain);
    setModel(v.model || v.models[0] || '');
  }
  useEffect(() => {
    props.api.settings().then(show, (e) => setError(errorText(e)));
  }, [props.api]);

  async function save(which: 'style' | 'brain', change: SettingsChange, done: string) {
    setSaving(which);
    setSaid(null);
    try {
      show(await props.api.saveSettings(change));
      setSaid({ form: which, text: done, failed: false });
      if (which === 'style') props.onPersona?.();
    } catch (e) {
      setSaid({ form: which, text: errorText(e), failed: true });
    } finally {
      setSaving('');
    }
  }
  const outcome = (form: 'style' | 'brain') => (
    <>
      <p class="notice" role="status">{said && said.form === form && !said.failed ? said.text : ''}</p>
      {said && said.form === form && said.failed && <p class="error" role="alert">{said.text}</p>}
    </>
  );

  const p = props.persona;
  const companion = p?.companion || 'os1';
  const styleChanged = !!(view && style && (['tone', 'humour', 'length'] as const).some((k) => style[k] !== view.style[k]));
  const brainChanged = !!(view && (brain !== view.brain || (brain === 'local' && model !== view.model)));
  return (
    <section class="settings" aria-labelledby="settings-title">
      <h1 id="settings-title">You and {companion}</h1>
      <div class="card">
        <dl class="facts-dl">
          <dt>Signed in as</dt><dd>{props.name}</dd>
          {p?.companion && (<><dt>Your companion</dt><dd>{p.companion}</dd></>)}
        </dl>
        <button class="ghost" onClick={props.onMeet}>Answer the first questions again</button>
      </div>
      {error && <p class="error" role="alert">{error}</p>}

      <h2 id="style-title">How {companion} talks</h2>
      <form class="card" aria-labelledby="style-title"
        onSubmit={(e) => {
          e.preventDefault();
          if (style) save('style', style, `Saved. ${companion} will talk this way from your next message.`);
        }}>
        {!view && !error && <p class="muted">One moment…</p>}
        {view && style && !view.meeting_done && <p class="muted small">You choose this when you first meet {companion}.</p>}
        {view && style && view.meeting_done && (
          <>
            {(['tone', 'humour', 'length'] as const).map((k) => (
              <Choices key={k} name={`style-${k}`} legend={STYLE_LABEL[k]} value={style[k]}
                options={view.styles[k].map((v) => ({ value: v, label: cap(v) }))}
                onChange={(v) => setStyle({ ...style, [k]: v })} />
            ))}
            <button type="submit" class="primary" disabled={!styleChanged || saving !== ''}>
              {saving === 'style' ? 'Saving…' : 'Save style'}
            </button>
            {outcome('style')}
          </>
        )}
      </form>

      <h2 id="brain-title">Brain and models</h2>
      <form class="card" aria-labelledby="brain-title"
        onSubmit={(e) => {
          e.preventDefault();
          const change: SettingsChange = brain === 'local' ? { brain, model } : { brain };
          save('brain', change, `Saved. Your next message goes to ${brain === 'local' ? model : BRAIN_NAME[brain]?.toLowerCase() ?? brain}.`);
        }}>
        {!view && !error && <p class="muted">One moment…</p>}
        {view && (
          <>
            <p>{BRAIN[view.using] ?? view.using}{view.using === 'local' && view.model ? ` (${view.model})` : ''}</p>
            {view.problem && <p class="error small">{view.problem}</p>}
            <Choices name="brain" legend="Who answers" value={brain}
              options={view.brains.map((b) => ({ value: b.name, label: BRAIN_NAME[b.name] ?? b.name, disabled: !b.available,
                hint: b.available ? BRAIN[b.name] : undefined, describedBy: b.available ? undefined : `brain-${b.name}-why` }))}
              onChange={setBrain} />
            {view.brains.filter((b) => !b.available && UNAVAILABLE[b.name]).map((b) => (
              <p key={b.name} id={`brain-${b.name}-why`} class="muted small">{BRAIN_NAME[b.name]}: {UNAVAILABLE[b.name]}</p>
            ))}
            {brain === 'local' && view.models.length > 0 && (
              <>
                <label for="model-choice">Model</label>
                <select id="model-choice" value={model} onChange={(e) => setModel((e.target as HTMLSelectElement).value)}>
                  {view.models.map((m) => <option key={m} value={m}>{m}</option>)}
                </select>
              </>
            )}
            <button type="submit" class="primary" disabled={!brainChanged || saving !== ''}>
              {saving === 'brain' ? 'Saving…' : 'Save brain'}
            </button>
            {outcome('brain')}
          </>
        )}
      </form>
      <button class="danger wide" onClick={props.onSignOut}>Sign out</button>
    </section>
  );
}
