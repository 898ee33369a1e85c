import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventType, type EventTypeName, isEventType } from '@sfe/events';

/** Where the consumer app's file templates live (`<path>.tmpl`; `__name__` in a path is the app name). */
export const CONSUMER_TEMPLATE_DIR = fileURLToPath(new URL('../../templates/consumer', import.meta.url));

// `sfe-<stage>-<name>-<subscription id>` must stay within Lambda's 64-character function names.
const MAX_NAME_LENGTH = 24;
const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Thrown for a name or event list the generator cannot use; the message says what to change. */
export class ConsumerSpecError extends Error {
  override readonly name = 'ConsumerSpecError';
}

export interface ConsumerSpec {
  /** kebab-case app name, also the package (`@sfe/<name>`) and service name. */
  readonly name: string;
  readonly events: readonly EventTypeName[];
}

/** Checks the name and event list given on the command line. */
export function parseConsumerSpec(name: string, eventsCsv: string): ConsumerSpec {
  if (!NAME_PATTERN.test(name)) {
    throw new ConsumerSpecError(
      `name "${name}" must be kebab-case: lower-case letters and digits, words joined by "-"`,
    );
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw new ConsumerSpecError(
      `name "${name}" is longer than ${MAX_NAME_LENGTH} characters (it is part of function names)`,
    );
  }
  const requested = eventsCsv
    .split(',')
    .map((event) => event.trim())
    .filter((event) => event.length > 0);
  if (requested.length === 0) throw new ConsumerSpecError('--events needs at least one event type');
  const unknown = requested.filter((event) => !isEventType(event));
  if (unknown.length > 0) {
    throw new ConsumerSpecError(
      `unknown event type(s): ${unknown.join(', ')}. Known: ${Object.values(EventType).join(', ')}`,
    );
  }
  const events = [...new Set(requested)] as EventTypeName[];
  return { name, events };
}

/** Every file of the new app, relative path to content, rendered from the templates. */
export async function renderConsumerApp(
  spec: ConsumerSpec,
  templateDir: string = CONSUMER_TEMPLATE_DIR,
): Promise<Map<string, string>> {
  const tokens = consumerTokens(spec);
  const files = new Map<string, string>();
  for (const template of await listFiles(templateDir)) {
    const path = relative(templateDir, template)
      .replace(/\.tmpl$/, '')
      .replaceAll('__name__', spec.name);
    files.set(path, fillTemplate(await readFile(template, 'utf8'), tokens));
  }
  return files;
}

/**
 * Writes the new app into `<repoRoot>/apps/<name>/`, refusing to touch an existing folder, and returns the
 * written paths (relative to the repo root). Nothing outside that folder is written.
 */
export async function writeConsumerApp(repoRoot: string, spec: ConsumerSpec): Promise<string[]> {
  const appDir = join(repoRoot, 'apps', spec.name);
  if (existsSync(appDir)) throw new ConsumerSpecError(`apps/${spec.name} already exists; pick another name`);
  const files = await renderConsumerApp(spec);
  const written: string[] = [];
  for (const [path, content] of files) {
    const target = join(appDir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content, { flag: 'wx' });
    written.push(relative(repoRoot, target));
  }
  return written.sort();
}

/** Replaces `{{token}}`; a token without a value is a bug in the templates, so it throws. */
export function fillTemplate(template: string, tokens: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => {
    const value = tokens[key];
    if (value === undefined) throw new Error(`template token {{${key}}} has no value`);
    return value;
  });
}

function consumerTokens({ name, events }: ConsumerSpec): Record<string, string> {
  const first = events[0];
  if (first === undefined) throw new ConsumerSpecError('at least one event type is needed');
  const subscriptionName = (type: string) => `${lowerFirst(type)}Subscription`;
  return {
    name,
    pascalName: pascalCase(name),
    eventsCsv: events.join(','),
    eventsList: events.join(', '),
    firstEvent: first,
    firstSubscriptionId: kebabCase(first),
    acceptsList: events.map((type) => `EventType.${type}`).join(', '),
    acceptsBySubscription: events.map((type) => `'${kebabCase(type)}': [EventType.${type}]`).join(', '),
    handledTypeUnion: events.map((type) => `'${type}'`).join(' | '),
    fixtureList: events.map((type) => `loadFixture(EventType.${type})`).join(', '),
    subscriptionNames: events.map(subscriptionName).join(', '),
    subscriptionConsts: events
      .map(
        (type) => `
/** ${type} (current version) from any of our producers. */
export const ${subscriptionName(type)}: Subscription = {
  id: '${kebabCase(type)}',
  bus: 'platform',
  pattern: {
    source: [{ prefix: SOURCE_PREFIX }],
    'detail-type': [EventType.${type}],
    detail: { metadata: { version: [EVENT_VERSIONS[EventType.${type}]] } },
  },
  description: '${name}: handle ${type}',
};
`,
      )
      .join(''),
    summaryCases: events
      .map(
        (type) =>
          `    case EventType.${type}:\n      return \`${type} \${event.metadata.id} from \${event.metadata.source}\`;`,
      )
      .join('\n'),
    decideTests: events
      .map(
        (type) => `  it('decides on ${type}', () => {
    const event = loadFixture(EventType.${type}).detail;
    expect(decide(event, NOW)).toStrictEqual({
      eventId: event.metadata.id,
      eventType: EventType.${type},
      correlationId: event.metadata.correlationId,
      handledAt: '2026-11-23T10:00:00.000Z',
      summary: \`${type} \${event.metadata.id} from \${event.metadata.source}\`,
    });
  });`,
      )
      .join('\n\n'),
    eventsTable: [
      '| Event | Subscription id | Queue |',
      '| --- | --- | --- |',
      ...events.map(
        (type) => `| \`${type}\` | \`${kebabCase(type)}\` | \`sfe-<stage>-${name}-${kebabCase(type)}\` |`,
      ),
    ].join('\n'),
  };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
    ),
  );
  return nested.flat().sort();
}

function pascalCase(kebab: string): string {
  return kebab
    .split('-')
    .map((word) => (word[0] ?? '').toUpperCase() + word.slice(1))
    .join('');
}

function kebabCase(pascal: string): string {
  return pascal.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

function lowerFirst(text: string): string {
  return (text[0] ?? '').toLowerCase() + text.slice(1);
}
