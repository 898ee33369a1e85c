import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import createEventCatalogSdk from '@eventcatalog/sdk';
import type { Route } from './routes';
import type { CatalogSources } from './sources';

/** The bus every one of our events travels on, as an EventCatalog channel. */
export const PLATFORM_BUS_CHANNEL = 'platform-bus';
/** EventCatalog wants a version on everything; services, domains and the bus have one shape each. */
const UNVERSIONED = '1';
/** The folders this writer owns inside the EventCatalog project: emptied before each write. */
const CONTENT_FOLDERS = ['domains', 'services', 'events', 'channels'];

/**
 * Writes an EventCatalog project into `directory` with `@eventcatalog/sdk`, every edge computed: domains (from the
 * registry), services with `sends` (declared productions) and `receives` (rules whose pattern matches the
 * version's example), every event type with every version, its JSON Schema and example, and the platform bus as
 * a channel. Each service carries its AsyncAPI document. `@eventcatalog/core` builds and serves the result.
 */
export async function writeEventCatalog(
  directory: string,
  sources: CatalogSources,
  routes: readonly Route[],
  asyncApiDocuments: ReadonlyMap<string, string>,
): Promise<void> {
  await mkdir(directory, { recursive: true });
  for (const folder of CONTENT_FOLDERS) await rm(join(directory, folder), { recursive: true, force: true });
  await writeFile(join(directory, 'package.json'), `${JSON.stringify(PROJECT_PACKAGE, null, 2)}\n`);
  await writeFile(join(directory, 'eventcatalog.config.js'), CONFIG);
  const sdk = createEventCatalogSdk(directory);

  await sdk.writeChannel({
    id: PLATFORM_BUS_CHANNEL,
    name: 'Platform bus',
    version: UNVERSIONED,
    address: 'sfe-{stage}-bus',
    protocols: ['eventbridge'],
    deliveryGuarantee: 'at-least-once',
    summary: 'The central EventBridge bus: every sfe event is published here by its producer.',
    markdown:
      'Each consuming service owns one EventBridge rule per subscription on this bus, with its own SQS queue ' +
      'and dead-letter queue. Delivery is at least once: consumers are idempotent.',
    parameters: { stage: { description: 'The deployment stage, e.g. dev or prod.' } },
  });

  // Oldest version first; before writing a newer one, the current content moves into `versioned/<old>/`. (The
  // SDK's own `versionExistingContent` compares versions as semver, and ours are plain integers.)
  const definitions = [...sources.definitions].sort(
    (a, b) => a.type.localeCompare(b.type) || a.version - b.version,
  );
  for (const definition of definitions) {
    const version = String(definition.version);
    const route = routes.find((r) => r.type === definition.type && r.version === definition.version);
    const example = sources.events.find(
      (e) => e.type === definition.type && e.version === definition.version,
    );
    const schema = sources.schemas.get(`${definition.type}.v${definition.version}.json`);
    if (await sdk.getEvent(definition.type)) await sdk.versionEvent(definition.type);
    await sdk.writeEvent({
      id: definition.type,
      name: definition.type,
      version,
      summary: definition.description,
      markdown: eventMarkdown(definition.description, route, example?.event, definition.sensitive),
      channels: [{ id: PLATFORM_BUS_CHANNEL, version: UNVERSIONED }],
      badges: [{ content: definition.domain, backgroundColor: 'blue', textColor: 'blue' }],
      ...(schema ? { schemaPath: 'schema.json' } : {}),
    });
    if (schema) {
      await sdk.addSchemaToEvent(
        definition.type,
        { schema: `${JSON.stringify(schema, null, 2)}\n`, fileName: 'schema.json' },
        version,
      );
    }
    if (example) {
      await sdk.addFileToEvent(
        definition.type,
        { content: `${JSON.stringify(example.event, null, 2)}\n`, fileName: 'example.json' },
        version,
      );
    }
  }

  const serviceNames = [
    ...new Set([...sources.services.map((s) => s.service), ...sources.productions.map((p) => p.service)]),
  ].sort();
  for (const service of serviceNames) {
    const sends = routes.filter((r) => r.producers.includes(service));
    const receives = routes.filter((r) => r.consumers.some((c) => c.service === service));
    const rules = sources.services.find((s) => s.service === service)?.subscriptions ?? [];
    const asyncapi = asyncApiDocuments.get(service);
    await sdk.writeService({
      id: service,
      name: service,
      version: UNVERSIONED,
      summary: `Receives ${receives.length} and sends ${sends.length} event versions (computed from the code).`,
      markdown: serviceMarkdown(rules, receives, service),
      sends: sends.map(pointer),
      receives: receives.map(pointer),
      ...(asyncapi
        ? { specifications: [{ type: 'asyncapi' as const, path: 'asyncapi.yaml', name: 'AsyncAPI' }] }
        : {}),
    });
    if (asyncapi) await sdk.addFileToService(service, { content: asyncapi, fileName: 'asyncapi.yaml' });
  }

  const domains = [...new Set(sources.definitions.map((d) => d.domain))].sort();
  for (const domain of domains) {
    const types = new Set(sources.definitions.filter((d) => d.domain === domain).map((d) => d.type));
    const involved = routes.filter((r) => types.has(r.type));
    const services = [
      ...new Set(involved.flatMap((r) => [...r.producers, ...r.consumers.map((c) => c.service)])),
    ].sort();
    await sdk.writeDomain({
      id: domain,
      name: domain,
      version: UNVERSIONED,
      summary: `Events of the ${domain} domain: ${[...types].join(', ')}.`,
      markdown: `The ${domain} domain's events and the services that produce or consume them.\n\n<NodeGraph />\n`,
      services: services.map((id) => ({ id, version: UNVERSIONED })),
    });
  }
}

/** Text for MDX outside code blocks: `<` and `{` would open a tag or an expression. */
const mdxText = (text: string) =>
  text.replace(/[<>{}]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '{': '&#123;', '}': '&#125;' })[c] ?? c);

const pointer = (route: Route) => ({ id: route.type, version: String(route.version) });

function eventMarkdown(
  description: string,
  route: Route | undefined,
  example: unknown,
  sensitive: boolean,
): string {
  const consumers = route?.consumers ?? [];
  const producers = route?.producers ?? [];
  return [
    mdxText(description),
    sensitive ? '\n**Sensitive**: always published by claim check; consumers fetch the payload.' : '',
    '\n## Consumers',
    "\nComputed: the rules whose EventBridge pattern matches this version's example event.\n",
    consumers.length > 0
      ? [
          '| service | subscription |',
          '|---|---|',
          ...consumers.map((c) => `| ${c.service} | ${c.subscription} |`),
        ].join('\n')
      : 'No rule matches this version.',
    '\n## Producers\n',
    producers.length > 0 ? producers.map((p) => `- ${p}`).join('\n') : 'No service produces this version.',
    '\n<NodeGraph />',
    '\n## Schema\n',
    '<SchemaViewer file="schema.json" />',
    '\n## Example\n',
    `\`\`\`json\n${JSON.stringify(example ?? {}, null, 2)}\n\`\`\``,
    '',
  ].join('\n');
}

function serviceMarkdown(
  rules: readonly { id: string; bus: string; description: string; pattern: unknown }[],
  receives: readonly Route[],
  service: string,
): string {
  const sections = rules.map((rule) => {
    const matched = receives
      .filter((r) => r.consumers.some((c) => c.service === service && c.subscription === rule.id))
      .map((r) => `${r.type} v${r.version}`);
    return [
      `### ${rule.id} (${rule.bus} bus)`,
      '',
      mdxText(rule.description),
      '',
      matched.length > 0
        ? `Matches: ${matched.join(', ')}.`
        : 'Matches AWS service events on the default bus.',
      '',
      `\`\`\`json\n${JSON.stringify(rule.pattern, null, 2)}\n\`\`\``,
    ].join('\n');
  });
  return [
    rules.length > 0 ? '## Rules\n' : 'Publishes events; subscribes to none.',
    ...sections,
    '\n<NodeGraph />\n',
  ].join('\n');
}

const PROJECT_PACKAGE = { name: 'sfe-event-catalog', private: true, type: 'module' };

const CONFIG = `// Generated by @sfe/catalog: do not edit, run \`pnpm catalog\`.
export default {
  title: 'sfe events',
  tagline: 'Every event type and version, who produces it and who consumes it: computed from the code.',
  organizationName: 'sfe',
  homepageLink: 'http://127.0.0.1/',
  output: 'static',
  trailingSlash: false,
  base: '/',
  logo: { alt: 'sfe', text: 'sfe events' },
  cId: '8a4e4c1e-5f0b-4c8e-9d7a-5f3b2f6f0c11',
};
`;
