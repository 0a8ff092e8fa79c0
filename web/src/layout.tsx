import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type Problem, recentTraces } from './api';

/** The shared frame: a skip link, the two pages, and the content as the page's main landmark. */
export function Layout({ page, children }: { page: 'storefront' | 'control'; children: ComponentChildren }) {
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header>
        <span class="brand">Trattoria Telemetria</span>
        <nav aria-label="Pages">
          <a href="/" aria-current={page === 'storefront' ? 'page' : undefined}>
            Storefront
          </a>
          <a href="/control" aria-current={page === 'control' ? 'page' : undefined}>
            Control room
          </a>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

/** A refusal in the API's words, its field messages, and what the visitor can do next. */
export function ProblemMessage({ problem, retry }: { problem: Problem; retry?: string }) {
  return (
    <div class="problem" role="alert">
      <p>
        <strong>{problem.detail}</strong>
        {retry && <> {retry}</>}
      </p>
      {problem.fields.length > 0 && (
        <ul>
          {problem.fields.map((f) => (
            <li key={f.field}>
              {f.field}: {f.message}
            </li>
          ))}
        </ul>
      )}
      {problem.traceId && (
        <p class="trace">
          Trace <code>{problem.traceId}</code>
        </p>
      )}
    </div>
  );
}

/** Copies a trace id, to look it up at the collector; named for a screen reader. */
export function CopyTraceId({ traceId }: { traceId: string }) {
  return (
    <button type="button" class="link" onClick={() => navigator.clipboard?.writeText(traceId)}>
      Copy<span class="visually-hidden"> trace id {traceId}</span>
    </button>
  );
}

/** The trace ids of the latest API calls, to look up at the collector; each copyable. */
export function TraceList() {
  const [, refresh] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => refresh((n) => n + 1), 2000);
    return () => clearInterval(timer);
  }, []);
  return (
    <section aria-labelledby="traces-heading">
      <h2 id="traces-heading">Recent traces</h2>
      {recentTraces.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <ul class="traces">
          {recentTraces.slice(0, 8).map((t, i) => (
            <li key={`${t.traceId}-${i}`}>
              <code>{t.traceId}</code> {t.method} {t.path} → {t.status} <CopyTraceId traceId={t.traceId} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
