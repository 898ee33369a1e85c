import { existsSync, readFileSync } from 'node:fs';

/**
 * zod classic's modules (and zod 3's) as a bundle's source map names them: `.../zod/v4/classic/schemas.js`,
 * `.../zod/v3/types.js`. zod/mini and zod core, which mini is built on, are what a handler may bundle.
 */
const ZOD_CLASSIC_SOURCE = /(^|[/\\])zod[/\\](v4[/\\]classic|v3)[/\\]/;

/**
 * The zod classic modules a bundle holds, read from its source map's `sources` (esbuild lists every input
 * file that contributed code; the map is written beside each bundle, `sourcesContent` left out). The map
 * rather than the bundle's text: file paths do not change with minification or a zod release's wording.
 * Throws when there is no map, so a bundle without one cannot pass unread.
 */
export function zodClassicSources(bundlePath: string): string[] {
  const mapPath = `${bundlePath}.map`;
  if (!existsSync(mapPath)) throw new Error(`${bundlePath} has no source map beside it (${mapPath})`);
  const { sources } = JSON.parse(readFileSync(mapPath, 'utf8')) as { sources?: unknown };
  if (!Array.isArray(sources)) throw new Error(`${mapPath} lists no sources`);
  return sources.filter(
    (source): source is string => typeof source === 'string' && ZOD_CLASSIC_SOURCE.test(source),
  );
}
