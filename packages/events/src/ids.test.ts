import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newEventId, uuidFromName } from './ids';

describe('uuidFromName', () => {
  // Expected values from Python's RFC 4122 implementation:
  // uuid.uuid5(uuid.UUID('5b1e6f4a-9c3d-4e8f-a2b7-c0d1e2f3a4b5'), name)
  it.each([
    ['a1b2c3:CourseCompleted', '51d5157e-0fd3-5584-a49b-92c5dc15f009'],
    ['', '80073a4d-3497-5e4e-9357-969fe053b4f8'],
    ['Zoë:🎓', '3084fb7c-fed6-5588-ae75-a9cc27da398c'],
    // Longer than the reused input buffer, which then grows.
    ['x'.repeat(1000), '86cb7ea7-b052-5756-ae2e-7d12c6435ff1'],
  ])('derives the standard UUIDv5 of %j', (name, expected) => {
    expect(uuidFromName(name)).toBe(expected);
  });

  it('matches the RFC 9562 construction (SHA-1 of namespace + name, version and variant set) for many names', () => {
    const namespace = Buffer.from('5b1e6f4a9c3d4e8fa2b7c0d1e2f3a4b5', 'hex');
    const names = [
      ...Array.from({ length: 200 }, (_, i) => `${i.toString(16)}:course-completed`),
      'é'.repeat(300),
    ];
    const variants = new Set<string>();
    for (const name of names) {
      const bytes = createHash('sha1').update(namespace).update(name, 'utf8').digest().subarray(0, 16);
      bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
      bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
      const hex = bytes.toString('hex');
      const expected = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      expect(uuidFromName(name)).toBe(expected);
      variants.add(expected.charAt(19));
    }
    expect([...variants].sort()).toStrictEqual(['8', '9', 'a', 'b']);
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
