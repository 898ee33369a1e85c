// `pnpm bench`: PDF generation time and size per certificate. Prints medians; numbers go in BENCHMARKS.md.
import { performance } from 'node:perf_hooks';
import type { CertificateDocument } from '../src/domain/certificate';
import { renderCertificatePdf } from '../src/domain/render-certificate';
import { createFontLoader } from '../src/fonts';
import { sampleDocument } from '../test/sample-document';

const RUNS = 30;
const cases: Record<string, Partial<CertificateDocument>> = {
  typical: {},
  'long name and title': {
    learnerName: 'Maximiliane Wilhelmina Konstanze von Hohenzollern-Sigmaringen',
    courseTitle:
      'Designing Resilient, Observable and Cost-Efficient Event-Driven Serverless Architectures on Amazon Web Services',
  },
  'Polish and Cyrillic': {
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

const coldStart = performance.now();
const fonts = await createFontLoader()();
const first = await renderCertificatePdf(base, fonts);
const cold = performance.now() - coldStart;
console.log(
  `cold: font files read + first render (HarfBuzz wasm load) ${cold.toFixed(1)} ms, ${first.byteLength} bytes`,
);

// Warm up (JIT, HarfBuzz's heap) so the first case is not charged for it.
for (let run = 0; run < 10; run += 1) await renderCertificatePdf(base, fonts);

let typicalMedian = 0;
for (const [name, overrides] of Object.entries(cases)) {
  const document = { ...base, ...overrides };
  const times: number[] = [];
  let bytes = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const start = performance.now();
    const pdf = await renderCertificatePdf(document, fonts);
    times.push(performance.now() - start);
    bytes = pdf.byteLength;
  }
  const m = median(times);
  if (name === 'typical') typicalMedian = m;
  const ratio = typicalMedian ? ` (${(m / typicalMedian).toFixed(2)}x typical)` : '';
  console.log(
    `${name}: median ${m.toFixed(1)} ms over ${RUNS} runs${ratio}, ${(bytes / 1024).toFixed(1)} KiB per certificate`,
  );
}
