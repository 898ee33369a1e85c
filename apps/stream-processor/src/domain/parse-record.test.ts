import { describe, expect, it } from 'vitest';
import { fixtureRecord } from '../../test/support';
import { MalformedRecordError } from './errors';
import { parseStreamRecord } from './parse-record';

describe('parseStreamRecord', () => {
  it('unmarshals and validates both images of a MODIFY', () => {
    const parsed = parseStreamRecord(fixtureRecord('account-deactivated'));
    expect(parsed.kind).toBe('change');
    if (parsed.kind !== 'change') return;
    expect(parsed.change.oldItem).toMatchObject({ entityType: 'USER', status: 'active' });
    expect(parsed.change.newItem).toMatchObject({ entityType: 'USER', status: 'deactivated' });
    expect(parsed.change.changedAt).toBe('2026-11-18T11:06:54.000Z');
  });

  it('recognises a TTL delete by its service identity', () => {
    const ttl = parseStreamRecord(fixtureRecord('ttl-delete'));
    const removed = parseStreamRecord(fixtureRecord('enrolment-removed'));
    expect(ttl.kind === 'change' && ttl.change.removedByTtl).toBe(true);
    expect(removed.kind === 'change' && removed.change.removedByTtl).toBe(false);
  });

  it('reads a millisecond ApproximateCreationDateTime as milliseconds', () => {
    const record = fixtureRecord('user-signed-up');
    if (record.dynamodb) record.dynamodb.ApproximateCreationDateTime = 1_795_000_007_250;
    const parsed = parseStreamRecord(record);
    expect(parsed.kind === 'change' && parsed.change.changedAt).toBe('2026-11-18T11:06:47.250Z');
  });

  it('rejects a record without a commit time, since ids and timestamps derive from it', () => {
    const record = fixtureRecord('user-signed-up');
    if (record.dynamodb) delete record.dynamodb.ApproximateCreationDateTime;
    expect(() => parseStreamRecord(record)).toThrow(
      `record ${record.eventID}: dynamodb.ApproximateCreationDateTime is missing or invalid`,
    );
  });

  it('rejects a MODIFY without an OldImage (a stream not using NEW_AND_OLD_IMAGES)', () => {
    const record = fixtureRecord('account-deactivated');
    if (record.dynamodb) delete record.dynamodb.OldImage;
    expect(() => parseStreamRecord(record)).toThrow(MalformedRecordError);
    expect(() => parseStreamRecord(record)).toThrow('MODIFY has no OldImage');
  });

  it('rejects an item without an entityType', () => {
    const record = fixtureRecord('user-signed-up');
    if (record.dynamodb?.NewImage) delete record.dynamodb.NewImage.entityType;
    expect(() => parseStreamRecord(record)).toThrow('NewImage has no entityType');
  });

  it('rejects a record without an eventID or with an unknown eventName', () => {
    const record = fixtureRecord('user-signed-up');
    expect(() => parseStreamRecord({ ...record, eventName: 'UPSERT' as 'INSERT' })).toThrow(
      'eventName "UPSERT" is not INSERT, MODIFY or REMOVE',
    );
    expect(() => parseStreamRecord({ ...record, eventID: undefined })).toThrow(
      'stream record has no eventID',
    );
  });
});
