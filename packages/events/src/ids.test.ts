import { describe, expect, it } from 'vitest';
import { newEventId, uuidFromName } from './ids';

describe('uuidFromName', () => {
  // Expected values from Python's RFC 4122 implementation:
  // uuid.uuid5(uuid.UUID('5b1e6f4a-9c3d-4e8f-a2b7-c0d1e2f3a4b5'), name)
  it.each([
    ['a1b2c3:CourseCompleted', '51d5157e-0fd3-5584-a49b-92c5dc15f009'],
    ['', '80073a4d-3497-5e4e-9357-969fe053b4f8'],
    ['Zoë:🎓', '3084fb7c-fed6-5588-ae75-a9cc27da398c'],
  ])('derives the standard UUIDv5 of %j', (name, expected) => {
    expect(uuidFromName(name)).toBe(expected);
  });

  it('is deterministic and differs between names', () => {
    expect(uuidFromName('x')).toBe(uuidFromName('x'));
    expect(uuidFromName('x')).not.toBe(uuidFromName('y'));
  });
});

describe('newEventId', () => {
  it('returns a random UUIDv4 each time', () => {
    const id = newEventId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newEventId()).not.toBe(id);
  });
});
