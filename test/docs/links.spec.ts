/**
 * The docs' links: `npm run lint` runs remark with remark-validate-links and the repository's own
 * rule (.remarkrc.mjs) that no relative link leaves the repository. Here the same command runs on
 * the repository, and on planted bad links, to prove it fails where a reader would be lost.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const REMARK = join(ROOT, 'node_modules/remark-cli/cli.js');

/** The remark arguments of the lint script, so this test checks exactly what lint checks. */
function lintArguments(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const command = (pkg.scripts.lint as string)
    .split('&&')
    .map((part) => part.trim())
    .find((part) => part.startsWith('remark '));
  if (!command) throw new Error('the lint script runs no remark command');
  return command.split(/\s+/).slice(1);
}

function remark(cwd: string, args: string[]): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [REMARK, '--no-color', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('links in the docs', () => {
  it('are all valid in the repository, and checking them rewrites nothing', () => {
    const args = lintArguments();
    expect(args).toEqual(expect.arrayContaining(['--frail', 'README.md', 'docs', 'CHANGELOG.md']));
    const before = ['README.md', 'CHANGELOG.md'].map((file) =>
      readFileSync(join(ROOT, file), 'utf8'),
    );
    const { status, output } = remark(ROOT, args);
    expect({ status, output }).toEqual({ status: 0, output: '' });
    const after = ['README.md', 'CHANGELOG.md'].map((file) =>
      readFileSync(join(ROOT, file), 'utf8'),
    );
    expect(after).toEqual(before);
  });

  describe('planted bad links', () => {
    let parent: string;
    let repo: string;

    beforeAll(() => {
      // <parent>/repo is the repository; <parent>/shared exists, as a sibling folder may on a
      // developer's machine, so a link into it finds a file and must fail all the same.
      parent = mkdtempSync(join(tmpdir(), 'docs-links-'));
      repo = join(parent, 'repo');
      mkdirSync(join(repo, 'docs'), { recursive: true });
      mkdirSync(join(parent, 'shared'));
      writeFileSync(join(parent, 'shared', 'CONTRACT.md'), '# Contract\n');
      copyFileSync(join(ROOT, '.remarkrc.mjs'), join(repo, '.remarkrc.mjs'));
      symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'), 'dir');
      writeFileSync(join(repo, 'docs', 'guide.md'), '# Guide\n\n## Real heading\n');
      writeFileSync(join(repo, 'CHANGELOG.md'), '# Changelog\n');
    });

    afterAll(() => rmSync(parent, { recursive: true, force: true }));

    const check = (readme: string) => {
      writeFileSync(join(repo, 'README.md'), `# Readme\n\n${readme}\n`);
      return remark(
        repo,
        // The temporary repository has no bench/ or deploy/.
        lintArguments().filter((arg) => !['bench/README.md', 'deploy/README.md'].includes(arg)),
      );
    };

    it('pass when every link resolves inside the repository', () => {
      expect(check('[guide](docs/guide.md#real-heading) and [top](#readme)')).toMatchObject({
        status: 0,
      });
    });

    it.each([
      ['a missing file', '[gone](docs/missing.md)', /Cannot find file `docs\/missing\.md`/],
      ['a missing heading', '[gone](docs/guide.md#no-such-heading)', /Cannot find heading/],
      ['a missing heading here', '[gone](#no-such-heading)', /Cannot find heading/],
      [
        'a relative link out of the repository',
        '[contract](../shared/CONTRACT.md)',
        /`\.\.\/shared\/CONTRACT\.md` leaves the repository/,
      ],
      ['an absolute path', '[contract](/shared/CONTRACT.md)', /leaves the repository/],
    ])('fail on %s', (_name, link, message) => {
      const { status, output } = check(link);
      expect(status).not.toBe(0);
      expect(output).toMatch(message);
    });
  });
});
