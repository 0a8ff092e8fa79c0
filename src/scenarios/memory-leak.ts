import { runDetached } from '../context';
import type { Faults, ScenarioName } from './catalogue';

/**
 * Retained memory for the memory_leak scenario: grows every second while the scenario runs,
 * capped, released when it stops. `follow` takes the scenario engine's changes.
 */
export class MemoryLeak {
  private readonly retained: Buffer[] = [];
  private timer: NodeJS.Timeout | undefined;

  /** Bytes retained per second at intensity 1, and the cap that keeps the process alive. */
  static readonly BYTES_PER_SECOND = 8 * 1024 * 1024;
  static readonly CAP_BYTES = 256 * 1024 * 1024;

  constructor(private readonly faults: Faults) {}

  /** Starts or releases with the memory_leak scenario. */
  readonly follow = (change: { name: ScenarioName; change: 'started' | 'stopped' }): void => {
    if (change.name !== 'memory_leak') return;
    if (change.change === 'started') this.start();
    else this.release();
  };

  get retainedBytes(): number {
    return this.retained.reduce((sum, buffer) => sum + buffer.length, 0);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => runDetached(() => this.grow()), 1000);
    this.timer.unref();
    this.grow();
  }

  release(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.retained.length = 0;
  }

  private grow(): void {
    const bytes = Math.floor(MemoryLeak.BYTES_PER_SECOND * this.faults.intensity('memory_leak'));
    if (bytes <= 0 || this.retainedBytes + bytes > MemoryLeak.CAP_BYTES) return;
    // Filled, so the pages are really resident.
    this.retained.push(Buffer.alloc(bytes, 1));
  }
}
