// Adds lock entries for the platform-specific optional packages (other operating systems and
// CPUs) that the npm registry reachable here does not serve. npm leaves them out of
// package-lock.json when it cannot resolve them, and `npm ci` then refuses the lock as out of
// sync. With their os/cpu recorded, npm ci skips them on this platform without fetching them.
// Run after any `npm install` that rewrites the lock: node scripts/lock-foreign-platforms.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const PLATFORM =
  /-(android|darwin|freebsd|linux|openharmony|win32)-(arm64|arm|x64|ia32|ppc64|s390x|loong64|riscv64)(?:-(gnu|musl|gnueabihf|musleabihf|eabi|msvc))?$/;
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const match = PLATFORM.exec(name);
    if (lock.packages[key] || !match || !/^\d+\.\d+\.\d+/.test(spec)) continue;
    const [, os, cpu, abi] = match;
    const libc = abi?.startsWith('musl')
      ? ['musl']
      : abi?.startsWith('gnu')
        ? ['glibc']
        : undefined;
    lock.packages[key] = {
      version: spec,
      cpu: [cpu],
      ...(entry.dev ? { dev: true } : {}),
      ...(libc ? { libc } : {}),
      optional: true,
      os: [os],
    };
    added += 1;
    void path;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a.localeCompare(b),
  ),
);
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} foreign-platform entries to package-lock.json`);
