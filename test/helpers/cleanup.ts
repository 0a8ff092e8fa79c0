import { killLeftoverServers } from './server-process';

// A test that fails before stopping the server it spawned must not keep the suite alive.
afterEach(killLeftoverServers);
