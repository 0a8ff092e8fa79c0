/** The failure scenarios a demo can switch on, and what each does while active. */
export const scenarioDescriptions = {
  payment_gateway_outage: 'The payment gateway times out and declines a share of charges (processing_error)',
  slow_kitchen: 'Prep times are multiplied: orders take up to five times longer',
  db_latency: 'Every database statement is slowed (blocking, as a slow SQLite query does)',
  connection_pool_exhaustion: 'Database access is serialised through a small pool: requests wait for a slot',
  memory_leak: 'Memory is retained every second, capped so the process survives',
  event_loop_block: 'CPU-bound work on each API request blocks the event loop',
  error_burst: 'A share of API requests (the intensity) fail with 5xx',
  cascading_failure:
    'db_latency, connection_pool_exhaustion, payment_gateway_outage, error_burst in sequence',
} as const;

export type ScenarioName = keyof typeof scenarioDescriptions;
export const scenarioNames = Object.keys(scenarioDescriptions) as ScenarioName[];

export function isScenarioName(name: string): name is ScenarioName {
  return Object.hasOwn(scenarioDescriptions, name);
}

/** What the app asks while serving: how strongly a scenario is on now (0 when it is not). */
export interface Faults {
  intensity(name: ScenarioName): number;
}

/** The phases of cascading_failure, each a quarter of its duration. */
export const CASCADE: readonly ScenarioName[] = [
  'db_latency',
  'connection_pool_exhaustion',
  'payment_gateway_outage',
  'error_burst',
];
