import type { Loggers } from '../../loggers';
import { recordTiming } from '../context';
import type { ScenarioChange } from '../scenarios/engine';
import type { StatementTiming } from '../store';
import type { JourneyResult } from '../traffic/virtual-user';

/**
 * The telemetry of the app's own machinery, beside the domain's (domain-telemetry.ts): what the
 * store, the scenario engine and the virtual users report, as log lines and request timings.
 */

/** Each database statement: counted in the request's timings, and a debug line in performance.log. */
export function statementTelemetry(loggers: Loggers): (timing: StatementTiming) => void {
  return (timing) => {
    recordTiming('db', timing.durationMs);
    loggers.performance.debug(
      {
        operation: `db.${timing.operation.toLowerCase()}`,
        table: timing.table,
        durationMs: timing.durationMs,
      },
      'db statement',
    );
  };
}

/** Each scenario start and stop: a business event in events.log and a line in app.log. */
export function scenarioTelemetry(loggers: Loggers): (change: ScenarioChange) => void {
  return (change) => {
    const started = change.change === 'started';
    const event = started ? 'scenario_started' : 'scenario_stopped';
    loggers.logBusinessEvent(event, started ? 'start' : 'stop', { scenario: change.name, ...change });
    loggers.app.info({ ...change, scenario: change.name }, event.replace('_', ' '));
  };
}

/** Each virtual user's journey, as it ends: a KPI line in restaurant-performance.log. */
export function journeyTelemetry(loggers: Loggers): (journey: JourneyResult) => void {
  return (journey) =>
    loggers.restaurantPerformance.info(
      {
        kpi: 'journey',
        journey: journey.kind,
        outcome: journey.outcome,
        durationMs: Math.round(journey.durationMs),
        sessionId: journey.sessionId,
      },
      'journey ended',
    );
}
