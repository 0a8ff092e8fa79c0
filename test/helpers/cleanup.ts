import { killLeftoverProcesses } from './processes';
import { closeOpenApps, testStarted } from './test-app';

// What a test started and did not stop is stopped after it, pass or fail: apps (and their
// servers) closed, spawned processes killed, so no test needs a try/finally to clean up. Apps a
// file made in beforeAll are closed after the file.
beforeEach(testStarted);
afterEach(async () => {
  killLeftoverProcesses();
  await closeOpenApps('test');
});
afterAll(() => closeOpenApps('file'));
