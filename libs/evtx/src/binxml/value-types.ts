/** BinXML value types (the type byte of a substitution value descriptor). */
export const VT_NULL = 0x00;
export const VT_STRING = 0x01;
export const VT_ANSI_STRING = 0x02;
export const VT_INT8 = 0x03;
export const VT_UINT8 = 0x04;
export const VT_INT16 = 0x05;
export const VT_UINT16 = 0x06;
export const VT_INT32 = 0x07;
export const VT_UINT32 = 0x08;
export const VT_INT64 = 0x09;
export const VT_UINT64 = 0x0a;
export const VT_REAL32 = 0x0b;
export const VT_REAL64 = 0x0c;
export const VT_BOOL = 0x0d;
export const VT_BINARY = 0x0e;
export const VT_GUID = 0x0f;
export const VT_SIZE_T = 0x10;
export const VT_FILETIME = 0x11;
export const VT_SYSTEMTIME = 0x12;
export const VT_SID = 0x13;
export const VT_HEX_INT32 = 0x14;
export const VT_HEX_INT64 = 0x15;
export const VT_EVT_HANDLE = 0x20;
export const VT_BINXML = 0x21;
export const VT_EVT_XML = 0x23;
/** Set on the type byte of an array value. */
export const VT_ARRAY_FLAG = 0x80;

/** Byte size of one item of a fixed-size type; 0 for variable-size types. */
export function fixedItemSize(baseType: number): number {
  switch (baseType) {
    case VT_INT8:
    case VT_UINT8:
      return 1;
    case VT_INT16:
    case VT_UINT16:
      return 2;
    case VT_INT32:
    case VT_UINT32:
    case VT_REAL32:
    case VT_BOOL:
    case VT_HEX_INT32:
      return 4;
    case VT_INT64:
    case VT_UINT64:
    case VT_REAL64:
    case VT_FILETIME:
    case VT_HEX_INT64:
      return 8;
    case VT_GUID:
    case VT_SYSTEMTIME:
      return 16;
    default:
      return 0;
  }
}

export function valueTypeName(type: number): string {
  const names: Record<number, string> = {
    [VT_NULL]: 'null',
    [VT_STRING]: 'string',
    [VT_ANSI_STRING]: 'ansi string',
    [VT_INT8]: 'int8',
    [VT_UINT8]: 'uint8',
    [VT_INT16]: 'int16',
    [VT_UINT16]: 'uint16',
    [VT_INT32]: 'int32',
    [VT_UINT32]: 'uint32',
    [VT_INT64]: 'int64',
    [VT_UINT64]: 'uint64',
    [VT_REAL32]: 'real32',
    [VT_REAL64]: 'real64',
    [VT_BOOL]: 'bool',
    [VT_BINARY]: 'binary',
    [VT_GUID]: 'guid',
    [VT_SIZE_T]: 'size_t',
    [VT_FILETIME]: 'filetime',
    [VT_SYSTEMTIME]: 'systemtime',
    [VT_SID]: 'sid',
    [VT_HEX_INT32]: 'hexint32',
    [VT_HEX_INT64]: 'hexint64',
    [VT_EVT_HANDLE]: 'evthandle',
    [VT_BINXML]: 'binxml',
    [VT_EVT_XML]: 'evtxml',
  };
  const base = names[type & ~VT_ARRAY_FLAG] ?? `type 0x${(type & ~VT_ARRAY_FLAG).toString(16)}`;
  return type & VT_ARRAY_FLAG ? `array of ${base}` : base;
}
