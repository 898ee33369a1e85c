import { ConfigError } from '@sfe/service-definition';
import { describe, expect, it } from 'vitest';
import { loadEnv } from './env';

const valid = {
  EVENT_BUS_NAME: 'sfe-dev-bus',
  CLAIM_CHECK_BUCKET: 'sfe-dev-claim-checks',
  MALFORMED_RECORDS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/sfe-dev-malformed',
};

describe('loadEnv', () => {
  it('reads the configuration with defaults', () => {
    expect(loadEnv(valid)).toStrictEqual({
      ...valid,
      EMIT_COURSE_COMPLETED_V1: true,
      EMIT_CERTIFICATE_GENERATED_V1: true,
      POWERTOOLS_SERVICE_NAME: 'stream-processor',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
  });

  it('turns off CourseCompleted v1 when told to', () => {
    expect(loadEnv({ ...valid, EMIT_COURSE_COMPLETED_V1: 'false' }).EMIT_COURSE_COMPLETED_V1).toBe(false);
  });

  it('turns off CertificateGenerated v1 when told to', () => {
    expect(loadEnv({ ...valid, EMIT_CERTIFICATE_GENERATED_V1: 'false' }).EMIT_CERTIFICATE_GENERATED_V1).toBe(
      false,
    );
  });

  it('names every missing or invalid variable', () => {
    const attempt = () => loadEnv({ EMIT_COURSE_COMPLETED_V1: 'yes', MALFORMED_RECORDS_QUEUE_URL: 'queue' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      /EVENT_BUS_NAME: .*EMIT_COURSE_COMPLETED_V1: must be "true" or "false".*CLAIM_CHECK_BUCKET: .*MALFORMED_RECORDS_QUEUE_URL: /,
    );
  });
});
