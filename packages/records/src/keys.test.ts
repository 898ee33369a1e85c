import { describe, expect, it } from 'vitest';
import { keys } from './keys';

describe('keys', () => {
  it('addresses a user profile and the items under a user', () => {
    expect(keys.user('u-1')).toStrictEqual({ pk: 'USER#u-1', sk: 'PROFILE' });
    expect(keys.enrolment('u-1', 'c-1')).toStrictEqual({ pk: 'USER#u-1', sk: 'ENROLMENT#c-1' });
    expect(keys.payment('u-1', 'p-1')).toStrictEqual({ pk: 'USER#u-1', sk: 'PAYMENT#p-1' });
    expect(keys.certificate('u-1', 'c-1')).toStrictEqual({ pk: 'USER#u-1', sk: 'CERTIFICATE#c-1' });
  });

  it('addresses videos and tickets in their own partitions', () => {
    expect(keys.video('v-1')).toStrictEqual({ pk: 'VIDEO#v-1', sk: 'METADATA' });
    expect(keys.ticket('t-1')).toStrictEqual({ pk: 'TICKET#t-1', sk: 'METADATA' });
  });

  it('puts every item of a user in one partition, so one query reads them by prefix', () => {
    const userKeys = [
      keys.user('u-1'),
      keys.enrolment('u-1', 'c-1'),
      keys.payment('u-1', 'p-1'),
      keys.certificate('u-1', 'c-1'),
    ];
    expect(new Set(userKeys.map((k) => k.pk))).toStrictEqual(new Set(['USER#u-1']));
    expect(new Set(userKeys.map((k) => k.sk)).size).toBe(4);
  });
});
