import { describe, expect, it } from 'vitest';
import { EventUpgradeError } from '../errors';
import { loadFixture } from '../fixtures';
import { parseEvent } from '../parse-event';
import { isEvent, upgradeEvent } from '../registry';

describe('upgradeEvent of CertificateGenerated', () => {
  it('returns a v2 event as it is', () => {
    const v2 = parseEvent(loadFixture('CertificateGenerated'));
    if (!isEvent(v2, 'CertificateGenerated')) throw new Error('fixture is not CertificateGenerated');
    expect(v2.metadata.version).toBe(2);
    expect(upgradeEvent(v2)).toBe(v2);
  });

  it('refuses a v1 event, naming it and what it lacks (only certificate-service knows the address)', () => {
    const v1 = parseEvent(loadFixture('CertificateGenerated', 1));
    if (!isEvent(v1, 'CertificateGenerated')) throw new Error('fixture is not CertificateGenerated');
    expect(() => upgradeEvent(v1)).toThrow(EventUpgradeError);
    expect(() => upgradeEvent(v1)).toThrow(
      `CertificateGenerated v1 (event ${v1.metadata.id}) cannot be read as v2: v1 carries no downloadUrl`,
    );
  });
});
