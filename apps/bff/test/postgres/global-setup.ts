import type { TestProject } from 'vitest/node';
import { postgresBinDir, startCluster, type TestCluster } from './cluster.ts';

let cluster: TestCluster | undefined;

/** Starts one cluster for the whole PostgreSQL run; each test file makes its own databases. */
export async function setup(project: TestProject) {
  const binDir = postgresBinDir();
  if (!binDir) throw new Error('PostgreSQL server binaries not found (apt-get install postgresql)');
  cluster = await startCluster(binDir);
  console.info(`BFF tests on PostgreSQL: ${cluster.version}, throwaway cluster on 127.0.0.1`);
  project.provide('postgresUrl', cluster.url);
}

export async function teardown() {
  await cluster?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}
