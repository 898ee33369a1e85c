import { readFileSync } from 'node:fs';
import { testApp } from '@sfe/cdk-constructs';
import { matches } from '@sfe/event-patterns';
import { personalFieldNames, personalValuesOf } from '@sfe/events';
import { loadAllFixtures } from '@sfe/events/fixtures';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { PlatformStack } from './platform-stack';

const cdkJson = JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

function synth(stage: string): Template {
  return Template.fromStack(new PlatformStack(testApp(cdkJson.context), `sfe-${stage}-platform`, { stage }));
}

interface RuleProperties {
  readonly Name: string;
  readonly EventPattern: unknown;
  readonly Targets: {
    readonly InputTransformer: {
      readonly InputPathsMap: Record<string, string>;
      readonly InputTemplate: string;
    };
  }[];
}

const dev = synth('dev');
const rules = Object.values(dev.findResources('AWS::Events::Rule')).map(
  (resource) => resource.Properties as RuleProperties,
);

/**
 * What EventBridge makes of an input transformer for one event: each `<variable>` replaced by the value at its
 * path, strings inserted as they are (EventBridge does not escape them), a missing path leaving nothing.
 */
function transform(rule: RuleProperties, event: unknown): { timestamp: string; message: string } {
  const transformer = rule.Targets[0]?.InputTransformer;
  if (!transformer) throw new Error(`${rule.Name} has no input transformer`);
  const text = transformer.InputTemplate.replace(/<([\w-]+)>/g, (_whole, name: string) => {
    const path = transformer.InputPathsMap[name];
    if (!path) throw new Error(`${rule.Name}: <${name}> has no path`);
    const value = path
      .replace(/^\$\./, '')
      .split('.')
      .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], event);
    if (value === undefined) return '';
    return typeof value === 'string' && name === 'time' ? JSON.stringify(value) : String(value);
  });
  return JSON.parse(text) as { timestamp: string; message: string };
}

describe('the debug log of a non-production stage', () => {
  it('keeps three days, in the log group EventBridge may write to', () => {
    dev.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/events/sfe-dev-bus',
      RetentionInDays: 3,
    });
  });

  it('logs every fixture through exactly one rule, with no personal value in the line', () => {
    for (const { type, version, event } of loadAllFixtures()) {
      const matching = rules.filter((rule) => matches(rule.EventPattern, event));
      expect(
        matching.map((rule) => rule.Name),
        `${type} v${version}`,
      ).toStrictEqual([
        `sfe-dev-bus-debug-${type.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}-v${version}`,
      ]);
      const [rule] = matching as [RuleProperties];
      const line = transform(rule, event);
      const detail = event.detail as { metadata: { id: string; correlationId: string }; data: object };
      expect(line.timestamp).toBe(event.time);
      expect(line.message).toContain(`${type} v${version} id=${detail.metadata.id}`);
      expect(line.message).toContain(`correlationId=${detail.metadata.correlationId}`);
      const personal = personalValuesOf(event);
      for (const value of personal) expect(line.message, `${type} v${version}`).not.toContain(value);
      // Every field is in the line: the personal ones as [redacted], the others with their value.
      for (const [field, value] of Object.entries(detail.data)) {
        expect(line.message).toContain(
          personal.includes(String(value)) ? `${field}=[redacted]` : `${field}=${String(value)}`,
        );
      }
    }
  });

  it('never maps a personal field, the whole detail or its data into a line', () => {
    const names = personalFieldNames();
    const paths = rules.flatMap((rule) =>
      Object.values(rule.Targets[0]?.InputTransformer.InputPathsMap ?? {}),
    );
    expect(paths.length).toBeGreaterThan(rules.length);
    expect(paths.filter((path) => ['$', '$.detail', '$.detail.data'].includes(path))).toStrictEqual([]);
    expect(paths.filter((path) => names.has(path.split('.').at(-1) ?? ''))).toStrictEqual([]);
  });

  it('logs a claim-checked event without its presigned link', () => {
    const [fixture] = loadAllFixtures().filter(({ type }) => type === 'SupportTicketOpened');
    const event = structuredClone(fixture?.event) as { detail: { data: unknown } };
    const url = 'https://sfe-dev-claim-check.s3.amazonaws.com/claim-checks/x.json?X-Amz-Signature=abc';
    event.detail.data = { claimCheck: { url, sha256: 'a'.repeat(64), bytes: 10 } };
    const [rule] = rules.filter((each) => matches(each.EventPattern, event)) as [RuleProperties];
    expect(transform(rule, event).message).not.toContain('X-Amz-Signature');
  });

  it('logs an sfe event of a type the registry does not know without its data', () => {
    const event = {
      source: 'sfe-some-producer',
      'detail-type': 'SomethingHappened',
      time: '2026-11-23T10:00:00Z',
      detail: { metadata: { id: 'e-1', correlationId: 'c-1' }, data: { email: 'someone@example.com' } },
    };
    const matching = rules.filter((rule) => matches(rule.EventPattern, event));
    expect(matching.map((rule) => rule.Name)).toStrictEqual(['sfe-dev-bus-debug-unknown-types']);
    expect(transform(matching[0] as RuleProperties, event).message).toBe(
      'SomethingHappened (a type the registry does not define; data not logged) id=e-1 correlationId=c-1 source=sfe-some-producer',
    );
  });

  it('lets EventBridge write to the log group for the debug rules only, in one resource policy', () => {
    const policies = Object.values(dev.findResources('AWS::Logs::ResourcePolicy'));
    expect(policies).toHaveLength(1);
    const document = JSON.stringify(policies[0]?.Properties.PolicyDocument);
    expect(document).toContain('ArnLike');
    expect(document).toContain('rule/sfe-dev-bus/sfe-dev-bus-debug-*');
    expect(rules.every((rule) => rule.Name.startsWith('sfe-dev-bus-debug-') && rule.Name.length <= 64)).toBe(
      true,
    );
  });
});

describe('the debug log in production', () => {
  it('does not exist: no log group, rule or resource policy', () => {
    const prod = synth('prod');
    const ruleNames = Object.values(prod.findResources('AWS::Events::Rule')).map(
      (rule) => rule.Properties?.Name,
    );
    expect(ruleNames.filter((name) => String(name).startsWith('sfe-prod-bus-debug'))).toStrictEqual([]);
    expect(Object.keys(prod.findResources('AWS::Logs::ResourcePolicy'))).toStrictEqual([]);
    const logGroups = Object.values(prod.findResources('AWS::Logs::LogGroup'));
    expect(
      logGroups.filter((group) => String(group.Properties?.LogGroupName).startsWith('/aws/events/')),
    ).toStrictEqual([]);
  });
});
