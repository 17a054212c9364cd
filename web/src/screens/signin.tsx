// Sign in with the name and password from `os1 user add NAME --password-stdin`.
import { useState } from 'preact/hooks';
import { ApiError, type Api } from '../api';

export function SignIn({ api, onSignedIn, notice }: { api: Api; onSignedIn: () => void; notice?: string }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    if (!name.trim() || !password) {
      setError('Please enter your name and password.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      await api.login(name.trim(), password);
      setPassword('');
      onSignedIn();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong. Please try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="signin" id="main">
      <form class="card signin-card" onSubmit={submit} aria-describedby={error ? 'signin-error' : undefined}>
        <div class="signin-mark" aria-hidden="true" />
        <h1>Hello again</h1>
        <p class="muted">Sign in to talk with your companion.</p>
        {notice && !error && <p class="notice" role="status">{notice}</p>}
        <label for="name">Your name</label>
        <input id="name" name="username" autocomplete="username" autocapitalize="none" spellcheck={false}
          value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password"
          value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
        <p id="signin-error" class="error" role="alert">{error}</p>
        <button class="primary" type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
        <p class="hint">No account yet? Whoever runs os1 adds you with <code>os1 user add NAME --password-stdin</code>.</p>
      </form>
    </main>
  );
}
