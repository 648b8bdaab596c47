export * from './args';
export * from './make-directory';
