import { serviceTestConfig } from '../../vitest.service';

export default serviceTestConfig;
