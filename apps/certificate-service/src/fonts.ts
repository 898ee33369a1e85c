import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import type { CertificateFonts } from './domain/certificate-layout';

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
  let loading: Promise<CertificateFonts> | undefined;
  return () => {
    loading ??= loadFonts(directory).catch((error: unknown) => {
      loading = undefined; // a failed read is retried by the next record, not cached
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
