import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { call, Problem } from './api';
import { LiveChart, type Series } from './charts';
import { submitted } from './forms';
import { CopyTraceId, Layout, ProblemMessage } from './layout';
import { boot, currentAction, type WebConfig } from './telemetry';

interface LivePoint {
  at: string;
  requestsPerSecond: number;
  errorRate: number;
  p95Ms: number;
  ordersPerMinute: number;
  revenuePerMinute: number;
}

interface Live {
  points: LivePoint[];
  recent: {
    at: string;
    method: string;
    route: string | null;
    status: number;
    durationMs: number;
    traceId: string;
  }[];
  kitchen: { queueDepth: number; inProgress: number };
}

interface Traffic {
  state: 'idle' | 'running' | 'finishing';
  summary: { startedJourneys: number; activeUsers: number; requests: number; errors: number } | null;
}

interface Scenario {
  name: string;
  description: string;
  active: boolean;
  intensity: number | null;
  secondsLeft: number | null;
}

interface CollectorStatus {
  mode: string | null;
  collector:
    | { reachable: true; healthy: boolean; status: string }
    | { reachable: false; error: string; hint: string };
  exporters: { exporter: string; signal: string; sent: number; failed: number }[];
}

interface OrderSummary {
  id: string;
  status: string;
  total: number;
  createdAt: string;
}

/** URLs this page polls: not traced from the browser, or its own polling would bury the actions. */
const POLLED = [/\/api\/(live|traffic|scenarios|otel\/status)$/, /\/api\/orders\?/];
const TOKEN_KEY = 'restaurant.adminToken';

const TOKEN_REFUSED = 'restaurant:token-refused';

/** Calls a control with the tab's admin token; a refused token is forgotten and asked for again. */
async function control<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  try {
    return await call<T>(method, path, { body, headers, action: currentAction() });
  } catch (error) {
    if (error instanceof Problem && error.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      dispatchEvent(new Event(TOKEN_REFUSED));
    }
    throw error;
  }
}

/** Polls `load` every `ms` while the page is open; the latest value, or the refusal. */
function usePolling<T>(load: () => Promise<T>, ms: number): [T | null, Problem | null, () => void] {
  const [value, setValue] = useState<T | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const refresh = useCallback(() => {
    load().then(
      (v) => {
        setValue(v);
        setProblem(null);
      },
      (error) => setProblem(error instanceof Problem ? error : null),
    );
  }, [load]);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, ms);
    return () => clearInterval(timer);
  }, [refresh, ms]);
  return [value, problem, refresh];
}

const seriesOf = (points: LivePoint[], pick: (p: LivePoint) => number): Series => ({
  times: points.map((p) => Date.parse(p.at) / 1000),
  values: points.map(pick),
});

/** The charts, in the order a demo reads them: load, failures, latency, then the business. */
const CHARTS: { id: string; title: string; unit: string; color: string; figure: (p: LivePoint) => number }[] =
  [
    {
      id: 'rps',
      title: 'API requests per second',
      unit: 'req/s',
      color: '#1a5fb4',
      figure: (p) => p.requestsPerSecond,
    },
    {
      id: 'error-rate',
      title: 'API error rate (5xx)',
      unit: '%',
      color: '#9c2f1e',
      figure: (p) => p.errorRate * 100,
    },
    { id: 'p95', title: 'API p95 latency', unit: 'ms', color: '#865e3c', figure: (p) => p.p95Ms },
    {
      id: 'orders',
      title: 'Orders per minute',
      unit: '/min',
      color: '#2f6b3a',
      figure: (p) => p.ordersPerMinute,
    },
    {
      id: 'revenue',
      title: 'Revenue per minute',
      unit: 'USD/min',
      color: '#613583',
      figure: (p) => p.revenuePerMinute,
    },
  ];

function Figures({ live }: { live: Live | null }) {
  const points = live?.points ?? [];
  return (
    <section aria-labelledby="figures-heading">
      <h2 id="figures-heading">Live figures</h2>
      <div class="charts">
        {CHARTS.map((chart) => (
          <LiveChart key={chart.id} {...chart} series={seriesOf(points, chart.figure)} />
        ))}
      </div>
    </section>
  );
}

function TrafficPanel({ kinds }: { kinds: string[] }) {
  const load = useCallback(() => control<Traffic>('GET', '/api/traffic'), []);
  const [traffic, loadProblem, refresh] = usePolling(load, 3000);
  const [problem, setProblem] = useState<Problem | null>(null);
  const act = async (path: string, body?: unknown) => {
    setProblem(null);
    try {
      await control('POST', path, body);
    } catch (error) {
      setProblem(error as Problem);
    }
    refresh();
  };
  const start = (event: Event) => {
    const value = submitted(event);
    const weights = Object.fromEntries(kinds.map((kind) => [kind, Number(value(`weight-${kind}`))]));
    void act('/api/traffic/start', {
      usersPerMinute: Number(value('rate')),
      maxConcurrentUsers: Number(value('users')),
      rushHour: value('rush') === 'on',
      weights,
    });
  };
  const summary = traffic?.summary;
  return (
    <section aria-labelledby="traffic-heading">
      <h2 id="traffic-heading">Virtual users</h2>
      <p role="status">
        State: <strong data-testid="traffic-state">{traffic?.state ?? '…'}</strong>
        {summary &&
          ` · ${summary.activeUsers} walking · ${summary.startedJourneys} journeys · ${summary.requests} requests · ${summary.errors} errors`}
      </p>
      <form onSubmit={start} aria-labelledby="traffic-heading">
        <p class="field">
          <label for="traffic-rate">New users per minute</label>
          <input
            id="traffic-rate"
            name="rate"
            type="number"
            min="0.1"
            max="6000"
            step="any"
            defaultValue="60"
          />
        </p>
        <p class="field">
          <label for="traffic-users">At most at once</label>
          <input id="traffic-users" name="users" type="number" min="1" max="500" defaultValue="10" />
        </p>
        <p>
          <input id="traffic-rush" name="rush" type="checkbox" />{' '}
          <label for="traffic-rush">Rush hours (lunch and dinner peaks)</label>
        </p>
        <fieldset>
          <legend>Journey mix (relative weights)</legend>
          <div class="weights">
            {kinds.map((kind) => (
              <p class="field" key={kind}>
                <label for={`weight-${kind}`}>{kind.replace(/_/g, ' ')}</label>
                <input
                  id={`weight-${kind}`}
                  name={`weight-${kind}`}
                  type="number"
                  min="0"
                  max="1000"
                  defaultValue="1"
                />
              </p>
            ))}
          </div>
        </fieldset>
        {(problem ?? loadProblem) && <ProblemMessage problem={(problem ?? loadProblem) as Problem} />}
        <button type="submit" disabled={traffic?.state !== 'idle'}>
          Start virtual users
        </button>{' '}
        <button
          type="button"
          disabled={traffic?.state !== 'running'}
          onClick={() => act('/api/traffic/stop')}
        >
          Stop virtual users
        </button>
      </form>
    </section>
  );
}

function ScenarioRow({ scenario, act }: { scenario: Scenario; act: (path: string, body?: unknown) => void }) {
  const start = (event: Event) => {
    const value = submitted(event);
    act(`/api/scenarios/${scenario.name}/start`, {
      durationSeconds: Number(value('duration')),
      intensity: Number(value('intensity')),
    });
  };
  const id = `scenario-${scenario.name}`;
  return (
    <li class={scenario.active ? 'scenario active' : 'scenario'}>
      <h3 id={id}>{scenario.name.replace(/_/g, ' ')}</h3>
      <p>{scenario.description}</p>
      {scenario.active ? (
        <p>
          <strong>Active</strong>, intensity {scenario.intensity}, {scenario.secondsLeft} s left{' '}
          <button type="button" onClick={() => act(`/api/scenarios/${scenario.name}/stop`)}>
            Stop<span class="visually-hidden"> {scenario.name}</span>
          </button>
        </p>
      ) : (
        <form onSubmit={start} aria-labelledby={id} class="inline">
          <label for={`${id}-duration`}>Seconds</label>
          <input id={`${id}-duration`} name="duration" type="number" min="10" max="600" defaultValue="60" />
          <label for={`${id}-intensity`}>Intensity</label>
          <input
            id={`${id}-intensity`}
            name="intensity"
            type="number"
            min="0"
            max="1"
            step="0.1"
            defaultValue="0.5"
          />
          <button type="submit">
            Start<span class="visually-hidden"> {scenario.name}</span>
          </button>
        </form>
      )}
    </li>
  );
}

function ScenariosPanel() {
  const load = useCallback(() => control<Scenario[]>('GET', '/api/scenarios'), []);
  const [scenarios, loadProblem, refresh] = usePolling(load, 2000);
  const [problem, setProblem] = useState<Problem | null>(null);
  const act = (path: string, body?: unknown) => {
    setProblem(null);
    control('POST', path, body).then(refresh, (error) => {
      setProblem(error as Problem);
      refresh();
    });
  };
  return (
    <section aria-labelledby="scenarios-heading">
      <h2 id="scenarios-heading">Failure scenarios</h2>
      {(problem ?? loadProblem) && <ProblemMessage problem={(problem ?? loadProblem) as Problem} />}
      <button
        type="button"
        onClick={() => act('/api/scenarios/stop-all')}
        disabled={!scenarios?.some((s) => s.active)}
      >
        Stop all scenarios
      </button>
      <ul class="scenarios">
        {(scenarios ?? []).map((scenario) => (
          <ScenarioRow key={scenario.name} scenario={scenario} act={act} />
        ))}
      </ul>
    </section>
  );
}

function CollectorPanel() {
  const load = useCallback(() => call<CollectorStatus>('GET', '/api/otel/status'), []);
  const [status] = usePolling(load, 5000);
  if (!status) return null;
  const { collector } = status;
  return (
    <section aria-labelledby="collector-heading">
      <h2 id="collector-heading">Collector</h2>
      <p role="status">
        Mode <strong>{status.mode ?? 'unknown'}</strong>:{' '}
        {collector.reachable ? (
          collector.healthy ? (
            'healthy'
          ) : (
            collector.status
          )
        ) : (
          <strong>not reachable</strong>
        )}
      </p>
      {!collector.reachable && (
        <p class="problem">
          {collector.error}. Next step: {collector.hint}
        </p>
      )}
      {status.exporters.length > 0 && (
        <table>
          <caption class="visually-hidden">Records sent and failed per exporter and signal</caption>
          <thead>
            <tr>
              <th scope="col">Exporter</th>
              <th scope="col">Signal</th>
              <th scope="col">Sent</th>
              <th scope="col">Failed</th>
            </tr>
          </thead>
          <tbody>
            {status.exporters.map((e) => (
              <tr key={`${e.exporter}-${e.signal}`} class={e.failed > 0 ? 'failing' : ''}>
                <td>{e.exporter}</td>
                <td>{e.signal}</td>
                <td>{e.sent}</td>
                <td>{e.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Kitchen({ live }: { live: Live | null }) {
  const load = useCallback(() => call<OrderSummary[]>('GET', '/api/orders?limit=8'), []);
  const [orders] = usePolling(load, 3000);
  return (
    <section aria-labelledby="kitchen-heading">
      <h2 id="kitchen-heading">Orders and kitchen</h2>
      <p>
        Kitchen: <strong>{live?.kitchen.inProgress ?? 0}</strong> cooking,{' '}
        <strong>{live?.kitchen.queueDepth ?? 0}</strong> waiting
      </p>
      <ul class="orders">
        {(orders ?? []).map((o) => (
          <li key={o.id}>
            <code>{o.id}</code> {o.status} ${o.total.toFixed(2)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function RecentRequests({ live }: { live: Live | null }) {
  return (
    <section aria-labelledby="recent-heading">
      <h2 id="recent-heading">Recent requests</h2>
      <ul class="traces">
        {(live?.recent ?? []).slice(0, 10).map((r, i) => (
          <li key={`${r.traceId}-${i}`} class={r.status >= 500 ? 'failing' : ''}>
            {r.status} {r.method} {r.route ?? '-'} <code>{r.traceId}</code>{' '}
            <CopyTraceId traceId={r.traceId} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Asks once per tab for ADMIN_TOKEN when the app wants one; kept in sessionStorage. */
function TokenGate({ onToken }: { onToken: () => void }) {
  const submit = (event: Event) => {
    sessionStorage.setItem(TOKEN_KEY, submitted(event)('token'));
    onToken();
  };
  return (
    <form onSubmit={submit} aria-labelledby="token-heading">
      <h2 id="token-heading">Admin token</h2>
      <p>This app's controls need its ADMIN_TOKEN. It is kept in this tab only.</p>
      <p class="field">
        <label for="token">Token</label>
        <input id="token" name="token" type="password" autocomplete="off" required minLength={16} />
      </p>
      <button type="submit">Open the control room</button>
    </form>
  );
}

function ControlRoom({ config }: { config: WebConfig }) {
  const [hasToken, setHasToken] = useState(
    !config.adminTokenRequired || sessionStorage.getItem(TOKEN_KEY) !== null,
  );
  const load = useCallback(() => call<Live>('GET', '/api/live'), []);
  const [live] = usePolling(load, 2000);
  useEffect(() => {
    const refused = () => setHasToken(false);
    addEventListener(TOKEN_REFUSED, refused);
    return () => removeEventListener(TOKEN_REFUSED, refused);
  }, []);
  if (!hasToken) {
    return (
      <Layout page="control">
        <TokenGate onToken={() => setHasToken(true)} />
      </Layout>
    );
  }
  return (
    <Layout page="control">
      <Figures live={live} />
      <div class="columns">
        <div>
          <TrafficPanel kinds={config.journeyKinds} />
          <ScenariosPanel />
        </div>
        <div>
          <CollectorPanel />
          <Kitchen live={live} />
          <RecentRequests live={live} />
        </div>
      </div>
    </Layout>
  );
}

boot(POLLED).then((config) =>
  render(<ControlRoom config={config} />, document.getElementById('app') as HTMLElement),
);
