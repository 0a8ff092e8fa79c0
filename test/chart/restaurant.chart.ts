import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * What the chart promises, asserted on what `helm template` rendered for each values file
 * (deploy/helm/validate.sh renders them into CHART_RENDERED, after the schema check).
 */
const rendered = process.env.CHART_RENDERED;
if (!rendered) throw new Error('CHART_RENDERED is not set: run bash deploy/helm/validate.sh');

// biome-ignore lint/suspicious/noExplicitAny: manifests are checked against the Kubernetes schemas before this runs.
type Manifest = Record<string, any>;

function manifests(values: string): Manifest[] {
  const text = fs.readFileSync(path.join(rendered as string, `${values}.yaml`), 'utf8');
  return parseAllDocuments(text)
    .map((document) => document.toJSON() as Manifest | null)
    .filter((manifest): manifest is Manifest => manifest !== null);
}

function find(all: Manifest[], kind: string, nameEnd: string): Manifest {
  const found = all.find((m) => m.kind === kind && String(m.metadata.name).endsWith(nameEnd));
  if (!found) throw new Error(`no ${kind} named *${nameEnd}`);
  return found;
}

const COLLECTOR = path.join(__dirname, '..', '..', 'collector');

describe.each(['values', 'values-local', 'values-pipeline'])('the chart with %s.yaml', (values) => {
  const all = manifests(values);
  const app = find(all, 'Deployment', '-app');
  const pod = app.spec.template.spec;
  const container = pod.containers.find((c: Manifest) => c.name === 'app');
  const agent = pod.initContainers.find((c: Manifest) => c.name === 'collector-agent');
  const env = (c: Manifest, name: string) => c.env.find((e: Manifest) => e.name === name);

  test('when rendered, then the app runs as replicas probed on /health and /ready', () => {
    expect(app.spec.replicas).toBe(3);
    expect(container.livenessProbe.httpGet.path).toBe('/health');
    expect(container.startupProbe.httpGet.path).toBe('/health');
    expect(container.readinessProbe.httpGet.path).toBe('/ready');
  });

  test('when rendered, then every container of every workload is non-root, read-only and has requests and limits', () => {
    const workloads = all.filter((m) => ['Deployment', 'StatefulSet'].includes(m.kind));
    expect(workloads.map((w) => w.metadata.name).sort()).toEqual([
      'demo-restaurant-app',
      'demo-restaurant-collector',
      'demo-restaurant-postgresql',
    ]);
    for (const workload of workloads) {
      const spec = workload.spec.template.spec;
      expect(spec.securityContext.runAsNonRoot).toBe(true);
      expect(spec.automountServiceAccountToken).toBe(false);
      for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
        expect({ name: c.name, ...c.securityContext }).toMatchObject({
          name: c.name,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
        expect(Object.keys(c.resources).sort()).toEqual(['limits', 'requests']);
        expect(c.image).not.toMatch(/:latest$|^[^:]+$/);
      }
    }
  });

  test('when rendered, then the agent is a native sidecar reading the app’s seven files from the volume they share', () => {
    expect(agent.restartPolicy).toBe('Always');
    expect(agent.args).toEqual(
      expect.arrayContaining(['--config=/etc/otelcol/config.yaml', '--config=/etc/otelcol/k8s-agent.yaml']),
    );
    const logs = (c: Manifest) => c.volumeMounts.find((m: Manifest) => m.name === 'logs');
    expect(logs(container)).toEqual({ name: 'logs', mountPath: '/var/log/restaurant' });
    expect(logs(agent)).toEqual({ name: 'logs', mountPath: '/var/log/restaurant', readOnly: true });
    expect(env(container, 'LOG_DIR').value).toBe('/var/log/restaurant');
    expect(env(agent, 'LOG_DIR').value).toBe('/var/log/restaurant');
    expect(pod.volumes.find((v: Manifest) => v.name === 'logs').emptyDir).toBeDefined();
    expect(env(container, 'OTEL_EXPORTER_OTLP_ENDPOINT').value).toBe('http://localhost:4318');
    expect(env(agent, 'GATEWAY_ENDPOINT').value).toBe('http://demo-restaurant-collector:4318');
  });

  test('when rendered, then the collector config is the product’s own, file for file', () => {
    const config = find(all, 'ConfigMap', '-collector');
    for (const file of ['config.yaml', 'local.yaml', 'pipeline.yaml', 'legacy.yaml', 'select-mode.sh']) {
      expect(config.data[file]).toBe(fs.readFileSync(path.join(COLLECTOR, file), 'utf8'));
    }
  });

  test('when rendered, then the app reaches the chart’s PostgreSQL with a password from a Secret, never in the URL', () => {
    const database = env(container, 'DATABASE_URL').value as string;
    expect(new URL(database).password).toBe('');
    expect(database).toBe('postgres://restaurant@demo-restaurant-postgresql:5432/restaurant');
    expect(env(container, 'PGPASSWORD').valueFrom.secretKeyRef).toEqual({
      name: 'demo-restaurant-postgresql',
      key: 'password',
    });
    const postgres = find(all, 'StatefulSet', '-postgresql');
    expect(postgres.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('2Gi');
    expect(find(all, 'Service', '-postgresql').spec.ports[0].port).toBe(5432);
  });

  test('when rendered, then a disruption budget and a Service cover the app pods', () => {
    const selector = app.spec.selector.matchLabels;
    expect(find(all, 'PodDisruptionBudget', '-app').spec).toEqual({
      minAvailable: 1,
      selector: { matchLabels: selector },
    });
    const service = find(all, 'Service', '-app');
    expect(service.spec.selector).toEqual(selector);
    expect(service.spec.ports[0].targetPort).toBe('http');
    expect(app.spec.template.metadata.labels).toMatchObject(selector);
  });

  test('when rendered, then the gateway exports in the values’ mode with keys from a Secret', () => {
    const gateway = find(all, 'Deployment', '-collector').spec.template.spec;
    const mode = values === 'values-pipeline' ? 'pipeline' : 'local';
    expect(gateway.containers[0].args).toContain(`--config=/etc/otelcol/${mode}.yaml`);
    expect(gateway.initContainers[0].command).toEqual([
      'sh',
      '/etc/otelcol/select-mode.sh',
      '/var/lib/otelcol/storage/mode.yaml',
    ]);
    const key = env(gateway.containers[0], 'MEZMO_LOGS_INGESTION_KEY').valueFrom.secretKeyRef;
    const madeSecret = all.some((m) => m.kind === 'Secret' && m.metadata.name === 'demo-restaurant-mezmo');
    if (mode === 'pipeline') {
      expect(key.name).toBe('mezmo-keys');
      expect(madeSecret).toBe(false);
      expect(env(gateway.containers[0], 'MEZMO_LOGS_PIPELINE_ID').value).toBe('replace-with-logs-source-id');
    } else {
      expect(key.name).toBe('demo-restaurant-mezmo');
      expect(madeSecret).toBe(true);
    }
  });

  test('when rendered, then an Ingress exists only when asked, sending pages to the app and browser spans to the gateway', () => {
    const ingress = all.find((m) => m.kind === 'Ingress');
    if (values !== 'values-pipeline') {
      expect(ingress).toBeUndefined();
      return;
    }
    const paths = ingress?.spec.rules[0].http.paths.map((p: Manifest) => [p.path, p.backend.service.name]);
    expect(paths).toEqual([
      ['/v1/traces', 'demo-restaurant-collector'],
      ['/', 'demo-restaurant-app'],
    ]);
  });
});
