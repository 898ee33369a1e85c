import { hash, randomUUID } from 'node:crypto';

// Fixed namespace for our name-based ids (RFC 9562 UUIDv5); changing it would change every derived id.
const SFE_NAMESPACE = Buffer.from('5b1e6f4a9c3d4e8fa2b7c0d1e2f3a4b5', 'hex');
const NAMESPACE_BYTES = SFE_NAMESPACE.length;

// The hash input (namespace, then the name's UTF-8), reused across calls and grown when a name needs more:
// with one-shot `crypto.hash` this makes an id cost no Hash object and no per-call buffer. The stream
// processor derives one per event, so this sits on its hot path. Safe to share: calls are synchronous.
let input = Buffer.alloc(NAMESPACE_BYTES + 256);
SFE_NAMESPACE.copy(input);

// The variant nibble (RFC 4122: binary 10xx) for each possible nibble of the hash.
const VARIANT_NIBBLE = '89ab89ab89ab89ab';

/**
 * A deterministic UUID (version 5) for a name: the same name always gives the same id. The stream processor
 * derives event ids from the stream record and the transition, so a retried batch republishes the same ids.
 * @example uuidFromName('a1b2c3:CourseCompleted') // always the same UUID
 */
export function uuidFromName(name: string): string {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  if (NAMESPACE_BYTES + name.length * 3 > input.length) {
    const larger = Buffer.alloc(NAMESPACE_BYTES + name.length * 3);
    SFE_NAMESPACE.copy(larger);
    input = larger;
  }
  const length = NAMESPACE_BYTES + input.write(name, NAMESPACE_BYTES, 'utf8');
  const hex = hash('sha1', input.subarray(0, length), 'hex');
  // The first 16 bytes of the SHA-1, with the version (5) and variant bits set, in 8-4-4-4-12 form.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${VARIANT_NIBBLE[Number.parseInt(hex.charAt(16), 16)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function newEventId(): string {
  return randomUUID();
}
