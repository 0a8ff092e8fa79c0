import { killLeftoverProcesses } from './processes';

// A test that fails before stopping what it spawned must not keep the suite alive.
afterEach(killLeftoverProcesses);
