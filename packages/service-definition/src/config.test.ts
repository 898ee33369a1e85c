import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { IdempotencyConfigShape, LocaleSettingSchema, parseConfig } from './config';
import { resolveDelivery } from './delivery';

// No zod classic in this file (classic sets English by itself): as in a Lambda bundle, zod/mini alone has no
// message language, so these messages are English only because this package sets it.
describe('config and delivery errors with zod/mini schemas', () => {
  it('name every bad variable and say in English what is wrong with it', () => {
    const schema = z.object({ ...IdempotencyConfigShape, BATCH: z.coerce.number().check(z.int()) });
    expect(() => parseConfig(schema, { BATCH: 'many' }, 'sms-service')).toThrow(
      'invalid sms-service configuration: IDEMPOTENCY_TABLE_NAME: Invalid input: expected string, received ' +
        'undefined; BATCH: Invalid input: expected number, received NaN',
    );
  });

  it('name the setting outside AWS limits', () => {
    expect(() => resolveDelivery({ batchSize: 0 })).toThrow(
      'batchSize: Too small: expected number to be >=1',
    );
  });

  it('take a well-formed BCP 47 locale as written, en-GB when unset, and name a malformed one', () => {
    const schema = z.object({ LOCALE: LocaleSettingSchema });
    expect(parseConfig(schema, { LOCALE: 'de-DE' }, 'sms-service')).toStrictEqual({ LOCALE: 'de-DE' });
    expect(parseConfig(schema, {}, 'sms-service')).toStrictEqual({ LOCALE: 'en-GB' });
    expect(() => parseConfig(schema, { LOCALE: 'en_GB' }, 'sms-service')).toThrow(
      'invalid sms-service configuration: LOCALE: must be a BCP 47 locale such as en-GB',
    );
    expect(() => parseConfig(schema, { LOCALE: '' }, 'sms-service')).toThrow(
      'LOCALE: must be a BCP 47 locale',
    );
  });
});
