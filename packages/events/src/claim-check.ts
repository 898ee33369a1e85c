import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { nodeHttpFetch } from '@sfe/aws-fetch';
import { type ClaimCheckReference, ClaimCheckReferenceSchema } from './envelope';
import { ClaimCheckError } from './errors';
import {
  EVENTBRIDGE_MAX_ENTRY_BYTES,
  type PublishableEvent,
  putEventsEntrySize,
  toPutEventsEntry,
} from './eventbridge';
import { findDefinition } from './registry';

/** Where claim-checked payloads are kept. `put` returns the URL a consumer fetches it from. */
export interface ClaimCheckStore {
  put(key: string, body: Uint8Array): Promise<string>;
}

/** Fetches a claim-checked payload's bytes from its URL. */
export type ClaimCheckFetcher = (url: string) => Promise<Uint8Array>;

export interface ClaimCheckOptions {
  readonly store: ClaimCheckStore;
  readonly busName: string;
  /** Entries larger than this travel by claim check. Default: EventBridge's limit. */
  readonly maxEntryBytes?: number;
}

/** The object key a payload is stored under: deterministic, so a retried publish overwrites, not duplicates. */
export function claimCheckKey(event: PublishableEvent): string {
  return `claim-checks/${event.metadata.type}/${event.metadata.id}.json`;
}

/** True when the event must travel by claim check: its type is sensitive, or its entry is too large. */
export function needsClaimCheck(event: PublishableEvent, busName: string, maxEntryBytes: number): boolean {
  if (findDefinition(event.metadata.type, event.metadata.version)?.sensitive) return true;
  return putEventsEntrySize(toPutEventsEntry(event, busName)) > maxEntryBytes;
}

/**
 * Replaces `data` with `{ claimCheck: { url, sha256, bytes } }` when the type is sensitive (PII) or the entry
 * would exceed `maxEntryBytes`; otherwise returns the event unchanged (also when it is already claim-checked).
 * The payload is stored first, so a published reference always points at something that exists.
 * @example const entry = toPutEventsEntry(await applyClaimCheck(event, { store, busName }), busName);
 */
export async function applyClaimCheck(
  event: PublishableEvent,
  options: ClaimCheckOptions,
): Promise<PublishableEvent> {
  if (ClaimCheckReferenceSchema.safeParse(event.data).success) return event;
  if (!needsClaimCheck(event, options.busName, options.maxEntryBytes ?? EVENTBRIDGE_MAX_ENTRY_BYTES))
    return event;
  const body = Buffer.from(JSON.stringify(event.data), 'utf8');
  const url = await options.store.put(claimCheckKey(event), body);
  const reference: ClaimCheckReference = {
    claimCheck: { url, sha256: sha256Hex(body), bytes: body.byteLength },
  };
  return { metadata: event.metadata, data: reference };
}

/** Fetches a claim-checked payload and verifies its size and SHA-256 before trusting it. */
export async function restoreClaimCheck(
  reference: ClaimCheckReference,
  fetchClaimCheck: ClaimCheckFetcher,
): Promise<unknown> {
  const { url, sha256, bytes } = reference.claimCheck;
  let body: Uint8Array;
  try {
    body = await fetchClaimCheck(url);
  } catch (error) {
    throw new ClaimCheckError(`claim check ${url} could not be fetched: ${(error as Error).message}`);
  }
  if (body.byteLength !== bytes) {
    throw new ClaimCheckError(
      `claim check ${url} has ${body.byteLength} bytes, expected ${bytes}: tampered or truncated`,
    );
  }
  if (sha256Hex(body) !== sha256) {
    throw new ClaimCheckError(`claim check ${url} does not match its sha256: tampered`);
  }
  try {
    return JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    throw new ClaimCheckError(`claim check ${url} is not JSON`);
  }
}

/** How long an HTTP fetch of a claim check may take before it fails (and the message is retried). */
const FETCH_TIMEOUT_MS = 10_000;

/**
 * Fetches `http(s):` URLs (presigned S3 links, the local runtime) and `file:` URLs (local stores). Over Node's own
 * client (`nodeHttpFetch`), not global `fetch`: a Lambda's first claim-checked event would otherwise load and
 * compile undici, about a bare Node start of CPU (BENCHMARKS.md, cold starts, session 10). Redirects are not
 * followed: a presigned link answers itself, and any other status fails (the message is retried, then dead-lettered).
 */
export const fetchClaimCheck: ClaimCheckFetcher = async (url) => {
  if (url.startsWith('file:')) {
    // Loaded here, not imported: only local stores use file: URLs, and a static import made every Lambda bundle
    // load node:fs/promises (with readline) at each cold start (BENCHMARKS.md, cold starts, session 10).
    const { readFile } = process.getBuiltinModule('node:fs/promises');
    return new Uint8Array(await readFile(fileURLToPath(url)));
  }
  const response = await nodeHttpFetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!response.ok) throw new ClaimCheckError(`GET ${url} answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
};

function sha256Hex(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}
