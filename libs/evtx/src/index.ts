export * from './event-record';
