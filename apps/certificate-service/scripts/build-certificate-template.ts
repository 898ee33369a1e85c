// `pnpm --filter @sfe/certificate-service exec tsx scripts/build-certificate-template.ts`: builds the prepared
// certificate template (src/domain/build-certificate-template.ts) into assets/certificate-template.json.gz, which
// the assets layer and the local runtime use. Run it after changing the layout, the fonts or the prepared
// characters: `src/domain/certificate-template.test.ts` fails while the committed file is not what this builds.
import { writeFileSync } from 'node:fs';
import { buildCertificateTemplate } from '../src/domain/build-certificate-template';
import { COMMITTED_TEMPLATE, createFontLoader, encodeTemplateFile } from '../src/fonts';

const bytes = encodeTemplateFile(await buildCertificateTemplate(await createFontLoader()()));
writeFileSync(COMMITTED_TEMPLATE, bytes);
console.log(`${COMMITTED_TEMPLATE}: ${bytes.byteLength} bytes`);
