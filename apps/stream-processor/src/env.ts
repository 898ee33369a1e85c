import { type EnvironmentRecord, parseConfig } from '@sfe/service-definition';
import * as z from 'zod/mini';

const booleanFlag = z.pipe(
  z.enum(['true', 'false'], { message: 'must be "true" or "false"' }),
  z.transform((value: 'true' | 'false') => value === 'true'),
);

/** The stream processor's configuration: the Lambda environment the stack sets. */
export const EnvSchema = z.object({
  /** The central bus events are published to (its name, not its ARN). */
  EVENT_BUS_NAME: z.string().check(z.minLength(1)),
  /** Publish CourseCompleted v1 beside v2 while v1 consumers remain (default true: dropping v1 is a decision). */
  EMIT_COURSE_COMPLETED_V1: z._default(booleanFlag, true),
  /** Publish CertificateGenerated v1 beside v2 while v1 consumers remain (default true, as above). */
  EMIT_CERTIFICATE_GENERATED_V1: z._default(booleanFlag, true),
  /** The bucket that holds claim-checked payloads (sensitive or oversize events). */
  CLAIM_CHECK_BUCKET: z.string().check(z.minLength(3)),
  /** The queue that receives malformed records with their reason. */
  MALFORMED_RECORDS_QUEUE_URL: z.url(),
  /** The function's region, where its AWS calls go: Lambda sets it (reserved, so not in the stack's variables). */
  AWS_REGION: z.optional(z.string().check(z.minLength(1))),
  POWERTOOLS_SERVICE_NAME: z._default(z.string().check(z.minLength(1)), 'stream-processor'),
  /** Where `EventsPublished` goes (ServiceFunction sets it for every function). */
  POWERTOOLS_METRICS_NAMESPACE: z.optional(z.string().check(z.minLength(1))),
  POWERTOOLS_LOG_LEVEL: z._default(
    z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT', 'CRITICAL']),
    'INFO',
  ),
});
export type StreamProcessorEnv = z.infer<typeof EnvSchema>;

/** Validates the environment once; one `ConfigError` names every missing or invalid variable. */
export function loadEnv(env: EnvironmentRecord = process.env): StreamProcessorEnv {
  return parseConfig(EnvSchema, env, 'stream-processor');
}
