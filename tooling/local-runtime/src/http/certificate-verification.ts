import { type CertificateItem, CertificateItemSchema } from '@sfe/records';
import type { SqlDatabase } from '../store/sql-database';

/**
 * Finds a certificate by its id, for the verification link printed on every certificate. In AWS that page
 * belongs to the product's website (a GSI on certificateId would serve it); locally the runtime answers it.
 */
export async function findCertificate(
  db: SqlDatabase,
  certificateId: string,
): Promise<CertificateItem | undefined> {
  const result = await db.query<{ item: unknown }>(
    `select item from items
      where table_name = 'platform' and item->>'entityType' = 'CERTIFICATE' and item->>'certificateId' = $1
      limit 1`,
    [certificateId],
  );
  const row = result.rows[0];
  return row ? CertificateItemSchema.parse(row.item) : undefined;
}

/** A small HTML page saying whether the certificate is genuine; every value is escaped. */
export function verificationPage(certificateId: string, certificate: CertificateItem | undefined): string {
  const body = certificate
    ? `<h1>Certificate verified</h1>
<p><strong>${escapeHtml(certificate.userName)}</strong> completed
<strong>${escapeHtml(certificate.courseTitle)}</strong>.</p>
<p>Certificate ${escapeHtml(certificate.certificateId)}, issued ${escapeHtml(certificate.issuedAt.slice(0, 10))}.</p>`
    : `<h1>No such certificate</h1>
<p>No certificate with id ${escapeHtml(certificateId)} was issued.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Certificate verification</title></head>
<body style="font-family: Georgia, serif; max-width: 40em; margin: 4em auto">${body}</body></html>
`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
