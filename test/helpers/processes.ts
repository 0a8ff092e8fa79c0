import type { ChildProcess } from 'node:child_process';

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
