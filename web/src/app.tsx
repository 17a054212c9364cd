// The app: who is signed in, the conversation's socket and state (kept while
// moving between screens), and which screen shows.
import { useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { Api, ApiError } from './api';
import { ChatSocket, chatUrl, type SocketStatus } from './chat_socket';
import { Shell } from './components/shell';
import { navigate, useRoute } from './router';
import { Chat } from './screens/chat';
import { Meet } from './screens/meet';
import { MemoryScreen } from './screens/memory';
import { MoodScreen } from './screens/mood';
import { CalendarScreen } from './screens/calendar';
import { LettersScreen } from './screens/letters';
import { MailScreen } from './screens/mail';
import { RemindersScreen } from './screens/reminders';
import { DueBanner } from './screens/reminders_parts';
import { Settings } from './screens/settings';
import { SignIn } from './screens/signin';
import { chatReducer, initialChat, newTurnId } from './stream';
import type { Me, Persona } from './types';
import { VoicePanel, type VoiceTurns } from './voice/voice_panel';

type Phase = 'loading' | 'out' | 'in' | 'unreachable';

export function App({ api: given }: { api?: Api }) {
  const [phase, setPhase] = useState<Phase>('loading');
  const [me, setMe] = useState<Me | null>(null);
  const [persona, setPersona] = useState<Persona | null>(null);
  const [notice, setNotice] = useState('');
  const [startError, setStartError] = useState('');
  const [online, setOnline] = useState(typeof navigator === 'undefined' ? true : navigator.onLine);
  const [socketStatus, setSocketStatus] = useState<SocketStatus>('connecting');
  const [chat, dispatch] = useReducer(chatReducer, initialChat);
  const route = useRoute();
  const socket = useRef<ChatSocket | null>(null);
  // The chat socket's conversation: spoken turns join it (web/src/voice).
  const conversation = useRef('');
  const activeRef = useRef<string | null>(null);
  activeRef.current = chat.active;

  const api = useMemo(() => given ?? new Api(), [given]);
  const phaseRef = useRef<Phase>(phase);
  phaseRef.current = phase;
  api.onSignedOut = () => {
    if (phaseRef.current !== 'in') return; // not signed in yet: nothing ended
    setNotice('Your session ended. Please sign in again.');
    setPhase('out');
  };

  async function start() {
    setStartError('');
    try {
      const who = await api.me();
      setMe(who);
      setPhase('in');
      api.persona().then((p) => {
        setPersona(p);
        if (p && p.meeting_done === false) navigate('/meet', true);
      }, () => setPersona(null));
      api.history(50).then((messages) => dispatch({ type: 'history', messages }), () => {});
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setPhase('out');
      else if (e instanceof ApiError && e.code === 'offline') setPhase('unreachable');
      else {
        setStartError(e instanceof ApiError ? e.message : String(e));
        setPhase('out');
      }
    }
  }

  useEffect(() => { start(); }, []);

  useEffect(() => {
    const up = () => {
      setOnline(true);
      socket.current?.retryNow();
      if (phaseRef.current === 'unreachable') start();
    };
    const down = () => setOnline(false);
    addEventListener('online', up);
    addEventListener('offline', down);
    return () => {
      removeEventListener('online', up);
      removeEventListener('offline', down);
    };
  }, []);

  // The socket lives while someone is signed in.
  useEffect(() => {
    if (phase !== 'in') return;
    let wasOpen = false;
    const s = new ChatSocket({
      url: chatUrl(),
      onEvent: (e) => {
        if (e.type === 'token') dispatch({ type: 'token', id: e.id, text: e.text });
        else if (e.type === 'done') dispatch({ ...e, type: 'done' });
        else if (e.type === 'error') dispatch({ type: 'error', id: e.id ?? '', message: e.error?.message || 'Something went wrong.' });
        else if (e.type === 'hello' && typeof e.conversation === 'string') conversation.current = e.conversation;
      },
      onStatus: (st, attempt) => {
        setSocketStatus(st);
        if (st === 'open') {
          s.hello();
          if (wasOpen) api.history(50).then((messages) => dispatch({ type: 'history', messages }), () => {});
          wasOpen = true;
        } else if (st === 'closed') {
          if (activeRef.current) dispatch({ type: 'dropped' });
          // A socket that keeps failing may mean the session ended: /api/me tells.
          if (attempt >= 1) api.me().catch(() => {});
        }
      },
    });
    socket.current = s;
    s.connect();
    return () => {
      s.close();
      socket.current = null;
    };
  }, [phase]);

  if (phase === 'loading') {
    return <main class="loading" id="main" aria-busy="true"><div class="signin-mark" aria-hidden="true" /><span class="visually-hidden">Loading</span></main>;
  }
  if (phase === 'unreachable') {
    return (
      <main class="signin" id="main">
        <section class="card signin-card" aria-labelledby="away-title">
          <div class="signin-mark" aria-hidden="true" />
          <h1 id="away-title">I can't reach os1 right now</h1>
          <p class="muted">{online ? 'Check that os1 is running on your computer and that this device is on the same network.' : "You're offline. I'll try again as soon as you're back."}</p>
          <button class="primary" onClick={() => start()}>Try again</button>
        </section>
      </main>
    );
  }
  if (phase === 'out') {
    return <SignIn api={api} notice={notice || startError} onSignedIn={() => { setNotice(''); start(); }} />;
  }

  const companion = persona?.companion || me?.companion || 'os1';
  const person = persona?.person || me?.name || '';

  function say(text: string): string | null {
    const s = socket.current;
    if (!s || s.status !== 'open') return "I'm not connected right now. I'll keep your words here; try again in a moment.";
    const id = newTurnId();
    if (!s.say(id, text)) return "I couldn't send that. Please try again.";
    dispatch({ type: 'say', id, text, time: new Date().toISOString() });
    return null;
  }
  // A spoken turn (web/src/voice) goes into the conversation like a typed one.
  const voiceTurns: VoiceTurns = {
    heard: (text) => {
      const id = newTurnId();
      dispatch({ type: 'say', id, text, time: new Date().toISOString() });
      return id;
    },
    token: (id, text) => dispatch({ type: 'token', id, text }),
    done: (id, e) => dispatch({ ...e, type: 'done', id }),
    failed: (id, message) => dispatch({ type: 'error', id, message }),
  };
  function cancel() {
    if (!chat.active) return;
    socket.current?.cancel(chat.active);
    dispatch({ type: 'cancel', id: chat.active });
  }
  async function signOut() {
    try {
      await api.logout();
    } catch { /* signed out here either way */ }
    setMe(null);
    setPersona(null);
    dispatch({ type: 'history', messages: [] });
    setNotice('You are signed out.');
    setPhase('out');
    navigate('/', true);
  }

  let screen;
  switch (route) {
    case '/memory': screen = <MemoryScreen api={api} />; break;
    case '/mood': screen = <MoodScreen api={api} />; break;
    case '/reminders': screen = <RemindersScreen api={api} />; break;
    case '/calendar': screen = <CalendarScreen api={api} />; break;
    case '/mail': screen = <MailScreen api={api} />; break;
    case '/letters': screen = <LettersScreen api={api} />; break;
    case '/settings':
      screen = <Settings api={api} name={me?.name ?? ''} persona={persona} onMeet={() => navigate('/meet')} onSignOut={signOut}
        onPersona={() => api.persona().then(setPersona, () => {})} />;
      break;
    case '/meet':
      screen = <Meet api={api} onDone={(p) => { setPersona(p); navigate('/', true); }} />;
      break;
    default:
      screen = (
        <Chat state={chat} companion={companion} person={person} nameReason={persona?.name_reason} connected={socketStatus === 'open'}
          onSay={say} onCancel={cancel} voice={<VoicePanel companion={companion} turns={voiceTurns} conversation={() => conversation.current} />} />
      );
  }
  return (
    <Shell route={route} companion={companion} online={online} socket={socketStatus}>
      <DueBanner api={api} />
      {screen}
    </Shell>
  );
}
