import { statSync } from 'node:fs';
import { functionKey } from './first-records';
import type { SynthesizedFunction } from './synthesized-functions';

/** The target for every handler bundle: the `.mjs` Lambda loads, source map excluded. */
export const DEFAULT_BUNDLE_BUDGET_BYTES = 300 * 1024;

// Over the 300 KB target by what every handler bundles: the AWS SDK v3 clients it uses (~250-400 KB with the
// credential chain cut to the environment's; loading them from the Lambda runtime's node_modules instead measured
// slower, see BENCHMARKS.md) and zod 4 classic (~190 KB without its locales). The ceilings are the sizes measured
// on 2026-12-05 after each change (BENCHMARKS.md, cold starts), plus about 5%, so none grows silently.
const SDK_AND_ZOD = 'bundled AWS SDK clients and zod (see BENCHMARKS.md, cold starts)';

/**
 * Functions allowed past the default, each with its own ceiling and the reason. Keep these tight: a budget is
 * raised only with a reason, so a bundle never grows silently.
 */
export const BUNDLE_BUDGET_EXCEPTIONS: Readonly<Record<string, { bytes: number; reason: string }>> = {
  'certificate-service/course-completed': { bytes: 1000 * 1024, reason: SDK_AND_ZOD },
  // Under the target since S3 goes through @sfe/aws-fetch (259 KiB on 2026-12-05): held there, not at 300 KB.
  'certificate-service/download': { bytes: 272 * 1024, reason: 'S3 through @sfe/aws-fetch, and zod' },
  // One bundle serves both subscriptions: 800 KiB on 2026-12-05 with the suppression list (DynamoDB document
  // client) and SES's event schema (Powertools parser's EventBridgeSchema), about 90 KiB more than sending alone.
  'email-service/learner-emails': { bytes: 840 * 1024, reason: SDK_AND_ZOD },
  'email-service/ses-feedback': { bytes: 840 * 1024, reason: SDK_AND_ZOD },
  // One bundle serves both subscriptions: 665 KiB on 2026-12-05 with the alarm consumer (CloudWatch's event
  // schema on Powertools parser's EventBridgeSchema), about 60 KiB more than team news alone.
  'notification-service/team-notifications': { bytes: 700 * 1024, reason: SDK_AND_ZOD },
  'notification-service/ops-alarms': { bytes: 700 * 1024, reason: SDK_AND_ZOD },
  'platform-api/read': { bytes: 460 * 1024, reason: SDK_AND_ZOD },
  'reporting-service/reported-events': { bytes: 550 * 1024, reason: SDK_AND_ZOD },
  // No SDK client left (EventBridge, SQS and S3 through @sfe/aws-fetch): zod 4 classic is ~190 KB of its 323 KiB
  // (308 KiB, then Powertools Metrics for issue 16: the budget is on the combined size).
  'stream-processor/changes': { bytes: 340 * 1024, reason: 'zod 4 classic (see BENCHMARKS.md, cold starts)' },
  'video-pipeline/transcode-finished': { bytes: 752 * 1024, reason: SDK_AND_ZOD },
  'video-pipeline/transcription-finished': { bytes: 752 * 1024, reason: SDK_AND_ZOD },
  'video-pipeline/video-uploaded': { bytes: 752 * 1024, reason: SDK_AND_ZOD },
};

export interface BudgetCheck {
  readonly key: string;
  readonly bytes: number;
  readonly budget: number;
}

/** A function's bundle size against its budget. */
export function checkBundleBudget(fn: SynthesizedFunction): BudgetCheck {
  const key = functionKey(fn);
  return {
    key,
    bytes: statSync(fn.bundlePath).size,
    budget: BUNDLE_BUDGET_EXCEPTIONS[key]?.bytes ?? DEFAULT_BUNDLE_BUDGET_BYTES,
  };
}
