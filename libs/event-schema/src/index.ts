export * from './proto';
