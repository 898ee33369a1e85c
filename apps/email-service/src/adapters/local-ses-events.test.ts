import { readFileSync } from 'node:fs';
import { compilePattern } from '@sfe/event-patterns';
import { describe, expect, it } from 'vitest';
import { SesFeedbackEventSchema } from '../aws-events/ses-feedback';
import { decideFeedback } from '../domain/suppression';
import { sesFeedback } from '../subscription';
import { buildSesFeedbackEvent, localSesEnvironment } from './local-ses-events';

const environment = localSesEnvironment({
  now: () => new Date('2026-12-05T14:00:00.250Z'),
  newSesId: () => '0102019a5c44e8a1-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000',
  newEventId: () => '4f6d8a2c-3b1e-4c7a-9d5f-0e2b7a1c6d38',
});

/** Every key path of a JSON value (array elements by position), to compare shapes, not values. */
function shapeOf(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => shapeOf(item, `${prefix}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, child]) => [
      `${prefix}.${key}`,
      ...shapeOf(child, `${prefix}.${key}`),
    ]);
  }
  return [];
}
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/${name}.json`, import.meta.url), 'utf8'));

describe('buildSesFeedbackEvent', () => {
  it.each([
    ['permanent-bounce', 'ses-email-bounced.permanent'],
    ['transient-bounce', 'ses-email-bounced.transient'],
    ['complaint', 'ses-email-complaint-received'],
  ] as const)('builds a %s with exactly the fields of AWS-shaped fixture %s', (kind, name) => {
    const event = buildSesFeedbackEvent('grace@example.com', kind, environment);
    expect(shapeOf(event).sort()).toStrictEqual(shapeOf(fixture(name)).sort());
    expect(SesFeedbackEventSchema.parse(event)).toStrictEqual(event);
  });

  it('is taken by the local ses-feedback rule (it names the local configuration set)', () => {
    const rule = compilePattern(sesFeedback.pattern);
    expect(rule.matches(buildSesFeedbackEvent('grace@example.com', 'complaint', environment))).toBe(true);
    const elsewhere = localSesEnvironment({ configurationSetName: 'someone-else' });
    expect(rule.matches(buildSesFeedbackEvent('grace@example.com', 'complaint', elsewhere))).toBe(false);
  });

  it('suppresses on a permanent bounce and a complaint, not on a transient bounce', () => {
    const decide = (kind: 'permanent-bounce' | 'transient-bounce' | 'complaint') =>
      decideFeedback(buildSesFeedbackEvent('Grace@Example.com', kind, environment));
    expect(decide('permanent-bounce')).toMatchObject({
      action: 'suppress',
      suppressions: [
        { address: 'grace@example.com', reason: 'bounce', suppressedAt: '2026-12-05T14:00:00.250Z' },
      ],
    });
    expect(decide('complaint')).toMatchObject({
      action: 'suppress',
      suppressions: [{ reason: 'complaint' }],
    });
    expect(decide('transient-bounce')).toMatchObject({ action: 'ignore' });
  });

  it('stamps the event time to the second, as EventBridge does', () => {
    expect(buildSesFeedbackEvent('grace@example.com', 'complaint', environment).time).toBe(
      '2026-12-05T14:00:00Z',
    );
  });
});
