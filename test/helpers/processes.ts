import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { disown, own } from './owned';

/**
 * Owns a child process like any other resource (./owned.ts): killed after the test that started
 * it, or after the file when started in beforeAll, so a failed test cannot leave it running.
 */
export function track(child: ChildProcess): void {
  const resource = {
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
  own(resource);
  child.once('exit', () => disown(resource));
}

/** A process's resident memory now (`VmRSS`) or at its peak (`VmHWM`), in MB, from /proc. */
export function memoryMb(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
}
