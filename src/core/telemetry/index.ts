export * from './events';
export * from './otlp';
