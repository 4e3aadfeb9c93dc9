import type { TestProject } from 'vitest/node';
import { ensureTemplate } from './test-db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
  }
}

/** Build (or reuse) the migrated template database once per run; files clone it. */
export default async function setup(project: TestProject): Promise<void> {
  project.provide('templateDb', await ensureTemplate());
}
