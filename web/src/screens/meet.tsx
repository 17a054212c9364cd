// The first meeting: the same interview `os1 setup` asks, one question at a
// time, with earlier answers filled in (GET/POST /api/setup).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Api } from '../api';
import type { Persona, SetupQuestion } from '../types';

export function Meet({ api, onDone }: { api: Api; onDone: (p: Persona) => void }) {
  const [questions, setQuestions] = useState<SetupQuestion[] | null>(null);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [step, setStep] = useState(0);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    api.setupQuestions().then(
      (qs) => {
        setQuestions(qs);
        setAnswers(Object.fromEntries(qs.map((q) => [q.key, q.answer ?? ''])));
      },
      (e) => setError(e instanceof ApiError ? e.message : String(e)),
    );
  }, [api]);

  useEffect(() => input.current?.focus(), [step, questions]);

  if (!questions) {
    return (
      <section class="meet">
        <h1>Let's meet</h1>
        {error ? <p class="error" role="alert">{error}</p> : <p class="muted">One moment…</p>}
      </section>
    );
  }
  const q = questions[step];
  const last = step >= questions.length - 1;

  async function next(e: Event) {
    e.preventDefault();
    setError('');
    if (q?.required && !(answers[q.key] ?? '').trim()) {
      setError('I need an answer to this one before we go on.');
      return;
    }
    if (!last) {
      setStep(step + 1);
      return;
    }
    setBusy(true);
    try {
      onDone(await api.submitSetup(answers));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="meet" aria-labelledby="meet-title">
      <h1 id="meet-title">Let's get to know each other</h1>
      <p class="muted">A few questions, so I can be good company. Answer as much or as little as you like.</p>
      {q && (
        <form class="card meet-card" onSubmit={next}>
          <p class="step" aria-live="polite">Question {step + 1} of {questions.length}</p>
          <label for="answer" class="question">{q.text}{q.required && <span class="muted small"> (needed)</span>}</label>
          {q.hint && <p id="answer-hint" class="muted small">{q.hint}</p>}
          <textarea id="answer" ref={input} rows={3} value={answers[q.key] ?? ''} aria-describedby={q.hint ? 'answer-hint' : undefined}
            onInput={(e) => setAnswers({ ...answers, [q.key]: (e.target as HTMLTextAreaElement).value })} />
          <p class="error" role="alert">{error}</p>
          <div class="row">
            <button type="button" class="ghost" disabled={step === 0} onClick={() => setStep(step - 1)}>Back</button>
            <button type="submit" class="primary" disabled={busy}>{last ? (busy ? 'Saving…' : 'Done') : 'Next'}</button>
          </div>
        </form>
      )}
      {questions.length === 0 && (
        <button class="primary" onClick={next}>Start talking</button>
      )}
    </section>
  );
}
