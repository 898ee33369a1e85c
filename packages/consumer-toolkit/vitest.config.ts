import { defineConfig } from 'vitest/config';
import { serviceTestConfig } from '../../vitest.service';

// The toolkit's handler tests build consumers as the apps do, so they run with the apps' settings.
export default defineConfig(serviceTestConfig);
