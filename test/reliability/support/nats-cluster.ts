import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, JetStreamManager, millis, NatsConnection, StreamInfo } from 'nats';
import { natsServers } from '../../../src/config/environment';
import { freePort } from '../../support/built-service';
import { delay } from './service';

const NATS_SERVER = '/usr/sbin/nats-server';
const CLUSTER_NAME = 'checkout-test';
/** How long a node may take to start, or to catch up with the cluster, before the test gives up. */
const NODE_START_TIMEOUT_MS = 30_000;

/** One message as the stream stored it. */
export interface StoredMessage {
  seq: number;
  msgId: string | undefined;
  /** When the stream leader stored it (epoch milliseconds). */
  storedAt: number;
  body: unknown;
}

/** What one node's loss looked like from the stream. */
export interface NodeOutage {
  node: string;
  killedAt: number;
  /** The stream's leader while the node was down. */
  leader: string;
  /** From the kill to the stream answering with a leader: the election, if the node led. */
  leaderAfterMs: number;
  /** From the kill to the restarted node's copy having caught up. */
  backAfterMs: number;
}

interface NatsNode {
  readonly name: string;
  readonly clientPort: number;
  readonly monitorPort: number;
  readonly configFile: string;
  readonly logFile: string;
  process?: ChildProcess;
  exited?: Promise<void>;
  running: boolean;
}

/**
 * A JetStream cluster of `nats-server` processes on loopback (the Debian binary), for tests that
 * kill and restart its nodes. Ports are free ones, never the machine's NATS on 4222; the stores
 * live in a fresh temporary folder that `stop` removes, the logs in `logDirectory`. Every wait has
 * a deadline.
 */
export class NatsCluster {
  private connection?: NatsConnection;
  private jsm?: JetStreamManager;
  private readonly killOnExit = (): void => {
    for (const node of this.nodes) node.process?.kill('SIGKILL');
  };

  private constructor(
    private readonly nodes: NatsNode[],
    private readonly storeRoot: string,
  ) {
    // Jest exiting on a failure must not leave servers behind.
    process.once('exit', this.killOnExit);
  }

  /** Starts `size` nodes routed to each other and waits until each is healthy (JetStream included). */
  static async start(options: { size: number; logDirectory: string }): Promise<NatsCluster> {
    const storeRoot = mkdtempSync(join(tmpdir(), 'nats-cluster-'));
    mkdirSync(options.logDirectory, { recursive: true });
    const ports: { client: number; route: number; monitor: number }[] = [];
    for (let index = 0; index < options.size; index += 1) {
      ports.push({ client: await freePort(), route: await freePort(), monitor: await freePort() });
    }
    const nodes = ports.map((port, index): NatsNode => {
      const name = `nats-${index + 1}`;
      const routes = ports
        .filter((_, other) => other !== index)
        .map((other) => `"nats://127.0.0.1:${other.route}"`);
      const configFile = join(storeRoot, `${name}.conf`);
      writeFileSync(
        configFile,
        [
          `server_name: "${name}"`,
          `listen: "127.0.0.1:${port.client}"`,
          `http: "127.0.0.1:${port.monitor}"`,
          `jetstream { store_dir: "${join(storeRoot, name)}", max_memory_store: 64MB, max_file_store: 1GB }`,
          `cluster { name: "${CLUSTER_NAME}", listen: "127.0.0.1:${port.route}", routes: [${routes.join(', ')}] }`,
        ].join('\n'),
      );
      return {
        name,
        clientPort: port.client,
        monitorPort: port.monitor,
        configFile,
        logFile: join(options.logDirectory, `${name}.log`),
        running: false,
      };
    });
    const cluster = new NatsCluster(nodes, storeRoot);
    try {
      for (const node of nodes) cluster.spawn(node);
      await Promise.all(nodes.map((node) => cluster.waitHealthy(node)));
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** Every node's client URL, comma-separated: the form NATS_URL takes for a cluster. */
  get url(): string {
    return this.nodes.map((node) => `nats://127.0.0.1:${node.clientPort}`).join(',');
  }

  get names(): string[] {
    return this.nodes.map((node) => node.name);
  }

  /** A JetStream manager on a connection of the test's own, which fails over among the nodes. */
  async manager(): Promise<JetStreamManager> {
    if (this.jsm) return this.jsm;
    this.connection = await connect({
      servers: natsServers(this.url),
      name: 'test cluster observer',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 200,
    });
    // Short API timeouts: during an election a request is better retried than waited on.
    this.jsm = await this.connection.jetstreamManager({ timeout: 1000 });
    return this.jsm;
  }

  /** The stream's info, or undefined while no node can answer for it (no leader yet). */
  async streamInfo(stream: string): Promise<StreamInfo | undefined> {
    const jsm = await this.manager();
    return jsm.streams.info(stream).catch(() => undefined);
  }

  /** The server name of the stream's leader, or undefined while there is none. */
  async leaderOf(stream: string): Promise<string | undefined> {
    return (await this.streamInfo(stream))?.cluster?.leader;
  }

  /** Waits until the stream has a leader other than `excluded`; returns its name. */
  async waitForLeader(stream: string, excluded?: string, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const leader = await this.leaderOf(stream);
      if (leader && leader !== excluded) return leader;
      await delay(100);
    }
    throw new Error(`${stream}: no leader other than ${excluded} within ${timeoutMs} ms`);
  }

  /** Waits until every replica of the stream is online and caught up with its leader. */
  async waitUntilCurrent(stream: string, timeoutMs = NODE_START_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const cluster = (await this.streamInfo(stream))?.cluster;
      const replicas = cluster?.replicas ?? [];
      const current = replicas.every((peer) => peer.current && !peer.offline);
      if (cluster?.leader && replicas.length === this.nodes.length - 1 && current) return;
      await delay(200);
    }
    throw new Error(`${stream}: replicas not current within ${timeoutMs} ms`);
  }

  /** Every message of the stream, in stream order, through an ordered consumer. */
  async readStream(stream: string, timeoutMs = 60_000): Promise<StoredMessage[]> {
    const jsm = await this.manager();
    const last = (await jsm.streams.info(stream)).state.last_seq;
    const stored: StoredMessage[] = [];
    if (last === 0) return stored;
    const messages = await (await jsm.jetstream().consumers.get(stream)).consume();
    const deadline = setTimeout(() => messages.stop(), timeoutMs);
    for await (const message of messages) {
      stored.push({
        seq: message.seq,
        msgId: message.headers?.get('Nats-Msg-Id'),
        storedAt: millis(message.info.timestampNanos),
        body: message.json(),
      });
      if (message.seq >= last) break;
    }
    clearTimeout(deadline);
    if (stored.at(-1)?.seq !== last) {
      throw new Error(
        `${stream}: read up to ${stored.at(-1)?.seq ?? 0} of ${last} in ${timeoutMs} ms`,
      );
    }
    return stored;
  }

  /**
   * Kills node `name`, waits until the stream answers with a leader elsewhere, keeps the node down
   * until `downMs` after the kill, then restarts it and waits until its copy has caught up.
   */
  async outage(name: string, stream: string, downMs: number): Promise<NodeOutage> {
    const killedAt = Date.now();
    await this.kill(name);
    const leader = await this.waitForLeader(stream, name);
    const leaderAfterMs = Date.now() - killedAt;
    await delay(Math.max(0, killedAt + downMs - Date.now()));
    await this.restart(name);
    await this.waitUntilCurrent(stream);
    return { node: name, killedAt, leader, leaderAfterMs, backAfterMs: Date.now() - killedAt };
  }

  /** The names of the client connections a node serves (from its monitoring endpoint). */
  async clientsOf(name: string): Promise<string[]> {
    const node = this.node(name);
    const response = await fetch(`http://127.0.0.1:${node.monitorPort}/connz?limit=1024`, {
      signal: AbortSignal.timeout(2000),
    });
    const { connections } = (await response.json()) as { connections?: { name?: string }[] };
    return (connections ?? []).map((connection) => connection.name ?? '');
  }

  /** SIGKILL: no lame-duck mode, no goodbye to the routes, as a machine that lost power. */
  async kill(name: string): Promise<void> {
    const node = this.node(name);
    node.process?.kill('SIGKILL');
    await node.exited;
    node.process = undefined;
  }

  /** Starts a killed node again on its ports and store, and waits until it is healthy. */
  async restart(name: string): Promise<void> {
    const node = this.node(name);
    if (node.process) throw new Error(`${name} is running`);
    this.spawn(node);
    await this.waitHealthy(node);
  }

  /** Kills every node, closes the test's connection and removes the stores. */
  async stop(): Promise<void> {
    await this.connection?.close().catch(() => undefined);
    await Promise.all(this.nodes.map((node) => this.kill(node.name)));
    process.removeListener('exit', this.killOnExit);
    rmSync(this.storeRoot, { recursive: true, force: true });
  }

  private node(name: string): NatsNode {
    const node = this.nodes.find((candidate) => candidate.name === name);
    if (!node) throw new Error(`no node ${name}`);
    return node;
  }

  private spawn(node: NatsNode): void {
    const log = openSync(node.logFile, 'a');
    const child = spawn(NATS_SERVER, ['-c', node.configFile], { stdio: ['ignore', log, log] });
    closeSync(log);
    node.process = child;
    node.running = true;
    node.exited = new Promise((done) =>
      child.once('exit', () => {
        node.running = false;
        done();
      }),
    );
  }

  /**
   * `/healthz` answers 200 once the server accepts clients and its JetStream has caught up with
   * the cluster's metadata.
   */
  private async waitHealthy(node: NatsNode): Promise<void> {
    const deadline = Date.now() + NODE_START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (!node.running) {
        throw new Error(`${node.name} exited during start-up; log: ${node.logFile}`);
      }
      const status = await fetch(`http://127.0.0.1:${node.monitorPort}/healthz`, {
        signal: AbortSignal.timeout(1000),
      }).then(
        async (response) => {
          await response.arrayBuffer();
          return response.status;
        },
        () => 0,
      );
      if (status === 200) return;
      await delay(100);
    }
    throw new Error(
      `${node.name} not healthy within ${NODE_START_TIMEOUT_MS} ms; log: ${node.logFile}`,
    );
  }
}
