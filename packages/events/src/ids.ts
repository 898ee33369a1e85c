import { createHash, randomUUID } from 'node:crypto';

// Fixed namespace for our name-based ids (RFC 9562 UUIDv5); changing it would change every derived id.
const SFE_NAMESPACE = Buffer.from('5b1e6f4a9c3d4e8fa2b7c0d1e2f3a4b5', 'hex');

/**
 * A deterministic UUID (version 5) for a name: the same name always gives the same id. The stream processor
 * derives event ids from the stream record and the transition, so a retried batch republishes the same ids.
 * @example uuidFromName('a1b2c3:CourseCompleted') // always the same UUID
 */
export function uuidFromName(name: string): string {
  const hash = createHash('sha1').update(SFE_NAMESPACE).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50; // version 5
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function newEventId(): string {
  return randomUUID();
}
