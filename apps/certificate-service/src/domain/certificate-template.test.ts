import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { compact, type PageTextItem, readPdfPage } from '../../test/pdf-text';
import { sampleDocument } from '../../test/sample-document';
import {
  CERTIFICATE_TEMPLATE_FILES,
  COMMITTED_TEMPLATE_DIRECTORY,
  certificateSources,
  templateFileContent,
} from '../fonts';
import { buildCertificateTemplate } from './build-certificate-template';
import type { CertificateDocument } from './certificate';
import { type CertificateTemplate, fillCertificateTemplate, templateCovers } from './certificate-template';
import { renderCertificatePdf } from './render-certificate';

const { loadTemplate, loadFonts } = certificateSources();
let template: CertificateTemplate;

beforeAll(async () => {
  // The committed template, as the assets layer holds it.
  template = await loadTemplate();
});

describe('the committed template (assets/certificate-template.{pdf,json})', () => {
  it('is what scripts/build-certificate-template.ts builds from the current layout and fonts', async () => {
    const built = await buildCertificateTemplate(await loadFonts());
    const [file, pdf] = await Promise.all([
      readFile(join(COMMITTED_TEMPLATE_DIRECTORY, CERTIFICATE_TEMPLATE_FILES.file), 'utf8'),
      readFile(join(COMMITTED_TEMPLATE_DIRECTORY, CERTIFICATE_TEMPLATE_FILES.pdf)),
    ]);
    // When this fails: pnpm --filter @sfe/certificate-service exec tsx scripts/build-certificate-template.ts
    expect(JSON.parse(file)).toStrictEqual(JSON.parse(templateFileContent(built.file)));
    expect(pdf.equals(Buffer.from(built.pdf))).toBe(true);
  });
});

const documents: Record<string, CertificateDocument> = {
  typical: sampleDocument,
  'Polish, with typographic quotes and a dash': {
    ...sampleDocument,
    learnerName: 'Łukasz Żółć-Brzęczyszczykiewicz',
    courseTitle: 'Zarządzanie zdarzeniami – „od podstaw”',
  },
  'Romanian, French and German': {
    ...sampleDocument,
    learnerName: 'Ștefan Țurcanu',
    courseTitle: 'Événements et Größe: l’architecture pilotée par les événements',
    issuer: 'Académie SFE',
  },
  'a long name and a title that wraps': {
    ...sampleDocument,
    learnerName: 'Maximiliane Wilhelmina Konstanze von Hohenzollern-Sigmaringen',
    courseTitle:
      'Designing Resilient, Observable and Cost-Efficient Event-Driven Serverless Architectures on Amazon Web Services',
  },
};

function fill(document: CertificateDocument): Uint8Array {
  const pdf = fillCertificateTemplate(template, document);
  if (!pdf) throw new Error(`the template does not cover ${document.learnerName} / ${document.courseTitle}`);
  return pdf;
}

const byPlace = (a: PageTextItem, b: PageTextItem) => b.y - a.y || a.x - b.x;

describe('fillCertificateTemplate', () => {
  it("adds the learner's text, the link and the document information, as a PDF reader (pdf.js) reads them", async () => {
    const page = await readPdfPage(fill(sampleDocument));

    for (const text of [
      'SFE ACADEMY',
      'CERTIFICATE',
      'This is to certify that',
      'Ada Lovelace',
      'has successfully completed the course',
      'Event-Driven Architecture on AWS',
      '20 November 2026',
      'SFE Academy',
      'Certificate ID 6f1c2d3e-4b5a-5c6d-8e7f-0a1b2c3d4e5f',
      `Verify this certificate at ${sampleDocument.verificationUrl}`,
    ]) {
      expect(page.compact).toContain(compact(text));
    }
    expect(page.links).toStrictEqual([sampleDocument.verificationUrl]);
    expect(page.info).toMatchObject({
      Title: 'Certificate of Completion: Event-Driven Architecture on AWS',
      Subject: 'Ada Lovelace completed Event-Driven Architecture on AWS on 20 November 2026',
      Author: 'SFE Academy',
      Keywords: 'certificate 6f1c2d3e-4b5a-5c6d-8e7f-0a1b2c3d4e5f',
      CreationDate: 'D:20261123100000Z',
    });
  });

  it.each(Object.entries(documents))(
    'lays out %s as the whole render does: the same text at the same places, the same information',
    async (_name, document) => {
      const filled = await readPdfPage(fill(document));
      const rendered = await readPdfPage(await renderCertificatePdf(document, await loadFonts()));

      expect(filled.compact).toContain(compact(document.learnerName));
      const [a, b] = [[...filled.items].sort(byPlace), [...rendered.items].sort(byPlace)];
      expect(a.map((item) => item.text)).toStrictEqual(b.map((item) => item.text));
      a.forEach((item, index) => {
        expect(Math.abs(item.x - (b[index]?.x ?? Number.NaN))).toBeLessThan(0.02);
        expect(Math.abs(item.y - (b[index]?.y ?? Number.NaN))).toBeLessThan(0.02);
      });
      expect(filled.links).toStrictEqual(rendered.links);
      expect(filled.info).toStrictEqual(rendered.info);
    },
  );

  it("appends an update to the template's bytes, whose cross-reference entries point at its objects", async () => {
    const bytes = fill(sampleDocument);
    expect(Buffer.from(bytes.subarray(0, template.pdf.byteLength)).equals(Buffer.from(template.pdf))).toBe(
      true,
    );

    const text = Buffer.from(bytes).toString('latin1');
    const xref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
    expect(text.slice(xref, xref + 5)).toBe('xref\n');
    const section = text.slice(xref, text.indexOf('trailer', xref));
    const offsets = new Map<number, number>();
    let first = 0;
    for (const line of section.split(/\r?\n/).slice(1)) {
      const header = /^(\d+) \d+$/.exec(line);
      const entry = /^(\d{10}) 00000 n ?$/.exec(line);
      if (header) first = Number(header[1]);
      else if (entry) offsets.set(first++, Number(entry[1]));
    }
    expect([...offsets.keys()]).toStrictEqual([
      template.file.page.objectNumber,
      template.file.size,
      template.file.size + 1,
      template.file.size + 2,
    ]);
    for (const [objectNumber, offset] of offsets) {
      expect(text.slice(offset, offset + `${objectNumber} 0 obj`.length)).toBe(`${objectNumber} 0 obj`);
    }
    expect(text).toContain(`/Prev ${template.file.startxref}`);

    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toBe('Certificate of Completion: Event-Driven Architecture on AWS');
  });

  it('keeps a filled-in certificate near 120 KiB (every one carries the prepared faces)', () => {
    expect(fill(sampleDocument).byteLength).toBeLessThan(140 * 1024);
  });

  it('gives the same bytes for the same document', () => {
    expect(Buffer.from(fill(sampleDocument)).equals(Buffer.from(fill(sampleDocument)))).toBe(true);
  });

  it.each([
    ['a Cyrillic name', { learnerName: 'Пётр Чайковский' }],
    ['a Greek name', { learnerName: 'Ἀλέξανδρος Παπαδόπουλος' }],
    ['a Vietnamese name (Latin Extended Additional)', { learnerName: 'Nguyễn Thị Minh Khai' }],
    ['a title in Japanese', { courseTitle: 'イベント駆動アーキテクチャ' }],
    ['a verification address that is not ASCII', { verificationUrl: 'https://académie.example/c/1' }],
  ])('leaves %s to the whole render (undefined)', (_name, overrides) => {
    const document = { ...sampleDocument, ...overrides };
    expect(templateCovers(template, document)).toBe(false);
    expect(fillCertificateTemplate(template, document)).toBeUndefined();
  });
});
