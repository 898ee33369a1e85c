// Makes a sample certificate to look at, as the service would (the template filled in, or rendered whole for
// characters it lacks): `pnpm exec tsx scripts/render-sample.ts out.pdf [name] [title]`.
import { writeFile } from 'node:fs/promises';
import { certificateSources } from '../src/fonts';
import { makeCertificatePdf } from '../src/use-cases/issue-certificate';
import { sampleDocument } from '../test/sample-document';

const [
  output = 'certificate-sample.pdf',
  learnerName = sampleDocument.learnerName,
  courseTitle = sampleDocument.courseTitle,
] = process.argv.slice(2);
const pdf = await makeCertificatePdf({ ...sampleDocument, learnerName, courseTitle }, certificateSources());
await writeFile(output, pdf);
console.log(`${output}: ${pdf.byteLength} bytes`);
