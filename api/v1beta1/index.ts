export * from './common.ts';
export * from './frrconfiguration.ts';
export * from './frrnodestate.ts';
export * from './bgpsessionstate.ts';
export * from './frrk8sconfiguration.ts';
export { KINDS, type KindInfo, type PrinterColumn } from './kinds.ts';
