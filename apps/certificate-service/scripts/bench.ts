// `pnpm bench`: time and size per certificate, filled in from the prepared template and rendered whole. Prints
// medians; numbers go in BENCHMARKS.md.
import { performance } from 'node:perf_hooks';
import type { CertificateDocument } from '../src/domain/certificate';
import { fillCertificateTemplate } from '../src/domain/certificate-template';
import { renderCertificatePdf } from '../src/domain/render-certificate';
import { certificateSources } from '../src/fonts';
import { sampleDocument } from '../test/sample-document';

const RUNS = 30;
const cases: Record<string, Partial<CertificateDocument>> = {
  typical: {},
  'long name and title': {
    learnerName: 'Maximiliane Wilhelmina Konstanze von Hohenzollern-Sigmaringen',
    courseTitle:
      'Designing Resilient, Observable and Cost-Efficient Event-Driven Serverless Architectures on Amazon Web Services',
  },
  Polish: { learnerName: 'Łukasz Żółć-Brzęczyszczykiewicz', courseTitle: 'Zarządzanie zdarzeniami' },
  'Polish and Cyrillic (rendered whole)': {
    learnerName: 'Łukasz Żółć & Пётр Чайковский',
    courseTitle: 'Введение в событийную архитектуру',
  },
};
const base = sampleDocument;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

const sources = certificateSources();
const buildStart = performance.now();
const template = await sources.loadTemplate();
console.log(
  `template built from the fonts (synth time in Lambda): ${(performance.now() - buildStart).toFixed(0)} ms, ` +
    `${template.pdf.byteLength} bytes`,
);
const fonts = await sources.loadFonts();

// Warm up (JIT, HarfBuzz's heap) so the first case is not charged for it.
for (let run = 0; run < 10; run += 1) {
  fillCertificateTemplate(template, base);
  await renderCertificatePdf(base, fonts);
}

const ways = {
  'template filled in': async (document: CertificateDocument) => fillCertificateTemplate(template, document),
  'rendered whole': (document: CertificateDocument) => renderCertificatePdf(document, fonts),
};
for (const [name, overrides] of Object.entries(cases)) {
  const document = { ...base, ...overrides };
  for (const [way, make] of Object.entries(ways)) {
    const times: number[] = [];
    let bytes = 0;
    for (let run = 0; run < RUNS; run += 1) {
      const start = performance.now();
      const pdf = await make(document);
      times.push(performance.now() - start);
      bytes = pdf?.byteLength ?? 0;
    }
    if (!bytes) {
      console.log(`${name}, ${way}: not covered (rendered whole instead)`);
      continue;
    }
    console.log(
      `${name}, ${way}: median ${median(times).toFixed(2)} ms over ${RUNS} runs, ${(bytes / 1024).toFixed(1)} KiB`,
    );
  }
}
