import type { CertificateDocument } from '../src/domain/certificate';

/** A typical certificate, for the renderer's tests, the bench and `scripts/render-sample.ts`. */
export const sampleDocument: CertificateDocument = {
  certificateId: '6f1c2d3e-4b5a-5c6d-8e7f-0a1b2c3d4e5f',
  learnerName: 'Ada Lovelace',
  courseTitle: 'Event-Driven Architecture on AWS',
  completionDate: '20 November 2026',
  verificationUrl: 'https://learn.example.com/certificates/6f1c2d3e-4b5a-5c6d-8e7f-0a1b2c3d4e5f',
  issuer: 'SFE Academy',
  issuedAt: new Date('2026-11-23T10:00:00.000Z'),
};
