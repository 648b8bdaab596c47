export * from './event-record';
export { NotEvtxError, BinXmlError } from './errors';
export { EvtxReader, openEvtxFile, openEvtxBuffer, readEvtxFile } from './reader/evtx-reader';
export type { EvtxStats, DamagedChunk, RecordErrors, RecordErrorDetail } from './reader/stats';
export { fileIdentity, identityOfBytes } from './file-identity';
export { dumpRecordJson, summaryLine } from './dump';
