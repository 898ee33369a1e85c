import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ClaimCheckError, EventValidationError, fetchClaimCheck, parseEvent } from '@sfe/events';
import { defineCommand } from '../command';

/**
 * `pnpm sfe events validate <file>`: validates one event exactly as a consumer would (`parseEvent`, restoring a
 * claim-checked payload). The file may hold an EventBridge event, its detail, or an SQS message body or record;
 * `-` reads stdin.
 */
export const eventsValidateCommand = defineCommand({
  path: ['events', 'validate'],
  summary:
    'Validates an event (EventBridge event, detail, or SQS body): exit 1 listing every error, 0 and a summary if valid.',
  args: [{ name: 'file', description: 'a JSON file holding the event, or - for stdin', required: true }],
  examples: [
    'pnpm sfe events validate packages/events/fixtures/CourseCompleted.v2.json',
    'pnpm sfe events validate - < event.json',
  ],
  async run({ args }, io) {
    const { file } = args;
    const path = file === '-' ? 'stdin' : resolve(io.cwd, file);
    let text: string;
    try {
      text = file === '-' ? await io.readStdin() : await readFile(path, 'utf8');
    } catch (error) {
      io.stderr(`cannot read ${path}: ${(error as Error).message}\n`);
      return 1;
    }
    try {
      const event = await parseEvent(text, { fetchClaimCheck });
      const { type, version, id, correlationId } = event.metadata;
      io.stdout(`valid ${type} v${version} ${id} (correlation ${correlationId})\n`);
      return 0;
    } catch (error) {
      if (error instanceof EventValidationError) {
        const what = `${error.eventType ?? 'event of unknown type'}${error.eventVersion === undefined ? '' : ` v${error.eventVersion}`}`;
        const lines = error.issues.map((issue) => `  ${issue.path || '(root)'}: ${issue.message}`);
        io.stderr(`invalid ${what} in ${path}: ${error.issues.length} error(s)\n${lines.join('\n')}\n`);
        return 1;
      }
      if (error instanceof ClaimCheckError) {
        io.stderr(`invalid claim check in ${path}: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  },
});
