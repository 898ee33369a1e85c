import { describe, expect, it } from 'vitest';
import { fixtureRecord, withIdentity } from '../../test/support';
import { findPrecedingChanges, itemKeyOf } from './item-order';

describe('findPrecedingChanges', () => {
  it('links each record to the previous change of the same item in the batch', () => {
    const registered = fixtureRecord('course-registered');
    const progress = fixtureRecord('enrolment-progress-updated');
    const completed = fixtureRecord('course-completed');
    const user = fixtureRecord('user-signed-up');
    const preceding = findPrecedingChanges([registered, user, progress, completed]);
    expect(preceding.get(registered)).toBeUndefined();
    expect(preceding.get(user)).toBeUndefined();
    expect(preceding.get(progress)).toBe(registered);
    expect(preceding.get(completed)).toBe(progress);
  });

  it('treats the key attributes in any order as the same item', () => {
    const record = fixtureRecord('user-signed-up');
    const reordered = withIdentity(record, 'e2', '2');
    const keys = reordered.dynamodb?.Keys ?? {};
    if (reordered.dynamodb) reordered.dynamodb.Keys = { sk: keys.sk as never, pk: keys.pk as never };
    expect(itemKeyOf(reordered)).toBe(itemKeyOf(record));
    expect(findPrecedingChanges([record, reordered]).get(reordered)).toBe(record);
  });
});
