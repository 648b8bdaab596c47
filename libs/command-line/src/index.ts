export * from './args';
export * from './home';
