// The local console: Preact + htm as the browser's own ES modules (served from node_modules, no build step).
// One server-sent events connection feeds every page; pages read the runtime's JSON under /console/api.

import htm from 'htm';
import { h, render } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';

const html = htm.bind(h);
const MAX_EVENTS = 500;

async function getJson(url) {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error ?? `${response.status} ${response.statusText}`);
  return body;
}

async function postJson(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok)
    throw new Error(answer.error ?? answer.message ?? `${response.status} ${response.statusText}`);
  return answer;
}

function useRoute() {
  const read = () =>
    (location.hash.replace(/^#/, '') || '/').split('/').filter(Boolean).map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** The live feed: recent events, then each new one; `tick` moves on any other recorded change. */
function useLiveFeed() {
  const [events, setEvents] = useState([]);
  const [tick, setTick] = useState(0);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    let closed = false;
    let pending;
    getJson('/console/api/events')
      .then((recent) => {
        if (!closed) setEvents((current) => merge(recent.reverse(), current));
      })
      .catch(() => {});
    const source = new EventSource('/console/api/stream');
    source.addEventListener('open', () => setConnected(true));
    source.addEventListener('error', () => setConnected(false));
    const nudge = () => {
      if (pending) return;
      pending = setTimeout(() => {
        pending = undefined;
        setTick((n) => n + 1);
      }, 250);
    };
    source.addEventListener('event', (message) => {
      const event = JSON.parse(message.data);
      setEvents((current) => merge([event], current));
      nudge();
    });
    source.addEventListener('change', nudge);
    return () => {
      closed = true;
      clearTimeout(pending);
      source.close();
    };
  }, []);
  return { events, tick, connected };
}

/** Newest first, one entry per event id (a replay updates its event's entry). */
function merge(incoming, current) {
  const byId = new Map(current.map((event) => [event.id, event]));
  const fresh = [];
  for (const event of incoming) {
    if (byId.has(event.id)) byId.set(event.id, event);
    else fresh.push(event);
  }
  return [...fresh.reverse(), ...current.map((event) => byId.get(event.id))].slice(0, MAX_EVENTS);
}

const PAGES = [
  ['events', 'Events'],
  ['queues', 'Queues and DLQs'],
  ['services', 'Services'],
  ['pattern', 'Test a pattern'],
];

function App() {
  const route = useRoute();
  const feed = useLiveFeed();
  const [page, ...rest] = route.length ? route : ['events'];
  const mainRef = useRef(null);
  const firstRoute = useRef(true);
  useEffect(() => {
    document.title = `${titleOf(page)} · sfe local console`;
    // After a navigation, keyboard and screen-reader focus starts at the new page, not on the old link.
    if (firstRoute.current) firstRoute.current = false;
    else mainRef.current?.focus();
  }, [page, rest.join('/')]);
  let content;
  if (page === 'event' && rest[0]) content = html`<${EventPage} id=${rest[0]} tick=${feed.tick} />`;
  else if (page === 'trace' && rest[0])
    content = html`<${TracePage} correlationId=${rest[0]} tick=${feed.tick} />`;
  else if (page === 'queues') content = html`<${QueuesPage} tick=${feed.tick} />`;
  else if (page === 'services') content = html`<${ServicesPage} />`;
  else if (page === 'pattern') content = html`<${PatternPage} events=${feed.events} />`;
  else content = html`<${EventsPage} events=${feed.events} connected=${feed.connected} />`;
  return html`
    <a class="skip" href="#main" onClick=${(e) => {
      e.preventDefault();
      mainRef.current?.focus();
    }}>Skip to content</a>
    <header class="top">
      <span class="brand">sfe local console</span>
      <nav aria-label="Console">
        <ul>
          ${PAGES.map(
            ([id, label]) =>
              html`<li><a href=${`#/${id}`} aria-current=${page === id ? 'page' : undefined}>${label}</a></li>`,
          )}
        </ul>
      </nav>
      <span class=${`live ${feed.connected ? 'on' : 'off'}`} role="status">
        ${feed.connected ? 'live' : 'reconnecting…'}
      </span>
    </header>
    <main id="main" tabindex="-1" ref=${mainRef}>${content}</main>
  `;
}

function titleOf(page) {
  return (
    { event: 'Event', trace: 'Trace', queues: 'Queues', services: 'Services', pattern: 'Test a pattern' }[
      page
    ] ?? 'Events'
  );
}

function time(ms) {
  const date = new Date(ms);
  return `${date.toTimeString().slice(0, 8)}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

function short(id) {
  return id ? id.slice(0, 8) : '';
}

function EventsPage({ events, connected }) {
  const [type, setType] = useState('');
  const [service, setService] = useState('');
  const [correlation, setCorrelation] = useState('');
  const [services, setServices] = useState([]);
  useEffect(() => {
    getJson('/console/api/services')
      .then((answer) => setServices(answer.services.map((s) => s.name)))
      .catch(() => {});
  }, []);
  const types = useMemo(() => [...new Set(events.map((event) => event.type))].sort(), [events]);
  const shown = events.filter(
    (event) =>
      (!type || event.type.toLowerCase().includes(type.toLowerCase())) &&
      (!service ||
        event.source.includes(service) ||
        event.queues.some((queue) => queue.startsWith(`${service}-`))) &&
      (!correlation || (event.correlationId ?? '').startsWith(correlation.trim())),
  );
  return html`
    <h1>Events</h1>
    <p class="hint">
      ${`Every event on the local buses as it is routed (${connected ? 'live' : 'connecting'}). Run `}
      <code>pnpm sfe scenario</code>${" in another terminal to see the seed's business moments."}
    </p>
    <form class="filters" role="search" aria-label="Filter events" onSubmit=${(e) => e.preventDefault()}>
      <label>Type
        <input name="type" list="event-types" value=${type} onInput=${(e) => setType(e.currentTarget.value)} />
      </label>
      <datalist id="event-types">${types.map((t) => html`<option value=${t} />`)}</datalist>
      <label>Service
        <select name="service" value=${service} onChange=${(e) => setService(e.currentTarget.value)}>
          <option value="">any</option>
          ${services.map((name) => html`<option value=${name}>${name}</option>`)}
        </select>
      </label>
      <label>Correlation id
        <input name="correlation" value=${correlation} onInput=${(e) => setCorrelation(e.currentTarget.value)} />
      </label>
    </form>
    <p class="count" aria-live="polite">${shown.length} of ${events.length} events</p>
    <table class="events">
      <caption class="visually-hidden">Events, newest first</caption>
      <thead>
        <tr><th scope="col">Time</th><th scope="col">Type</th><th scope="col">Version</th><th scope="col">Source</th>
        <th scope="col">Correlation</th><th scope="col">Routed to</th></tr>
      </thead>
      <tbody>
        ${shown.map(
          (event) => html`
            <tr key=${event.id} data-event-id=${event.id}>
              <td><time datetime=${event.time}>${time(event.at)}</time></td>
              <td><a href=${`#/event/${encodeURIComponent(event.id)}`}>${event.type}</a>
                ${event.replayName ? html` <span class="tag">${event.replayName}</span>` : null}</td>
              <td>${event.version ?? '–'}</td>
              <td>${event.source}</td>
              <td>${
                event.correlationId
                  ? html`<a href=${`#/trace/${encodeURIComponent(event.correlationId)}`} title=${`trace ${event.correlationId}`}
                    >${short(event.correlationId)}</a>`
                  : '–'
              }</td>
              <td>${event.queues.length ? event.queues.join(', ') : html`<span class="muted">no rule matched</span>`}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  `;
}

/** JSON at `url`, fetched again when `deps` change; another url's answer is never shown for this one. */
function useJson(url, deps) {
  const [state, setState] = useState({ url, loading: true });
  useEffect(() => {
    let live = true;
    getJson(url)
      .then((data) => live && setState({ url, data }))
      .catch((error) => live && setState({ url, error: error.message }));
    return () => {
      live = false;
    };
  }, [url, ...deps]);
  return state.url === url ? state : { url, loading: true };
}

function EventPage({ id, tick }) {
  const [reveal, setReveal] = useState(false);
  const state = useJson(`/console/api/events/${encodeURIComponent(id)}${reveal ? '?reveal=1' : ''}`, [
    id,
    reveal,
    tick,
  ]);
  if (state.error) return html`<h1>Event</h1><p class="error" role="alert">${state.error}</p>`;
  if (!state.data) return html`<h1>Event</h1><p>Loading…</p>`;
  const event = state.data;
  const envelope = event.envelope;
  return html`
    <h1>${event.type}${envelope.detail?.metadata?.version ? ` v${envelope.detail.metadata.version}` : ''}</h1>
    <dl class="facts">
      <dt>Event id</dt><dd><code>${event.id}</code></dd>
      <dt>Bus</dt><dd>${event.bus}</dd>
      <dt>Source</dt><dd>${envelope.source}</dd>
      <dt>Time</dt><dd>${envelope.time}</dd>
      <dt>Correlation</dt>
      <dd>${
        event.correlationId
          ? html`<a href=${`#/trace/${encodeURIComponent(event.correlationId)}`}>${event.correlationId} (trace)</a>`
          : '–'
      }</dd>
    </dl>
    <section aria-labelledby="envelope-heading">
      <h2 id="envelope-heading">Envelope</h2>
      ${
        event.personalFields.length || reveal
          ? html`<p>
            <button type="button" aria-pressed=${reveal ? 'true' : 'false'} onClick=${() => setReveal(!reveal)}>
              ${reveal ? 'Hide personal data' : 'Reveal personal data'}
            </button>
            <span class="hint"> Personal data fields: ${event.personalFields.join(', ') || 'none'}${reveal ? ' (shown)' : ' (redacted)'}</span>
          </p>`
          : html`<p class="hint">No personal data fields in this event.</p>`
      }
      <pre class="json" tabindex="0" aria-label="Event envelope">${JSON.stringify(envelope, null, 2)}</pre>
    </section>
    <section aria-labelledby="rules-heading">
      <h2 id="rules-heading">Rules on the ${event.bus} bus</h2>
      <table>
        <thead><tr><th scope="col">Rule (queue)</th><th scope="col">Service</th><th scope="col">Matched</th><th scope="col">Why</th></tr></thead>
        <tbody>
          ${event.rules.map(
            (rule) => html`
              <tr class=${rule.matched ? 'matched' : 'unmatched'}>
                <td>${rule.name}</td>
                <td>${rule.service ?? '–'}</td>
                <td>${rule.matched ? 'yes' : 'no'}</td>
                <td><${Verdicts} fields=${rule.fields} /></td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
    <section aria-labelledby="deliveries-heading">
      <h2 id="deliveries-heading">Deliveries</h2>
      ${event.recorded ? null : html`<p class="hint">This event was read from the archive: the runtime restarted since, so its deliveries are not known.</p>`}
      ${
        event.deliveries.length === 0
          ? html`<p>No delivery recorded.</p>`
          : html`<table>
            <thead><tr><th scope="col">Queue</th><th scope="col">Receive</th><th scope="col">Started</th><th scope="col">Took</th><th scope="col">Outcome</th><th scope="col">Side effects</th></tr></thead>
            <tbody>
              ${event.deliveries.map(
                (delivery) => html`<tr>
                  <td>${delivery.queue}</td>
                  <td>${delivery.receiveCount}</td>
                  <td>${time(delivery.at)}</td>
                  <td>${delivery.duration === null ? 'running' : `${delivery.duration} ms`}</td>
                  <td class=${delivery.error ? 'failed' : 'ok'}>${delivery.error ? `failed: ${delivery.error}` : 'ok'}</td>
                  <td>${delivery.effects.map(
                    (
                      effect,
                    ) => html`<div class="effect-line">${effect.kind === 'object' ? `object ${effect.bucket}/${effect.key}` : effect.line}
                      <${EffectView} effect=${effect} /></div>`,
                  )}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
      }
      ${event.deadLetters.map(
        (
          letter,
        ) => html`<p class="failed">Dead-lettered to ${letter.queue} after ${letter.receiveCount} receives: ${letter.error ?? ''}
          (<a href="#/queues">queues</a>)</p>`,
      )}
    </section>
  `;
}

function Verdicts({ fields }) {
  return html`<ul class="verdicts">
    ${fields.map(
      (field) => html`<li class=${field.matched ? 'ok' : 'failed'}>
        <code>${field.field}</code>: ${field.text}
      </li>`,
    )}
  </ul>`;
}

function TracePage({ correlationId, tick }) {
  const state = useJson(`/console/api/traces/${encodeURIComponent(correlationId)}`, [correlationId, tick]);
  if (state.error) return html`<h1>Trace</h1><p class="error" role="alert">${state.error}</p>`;
  if (!state.data) return html`<h1>Trace</h1><p>Loading…</p>`;
  const trace = state.data;
  const span = Math.max(trace.duration, 1);
  return html`
    <h1>Trace <code>${short(correlationId)}</code></h1>
    <p class="hint">
      Correlation <code>${correlationId}</code>: ${trace.rows.length} steps over ${trace.duration} ms, from
      ${new Date(trace.startedAt).toISOString()}.
    </p>
    <ol class="waterfall" aria-label="Trace steps, in order">
      ${trace.rows.map((row) => {
        const left = (row.start / span) * 100;
        const width = Math.max((row.duration / span) * 100, 0.4);
        return html`<li class=${`step ${row.kind} status-${row.status}`} data-kind=${row.kind} key=${row.id}>
          <div class="step-label">
            <span class="kind">${row.kind}</span>
            ${
              row.eventId && row.kind === 'event'
                ? html`<a href=${`#/event/${encodeURIComponent(row.eventId)}`}>${row.label}</a>`
                : html`<span>${row.label}</span>`
            }
            ${row.status !== 'ok' ? html` <strong class="status">${row.status}</strong>` : null}
            ${row.detail ? html`<div class="detail">${row.detail}</div>` : null}
          </div>
          <div class="track" aria-hidden="true"><div class="bar" style=${`left:${left}%;width:${Math.min(width, 100 - left)}%`}></div></div>
          <div class="timing">${`+${row.start} ms${row.duration ? ` · ${row.duration} ms` : ''}`}</div>
          ${row.effect ? html`<div class="step-extra"><${EffectView} effect=${row.effect} /></div>` : null}
        </li>`;
      })}
    </ol>
  `;
}

function EffectView({ effect }) {
  if (effect.kind === 'object') {
    const href = `/console/objects/${encodeURIComponent(effect.bucket)}/${effect.key.split('/').map(encodeURIComponent).join('/')}`;
    const pdf = effect.contentType === 'application/pdf';
    return html`<details class="effect">
      <summary>${pdf ? 'Certificate PDF' : 'Object'} ${effect.key}</summary>
      <p><a href=${href} target="_blank" rel="noopener">Open ${pdf ? 'the certificate PDF' : 'the object'} in a new tab</a></p>
      ${pdf ? html`<iframe class="pdf" title=${`Certificate ${effect.key}`} src=${href}></iframe>` : null}
    </details>`;
  }
  return html`${effect.files.map((file) => html`<${OutboxView} file=${file} />`)}`;
}

function OutboxView({ file }) {
  const [state, setState] = useState(undefined);
  const load = useCallback(
    (event) => {
      if (!event.currentTarget.open || state) return;
      getJson(`/console/api/outbox/${encodeURIComponent(file.box)}/${encodeURIComponent(file.name)}`)
        .then((data) => setState({ data }))
        .catch((error) => setState({ error: error.message }));
    },
    [file, state],
  );
  const label = file.name.endsWith('.eml') ? 'Email' : `${file.box} message`;
  return html`<details class="effect" onToggle=${load}>
    <summary>${label} ${file.name}</summary>
    ${!state ? html`<p>Loading…</p>` : state.error ? html`<p class="error">${state.error}</p>` : html`<${OutboxContent} data=${state.data} />`}
  </details>`;
}

function OutboxContent({ data }) {
  if (data.kind === 'email') {
    return html`<div class="email">
      <dl class="facts">
        <dt>From</dt><dd>${data.from}</dd>
        <dt>To</dt><dd>${data.to}</dd>
        <dt>Subject</dt><dd class="subject">${data.subject}</dd>
      </dl>
      ${
        data.html
          ? html`<iframe class="email-body" title=${`Email: ${data.subject}`} sandbox="" srcdoc=${data.html}></iframe>`
          : html`<pre class="json">${data.text}</pre>`
      }
    </div>`;
  }
  if (data.kind === 'message') {
    const text = data.payload?.text;
    return html`<div class="chat">
      ${text ? html`<p class="chat-text">${text}</p>` : null}
      <pre class="json" tabindex="0" aria-label="Message payload">${JSON.stringify(data.payload, null, 2)}</pre>
    </div>`;
  }
  return html`<pre class="json">${data.text}</pre>`;
}

function QueuesPage({ tick }) {
  const [refresh, setRefresh] = useState(0);
  const state = useJson('/console/api/queues', [tick, refresh]);
  const [message, setMessage] = useState('');
  useEffect(() => {
    const timer = setInterval(() => setRefresh((n) => n + 1), 3000);
    return () => clearInterval(timer);
  }, []);
  const redrive = async (queue) => {
    setMessage(`Redriving ${queue}…`);
    try {
      const answer = await postJson(`/dlq/${encodeURIComponent(queue)}/redrive`);
      setMessage(
        `Redrove ${answer.redriven} message${answer.redriven === 1 ? '' : 's'} from ${answer.queue}.`,
      );
    } catch (error) {
      setMessage(`Redrive failed: ${error.message}`);
    }
    setRefresh((n) => n + 1);
  };
  if (state.error) return html`<h1>Queues and DLQs</h1><p class="error" role="alert">${state.error}</p>`;
  if (!state.data) return html`<h1>Queues and DLQs</h1><p>Loading…</p>`;
  const { queues, stream, archivedEvents } = state.data;
  const byName = new Map(queues.map((queue) => [queue.queue, queue]));
  const sources = queues.filter((queue) => !queue.deadLetterQueue);
  const orphanDlqs = queues.filter(
    (queue) => queue.deadLetterQueue && !byName.has(queue.queue.replace(/-dlq$/, '')),
  );
  const rows = [
    ...sources.map((queue) => [queue, byName.get(`${queue.queue}-dlq`)]),
    ...orphanDlqs.map((dlq) => [undefined, dlq]),
  ];
  const holding = queues.filter((queue) => queue.deadLetterQueue && queue.visible + queue.inFlight > 0);
  return html`
    <h1>Queues and DLQs</h1>
    <p role="status" aria-live="polite" class="notice">${message}</p>
    <p class="hint">${`Stream: checkpoint #${stream.checkpoint}, last change #${stream.lastChange}, ${stream.behind} behind. Archive: ${archivedEvents} events.`}</p>
    <table>
      <caption class="visually-hidden">Queues with their dead-letter queues</caption>
      <thead><tr><th scope="col">Queue</th><th scope="col">Depth</th><th scope="col">In flight</th>
        <th scope="col">Dead-letter queue</th><th scope="col">Dead letters</th><th scope="col">Action</th></tr></thead>
      <tbody>
        ${rows.map(([queue, dlq]) => {
          const dead = dlq ? dlq.visible + dlq.inFlight : 0;
          return html`<tr key=${(queue ?? dlq).queue}>
            <td>${queue?.queue ?? '–'}</td><td>${queue?.visible ?? '–'}</td><td>${queue?.inFlight ?? '–'}</td>
            <td>${dlq?.queue ?? '–'}</td><td class=${dead ? 'failed' : ''}>${dlq ? dead : '–'}</td>
            <td>${
              dead
                ? html`<button type="button" onClick=${() => redrive(dlq.queue)}>Redrive ${dlq.queue}</button>`
                : null
            }</td>
          </tr>`;
        })}
      </tbody>
    </table>
    <h2>Dead letters</h2>
    ${holding.length === 0 ? html`<p>No DLQ holds a message.</p>` : null}
    ${holding.map(
      (queue) => html`<section class="dlq" aria-label=${queue.queue} data-queue=${queue.queue}>
        <h3>${queue.queue}</h3>
        <ul>
          ${queue.messages.map(
            (letter) => html`<li>
              ${letter.eventId ? html`<a href=${`#/event/${encodeURIComponent(letter.eventId)}`}>${`${letter.eventType ?? 'event'} ${short(letter.eventId)}`}</a>` : html`<code>${short(letter.id)}</code>`}
              ${`, ${letter.receiveCount} receives: `}<span class="failed">${letter.error ?? 'no error recorded'}</span>
            </li>`,
          )}
        </ul>
      </section>`,
    )}
    <${ReplayForm} onDone=${(text) => {
      setMessage(text);
      setRefresh((n) => n + 1);
    }} />
  `;
}

function localInput(date) {
  const offset = date.getTimezoneOffset() * 60_000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16);
}

function ReplayForm({ onDone }) {
  const [from, setFrom] = useState(() => localInput(new Date(Date.now() - 3_600_000)));
  const [to, setTo] = useState(() => localInput(new Date(Date.now() + 60_000)));
  const submit = async (event) => {
    event.preventDefault();
    try {
      const answer = await postJson('/replay', {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
      });
      onDone(
        `Replay ${answer.replayName}: ${answer.events} event${answer.events === 1 ? '' : 's'} sent to the rules that match them now.`,
      );
    } catch (error) {
      onDone(`Replay failed: ${error.message}`);
    }
  };
  return html`<section aria-labelledby="replay-heading">
    <h2 id="replay-heading">Replay the archive</h2>
    <form class="filters" onSubmit=${submit}>
      <label>From <input type="datetime-local" name="from" value=${from} onInput=${(e) => setFrom(e.currentTarget.value)} required /></label>
      <label>To <input type="datetime-local" name="to" value=${to} onInput=${(e) => setTo(e.currentTarget.value)} required /></label>
      <button type="submit">Replay</button>
    </form>
  </section>`;
}

function describeDelivery(delivery) {
  return [
    `batch ${delivery.batchSize}`,
    `timeout ${delivery.functionTimeoutMs / 1000} s`,
    `visibility ${delivery.visibilityTimeoutMs / 1000} s`,
    `DLQ after ${delivery.maxReceiveCount} receives`,
    ...(delivery.maxConcurrency ? [`max concurrency ${delivery.maxConcurrency}`] : []),
  ].join(', ');
}

function ServicesPage() {
  const state = useJson('/console/api/services', []);
  if (state.error) return html`<h1>Services</h1><p class="error" role="alert">${state.error}</p>`;
  if (!state.data) return html`<h1>Services</h1><p>Loading…</p>`;
  const { services, stream, apis, pending } = state.data;
  return html`
    <h1>Services</h1>
    <p class="hint">What <code>pnpm dev</code> runs, from each service's definition (<code>src/service.ts</code>).</p>
    <section aria-labelledby="stream-heading">
      <h2 id="stream-heading">stream-processor</h2>
      <p>${[
        `Platform table stream: batch ${stream.batchSize}`,
        stream.maximumRetryAttempts === -1
          ? 'retries until expiry'
          : `${stream.maximumRetryAttempts} retries`,
        stream.bisectBatchOnFunctionError ? 'bisects on error' : 'no bisect',
        'on failure to ',
      ].join(', ')}<code>stream-processor-dlq</code>.</p>
    </section>
    ${services.map(
      (service) => html`<section aria-labelledby=${`service-${service.name}`} class="service">
        <h2 id=${`service-${service.name}`}>${service.name}</h2>
        <table>
          <thead><tr><th scope="col">Subscription</th><th scope="col">Pattern</th><th scope="col">Queue → DLQ</th><th scope="col">Delivery</th></tr></thead>
          <tbody>
            ${service.subscriptions.map(
              (sub) => html`<tr>
                <td><strong>${sub.id}</strong> on ${sub.bus}<div class="hint">${sub.description}</div></td>
                <td><pre class="json small" tabindex="0" aria-label=${`Pattern of ${sub.id}`}>${JSON.stringify(sub.pattern, null, 1)}</pre></td>
                <td>${sub.queue} → ${sub.deadLetterQueue}</td>
                <td>${describeDelivery(sub.delivery)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </section>`,
    )}
    ${
      apis.length
        ? html`<section aria-labelledby="apis-heading">
            <h2 id="apis-heading">APIs served on this port</h2>
            <ul>${apis.map((api) => html`<li><strong>${api.service}</strong>: ${api.routes.map((route) => html`<code>${route}</code> `)}</li>`)}</ul>
          </section>`
        : null
    }
    ${
      pending.length
        ? html`<h2>Not running</h2><ul>${pending.map((p) => html`<li>${p.service}: ${p.reason}</li>`)}</ul>`
        : null
    }
  `;
}

const EXAMPLE_PATTERN = JSON.stringify(
  { 'detail-type': ['CourseCompleted'], detail: { metadata: { version: [2] } } },
  null,
  2,
);
const EXAMPLE_EVENT = JSON.stringify(
  {
    version: '0',
    id: '1',
    'detail-type': 'CourseCompleted',
    source: 'sfe-stream-processor',
    account: '000000000000',
    time: '2026-11-23T10:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: { metadata: { version: 1 }, data: { courseId: 'eda-101' } },
  },
  null,
  2,
);

function PatternPage({ events }) {
  const [pattern, setPattern] = useState(EXAMPLE_PATTERN);
  const [event, setEvent] = useState(EXAMPLE_EVENT);
  const [result, setResult] = useState(undefined);
  const latest = events[0];
  const useLatest = async () => {
    try {
      const page = await getJson(`/console/api/events/${encodeURIComponent(latest.id)}`);
      setEvent(JSON.stringify(page.envelope, null, 2));
    } catch (error) {
      setResult({ error: error.message });
    }
  };
  const submit = async (e) => {
    e.preventDefault();
    try {
      setResult(await postJson('/console/api/test-pattern', { pattern, event }));
    } catch (error) {
      setResult({ error: error.message });
    }
  };
  return html`
    <h1>Test a pattern</h1>
    <p class="hint">An event pattern and an event in, match or not and why out: EventBridge's TestEventPattern, answered by the runtime's pattern engine.</p>
    <form class="pattern" onSubmit=${submit}>
      <label for="pattern-input">Event pattern (JSON)</label>
      <textarea id="pattern-input" name="pattern" rows="8" spellcheck="false" value=${pattern} onInput=${(e) => setPattern(e.currentTarget.value)}></textarea>
      <label for="event-input">Event (JSON)</label>
      <textarea id="event-input" name="event" rows="14" spellcheck="false" value=${event} onInput=${(e) => setEvent(e.currentTarget.value)}></textarea>
      <div class="actions">
        <button type="submit">Test pattern</button>
        ${latest ? html`<button type="button" onClick=${useLatest}>Use the latest event (${latest.type})</button>` : null}
      </div>
    </form>
    <div role="status" aria-live="polite" class="result">
      ${result?.error ? html`<p class="error">${result.error}</p>` : null}
      ${
        result && !result.error
          ? html`<p class=${result.matched ? 'ok verdict' : 'failed verdict'}>${result.matched ? 'Matches' : 'Does not match'}</p>
            <${Verdicts} fields=${result.fields} />`
          : null
      }
    </div>
  `;
}

render(html`<${App} />`, document.getElementById('app'));
