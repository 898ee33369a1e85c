// `pnpm --filter @sfe/certificate-service exec tsx scripts/build-certificate-template.ts`: builds the prepared
// certificate template (src/domain/build-certificate-template.ts) into assets/certificate-template.{pdf,json},
// which the assets layer and the local runtime use. Run it after changing the layout, the fonts or the prepared
// characters: `src/domain/certificate-template.test.ts` fails while the committed files are not what this builds.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCertificateTemplate } from '../src/domain/build-certificate-template';
import {
  CERTIFICATE_TEMPLATE_FILES,
  COMMITTED_TEMPLATE_DIRECTORY,
  createFontLoader,
  templateFileContent,
} from '../src/fonts';

const { file, pdf } = await buildCertificateTemplate(await createFontLoader()());
writeFileSync(join(COMMITTED_TEMPLATE_DIRECTORY, CERTIFICATE_TEMPLATE_FILES.pdf), pdf);
writeFileSync(join(COMMITTED_TEMPLATE_DIRECTORY, CERTIFICATE_TEMPLATE_FILES.file), templateFileContent(file));
console.log(`${COMMITTED_TEMPLATE_DIRECTORY}: ${pdf.byteLength} bytes of PDF`);
