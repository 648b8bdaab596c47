/** Sizes and magic values of the .evtx container (libyal EVTX format description). */
export const FILE_HEADER_BLOCK_SIZE = 4096;
export const FILE_HEADER_CRC_SPAN = 120;
export const CHUNK_SIZE = 65536;
export const CHUNK_HEADER_SIZE = 512;
export const RECORD_HEADER_SIZE = 24;
/** Record header + the trailing copy of the size. */
export const RECORD_MIN_SIZE = 28;
export const RECORD_MAGIC = 0x00002a2a;

export const FILE_MAGIC = Buffer.from('ElfFile\0', 'latin1');
export const CHUNK_MAGIC = Buffer.from('ElfChnk\0', 'latin1');

export const FILE_FLAG_DIRTY = 0x1;
export const FILE_FLAG_FULL = 0x2;
/** Set (in the file header and in each chunk's flags word) when Windows does not maintain the CRC32s. */
export const FLAG_NO_CRC32 = 0x4;
