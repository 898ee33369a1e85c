import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini leaves the error messages' language to the application: without a locale every issue reads
// "Invalid input". English, as zod classic sets it by itself (the same as @sfe/events does: this package
// does not depend on it). `zod/v4/locales/en.js` rather than `z.locales`: Lambda bundles leave zod's locale
// index out (`zodWithoutLocales` in @sfe/cdk-constructs). The setting is zod's global one; `items.ts` imports
// this module, so whoever validates an item has it.
z.config(en());
