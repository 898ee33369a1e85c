import { describe, expect, it } from 'vitest';
import { createEvent } from './create-event';
import { asEventBridgeEvent, fixturePath, loadFixture } from './fixtures';
import { parseEvent } from './parse-event';

describe('loadFixture', () => {
  it('loads the current version unless told otherwise', () => {
    expect(loadFixture('CourseCompleted').detail.metadata.version).toBe(2);
    expect(loadFixture('CourseCompleted', 1).detail.metadata.version).toBe(1);
    expect(fixturePath('CourseCompleted')).toMatch(/packages\/events\/fixtures\/CourseCompleted\.v2\.json$/);
  });

  it('returns a fresh copy each time, so tests may mutate it', () => {
    const first = loadFixture('UserSignedUp');
    first.detail.data.email = 'changed@example.com';
    expect(loadFixture('UserSignedUp').detail.data.email).toBe('ada.lovelace@example.com');
  });
});

describe('asEventBridgeEvent', () => {
  it('wraps an event as EventBridge delivers it', () => {
    const event = createEvent(
      'UserSignedUp',
      { userId: 'u-1', email: 'a@example.com', name: 'A', signedUpAt: '2026-11-23T09:00:00Z' },
      { source: 'sfe-stream-processor', created: '2026-11-23T09:00:00.412Z' },
    );
    const delivered = asEventBridgeEvent(event, { id: '0d5c3a8e-6f1b-4c2d-9e7a-3b8f1d2c4e60' });
    expect(delivered).toStrictEqual({
      version: '0',
      id: '0d5c3a8e-6f1b-4c2d-9e7a-3b8f1d2c4e60',
      'detail-type': 'UserSignedUp',
      source: 'sfe-stream-processor',
      account: '111122223333',
      time: '2026-11-23T09:00:00Z',
      region: 'eu-west-2',
      resources: [],
      detail: { metadata: event.metadata, data: event.data },
    });
    expect(parseEvent(delivered)).toStrictEqual(event);
  });
});
