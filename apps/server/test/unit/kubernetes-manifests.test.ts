import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

import { loadSettings, SETTING_NAMES } from '@proj/infra';

import { kustomizeBuild, type KubernetesObject } from '../support/kustomize.js';

const SERVER = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ROOT = join(SERVER, '..', '..');
const KUBERNETES = join(ROOT, 'deploy', 'kubernetes');
const OVERLAYS = ['staging', 'production'] as const;

/**
 * The most resident memory one server process reached under load with the image's heap cap:
 * 130–144 MiB in `pnpm scale:test`, 131–142 MB in `pnpm bench` (docs/operations.md, "Scale out").
 * The memory request must cover it and the limit leave room above it.
 */
const MEASURED_PEAK_RSS_MIB = 144;

/** `secrets.env` exists only where an operator made it: build with the committed example instead. */
const withExampleSecrets = { missingFile: (path: string) => readFileSync(`${path}.example`, 'utf8') };

interface Validating {
  validate(): void;
}
type Model = new (data: unknown) => Validating;

/** The kubernetes-models class for an object's apiVersion and kind (the Kubernetes OpenAPI schemas, offline). */
async function modelFor(object: KubernetesObject): Promise<Model> {
  const module: Record<string, unknown> = object.apiVersion.startsWith('monitoring.coreos.com/')
    ? await import(`@kubernetes-models/prometheus-operator/${object.apiVersion}/${object.kind}`)
    : await import(`kubernetes-models/${object.apiVersion}/${object.kind}`);
  const model = module[object.kind];
  if (typeof model !== 'function') throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  return model as Model;
}

async function schemaErrors(objects: readonly KubernetesObject[]): Promise<string[]> {
  const errors: string[] = [];
  for (const object of objects) {
    try {
      new (await modelFor(object))(object).validate();
    } catch (error) {
      errors.push(`${object.kind}/${object.metadata.name}: ${(error as Error).message}`);
    }
  }
  return errors;
}

function find<T = KubernetesObject>(objects: readonly KubernetesObject[], kind: string, name?: string): T {
  const found = objects.find((object) => object.kind === kind && (name === undefined || object.metadata.name === name));
  if (found === undefined) throw new Error(`no ${kind}${name === undefined ? '' : ` ${name}`}`);
  return found as T;
}

interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: { name: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string } }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  terminationGracePeriodSeconds?: number;
}
interface Workload extends KubernetesObject {
  spec: {
    replicas?: number;
    selector?: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
}
interface ConfigMap extends KubernetesObject {
  data: Record<string, string>;
}
interface Secret extends KubernetesObject {
  data: Record<string, string>;
}

function mebibytes(quantity: string | undefined): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity ?? '');
  if (!match) throw new Error(`not a Mi/Gi quantity: ${String(quantity)}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}

/** The environment a container starts with: its ConfigMaps, then its own variables (Secrets decoded). */
function environmentOf(container: Container, objects: readonly KubernetesObject[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) Object.assign(env, find<ConfigMap>(objects, 'ConfigMap', source.configMapRef.name).data);
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef;
    if (ref) {
      const encoded = find<Secret>(objects, 'Secret', ref.name).data[ref.key];
      if (encoded === undefined)
        throw new Error(`${container.name}: ${variable.name} refers to missing key ${ref.key} of Secret ${ref.name}`);
      env[variable.name] = Buffer.from(encoded, 'base64').toString('utf8');
    } else {
      env[variable.name] = variable.value ?? '';
    }
  }
  return env;
}

describe('Kubernetes manifests (deploy/kubernetes)', function () {
  // Loading the schema modules took 22 s on a machine busy with other work.
  this.timeout(120_000);

  describe('the base', () => {
    it('validates against the Kubernetes schemas', async () => {
      const objects = kustomizeBuild(join(KUBERNETES, 'base'));
      expect(objects.map((object) => object.kind).sort()).to.deep.equal([
        'ConfigMap',
        'Deployment',
        'HorizontalPodAutoscaler',
        'Job',
        'NetworkPolicy',
        'PodDisruptionBudget',
        'Service',
        'ServiceAccount',
        'ServiceMonitor',
      ]);
      expect(await schemaErrors(objects)).to.deep.equal([]);
    });
  });

  for (const overlay of OVERLAYS) {
    describe(`the ${overlay} overlay`, () => {
      const objects = kustomizeBuild(join(KUBERNETES, 'overlays', overlay), withExampleSecrets);
      const deployment = find<Workload>(objects, 'Deployment', 'proj');
      const pod = deployment.spec.template.spec;
      const server = pod.containers.find((container) => container.name === 'server') as Container;
      const config = find<ConfigMap>(objects, 'ConfigMap', 'proj-config').data;

      it('validates against the Kubernetes schemas, the ServiceMonitor against the Prometheus Operator schema', async () => {
        expect(await schemaErrors(objects)).to.deep.equal([]);
      });

      it(`puts everything in one namespace, with the release image and PROJ_ENV=${overlay}`, () => {
        const namespaces = new Set(objects.map((object) => object.metadata.namespace));
        expect([...namespaces])
          .to.have.length(1)
          .and.not.include(undefined);
        const images = objects.flatMap((object) => {
          const spec = (object as Partial<Workload>).spec?.template?.spec;
          return spec ? [...spec.containers, ...(spec.initContainers ?? [])].map((container) => container.image) : [];
        });
        expect(images).to.have.length(3);
        for (const image of images) expect(image).to.match(/^registry\.example\.com\/proj-server:\S+$/);
        expect(config['PROJ_ENV']).to.equal(overlay);
      });

      it('probes liveness on /health/live and readiness on /health/ready, on the port the server listens on', () => {
        const port = server.ports?.find((each) => each.name === 'http');
        expect(port?.containerPort).to.equal(Number(config['PROJ_PORT']));
        const metricsPort = server.ports?.find((each) => each.name === 'metrics');
        expect(metricsPort?.containerPort, 'the port the ServiceMonitor scrapes').to.equal(Number(config['PROJ_METRICS_PORT']));
        expect(server.livenessProbe?.httpGet).to.deep.equal({ path: '/health/live', port: 'http' });
        expect(server.startupProbe?.httpGet).to.deep.equal({ path: '/health/live', port: 'http' });
        expect(server.readinessProbe?.httpGet).to.deep.equal({ path: '/health/ready', port: 'http' });
      });

      it('gives the preStop sleep and the drain (PROJ_SHUTDOWN_TIMEOUT_MS) time to finish before the kubelet kills', () => {
        const [sleep, seconds] = server.lifecycle?.preStop?.exec?.command ?? [];
        expect(sleep).to.equal('sleep');
        const drainSeconds = Math.ceil(Number(config['PROJ_SHUTDOWN_TIMEOUT_MS']) / 1000);
        expect(pod.terminationGracePeriodSeconds).to.be.at.least(Number(seconds) + drainSeconds + 1);
      });

      it('asks for memory above the measured peak RSS, and limits it with room to spare', () => {
        const requests = server.resources?.requests ?? {};
        const limits = server.resources?.limits ?? {};
        expect(mebibytes(requests['memory'])).to.be.above(MEASURED_PEAK_RSS_MIB);
        expect(mebibytes(limits['memory'])).to.be.at.least(mebibytes(requests['memory']));
        expect(mebibytes(limits['memory'])).to.be.at.least(MEASURED_PEAK_RSS_MIB * 1.5);
        expect(requests['cpu']).to.be.a('string');
      });

      it('starts the server with settings the service accepts, keys from the Secret, through a pooler without prepared statements', () => {
        const env = environmentOf(server, objects);
        const unknown = Object.keys(env).filter((name) => !SETTING_NAMES.includes(name));
        expect(unknown, 'variables the service does not read').to.deep.equal([]);
        const settings = loadSettings(env);
        expect(settings.env).to.equal(overlay);
        expect(settings.database.preparedStatements).to.equal(false);
        for (const variable of ['PROJ_DATABASE_URL', 'PROJ_REDIS_URL', 'PROJ_AUTH_JWT_SECRET', 'PROJ_CURSOR_SECRET'])
          expect(server.env?.find((each) => each.name === variable)?.valueFrom?.secretKeyRef, variable).to.be.an('object');
        expect(
          Object.keys(config).filter((key) => /SECRET|PASSWORD|_URL$/.test(key)),
          'secrets in the ConfigMap',
        ).to.deep.equal([]);
      });

      it('leaves the replica count to the HorizontalPodAutoscaler, and never lets the PodDisruptionBudget block every eviction', () => {
        expect(deployment.spec.replicas).to.equal(undefined);
        const hpa = find<
          KubernetesObject & { spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number; maxReplicas: number } }
        >(objects, 'HorizontalPodAutoscaler');
        expect(hpa.spec.scaleTargetRef).to.include({ kind: 'Deployment', name: deployment.metadata.name });
        expect(hpa.spec.maxReplicas).to.be.above(hpa.spec.minReplicas);
        const pdb = find<KubernetesObject & { spec: { maxUnavailable?: number; selector: { matchLabels: Record<string, string> } } }>(
          objects,
          'PodDisruptionBudget',
        );
        expect(pdb.spec.maxUnavailable).to.equal(1);
        expect(deployment.spec.template.metadata.labels).to.include(pdb.spec.selector.matchLabels);
      });

      it('routes the Service, the ServiceMonitor and the NetworkPolicy to the server pods by label and port name', () => {
        const labels = deployment.spec.template.metadata.labels;
        expect(labels).to.include(deployment.spec.selector?.matchLabels);
        const service = find<
          KubernetesObject & { spec: { selector: Record<string, string>; ports: { name: string; targetPort: string }[] } }
        >(objects, 'Service');
        expect(labels).to.include(service.spec.selector);
        expect(service.spec.ports.map((port) => port.targetPort)).to.deep.equal(['http', 'metrics']);
        const monitor = find<
          KubernetesObject & { spec: { selector: { matchLabels: Record<string, string> }; endpoints: { port: string; path: string }[] } }
        >(objects, 'ServiceMonitor');
        expect(service.metadata.labels).to.include(monitor.spec.selector.matchLabels);
        expect(monitor.spec.endpoints).to.deep.include({ ...monitor.spec.endpoints[0], port: 'metrics', path: '/metrics' });
        const policy = find<
          KubernetesObject & { spec: { podSelector: { matchLabels: Record<string, string> }; ingress: { ports: { port: string }[] }[] } }
        >(objects, 'NetworkPolicy');
        expect(labels).to.include(policy.spec.podSelector.matchLabels);
        expect(policy.spec.ingress.flatMap((rule) => rule.ports.map((port) => port.port))).to.deep.equal(['http', 'metrics']);
      });

      it('migrates in a Job against PostgreSQL directly, and holds new pods until no migration is pending', () => {
        const job = find<Workload>(objects, 'Job', 'proj-migrate');
        const [migrate] = job.spec.template.spec.containers;
        expect(migrate?.command?.slice(-2)).to.deep.equal(['dist/cli/db.js', 'migrate']);
        expect(migrate?.env?.find((each) => each.name === 'PROJ_DATABASE_URL')?.valueFrom?.secretKeyRef?.key).to.equal(
          'database-url-direct',
        );
        const direct = environmentOf(migrate as Container, objects)['PROJ_DATABASE_URL'];
        expect(direct, 'not the pooler').not.to.equal(environmentOf(server, objects)['PROJ_DATABASE_URL']);

        const [wait] = pod.initContainers ?? [];
        const script = wait?.command?.join(' ') ?? '';
        expect(script).to.contain('dist/cli/db.js status').and.contain("grep -q ', 0 pending'");
        // The status command's summary line, which the init container reads.
        expect(readFileSync(join(SERVER, 'src', 'cli', 'db-command.ts'), 'utf8')).to.contain('applied, ${pending.length} pending');
      });

      it('commits no secret value: secrets.env is ignored by git, and the example holds placeholders', () => {
        expect(readFileSync(join(ROOT, '.gitignore'), 'utf8')).to.contain('deploy/kubernetes/overlays/*/secrets.env');
        const example = readFileSync(join(KUBERNETES, 'overlays', overlay, 'secrets.env.example'), 'utf8');
        for (const line of example.split('\n').filter((each) => /^[a-z-]+=/.test(each))) expect(line).to.contain('CHANGE-ME');
      });
    });
  }

  describe('a broken manifest', () => {
    const objects = (): KubernetesObject[] => kustomizeBuild(join(KUBERNETES, 'overlays', 'production'), withExampleSecrets);

    it('fails the schema check: a port name where a number belongs', async () => {
      const broken = objects();
      const deployment = find<Workload>(broken, 'Deployment');
      (deployment.spec.template.spec.containers[0]?.ports?.[0] as unknown as Record<string, unknown>)['containerPort'] = 'three-thousand';
      const errors = await schemaErrors(broken);
      expect(errors).to.have.length(1);
      expect(errors[0]).to.contain('Deployment/proj').and.contain('containerPort must be integer');
    });

    it('fails the schema check: a ServiceMonitor interval that is not a duration string', async () => {
      const broken = objects();
      (
        find<KubernetesObject & { spec: { endpoints: Record<string, unknown>[] } }>(broken, 'ServiceMonitor').spec.endpoints[0] as Record<
          string,
          unknown
        >
      )['interval'] = 15;
      expect((await schemaErrors(broken)).join('\n')).to.contain('interval must be string');
    });

    it('fails the build: a patch of a path that does not exist, a kustomize field the build does not know, a missing secrets.env', () => {
      const overlay = (kustomization: string, patch = ''): string => {
        const dir = mkdtempSync(join(tmpdir(), 'proj-kustomize-'));
        writeFileSync(join(dir, 'kustomization.yaml'), kustomization);
        writeFileSync(join(dir, 'hpa.patch.yaml'), patch);
        return dir;
      };
      const base = `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${join(KUBERNETES, 'base')}\n`;
      const patched = overlay(
        `${base}patches:\n  - path: hpa.patch.yaml\n    target:\n      kind: HorizontalPodAutoscaler\n      name: proj\n`,
        '- op: replace\n  path: /spec/minReplica\n  value: 3\n',
      );
      expect(() => kustomizeBuild(patched)).to.throw('cannot replace /spec/minReplica: it does not exist');
      expect(() => kustomizeBuild(overlay(`${base}commonLabels:\n  team: a\n`))).to.throw(
        'fields this builder does not support: commonLabels',
      );
      expect(() => kustomizeBuild(join(KUBERNETES, 'overlays', 'production'))).to.throw(/secrets\.env does not exist/);
    });
  });
});
