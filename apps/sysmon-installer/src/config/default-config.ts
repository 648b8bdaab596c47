/**
 * The managed configuration used when none is configured: hashes on, no filtering,
 * schema 4.50 so every release from 13.x on accepts it (BUG-17).
 */
export const DEFAULT_MANAGED_CONFIG_XML = `<Sysmon schemaversion="4.50">
  <HashAlgorithms>SHA256,IMPHASH</HashAlgorithms>
  <EventFiltering/>
</Sysmon>
`;
