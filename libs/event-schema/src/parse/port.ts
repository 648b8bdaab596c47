import { invalid, isNoValue, NONE, ParseOutcome, value } from './parse-outcome';

/** A TCP/UDP port (win:UInt16): decimal 0..65535; "" or "-" means none. */
export function parsePort(text: string): ParseOutcome<number> {
  if (isNoValue(text)) return NONE;
  if (!/^[0-9]{1,10}$/.test(text)) return invalid('not a decimal port number');
  const port = Number(text);
  return port <= 0xffff ? value(port) : invalid('port out of range 0..65535');
}
