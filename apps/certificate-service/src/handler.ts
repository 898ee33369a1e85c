import type { Logger } from '@aws-lambda-powertools/logger';
import {
  type ConsumerIdempotencyOptions,
  createConsumerHandler,
  type SqsBatchHandler,
} from '@sfe/consumer-toolkit';
import { type ClaimCheckFetcher, EventType, upgradeEvent } from '@sfe/events';
import { awsDeps } from './aws-deps';
import { SERVICE_NAME } from './service-name';
import {
  type IssueCertificateDeps,
  type IssueOutcome,
  issueCertificate,
} from './use-cases/issue-certificate';

export { SERVICE_NAME };

export interface CertificateHandlerDeps extends IssueCertificateDeps {
  readonly idempotency: ConsumerIdempotencyOptions;
  readonly fetchClaimCheck?: ClaimCheckFetcher;
  readonly logger?: Logger;
  /** Told about each outcome (the local runtime shows where the PDF went). */
  readonly onOutcome?: (outcome: IssueOutcome) => void;
}

/** The SQS handler: CourseCompleted (v1 or v2) in, one certificate per learner and course out. */
export function createHandler(deps: CertificateHandlerDeps): SqsBatchHandler {
  return createConsumerHandler({
    serviceName: SERVICE_NAME,
    accepts: [EventType.CourseCompleted],
    idempotency: deps.idempotency,
    ...(deps.fetchClaimCheck ? { fetchClaimCheck: deps.fetchClaimCheck } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
    async handle(event, { logger }) {
      const outcome = await issueCertificate(upgradeEvent(event), deps);
      logger.info(outcome.status === 'issued' ? 'Certificate issued' : 'Certificate already issued', {
        ...outcome,
      });
      deps.onOutcome?.(outcome);
    },
  });
}

let awsHandler: SqsBatchHandler | undefined;

/** The Lambda entry point: AWS clients are created on the first invocation, not at import. */
export const handler: SqsBatchHandler = (event, context) => {
  awsHandler ??= createHandler(awsDeps());
  return awsHandler(event, context);
};
