import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini leaves the error messages' language to the application: without a locale every issue reads
// "Invalid input". English, as zod classic sets it by itself. `zod/v4/locales/en.js` rather than `z.locales`:
// Lambda bundles leave zod's locale index out (`zodWithoutLocales` in @sfe/cdk-constructs). The setting is
// zod's global one, so it holds for every schema in the process; `envelope.ts` imports this module, so
// whoever validates an event has it, and packages with zod/mini schemas of their own import it too
// (`@sfe/events/english-messages`).
z.config(en());
