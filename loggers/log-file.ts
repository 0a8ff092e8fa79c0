import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import SonicBoom from 'sonic-boom';

export interface RotationPolicy {
  /** The live file is rotated once it holds this many bytes. */
  maxBytes: number;
  /** Archives kept per file; older ones are deleted. */
  maxArchives: number;
  /** Whether archives are gzipped. */
  compress: boolean;
  /**
   * How long an archive stays plain before it is gzipped (at a later rotation), so that a tailer
   * following the renamed file (the collector) can read its last lines.
   */
  compressAfterMs: number;
}

function archiveStamp(now: Date): string {
  // 2026-12-01T04:22:10.123Z → 20261201T042210.123Z: sorts by time, no characters shells mind.
  return now.toISOString().replace(/[-:]/g, '');
}

/**
 * One log file at a stable path (`access.log`, …), written through SonicBoom: asynchronously, or
 * line by line as it comes when durable (access.log).
 * Rotation follows logrotate's model: the live file is renamed to an archive
 * (`access.log.20261201T042210.123Z`, gzipped to `.gz` at a later rotation once it has rested),
 * and the writer reopens the stable path.
 * Lines buffered or in flight while that happens land in one file or the other, never nowhere.
 * Archives never end in `.log`, so a `*.log` glob does not read them twice. `reopen()` alone
 * serves an external logrotate that already moved the file (on SIGHUP).
 */
export class LogFile {
  private readonly boom: SonicBoom;
  private bytes = 0;
  /** Bytes handed to SonicBoom and not yet written to the file, and who waits for none. */
  private pending = 0;
  private readonly flushWaiters: (() => void)[] = [];
  private reopening = false;
  /** Archiving runs one job at a time: two rotations must not compress the same file at once. */
  private archiving: Promise<void> = Promise.resolve();

  private constructor(
    readonly file: string,
    private readonly policy: RotationPolicy,
    private readonly onError: (error: Error) => void,
    durable: boolean,
  ) {
    this.boom = new SonicBoom({ dest: file, sync: durable, append: true });
    this.boom.on('error', (error: Error) => this.onError(error));
    this.boom.on('write', (written: number) => {
      this.pending = Math.max(0, this.pending - written);
      if (this.pending === 0) this.wakeFlushWaiters();
    });
  }

  private wakeFlushWaiters(): void {
    for (const wake of this.flushWaiters.splice(0)) wake();
  }

  /** Resolves once every line written so far is in the file (SonicBoom writes as fast as it can). */
  flushed(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.flushWaiters.push(resolve));
  }

  /**
   * Opens `file` for appending; resolves once it is ready, rejects if it cannot be opened.
   * `durable`: each line is handed to the kernel as it is written (a synchronous write), so a
   * process killed right after (SIGKILL, the OOM killer) has lost none of it.
   */
  static async open(
    file: string,
    policy: RotationPolicy,
    onError: (error: Error) => void,
    durable = false,
  ): Promise<LogFile> {
    const logFile = new LogFile(file, policy, onError, durable);
    await once(logFile.boom, 'ready');
    logFile.bytes = fs.statSync(file).size;
    return logFile;
  }

  /** Appends whole lines (pino's destination interface). */
  write(chunk: string): boolean {
    const length = Buffer.byteLength(chunk);
    this.bytes += length;
    this.pending += length;
    const accepted = this.boom.write(chunk);
    if (this.bytes >= this.policy.maxBytes) this.rotate();
    return accepted;
  }

  get size(): number {
    return this.bytes;
  }

  /** Moves the live file to a new archive and starts a fresh one at the same path. */
  rotate(now = new Date()): void {
    if (this.reopening || this.bytes === 0) return;
    const archive = this.freeArchiveName(now);
    fs.renameSync(this.file, archive);
    this.reopenAnd(() => this.queueArchiving(archive));
  }

  /** Reopens the stable path after something else moved the file (logrotate's SIGHUP). */
  reopen(): void {
    if (this.reopening) return;
    this.reopenAnd(() => {
      this.bytes = fs.statSync(this.file).size;
    });
  }

  /** Writes out everything buffered, synchronously: for a process about to die. */
  flushSync(): void {
    try {
      this.boom.flushSync();
      this.pending = 0;
      this.wakeFlushWaiters();
    } catch (error) {
      this.onError(error as Error);
    }
  }

  /** Writes out everything buffered and closes the file; resolves once archiving work is done too. */
  async close(): Promise<void> {
    // SonicBoom drops a pending reopen once end() was called, and then never writes its buffer
    // or closes: let the reopen finish first.
    if (this.reopening) await once(this.boom, 'ready');
    const closed = once(this.boom, 'close');
    this.boom.end();
    await closed;
    await this.archiving;
  }

  private reopenAnd(afterReady: () => void): void {
    this.reopening = true;
    this.bytes = 0;
    this.boom.once('ready', () => {
      this.reopening = false;
      try {
        afterReady();
      } catch (error) {
        this.onError(error as Error);
      }
    });
    this.boom.reopen();
  }

  private queueArchiving(newest: string): void {
    this.archiving = this.archiving
      .then(() => this.archive(newest))
      .catch((error: Error) => this.onError(error));
  }

  /**
   * After a rotation: gzips the archives that have rested at least `compressAfterMs` (never the
   * newest), then prunes. Like logrotate's delaycompress, but by age, so that even a burst of
   * rotations leaves a tailer the plain files it has not finished.
   */
  private async archive(newest: string): Promise<void> {
    if (this.policy.compress) {
      const dir = path.dirname(this.file);
      for (const name of await this.archiveNames()) {
        const archive = path.join(dir, name);
        if (name.endsWith('.gz') || archive === newest) continue;
        const { mtimeMs } = await fs.promises.stat(archive);
        if (Date.now() - mtimeMs < this.policy.compressAfterMs) continue;
        await pipeline(fs.createReadStream(archive), createGzip(), fs.createWriteStream(`${archive}.gz`));
        await fs.promises.unlink(archive);
      }
    }
    await this.prune();
  }

  private async archiveNames(): Promise<string[]> {
    const prefix = `${path.basename(this.file)}.`;
    return (await fs.promises.readdir(path.dirname(this.file)))
      .filter((name) => name.startsWith(prefix))
      .sort();
  }

  private async prune(): Promise<void> {
    const dir = path.dirname(this.file);
    // An archive being compressed exists twice for a moment (plain and .gz): count it once.
    const archives = [
      ...new Set((await this.archiveNames()).map((name) => name.replace(/\.gz$/, ''))),
    ].sort();
    const excess = archives.slice(0, Math.max(0, archives.length - this.policy.maxArchives));
    await Promise.all(
      excess.flatMap((name) =>
        [name, `${name}.gz`].map((file) => fs.promises.rm(path.join(dir, file), { force: true })),
      ),
    );
  }

  private freeArchiveName(now: Date): string {
    const base = `${this.file}.${archiveStamp(now)}`;
    for (let n = 0; ; n++) {
      const candidate = n === 0 ? base : `${base}-${n}`;
      if (!fs.existsSync(candidate) && !fs.existsSync(`${candidate}.gz`)) return candidate;
    }
  }
}
