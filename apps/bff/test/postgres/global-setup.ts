import pg from 'pg';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/connect.ts';
import { postgresBinDir, startCluster, type TestCluster } from './cluster.ts';

/**
 * A database the app's migrations have run on, once per run: a test app's database is a copy
 * of it (`create database … template`), which takes a third of the time that migrating a new
 * one does, for every one of the suite's test apps. Tests of the migrations themselves start
 * from a blank database (`bareTestDb`, `createTestApp({ blankDatabase })`).
 */
const MIGRATED_TEMPLATE = 't_migrated_template';

async function migratedTemplate(clusterUrl: string) {
  const client = new pg.Client({ connectionString: clusterUrl });
  await client.connect();
  try {
    await client.query(`create database "${MIGRATED_TEMPLATE}"`);
  } finally {
    await client.end();
  }
  const url = new URL(clusterUrl);
  url.pathname = `/${MIGRATED_TEMPLATE}`;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ptd-template-'));
  try {
    // Closed again before any copy: a template with a session open on it cannot be copied.
    await (await openDatabase({ dataDir, databaseUrl: url.toString() })).destroy();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

let cluster: TestCluster | undefined;

/** Starts one cluster for the whole PostgreSQL run; each test file makes its own databases. */
export async function setup(project: TestProject) {
  const binDir = postgresBinDir();
  if (!binDir) throw new Error('PostgreSQL server binaries not found (apt-get install postgresql)');
  cluster = await startCluster(binDir);
  console.info(`BFF tests on PostgreSQL: ${cluster.version}, throwaway cluster on 127.0.0.1`);
  await migratedTemplate(cluster.url);
  project.provide('postgresUrl', cluster.url);
  project.provide('postgresTemplate', MIGRATED_TEMPLATE);
}

export async function teardown() {
  await cluster?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    /** A database with the app's schema, the migrations run (see `migratedTemplate`). */
    postgresTemplate: string;
  }
}
