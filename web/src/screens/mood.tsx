// The mood timeline over the last days (GET /api/mood?days=N).
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Api } from '../api';
import { fillDays, MoodChart, moodWord } from '../components/mood_chart';
import type { MoodDay } from '../types';

const SPANS = [7, 14, 30];

export function MoodScreen({ api }: { api: Api }) {
  const [days, setDays] = useState(14);
  const [data, setData] = useState<MoodDay[] | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    setData(null);
    setError('');
    api.mood(days).then((d) => setData(fillDays(d, days)), (e) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [api, days]);

  const talked = data?.filter((d) => d.messages > 0) ?? [];
  const avg = talked.length ? talked.reduce((s, d) => s + d.valence, 0) / talked.length : 0;

  return (
    <section class="mood" aria-labelledby="mood-title">
      <h1 id="mood-title">How you've been</h1>
      <div class="segmented" role="group" aria-label="How many days">
        {SPANS.map((n) => (
          <button key={n} aria-pressed={days === n} onClick={() => setDays(n)}>{n} days</button>
        ))}
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {!data && !error && <p class="muted">One moment…</p>}
      {data && (
        <div class="card">
          {talked.length ? (
            <p class="mood-summary">Over these {days} days you've mostly felt <strong>{moodWord(avg)}</strong>.</p>
          ) : (
            <p class="mood-summary muted">We haven't talked in these days. When we do, I'll gently keep track of how you feel.</p>
          )}
          <MoodChart days={data} />
          <p class="muted small legend">Higher is lighter, lower is heavier. Each dot is a day we talked.</p>
        </div>
      )}
    </section>
  );
}
