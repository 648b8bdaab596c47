export * from './config';
export * from './counters';
export * from './monitor';
export * from './cli-options';
export * from './sinks/sink';
export * from './sinks/ndjson-file-sink';
export * from './sources/event-source';
export * from './sources/recording-source';
