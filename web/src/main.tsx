import { render } from 'preact';
import { App } from './app';
import './styles.css';

render(<App />, document.getElementById('app')!);

// The service worker keeps the app shell for offline starts (production only;
// it never caches /api or /v1, see vite.config.ts).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      /* without it the app still works online (e.g. plain http on a LAN) */
    });
  });
}
