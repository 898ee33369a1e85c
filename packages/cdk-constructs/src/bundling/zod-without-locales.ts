import type { Plugin } from 'esbuild';

/** zod's locale index, as its modules import it (`../locales/index.js`). */
const LOCALES_INDEX = /(^|\/)locales\/index\.js$/;

/**
 * Leaves zod's translated error messages out of a bundle. zod 4 re-exports every locale as a namespace
 * (`export * as locales`), which esbuild cannot tree-shake: ~260 KB of a Lambda bundle for messages in
 * languages we never show. English, zod's default, is imported by zod's schemas directly (`locales/en.js`),
 * not through this index, so it stays; only `z.locales.*` (never used by our code) becomes empty.
 */
export const zodWithoutLocales: Plugin = {
  name: 'zod-without-locales',
  setup(build) {
    build.onResolve({ filter: LOCALES_INDEX }, (args) =>
      /[/\\]zod[/\\]/.test(args.importer)
        ? { path: 'zod-locales', namespace: 'zod-without-locales' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-without-locales' }, () => ({
      contents:
        '// zod locales left out of Lambda bundles (see @sfe/cdk-constructs zodWithoutLocales)\nexport {};',
      loader: 'js',
    }));
  },
};
