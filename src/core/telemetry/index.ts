export * from './events';
export * from './otlp';
export * from './consent';
export * from './builders';
export * from './outbox';
export * from './sender';
export * from './spool';
export * from './spoolParse';
