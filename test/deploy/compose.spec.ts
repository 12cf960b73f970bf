/**
 * docker-compose.yml: valid against the Compose Specification's schema (the copy dclint ships),
 * a three-node NATS JetStream cluster, and two replicas of the service configured as it accepts.
 * No Docker engine runs here, so the file is read, not started.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { DRAIN_SECONDS, natsServers, seconds, settingsProblems } from './service-facts';

const ROOT = resolve(__dirname, '../..');

// Loose on purpose: the schema test below holds it to the Compose Specification.
const compose: any = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), {
  merge: true,
});
const service = compose.services.checkout;
const environment: Record<string, string> = service.environment;
const natsNodes = Object.keys(compose.services).filter((name) =>
  (compose.services[name].image as string | undefined)?.startsWith('nats:'),
);

/** The value Compose uses when the variable is unset: `${JWT_SECRET:-default}` is `default`. */
function withDefaults(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key,
      value.replace(/\$\{\w+:-([^}]*)\}/g, (_match, fallback: string) => fallback),
    ]),
  );
}

/** A node's nats-server flags: `--name nats-1` becomes { '--name': 'nats-1' }. */
function flags(node: string): Record<string, string> {
  const words = (compose.services[node].command as string).split(/\s+/);
  return Object.fromEntries(
    words.flatMap((word, index) =>
      !word.startsWith('-')
        ? []
        : [[word, words[index + 1]?.startsWith('-') ? '' : (words[index + 1] ?? '')]],
    ),
  );
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification', () => {
    const schemaPath = join(dirname(require.resolve('dclint/package.json')), 'schemas');
    const schema = JSON.parse(readFileSync(join(schemaPath, 'compose.schema.json'), 'utf8'));
    // The schema names its draft by an address Ajv does not register; Ajv reads draft-07 anyway.
    const ajv = new Ajv({
      allErrors: true,
      strict: false,
      allowUnionTypes: true,
      validateSchema: false,
    });
    const validate = ajv.compile(schema);
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
    expect(validate({ ...compose, services: { checkout: { ...service, replica: 2 } } })).toBe(
      false,
    );
  });

  it('runs NATS as a three-node JetStream cluster, each node on its own volume', () => {
    expect(natsNodes).toHaveLength(3);
    const routes = natsNodes.map((node) => `nats://${node}:6222`).join(',');
    for (const node of natsNodes) {
      expect(flags(node)).toEqual(
        expect.objectContaining({
          '-js': '',
          '--name': node,
          '--cluster_name': 'checkout',
          '--cluster': 'nats://0.0.0.0:6222',
          '--routes': routes,
        }),
      );
    }
    const volumes = natsNodes.map((node) => compose.services[node].volumes[0].split(':')[0]);
    expect(new Set(volumes).size).toBe(3);
    for (const volume of volumes) expect(compose.volumes).toHaveProperty([volume]);
  });

  it('runs two replicas that reach every node and keep the stream on all of them', () => {
    expect(service.deploy.replicas).toBe(2);
    // One host port per replica, each to the port the service listens on.
    const [, first, last, port] = /^(\d+)-(\d+):(\d+)$/.exec(service.ports[0]) ?? [];
    expect(Number(last) - Number(first) + 1).toBe(service.deploy.replicas);
    expect(port).toBe(environment.PORT);
    expect(natsServers(environment.NATS_URL!)).toEqual(
      natsNodes.map((node) => `nats://${node}:4222`),
    );
    expect(Number(environment.NATS_STREAM_REPLICAS)).toBe(natsNodes.length);
    for (const node of natsNodes) {
      expect(service.depends_on[node]).toEqual({ condition: 'service_healthy' });
    }
  });

  it('configures only settings the service knows, with values its start-up accepts', () => {
    expect(settingsProblems(withDefaults(environment))).toEqual([]);
  });

  it('waits for the requests in flight before Docker kills a stopping replica', () => {
    expect(seconds(service.stop_grace_period)).toBeGreaterThan(DRAIN_SECONDS);
  });
});
