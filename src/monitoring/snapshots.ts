import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Loggers } from '../../loggers';
import type { Domain } from '../domain';
import type { RequestStats } from './request-stats';
import type { RestaurantStats } from './restaurant-stats';

export interface SnapshotSources {
  loggers: Loggers;
  requests: RequestStats;
  restaurant: RestaurantStats;
  domain: Domain;
  kitchenCapacity: number;
  intervalMs: number;
}

/** The sampler's timer fires every resolution ms; the delay is what it took beyond that. */
const EVENT_LOOP_RESOLUTION_MS = 10;

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Every interval, writes a process and HTTP snapshot to metrics.log and a restaurant snapshot to
 * restaurant-performance.log, each over the interval just ended.
 */
export function startSnapshots(sources: SnapshotSources): { stop(): void; takeNow(): Promise<void> } {
  const { loggers, requests, restaurant, domain, kitchenCapacity, intervalMs } = sources;
  const eventLoop = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
  eventLoop.enable();
  let cpuSince = process.cpuUsage();
  let windowStart = performance.now();

  const takeNow = async (): Promise<void> => {
    const elapsedMs = performance.now() - windowStart;
    windowStart = performance.now();
    const cpu = process.cpuUsage(cpuSince);
    cpuSince = process.cpuUsage();
    const memory = process.memoryUsage();
    const http = requests.takeWindow();
    const lagMs = (ns: number) => round(Math.max(0, ns / 1e6 - EVENT_LOOP_RESOLUTION_MS));
    loggers.metrics.info(
      {
        intervalMs: Math.round(elapsedMs),
        cpu: {
          userMs: round(cpu.user / 1000),
          systemMs: round(cpu.system / 1000),
          percent: round(((cpu.user + cpu.system) / 1000 / Math.max(1, elapsedMs)) * 100, 1),
        },
        memory: {
          rssBytes: memory.rss,
          heapUsedBytes: memory.heapUsed,
          heapTotalBytes: memory.heapTotal,
          externalBytes: memory.external,
        },
        eventLoopDelayMs: {
          p50: lagMs(eventLoop.percentile(50)),
          p99: lagMs(eventLoop.percentile(99)),
          max: lagMs(eventLoop.max),
        },
        requests: {
          count: http.count,
          perSecond: round(http.count / Math.max(0.001, elapsedMs / 1000), 2),
          serverErrors: http.serverErrors,
          clientErrors: http.clientErrors,
          active: http.active,
        },
        latencyMs: http.latencyMs,
      },
      'metrics snapshot',
    );
    eventLoop.reset();
    const window = restaurant.takeWindow();
    const tables = await domain.reservations.occupancy();

    loggers.restaurantPerformance.info(
      {
        kpi: 'snapshot',
        intervalMs: Math.round(elapsedMs),
        kitchen: {
          queueDepth: domain.kitchen.queueDepth,
          inProgress: domain.kitchen.inProgress,
          capacity: kitchenCapacity,
        },
        tables,
        ...window,
      },
      'restaurant snapshot',
    );
  };

  const timer = setInterval(() => {
    takeNow().catch((error) => loggers.errors.error({ err: error }, 'snapshot failed'));
  }, intervalMs);
  timer.unref();
  return {
    takeNow,
    stop: () => {
      clearInterval(timer);
      eventLoop.disable();
    },
  };
}
