import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { eventually } from '../helpers/test-app';

const run = promisify(execFile);
export const ROOT = path.join(__dirname, '..', '..');
const STAND_IN_FILE = path.join(__dirname, 'stand-in.yml');
const EMPTY_ENV_FILE = path.join(__dirname, 'empty.env');

export const APP_URL = 'http://127.0.0.1:3001';
export const STAND_IN_URL = 'http://127.0.0.1:4800';

export interface ContainerState {
  service: string;
  status: string;
  health: string | undefined;
  restartCount: number;
}

/**
 * One `docker-compose` project on fresh volumes, run the way a user runs the demo (the project's
 * own docker-compose.yml, variables from the environment), with its own name so that a run
 * never meets another's containers or volumes.
 */
export class ComposeStack {
  private constructor(
    readonly project: string,
    readonly env: Record<string, string>,
    private readonly files: string[],
  ) {}

  /** `docker-compose up -d --build` and how long until the app reported healthy. */
  static async up(
    project: string,
    env: Record<string, string>,
    options: { standIn: boolean },
  ): Promise<{ stack: ComposeStack; upMs: number }> {
    const files = [path.join(ROOT, 'docker-compose.yml'), ...(options.standIn ? [STAND_IN_FILE] : [])];
    const stack = new ComposeStack(project, env, files);
    await stack.compose(['down', '-v', '--remove-orphans'], 120_000);
    const started = Date.now();
    try {
      await stack.compose(['up', '-d', '--build'], 900_000);
      await stack.waitFor('the app to be healthy', 180_000, async () => {
        const app = await stack.state('app');
        return app?.health === 'healthy' ? app : undefined;
      });
    } catch (error) {
      // A stack that did not come up leaves nothing behind either.
      await stack.down();
      throw error;
    }
    return { stack, upMs: Date.now() - started };
  }

  async compose(args: string[], timeoutMs = 120_000): Promise<string> {
    // Only what the test sets: not the project's .env (a developer's real Mezmo keys) nor the
    // settings of the shell that runs the test.
    const fileArgs = ['--env-file', EMPTY_ENV_FILE, ...this.files.flatMap((file) => ['-f', file])];
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) => !/^(MEZMO_|OTELCOL_|OTEL_|ADMIN_TOKEN$|LOG_DIR$|PUBLISH_ADDRESS$)/.test(name),
      ),
    );
    try {
      const { stdout } = await run('docker-compose', ['-p', this.project, ...fileArgs, ...args], {
        cwd: ROOT,
        env: { ...inherited, DOCKER_BUILDKIT: '0', COMPOSE_DOCKER_CLI_BUILD: '0', ...this.env },
        timeout: timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout;
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`docker-compose ${args.join(' ')} failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
    }
  }

  /** The container of a service, as `docker inspect` sees it; undefined when there is none. */
  async state(service: string): Promise<ContainerState | undefined> {
    const id = (await this.compose(['ps', '-q', service])).trim();
    if (!id) return undefined;
    const { stdout } = await run('docker', [
      'inspect',
      '--format',
      '{{.State.Status}}|{{if .State.Health}}{{.State.Health.Status}}{{end}}|{{.RestartCount}}',
      id,
    ]);
    const [status = '', health = '', restarts = '0'] = stdout.trim().split('|');
    return { service, status, health: health || undefined, restartCount: Number(restarts) };
  }

  /** Containers of this project, running or not. */
  async containers(): Promise<string[]> {
    const { stdout } = await run('docker', [
      'ps',
      '-a',
      '-q',
      '--filter',
      `label=com.docker.compose.project=${this.project}`,
    ]);
    return stdout.split('\n').filter(Boolean);
  }

  async logs(service: string): Promise<string> {
    return this.compose(['logs', '--no-color', service]).catch((error: Error) => error.message);
  }

  async down(): Promise<void> {
    await this.compose(['down', '-v', '--remove-orphans', '--timeout', '20'], 180_000);
  }

  /** Polls `check` every half second until it returns a value; at the deadline, fails with the services' logs. */
  async waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
    let lastError: unknown;
    try {
      return await eventually(
        () =>
          check().catch((error: unknown) => {
            lastError = error;
            return undefined;
          }),
        timeoutMs,
        500,
      );
    } catch {
      const logs = await Promise.all(['collector-setup', 'collector', 'app'].map((s) => this.logs(s)));
      throw new Error(
        `timed out waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}\n${logs.join('\n').slice(-6000)}`,
      );
    }
  }
}
