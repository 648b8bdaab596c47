export type ManifestErrorCode =
  | 'UNSIGNED'
  | 'BAD_SIGNATURE'
  | 'BAD_PUBLIC_KEY'
  | 'DEVELOPMENT_KEY_REFUSED'
  | 'MALFORMED'
  | 'BINARY_MISMATCH'
  | 'BINARY_UNREADABLE';

/** Why a manifest or binary was refused; the message is meant for an operator's status page. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';

  constructor(
    readonly code: ManifestErrorCode,
    message: string,
  ) {
    super(message);
  }
}
