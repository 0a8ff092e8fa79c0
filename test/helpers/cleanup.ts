import { closeOwned, testStarted } from './owned';

// What a test started and did not stop is stopped after it, pass or fail: spawned processes
// killed, apps, servers and receivers closed (./owned.ts); what a file started in beforeAll,
// after the file.
beforeEach(testStarted);
afterEach(async () => {
  await closeOwned('test');
});
afterAll(() => closeOwned('file'));
