export * from './items';
export * from './keys';
export { type ItemChange, MemoryTableStore } from './memory-table-store';
export * from './table-store';
