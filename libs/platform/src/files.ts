/**
 * File port: what the installer needs to verify and place binaries (R-INS-9)
 * and what tamper detection compares (hash and version resource, never
 * timestamps alone).
 */

/** The VS_VERSIONINFO string table entries that identify a binary. */
export interface FileVersionInfo {
  fileVersion: string;
  productVersion: string;
  productName: string;
  companyName: string;
  fileDescription: string;
  originalFilename: string;
  internalName: string;
}

export interface FileStat {
  size: number;
  modifiedMs: number;
}

/**
 * Errors: NOT_FOUND (missing file), ALREADY_EXISTS (copy onto an existing file
 * without overwrite), BUSY (the file is the image of a running process: a
 * sharing violation on Windows), INVALID_ARGUMENT (not an absolute path).
 */
export interface FilePort {
  exists(path: string): Promise<boolean>;
  /** null when the file does not exist. */
  stat(path: string): Promise<FileStat | null>;
  read(path: string): Promise<Uint8Array>;
  /** Lower-case hex. */
  sha256(path: string): Promise<string>;
  /** null when the file has no version resource. */
  versionInfo(path: string): Promise<FileVersionInfo | null>;
  /** Creates missing parent folders; replaces an existing file. */
  write(path: string, data: Uint8Array): Promise<void>;
  copy(from: string, to: string, options?: { overwrite?: boolean }): Promise<void>;
  delete(path: string): Promise<void>;
}
