import { z } from 'zod';

/**
 * The shapes of the six JSON files, as the loggers write them: the contract other teams' tests
 * check against. `npm run schemas` publishes them as JSON Schema (2020-12) in loggers/schemas/;
 * the test suite validates every line it makes the app write against those files. A record may
 * carry more fields than listed (additions are not breaking); the listed ones are required unless
 * marked optional. A change that removes, renames or retypes a field changes LOG_SCHEMA_VERSION
 * and loggers/CHANGELOG.md says what changed.
 */
export const LOG_SCHEMA_VERSION = 1;

const hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`));
const count = z.number().int().min(0);
const ms = z.number().min(0);
const id = z.string().min(1);
const money = { value: z.number(), unit: z.string() };

/** Fields every JSON line has, or has whenever it applies (loggers/README.md, "Fields on every JSON line"). */
function line<T extends z.ZodRawShape>(logType: string, fields: T) {
  return z.looseObject({
    level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']),
    time: z.iso.datetime(),
    service: z.literal('restaurant-app'),
    logType: z.literal(logType),
    schemaVersion: z.literal(LOG_SCHEMA_VERSION),
    msg: z.string(),
    requestId: id.optional(),
    sessionId: id.optional(),
    traceId: hex(32).optional(),
    spanId: hex(16).optional(),
    traceFlags: z.enum(['00', '01']).optional(),
    scenarios: z.array(z.string()).optional(),
    synthetic: z.literal(true).optional(),
    ...fields,
  });
}

/** Each business event of events.log: its action and the fields it always carries. */
export const BUSINESS_EVENTS = {
  order_created: {
    action: 'create',
    fields: {
      orderId: id,
      orderType: z.enum(['dine_in', 'takeout', 'delivery']),
      tableNumber: z.number().int().nullable(),
      itemCount: count,
      lineCount: count,
      items: z.array(z.object({ menuItemId: id, quantity: count })),
      subtotal: z.number(),
      tax: z.number(),
      customerEmail: z.string(),
      ...money,
    },
  },
  order_cancelled: { action: 'cancel', fields: { orderId: id, refunded: z.boolean(), ...money } },
  payment_initiated: {
    action: 'authorize',
    fields: { paymentId: id, orderId: id, method: z.enum(['card', 'cash', 'wallet']), ...money },
  },
  payment_authorized: { action: 'authorize', fields: paymentFields() },
  payment_declined: { action: 'authorize', fields: { ...paymentFields(), declineReason: z.string() } },
  reservation_created: {
    action: 'create',
    fields: {
      reservationId: id,
      partySize: count,
      tableId: z.union([z.string(), z.number()]),
      tableSeats: count,
      reservationTime: z.iso.datetime(),
      customerEmail: z.string(),
      ...money,
    },
  },
  reservation_rejected: {
    action: 'create',
    fields: {
      partySize: count,
      reservationTime: z.string(),
      reason: z.enum(['no_table_available', 'outside_booking_window']),
      ...money,
    },
  },
  reservation_cancelled: {
    action: 'cancel',
    fields: { reservationId: id, partySize: count, reservationTime: z.iso.datetime(), ...money },
  },
  kitchen_started: { action: 'prepare', fields: { orderId: id, queueWaitMs: ms, queueDepth: count } },
  order_ready: { action: 'prepare', fields: { orderId: id, prepMs: ms, orderToReadyMs: ms, ...money } },
  order_completed: { action: 'complete', fields: { orderId: id, orderToCompletedMs: ms, ...money } },
  scenario_started: {
    action: 'start',
    fields: { scenario: z.string(), intensity: z.number(), durationMs: ms, parent: z.string().optional() },
  },
  scenario_stopped: {
    action: 'stop',
    fields: { scenario: z.string(), reason: z.enum(['stopped', 'expired']), parent: z.string().optional() },
  },
} as const;

function paymentFields() {
  return {
    paymentId: id,
    orderId: id,
    method: z.enum(['card', 'cash', 'wallet']),
    cardBrand: z.string().nullable(),
    gatewayLatencyMs: ms.nullish(),
    ...money,
  };
}

export type BusinessEventName = keyof typeof BUSINESS_EVENTS;

/** A business event's line: the common fields, `event` and `msg` its name, and its own fields. */
export function businessEventLine(name: BusinessEventName) {
  const { action, fields } = BUSINESS_EVENTS[name];
  return line('business_event', { event: z.literal(name), action: z.literal(action), ...fields });
}

/** A client journey event (POST /api/events): any of the journey names, with what the client sent. */
export const journeyEventLine = line('business_event', {
  event: z.string(),
  action: z.literal('journey'),
  source: z.literal('client'),
  journeyStage: z.string(),
  properties: z.record(z.string(), z.unknown()),
});

const percentiles = z.object({ p50: ms, p95: ms, max: ms });

/** A restaurant-performance.log line of one KPI. */
function kpi<T extends z.ZodRawShape>(name: string, fields: T) {
  return line('restaurant_performance', { kpi: z.literal(name), ...fields });
}
const err = z.looseObject({ type: z.string(), message: z.string() });

/** Each JSON file: every line is one of these. */
export const LOG_LINES = {
  'events.log': z.union([
    ...(Object.keys(BUSINESS_EVENTS) as BusinessEventName[]).map(businessEventLine),
    journeyEventLine,
  ]),
  'performance.log': z.discriminatedUnion('msg', [
    line('performance', {
      msg: z.literal('request completed'),
      method: z.string(),
      route: z.string().nullable(),
      status: z.number().int(),
      durationMs: ms,
      slow: z.boolean(),
      dbCalls: count,
      dbMs: ms,
      gatewayMs: ms,
      poolWaitMs: ms,
    }),
    line('performance', { msg: z.literal('operation timing'), operation: z.string(), durationMs: ms }),
    line('performance', {
      msg: z.literal('db statement'),
      operation: z.string(),
      table: z.string(),
      durationMs: ms,
    }),
  ]),
  'restaurant-performance.log': z.discriminatedUnion('kpi', [
    kpi('payment_gateway', {
      paymentId: id,
      outcome: z.enum(['authorized', 'declined']),
      declineReason: z.string().nullish(),
      gatewayLatencyMs: ms,
    }),
    kpi('kitchen_queue', { orderId: id, queueWaitMs: ms, queueDepth: count }),
    kpi('order_prep', { orderId: id, prepMs: ms, orderToReadyMs: ms }),
    kpi('journey', {
      journey: z.string(),
      outcome: z.enum(['completed', 'abandoned', 'failed']),
      durationMs: ms,
      sessionId: id,
    }),
    kpi('table_assignment', {
      reservationId: id,
      partySize: count,
      tableSeats: count,
      seatUtilization: z.number().min(0),
    }),
    kpi('snapshot', {
      intervalMs: ms,
      kitchen: z.looseObject({ queueDepth: count, inProgress: count, capacity: count }),
      tables: z.looseObject({ occupied: count, total: count, occupancy: z.number().min(0) }),
      orders: z.looseObject({ created: count, cancelled: count, completed: count }),
      prep: z.looseObject({ count, prepMs: percentiles, orderToReadyMs: percentiles }),
      payments: z.looseObject({ attempts: count, authorized: count, declined: count }),
      reservations: z.looseObject({ created: count, rejected: count }),
    }),
  ]),
  'errors.log': z.union([
    line('error', {
      msg: z.enum(['client error', 'server error']),
      code: z.string(),
      status: z.number().int(),
    }),
    line('error', {
      msg: z.enum(['request rejected by the HTTP parser', 'CONNECT refused']),
      code: z.string(),
      status: z.number().int(),
    }),
    line('error', { msg: z.string(), err: err.optional() }),
  ]),
  'metrics.log': line('metrics', {
    msg: z.literal('metrics snapshot'),
    intervalMs: ms,
    cpu: z.looseObject({ userMs: ms, systemMs: ms, percent: z.number().min(0) }),
    memory: z.looseObject({ rssBytes: count, heapUsedBytes: count, heapTotalBytes: count }),
    eventLoopDelayMs: percentiles.partial().extend({ p99: ms }).loose(),
    requests: z.looseObject({ count: count, perSecond: z.number().min(0) }),
    latencyMs: z.looseObject({ p50: ms, p99: ms, max: ms }),
  }),
  'app.log': line('application', {}),
} as const;

export type JsonLogFile = keyof typeof LOG_LINES;

const EVENT_LINES = new Map(
  (Object.keys(BUSINESS_EVENTS) as BusinessEventName[]).map((name) => [
    name as string,
    businessEventLine(name),
  ]),
);

/**
 * The one schema a given line must keep: in events.log a client journey event's (`action`
 * `journey`: a client may name one like a business event, `payment_initiated`), else the one of
 * its event; elsewhere the file's. Validating against it names the field at fault, where the
 * file's union would only say no branch matched.
 */
export function schemaFor(file: JsonLogFile, record: Record<string, unknown>): z.ZodType {
  if (file !== 'events.log') return LOG_LINES[file];
  if (record.action === 'journey') return journeyEventLine;
  return EVENT_LINES.get(String(record.event)) ?? journeyEventLine;
}
