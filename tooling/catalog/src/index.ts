export {
  buildAsyncApiDocuments,
  messageKey,
  renderAsyncApiDocument,
} from './asyncapi';
export {
  type CompatReport,
  type CompatRule,
  checkCompatibility,
  compareSchemas,
  type SchemaChange,
  type VersionReport,
} from './compat';
export {
  type Consumer,
  computeRoutes,
  consumersOf,
  type Route,
  type Routes,
  type RouteWarning,
} from './routes';
export { type CatalogSources, loadCatalogSources } from './sources';
export {
  checkWorkspaceCompatibility,
  formatCompatReport,
  readSchemaDirectory,
  type WrittenCatalog,
  writeCatalog,
} from './write-catalog';
