import { buildObjectCreatedEvent } from '@sfe/blob-store';
import type { LocalContext } from '@sfe/consumer-toolkit';
import {
  createTestLambdaContext,
  createTestLocalContext,
  toSqsEvent,
  toSqsRecord,
} from '@sfe/consumer-toolkit/testing';
import { compilePattern } from '@sfe/event-patterns';
import type { AwsServiceEvent } from '../src/aws-events';
import { createHandlers } from '../src/handler';
import { createLocalDeps } from '../src/local';
import { service } from '../src/service';
import type { SubscriptionId } from '../src/subscription';

/** One event the bus routed to a subscription, and how the handler answered. */
export interface Delivery {
  readonly subscriptionId: string;
  readonly source: string;
  readonly detailType: string;
  readonly failed: boolean;
}

/**
 * The local runtime in miniature, for end-to-end tests: local buckets in a temporary directory whose puts
 * emit S3 "Object Created", a default bus that routes AWS events to the subscriptions whose patterns match
 * (with the EventBridge pattern engine), and the pipeline's real handlers built by `local.ts`.
 */
export async function createTestRuntime(settings: Record<string, string>) {
  const bus: AwsServiceEvent[] = [];
  const deliveries: Delivery[] = [];
  const unrouted: AwsServiceEvent[] = [];
  const local = await createTestLocalContext({
    settings,
    now: () => new Date(),
    fetchClaimCheck: async (url) => {
      throw new Error(`no claim checks in this test (${url})`);
    },
    onPut: (put) => {
      bus.push(buildObjectCreatedEvent(put));
    },
  });
  const context: LocalContext = {
    ...local.context,
    putAwsEvent: async (event) => {
      bus.push(event as AwsServiceEvent);
    },
  };

  const env = service.localConfig(settings);
  const deps = createLocalDeps(context, env);
  const handlers = createHandlers(deps);
  const rules = service.subscriptions.map((subscription) => ({
    id: subscription.id as SubscriptionId,
    matcher: compilePattern(subscription.pattern),
  }));
  const lambdaContext = createTestLambdaContext({ functionName: 'sfe-local-video-pipeline' });

  /** Delivers every event on the bus, and every event the stand-ins emit, until nothing is left. */
  async function drain(): Promise<void> {
    for (;;) {
      const event = bus.shift();
      if (!event) {
        await deps.settled();
        if (bus.length === 0) return;
        continue;
      }
      const matching = rules.filter((rule) => rule.matcher.matches(event));
      if (matching.length === 0) unrouted.push(event);
      for (const rule of matching) {
        const response = await handlers[rule.id](toSqsEvent([toSqsRecord(event)]), lambdaContext);
        deliveries.push({
          subscriptionId: rule.id,
          source: event.source,
          detailType: event['detail-type'],
          failed: response.batchItemFailures.length > 0,
        });
      }
    }
  }

  return {
    rootDirectory: local.rootDirectory,
    bucketDirectory: local.bucketDirectory,
    table: local.platformTable,
    uploads: context.bucket(env.UPLOADS_BUCKET),
    deliveries,
    unrouted,
    report: local.reported,
    drain,
    remove: local.remove,
  };
}
