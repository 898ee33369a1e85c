import { eventArchiveRetentionDays } from '@sfe/events';

/**
 * The dev stage's archive retention (`eventRetention` in infra's stage config, from `@sfe/events`, 14 days
 * outside production): what the local archive keeps unless `SFE_ARCHIVE_RETENTION_DAYS` says otherwise.
 */
export const DEFAULT_ARCHIVE_RETENTION_DAYS = eventArchiveRetentionDays(false);
