import { closeOwned, testStarted } from './owned';
import { killLeftoverProcesses } from './processes';

// What a test started and did not stop is stopped after it, pass or fail: spawned processes
// killed, apps, servers and receivers closed (./owned.ts); what a file opened in beforeAll, after
// the file.
beforeEach(testStarted);
afterEach(async () => {
  killLeftoverProcesses();
  await closeOwned('test');
});
afterAll(() => closeOwned('file'));
