import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CertificateFonts } from './domain/certificate-layout';
import {
  type CertificateTemplate,
  type CertificateTemplateFile,
  readCertificateTemplate,
} from './domain/certificate-template';

/**
 * The certificate's typefaces: full Google Fonts TTFs from `@expo-google-fonts/*` (one file per face, every
 * script the face has; `@fontsource/*` splits faces into unicode-range WOFF subsets). SIL OFL 1.1.
 */
export const CERTIFICATE_FONT_FILES: Readonly<Record<keyof CertificateFonts, string>> = {
  display: '@expo-google-fonts/cinzel/700Bold/Cinzel_700Bold.ttf',
  displayRegular: '@expo-google-fonts/cinzel/400Regular/Cinzel_400Regular.ttf',
  script: '@expo-google-fonts/great-vibes/400Regular/GreatVibes_400Regular.ttf',
  serif: '@expo-google-fonts/eb-garamond/400Regular/EBGaramond_400Regular.ttf',
  serifItalic: '@expo-google-fonts/eb-garamond/400Regular_Italic/EBGaramond_400Regular_Italic.ttf',
  serifSemiBold: '@expo-google-fonts/eb-garamond/600SemiBold/EBGaramond_600SemiBold.ttf',
};

const require = createRequire(import.meta.url);

/** Where a font file is: in node_modules here, or (bundled in Lambda) by file name in `directory`. */
export function certificateFontPath(specifier: string, directory?: string): string {
  return directory ? join(directory, basename(specifier)) : require.resolve(specifier);
}

/**
 * Reads the certificate fonts once per process. In Lambda the stack copies the files next to the bundle
 * and sets `CERTIFICATE_FONT_DIRECTORY`; elsewhere they are read from the installed packages.
 */
export function createFontLoader(directory?: string): () => Promise<CertificateFonts> {
  return once(() => loadFonts(directory));
}

/** The prepared template's two files, in `assets/` (committed) and beside the fonts in the assets layer. */
export const CERTIFICATE_TEMPLATE_FILES = {
  pdf: 'certificate-template.pdf',
  file: 'certificate-template.json',
} as const;

/** Where the committed template is (`scripts/build-certificate-template.ts` writes it; a test checks it is current). */
export const COMMITTED_TEMPLATE_DIRECTORY = fileURLToPath(new URL('../assets/', import.meta.url));

/** The JSON file's content, as the script writes it. */
export function templateFileContent(file: CertificateTemplateFile): string {
  return `${JSON.stringify(file)}\n`;
}

/**
 * The certificate template, once per process: in Lambda from the assets layer, in `directory`
 * (`CERTIFICATE_FONT_DIRECTORY`); elsewhere (tests, the local runtime) the committed one. Stored as they are used (a
 * binary PDF, plain JSON): no base64 or gzip to undo on a cold start.
 */
function createTemplateLoader(directory: string | undefined): () => Promise<CertificateTemplate> {
  return once(async () => {
    const from = directory ?? COMMITTED_TEMPLATE_DIRECTORY;
    const [file, pdf] = await Promise.all([
      readFile(join(from, CERTIFICATE_TEMPLATE_FILES.file), 'utf8'),
      readFile(join(from, CERTIFICATE_TEMPLATE_FILES.pdf)),
    ]);
    return readCertificateTemplate(JSON.parse(file) as CertificateTemplateFile, pdf);
  });
}

/** `load`'s promise, shared by every caller; a failure is retried by the next call, not cached. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

async function loadFonts(directory?: string): Promise<CertificateFonts> {
  const entries = await Promise.all(
    Object.entries(CERTIFICATE_FONT_FILES).map(
      async ([name, specifier]) =>
        [name, new Uint8Array(await readFile(certificateFontPath(specifier, directory)))] as const,
    ),
  );
  return Object.fromEntries(entries) as unknown as CertificateFonts;
}

/** What `issueCertificate` makes PDFs from: the template, and the fonts for a document it does not cover. */
export function certificateSources(directory?: string): {
  loadTemplate: () => Promise<CertificateTemplate>;
  loadFonts: () => Promise<CertificateFonts>;
} {
  const loadFonts = createFontLoader(directory);
  return { loadTemplate: createTemplateLoader(directory), loadFonts };
}
