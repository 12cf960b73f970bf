import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const CLI = resolve(ROOT, 'node_modules/@redocly/cli/bin/cli.js');

/**
 * Loaded into the CLI's process before it starts: any socket or DNS lookup is written to stderr and
 * fails. Redocly CLI reports usage and looks for updates over the network unless told not to
 * (redocly.yaml: `telemetry: off`); a lint must not depend on, or tell anything to, the network.
 */
const OFFLINE = `
import net from 'node:net';
import dns from 'node:dns';
const refuse = (what) => {
  process.stderr.write('NETWORK ATTEMPT: ' + what + '\\n');
  throw new Error('no network while linting');
};
net.Socket.prototype.connect = function () { refuse('connect'); };
dns.lookup = () => refuse('dns.lookup');
dns.promises.lookup = async () => refuse('dns.lookup');
`;

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: {
    ruleId: string;
    severity: 'error' | 'warn';
    message: string;
    location: { pointer: string }[];
  }[];
}

describe('openapi.json, linted by Redocly CLI (redocly.yaml)', () => {
  let report: LintReport;
  let stderr: string;

  beforeAll(() => {
    const run = spawnSync(
      process.execPath,
      [
        `--import=data:text/javascript,${encodeURIComponent(OFFLINE)}`,
        CLI,
        'lint',
        'openapi.json',
        '--format=json',
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    );
    stderr = run.stderr;
    try {
      report = JSON.parse(run.stdout) as LintReport;
    } catch {
      throw new Error(`redocly lint printed no report (exit ${run.status}):\n${run.stderr}`);
    }
  }, 60_000);

  const describeProblems = (severity: 'error' | 'warn'): string[] =>
    report.problems
      .filter((problem) => problem.severity === severity)
      .map((p) => `${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`);

  it('reports no error', () => {
    expect(describeProblems('error')).toEqual([]);
    expect(report.totals.errors).toBe(0);
    const warnings = describeProblems('warn');
    if (warnings.length > 0) console.warn(`redocly lint warnings:\n${warnings.join('\n')}`);
  });

  it("uses the repository's redocly.yaml and touches no network", () => {
    expect(stderr).not.toContain('No configurations were provided');
    expect(stderr).not.toContain('NETWORK ATTEMPT');
  });
});
