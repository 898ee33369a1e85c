import { describe, expect, it } from 'vitest';
import { parseEmailConfig } from './env';

const valid = {
  EMAIL_FROM_ADDRESS: 'no-reply@mail.sfe.example',
  APP_URL: 'https://learn.example.com',
  IDEMPOTENCY_TABLE_NAME: 'sfe-prod-idempotency',
  SUPPRESSION_TABLE_NAME: 'sfe-prod-email-service-suppressions',
  PLATFORM_API_URL: 'https://abcdefghijklmnopqrstuvwxyz0123.lambda-url.eu-west-2.on.aws/',
};

describe('parseEmailConfig', () => {
  it('applies defaults for the optional settings', () => {
    expect(parseEmailConfig(valid)).toStrictEqual({
      from: { name: 'SFE Learning', address: 'no-reply@mail.sfe.example' },
      settings: { brandName: 'SFE Learning', appUrl: 'https://learn.example.com', locale: 'en-GB' },
      idempotencyTableName: 'sfe-prod-idempotency',
      suppressionTableName: 'sfe-prod-email-service-suppressions',
      platformApi: { PLATFORM_API_URL: valid.PLATFORM_API_URL },
    });
  });

  it('reads every setting when given', () => {
    const config = parseEmailConfig({
      ...valid,
      BRAND_NAME: 'Acme Academy',
      EMAIL_LOCALE: 'de-DE',
      SES_CONFIGURATION_SET: 'transactional',
      AWS_REGION: 'eu-west-2',
    });
    expect(config).toStrictEqual({
      from: { name: 'Acme Academy', address: 'no-reply@mail.sfe.example' },
      settings: { brandName: 'Acme Academy', appUrl: 'https://learn.example.com', locale: 'de-DE' },
      idempotencyTableName: 'sfe-prod-idempotency',
      suppressionTableName: 'sfe-prod-email-service-suppressions',
      sesConfigurationSet: 'transactional',
      platformApi: { PLATFORM_API_URL: valid.PLATFORM_API_URL, AWS_REGION: 'eu-west-2' },
    });
  });

  it('names every bad variable in one error', () => {
    expect(() =>
      parseEmailConfig({
        EMAIL_FROM_ADDRESS: 'nobody',
        APP_URL: 'javascript:alert(1)',
        PLATFORM_API_URL: 'ftp://platform.example.com',
      }),
    ).toThrow(
      /PLATFORM_API_URL: PLATFORM_API_URL must be an http\(s\) URL.*EMAIL_FROM_ADDRESS: EMAIL_FROM_ADDRESS must be an email address.*APP_URL: APP_URL must be an http\(s\) URL/,
    );
  });
});
