// The frame around every signed-in screen: the navigation (a bottom tab bar
// on a phone, a side rail on a wide screen) and the connection banner.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { LIFE_ROUTES, navigate, type Route } from '../router';
import type { SocketStatus } from '../chat_socket';

const TABS: { to: Route; label: string; icon: string }[] = [
  { to: '/', label: 'Talk', icon: 'M4 5h16v10H9l-5 4z' },
  { to: '/memory', label: 'Memory', icon: 'M12 3a6 6 0 0 0-3 11.2V17h6v-2.8A6 6 0 0 0 12 3zM9.5 20h5' },
  { to: '/mood', label: 'Mood', icon: 'M3 15c3-6 5-6 8 0s5 6 10-4' },
  { to: '/reminders', label: 'Life', icon: 'M4 6h16v14H4zM4 10h16M8 3v5M16 3v5' },
  { to: '/settings', label: 'You', icon: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c1-4 4-6 8-6s7 2 8 6' },
];

export function Banner({ online, socket }: { online: boolean; socket: SocketStatus }) {
  let text = '';
  if (!online) text = "You're offline. Your messages will be here when you're back.";
  else if (socket !== 'open') text = 'Reconnecting to os1…';
  return (
    <div class={`banner${text ? ' show' : ''}`} role="status" aria-live="polite">
      {text}
    </div>
  );
}

export function Shell(props: {
  route: Route;
  companion: string;
  online: boolean;
  socket: SocketStatus;
  children: ComponentChildren;
}) {
  // A new screen: say so in the title, and move focus to it (so a screen
  // reader starts reading there) except on the first paint.
  const first = useRef(true);
  useEffect(() => {
    const tab = TABS.find((t) => t.to === props.route);
    const life = LIFE_ROUTES.includes(props.route) ? props.route.slice(1) : '';
    document.title = life ? `${life[0].toUpperCase()}${life.slice(1)} · os1`
      : tab && tab.to !== '/' ? `${tab.label} · os1` : props.route === '/meet' ? 'Meet · os1' : 'os1';
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [props.route]);
  return (
    <div class="shell">
      <a class="skip" href="#main">Skip to content</a>
      <nav class="nav" aria-label="Main">
        <div class="brand" aria-hidden="true">
          <span class="brand-mark" />
          <span>{props.companion || 'os1'}</span>
        </div>
        <ul>
          {TABS.map((t) => (
            <li key={t.to}>
              <a
                href={t.to}
                aria-current={props.route === t.to || (t.to === '/reminders' && LIFE_ROUTES.includes(props.route)) ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(t.to);
                }}
              >
                <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d={t.icon} /></svg>
                <span>{t.label}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="content">
        <Banner online={props.online} socket={props.socket} />
        <main id="main" tabIndex={-1}>{props.children}</main>
      </div>
    </div>
  );
}
