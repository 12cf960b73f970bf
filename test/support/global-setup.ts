import { Client } from 'pg';
import { createEmbeddedTemplate } from '../../src/shared/persistence/embedded-template.maker';

/**
 * With TEST_DATABASE_URL (or DATABASE_URL) set, every run gets a fresh database on that server,
 * dropped by global-teardown. Without it, each test file boots on its own in-memory embedded
 * PostgreSQL (PGlite), so a machine with nothing installed still runs the whole suite.
 */
export default async function globalSetup(): Promise<void> {
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL ??= 'silent';
  // Tests hammer one token far past the production rate limit; test/security sets its own.
  process.env.RATE_LIMIT_MAX ??= '1000000';
  process.env.RATE_LIMIT_MERCHANT_MAX ??= '1000000';
  const server = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!server) {
    delete process.env.DATABASE_URL;
    process.env.DATA_DIR = 'memory://';
    // One initdb and one migration run for the whole run; every test file's database is a copy.
    await createEmbeddedTemplate();
    return;
  }
  const name = `checkout_test_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  process.env.TEST_DATABASE_ADMIN_URL = server;
  process.env.TEST_DATABASE_NAME = name;
}
