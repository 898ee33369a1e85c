import { defineConfig } from 'vitest/config';
import { serviceTestConfig } from '../../vitest.service';

export default defineConfig(serviceTestConfig);
