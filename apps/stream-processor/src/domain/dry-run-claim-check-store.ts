import type { ClaimCheckStore } from '@sfe/events';

/**
 * A claim-check store that stores nothing and answers a deterministic `dry-run:` URL naming the key: for
 * showing what would be published (the reference's sha256 and size are real) without writing anywhere.
 */
export function createDryRunClaimCheckStore(): ClaimCheckStore {
  return {
    async put(key) {
      return `dry-run://${key}`;
    },
  };
}
