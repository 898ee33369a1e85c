// `@sfe/local-runtime/access`: what the CLI's commands need to reach the local platform, without loading the
// runtime itself until a command needs it (a `report` reads the store and nothing else).

export { dataDirectoryOf } from '../data-directory';
export {
  httpRuntimeAccess,
  type MinorUnitsAmount,
  openRuntimeAccess,
  prepareStoreOpening,
  type RuntimeAccess,
} from './runtime-access';
