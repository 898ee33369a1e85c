import type { BlobStore } from '@sfe/blob-store';
import type { CertificateRepository } from '../adapters/certificate-repository';
import { type CertificateDocument, type CourseCompletedEvent, planCertificate } from '../domain/certificate';
import type { CertificateFonts } from '../domain/certificate-layout';
import { type CertificateTemplate, fillCertificateTemplate } from '../domain/certificate-template';
import { renderCertificatePdf } from '../domain/render-certificate';

export interface IssueCertificateDeps {
  readonly certificates: CertificateRepository;
  /** The certificates bucket: S3 in AWS, a local directory locally. */
  readonly bucket: BlobStore;
  /** The prepared certificate: most are its copy with the learner's text added. */
  readonly loadTemplate: () => Promise<CertificateTemplate>;
  /** The fonts, for a certificate with characters the template lacks: rendered whole, subset per document. */
  readonly loadFonts: () => Promise<CertificateFonts>;
  readonly now: () => Date;
  readonly verificationBaseUrl: string;
  /** Where this service serves `/certificates/<id>` (its function URL in AWS, the runtime's URL locally). */
  readonly downloadBaseUrl: string;
  readonly issuer: string;
}

export type IssueOutcome =
  | {
      readonly status: 'issued';
      readonly certificateId: string;
      readonly objectKey: string;
      readonly bytes: number;
    }
  | { readonly status: 'already-issued'; readonly certificateId: string; readonly objectKey: string };

/**
 * Issues the certificate for a completion: render, store the PDF, then write the item (save first: the
 * item's stream record is what announces CertificateGenerated, so the PDF exists before anyone hears of it).
 * Every step is safe to repeat: the object key and certificate id are derived from learner and course,
 * and the item is written only if absent.
 */
export async function issueCertificate(
  event: CourseCompletedEvent,
  deps: IssueCertificateDeps,
): Promise<IssueOutcome> {
  const plan = planCertificate(event, {
    issuedAt: deps.now(),
    verificationBaseUrl: deps.verificationBaseUrl,
    downloadBaseUrl: deps.downloadBaseUrl,
    issuer: deps.issuer,
  });
  const { certificateId, objectKey } = plan;
  // Another event for the same completion (v1 beside v2, a re-publish) already issued it: nothing to redo.
  if (await deps.certificates.exists(event.data.userId, event.data.courseId)) {
    return { status: 'already-issued', certificateId, objectKey };
  }
  const pdf = await makeCertificatePdf(plan.document, deps);
  await deps.bucket.put(objectKey, pdf, 'application/pdf');
  const written = await deps.certificates.create(plan.item);
  if (written === 'exists') return { status: 'already-issued', certificateId, objectKey };
  return { status: 'issued', certificateId, objectKey, bytes: pdf.byteLength };
}

/** The certificate's PDF: the template filled in, or rendered whole when the template lacks a character. */
export async function makeCertificatePdf(
  document: CertificateDocument,
  sources: Pick<IssueCertificateDeps, 'loadTemplate' | 'loadFonts'>,
): Promise<Uint8Array> {
  return (
    fillCertificateTemplate(await sources.loadTemplate(), document) ??
    (await renderCertificatePdf(document, await sources.loadFonts()))
  );
}
