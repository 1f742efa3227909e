/**
 * Browser side of the GraphQL explorer (bundled by esbuild into /explorer/assets, see ../assets.ts).
 * GraphiQL with a bar above it: a persona picker (development hubs only) and a field for pasting a
 * bearer token. Whichever is set becomes the `Authorization: Bearer …` header of every request the
 * explorer sends to /graphql, the schema introspection included.
 *
 * Tokens are kept in memory only (never in localStorage); the chosen persona's name is remembered
 * so a reload fetches a fresh development token for it.
 */
import { GraphiQL } from 'graphiql';
import { createElement as h, useCallback, useEffect, useMemo, useRef, useState, type ComponentProps } from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';
import './explorer.css';

interface PersonaOption {
  name: string;
  title: string;
}

/** Written by the server into `<script type="application/json" id="explorer-config">`. */
interface ExplorerConfig {
  graphqlUrl: string;
  devTokenUrl: string | null;
  personas: PersonaOption[];
  workers: { editor: string; json: string; graphql: string };
  defaultQuery: string;
}

type Fetcher = ComponentProps<typeof GraphiQL>['fetcher'];

const config = JSON.parse(document.getElementById('explorer-config')!.textContent!) as ExplorerConfig;
const PERSONA_KEY = 'hub-explorer:persona';

// Monaco's workers come from the hub, as classic scripts (no CDN, no blob: URLs).
(globalThis as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker(_id: string, label: string): Worker {
    if (label === 'json') return new Worker(config.workers.json, { name: 'json' });
    if (label === 'graphql') return new Worker(config.workers.graphql, { name: 'graphql' });
    return new Worker(config.workers.editor, { name: 'editor' });
  },
};

interface Who {
  sub?: string;
  agency?: string;
  roles?: string[];
  exp?: number;
}

/** Reads (without verifying: the hub does that) who a token speaks for, to show it in the bar. */
function describeToken(token: string): Who | null {
  try {
    const part = token.split('.')[1];
    if (!part) return null;
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Who;
  } catch {
    return null;
  }
}

function stripBearer(value: string): string {
  return value.trim().replace(/^Bearer\s+/i, '');
}

function makeFetcher(token: string): Fetcher {
  return async (params, opts) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    // Headers typed into GraphiQL's own headers editor win over the bar.
    for (const [k, v] of Object.entries(opts?.headers ?? {})) headers[k.toLowerCase()] = String(v);
    const res = await fetch(config.graphqlUrl, { method: 'POST', headers, body: JSON.stringify(params), credentials: 'omit' });
    const text = await res.text();
    try {
      return JSON.parse(text);
    } catch {
      return { errors: [{ message: `HTTP ${res.status}: ${text.slice(0, 500)}` }] };
    }
  };
}

function AuthBar(props: { token: string; onToken(token: string, persona: string): void }) {
  const { token, onToken } = props;
  const [persona, setPersona] = useState<string>(() => (config.devTokenUrl ? (localStorage.getItem(PERSONA_KEY) ?? '') : ''));
  const [pasted, setPasted] = useState('');
  const [status, setStatus] = useState<{ kind: 'idle' | 'busy' | 'error'; text?: string }>({ kind: 'idle' });
  const seq = useRef(0);

  const choosePersona = useCallback(
    async (name: string) => {
      setPersona(name);
      setPasted('');
      if (!name) {
        localStorage.removeItem(PERSONA_KEY);
        onToken('', '');
        setStatus({ kind: 'idle' });
        return;
      }
      localStorage.setItem(PERSONA_KEY, name);
      const mine = ++seq.current;
      setStatus({ kind: 'busy', text: 'Getting a development token…' });
      try {
        const res = await fetch(`${config.devTokenUrl}?persona=${encodeURIComponent(name)}`, { credentials: 'omit', cache: 'no-store' });
        const body = (await res.json()) as { token?: string; error?: string };
        if (mine !== seq.current) return;
        if (!res.ok || !body.token) throw new Error(body.error ?? `HTTP ${res.status}`);
        onToken(body.token, name);
        setStatus({ kind: 'idle' });
      } catch (err) {
        if (mine !== seq.current) return;
        onToken('', '');
        setStatus({ kind: 'error', text: `Could not get a token for ${name}: ${(err as Error).message}` });
      }
    },
    [onToken],
  );

  useEffect(() => {
    if (persona) void choosePersona(persona);
    // Only on first render: restore the remembered persona.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const who = token ? describeToken(token) : null;
  const expired = who?.exp !== undefined && who.exp * 1000 < Date.now();
  const whoText = !token
    ? 'No token: requests are sent without Authorization and the hub answers 401.'
    : who
      ? `Requests are sent as ${who.sub ?? '?'} (${who.agency ?? '?'}${who.roles?.length ? `, ${who.roles.join(', ')}` : ''})${expired ? ' — this token has EXPIRED' : ''}`
      : 'Requests carry the pasted token.';

  return h(
    'header',
    { className: 'hub-bar' },
    h('span', { className: 'hub-bar__title' }, 'Safeguarding Partnership Hub', h('small', null, ' GraphQL explorer')),
    config.devTokenUrl
      ? h(
          'label',
          { className: 'hub-bar__field' },
          'Persona ',
          h(
            'select',
            {
              id: 'hub-persona',
              value: persona,
              'data-testid': 'persona',
              onChange: (e: { target: { value: string } }) => void choosePersona(e.target.value),
            },
            h('option', { value: '' }, '— none —'),
            ...config.personas.map((p) => h('option', { key: p.name, value: p.name, title: p.title }, `${p.name} — ${p.title}`)),
          ),
        )
      : null,
    h(
      'form',
      {
        className: 'hub-bar__field hub-bar__token',
        onSubmit: (e: { preventDefault(): void }) => {
          e.preventDefault();
          const t = stripBearer(pasted);
          seq.current++;
          setPersona('');
          localStorage.removeItem(PERSONA_KEY);
          setStatus({ kind: 'idle' });
          onToken(t, '');
        },
      },
      h('input', {
        id: 'hub-token',
        type: 'password',
        autoComplete: 'off',
        spellCheck: false,
        placeholder: 'Paste a bearer token (JWT)',
        value: pasted,
        onChange: (e: { target: { value: string } }) => setPasted(e.target.value),
      }),
      h('button', { type: 'submit', id: 'hub-token-use' }, 'Use token'),
      token ? h('button', { type: 'button', id: 'hub-token-clear', onClick: () => void choosePersona('') }, 'Clear') : null,
    ),
    h('span', { id: 'hub-who', className: `hub-bar__who${status.kind === 'error' || expired ? ' hub-bar__who--error' : ''}`, role: 'status' }, status.text ?? whoText),
  );
}

function App() {
  const [token, setToken] = useState('');
  const onToken = useCallback((t: string) => setToken(t), []);
  // A new fetcher makes GraphiQL introspect again, so the schema follows the token.
  const fetcher = useMemo(() => makeFetcher(token), [token]);
  return h(
    'div',
    { className: 'hub-explorer' },
    h(AuthBar, { token, onToken }),
    h('main', { className: 'hub-explorer__graphiql' }, h(GraphiQL, { fetcher, defaultQuery: config.defaultQuery, shouldPersistHeaders: false, isHeadersEditorEnabled: true })),
  );
}

createRoot(document.getElementById('explorer')!).render(h(App));
