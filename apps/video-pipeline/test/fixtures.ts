import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The fixture files (AWS events as EventBridge delivers them), see fixtures/README.md. */
export type FixtureName =
  | 's3-object-created.aws-docs'
  | 's3-object-created.upload'
  | 's3-object-created.output'
  | 'transcribe-job-state-change.completed'
  | 'transcribe-job-state-change.failed'
  | 'mediaconvert-job-state-change.complete'
  | 'mediaconvert-job-state-change.error'
  | 'mediaconvert-job-state-change.error.aws-docs';

/** A fresh copy of a fixture, parsed from its JSON file. */
// biome-ignore lint/suspicious/noExplicitAny: fixtures are edited freely in tests before being validated
export function fixture(name: FixtureName): any {
  return JSON.parse(
    readFileSync(fileURLToPath(new URL(`../fixtures/${name}.json`, import.meta.url)), 'utf8'),
  );
}

/** The uploads bucket named in the fixtures. */
export const FIXTURE_BUCKET = 'sfe-dev-video-uploads';
