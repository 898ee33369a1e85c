import { resolve } from 'node:path';
import { checkWorkspaceCompatibility, formatCompatReport, loadCatalogSources } from '@sfe/catalog';
import { eventSchemasDirectory } from '@sfe/events';
import { defineCommand } from '../command';

/**
 * `pnpm sfe events compat [--baseline <dir>]`: the breaking-change gate. Compares the workspace's JSON Schemas
 * (generated from the registry) with released ones, version by version; exit 1 naming the field, the rule and
 * the consumers of each version that changed incompatibly. The baseline defaults to the committed
 * `packages/events/schemas/`.
 */
export const eventsCompatCommand = defineCommand({
  path: ['events', 'compat'],
  summary:
    'Breaking-change gate: compares every event version with the released schemas; exit 1 naming each consumer it breaks.',
  options: {
    baseline: {
      type: 'string',
      value: '<dir>',
      description: 'released schemas (<Type>.v<N>.json); default: the committed packages/events/schemas/',
    },
  },
  examples: ['pnpm sfe events compat', 'pnpm sfe events compat --baseline released-schemas'],
  async run({ options }, io) {
    const baseline = options.baseline ? resolve(io.cwd, options.baseline) : eventSchemasDirectory();
    const report = await checkWorkspaceCompatibility(baseline, await loadCatalogSources());
    (report.breaking ? io.stderr : io.stdout)(formatCompatReport(report));
    return report.breaking ? 1 : 0;
  },
});
