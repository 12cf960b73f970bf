/**
 * deploy/: every Kubernetes object validates against the Kubernetes API's schemas
 * (kubernetes-api.mjs, with kubernetes-models), and the manifests agree with the service they
 * deploy: its settings, routes, port, shutdown and heap cap.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PATH_METADATA } from '@nestjs/common/constants';
import { parseAllDocuments } from 'yaml';
import { Environment } from '../../src/config/environment';
import { CHECK_TIMEOUT_MS, HealthController } from '../../src/ops/health.controller';
import { DRAIN_SECONDS, natsServers, settingsProblems } from './service-facts';

const ROOT = resolve(__dirname, '../..');
const DEPLOY = join(ROOT, 'deploy');

// Loose on purpose: the schema check below is what holds these objects to the API's types.
type KubernetesObject = any;

const manifestFiles = readdirSync(DEPLOY)
  .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
  .sort();

function documents(file: string): unknown[] {
  return parseAllDocuments(readFileSync(join(DEPLOY, file), 'utf8')).map((document) => {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]!.message}`);
    return document.toJS();
  });
}

/** Problems per object, from the API's schemas (see kubernetes-api.mjs). */
function apiProblems(objects: unknown[]): string[][] {
  return JSON.parse(
    execFileSync(process.execPath, [join(__dirname, 'kubernetes-api.mjs')], {
      cwd: ROOT,
      input: JSON.stringify(objects),
      encoding: 'utf8',
    }),
  );
}

const objects: KubernetesObject[] = manifestFiles.flatMap(documents);
const only = (kind: string): KubernetesObject => {
  const found = objects.filter((object) => object.kind === kind);
  if (found.length !== 1) throw new Error(`deploy/ holds ${found.length} ${kind} objects, not 1`);
  return found[0];
};
const deployment = only('Deployment');
const pod = deployment.spec.template;
const container = pod.spec.containers[0];
const configMap = only('ConfigMap');
const secret = only('Secret');
const settings: Record<string, string> = { ...configMap.data, ...secret.stringData };

/** The path Nest serves a HealthController handler on (health routes have no /api prefix). */
function healthRoute(handler: 'live' | 'ready'): string {
  const controller = Reflect.getMetadata(PATH_METADATA, HealthController) as string;
  const method = Reflect.getMetadata(PATH_METADATA, HealthController.prototype[handler]) as string;
  return `/${controller}/${method}`;
}

/** Mebibytes in a Kubernetes memory quantity such as `384Mi` or `1Gi`. */
function mebibytes(quantity: string): number {
  const [, count, unit] = /^(\d+)(Mi|Gi)$/.exec(quantity) ?? [];
  if (!count) throw new Error(`not a memory quantity in Mi or Gi: ${quantity}`);
  return Number(count) * (unit === 'Gi' ? 1024 : 1);
}

describe('Kubernetes manifests (deploy/)', () => {
  // A misspelt field and a wrong type, planted in a copy, must be reported: the check can fail.
  const planted = structuredClone(deployment);
  const plantedContainer = planted.spec.template.spec.containers[0];
  plantedContainer.readinesProbe = plantedContainer.readinessProbe;
  delete plantedContainer.readinessProbe;
  planted.spec.minReadySeconds = 'soon';
  const [plantedProblems, ...problems] = apiProblems([planted, ...objects]);

  it.each(objects.map((object, index) => [`${object.kind} ${object.metadata.name}`, index]))(
    '%s validates against the Kubernetes API schemas',
    (_name, index) => {
      expect(problems[index]).toEqual([]);
    },
  );

  it('reports an unknown field and a wrong type (the check can fail)', () => {
    expect(plantedProblems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('data/spec/minReadySeconds must be integer'),
        expect.stringMatching(/'"?readinesProbe"?' does not exist in type/),
      ]),
    );
  });

  it('lists every manifest in kustomization.yaml and names no namespace', () => {
    const [kustomization] = documents('kustomization.yaml') as KubernetesObject[];
    expect([...kustomization.resources].sort()).toEqual(manifestFiles);
    expect(objects.filter((object) => object.metadata.namespace !== undefined)).toEqual([]);
  });

  it('configures only settings the service knows, with values its start-up accepts', () => {
    expect(settingsProblems(settings)).toEqual([]);
    expect(Object.keys(secret.stringData).sort()).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'JWT_SECRET']),
    );
    expect(container.envFrom).toEqual([
      { configMapRef: { name: configMap.metadata.name } },
      { secretRef: { name: secret.metadata.name } },
    ]);
  });

  it('keeps the stream on as many replicas as the NATS cluster has nodes', () => {
    expect(Number(settings.NATS_STREAM_REPLICAS)).toBe(natsServers(settings.NATS_URL!).length);
  });

  it('exposes the port the service listens on, and probes the routes it serves', () => {
    const port = Number(settings.PORT ?? new Environment().PORT);
    expect(container.ports).toEqual([{ name: 'http', containerPort: port }]);
    const probe = (path: string) => expect.objectContaining({ httpGet: { path, port: 'http' } });
    expect(container.startupProbe).toEqual(probe(healthRoute('live')));
    expect(container.livenessProbe).toEqual(probe(healthRoute('live')));
    expect(container.readinessProbe).toEqual(probe(healthRoute('ready')));
    // A probe that gives up first would never see which dependency failed.
    expect(container.readinessProbe.timeoutSeconds * 1000).toBeGreaterThan(CHECK_TIMEOUT_MS);
  });

  it('gives a stopping pod time for preStop and for the requests in flight', () => {
    const preStop = container.lifecycle.preStop.sleep.seconds as number;
    expect(pod.spec.terminationGracePeriodSeconds).toBeGreaterThan(preStop + DRAIN_SECONDS);
  });

  it('allows more memory than the heap cap the image runs node with', () => {
    const [, heapCap] = /--max-old-space-size=(\d+)/.exec(
      readFileSync(join(ROOT, 'Dockerfile'), 'utf8'),
    )!;
    const { requests, limits } = container.resources;
    expect(mebibytes(limits.memory)).toBeGreaterThan(Number(heapCap));
    expect(mebibytes(requests.memory)).toBeLessThanOrEqual(mebibytes(limits.memory));
  });

  it('runs as a non-root user on a read-only root filesystem', () => {
    expect(pod.spec.securityContext).toEqual(expect.objectContaining({ runAsNonRoot: true }));
    expect(container.securityContext).toEqual(
      expect.objectContaining({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false }),
    );
  });

  it('points the Service, budget, autoscaler and network policy at the pods', () => {
    const labels = pod.metadata.labels;
    expect(deployment.spec.selector.matchLabels).toEqual(labels);
    expect(only('Service').spec.selector).toEqual(labels);
    expect(only('Service').spec.ports[0].targetPort).toBe('http');
    expect(only('PodDisruptionBudget').spec.selector.matchLabels).toEqual(labels);
    expect(only('NetworkPolicy').spec.podSelector.matchLabels).toEqual(labels);
    expect(only('NetworkPolicy').spec.ingress).toEqual([
      { ports: [{ protocol: 'TCP', port: 'http' }] },
    ]);
    const autoscaler = only('HorizontalPodAutoscaler');
    expect(autoscaler.spec.scaleTargetRef).toEqual({
      apiVersion: deployment.apiVersion,
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
  });

  it('leaves the replica count to the autoscaler, above what the budget keeps', () => {
    // With `replicas` in the Deployment, every apply would reset the autoscaler's count.
    expect(deployment.spec.replicas).toBeUndefined();
    const { minReplicas } = only('HorizontalPodAutoscaler').spec;
    expect(minReplicas).toBeGreaterThanOrEqual(2);
    // Otherwise the budget would block every eviction, and node drains with it.
    expect(only('PodDisruptionBudget').spec.minAvailable).toBeLessThan(minReplicas);
  });
});
