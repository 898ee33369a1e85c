// Renders a sample certificate to a file, to look at: `pnpm exec tsx scripts/render-sample.ts out.pdf [name] [title]`.
import { writeFile } from 'node:fs/promises';
import { renderCertificatePdf } from '../src/domain/render-certificate';
import { createFontLoader } from '../src/fonts';
import { sampleDocument } from '../test/sample-document';

const [
  output = 'certificate-sample.pdf',
  learnerName = sampleDocument.learnerName,
  courseTitle = sampleDocument.courseTitle,
] = process.argv.slice(2);
const pdf = await renderCertificatePdf(
  { ...sampleDocument, learnerName, courseTitle },
  await createFontLoader()(),
);
await writeFile(output, pdf);
console.log(`${output}: ${pdf.byteLength} bytes`);
