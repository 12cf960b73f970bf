import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const server = process.env.TEST_DATABASE_ADMIN_URL;
  const name = process.env.TEST_DATABASE_NAME;
  if (!server || !name) return;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
