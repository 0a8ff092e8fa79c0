import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';

const running = new Set<ChildProcess>();

/** Remembers a child process until it exits, so a failed test cannot leave it running. */
export function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
}

/** Kills processes a failed test left running, so the suite can exit. */
export function killLeftoverProcesses(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** A process's resident memory now (`VmRSS`) or at its peak (`VmHWM`), in MB, from /proc. */
export function memoryMb(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
}
