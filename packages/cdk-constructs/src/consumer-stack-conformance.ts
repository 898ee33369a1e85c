import type { ServiceDefinition } from '@sfe/service-definition';
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { deliveryInTemplate } from './delivery-in-template';
import { resourceName } from './stage';
import { expectEveryAlarmNotifiesOps, expectReadsOnlyInfraParameters } from './testing';

export interface ConsumerStackConformanceOptions {
  /** The app's definition (`src/service.ts`): what its stack must carry. */
  readonly service: ServiceDefinition;
  /** The stage the stack was synthesized for. */
  readonly stage: string;
  /** The synthesized template (a function: stacks are often built in a `beforeAll`). */
  readonly template: () => Template;
  /**
   * `verbatim` (the default): each rule's pattern is its subscription's, as written. `bound-at-deploy`: the
   * stack fills in names only known at deploy time (video-pipeline's bucket), so the app's own test checks its
   * rules and this contract does not.
   */
  readonly rulePatterns?: 'verbatim' | 'bound-at-deploy';
}

type Resource = { Properties: Record<string, unknown> };

/**
 * The consumer stack contract, written once and run in every consumer app's stack test (one call): the
 * template reads only infra's SSM parameters (so the app deploys alone after infra), has one rule per
 * subscription with its pattern verbatim, and gives each subscription an encrypted queue and DLQ whose
 * delivery settings (batch size, window, concurrency, timeouts, receives, DLQ retention) are the definition's,
 * drained with partial batch failures, and every alarm (DLQ, errors, throttles) notifies the ops topic. What only one app has (its bucket, table, secrets, grants) stays in
 * that app's own test.
 */
export function describeConsumerStackConformance(options: ConsumerStackConformanceOptions): void {
  const { service, stage } = options;
  describe(`${service.name} stack conformance`, () => {
    it('reads only the SSM parameters infra writes, so it deploys alone to a new stage after infra', () => {
      expectReadsOnlyInfraParameters(options.template(), stage);
    });

    it('notifies the ops topic from every alarm: each DLQ, and each function for errors and throttles', () => {
      const alarms = expectEveryAlarmNotifiesOps(options.template(), stage);
      const expected = service.subscriptions.flatMap((subscription) => {
        const name = resourceName(stage, service.name, subscription.id);
        return [`${name}-dlq-not-empty`, `${name}-errors`, `${name}-throttles`];
      });
      expect(alarms).toStrictEqual(expect.arrayContaining(expected));
    });

    if (options.rulePatterns !== 'bound-at-deploy') {
      it('has one rule per subscription, with its pattern verbatim', () => {
        const rules = Object.values(
          options.template().findResources('AWS::Events::Rule') as Record<string, Resource>,
        );
        const patterns = (list: unknown[]) => list.map((pattern) => JSON.stringify(pattern)).sort();
        expect(patterns(rules.map((rule) => rule.Properties.EventPattern))).toStrictEqual(
          patterns(service.subscriptions.map((subscription) => subscription.pattern)),
        );
      });
    }

    for (const subscription of service.subscriptions) {
      const queueName = resourceName(stage, service.name, subscription.id);

      it(`${subscription.id}: deploys the definition's delivery settings (the local runtime's queues run them)`, () => {
        expect(deliveryInTemplate(options.template(), queueName)).toStrictEqual(subscription.delivery);
      });

      it(`${subscription.id}: delivers to an encrypted queue with a DLQ, drained with partial batch failures`, () => {
        const template = options.template();
        const queues = template.findResources('AWS::SQS::Queue') as Record<string, Resource>;
        const [queueId, queue] =
          Object.entries(queues).find(([, resource]) => resource.Properties.QueueName === queueName) ?? [];
        const deadLetters = Object.values(queues).find(
          (resource) => resource.Properties.QueueName === `${queueName}-dlq`,
        );
        expect(queue?.Properties.SqsManagedSseEnabled).toBe(true);
        expect(deadLetters?.Properties.SqsManagedSseEnabled).toBe(true);
        const mappings = Object.values(
          template.findResources('AWS::Lambda::EventSourceMapping') as Record<string, Resource>,
        ).filter(
          (mapping) =>
            JSON.stringify(mapping.Properties.EventSourceArn) ===
            JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] }),
        );
        expect(mappings.map((mapping) => mapping.Properties.FunctionResponseTypes)).toStrictEqual([
          ['ReportBatchItemFailures'],
        ]);
      });
    }
  });
}
