export type { LocalContext } from './local-context';
