import { PlatformError } from '@sysward/agent-runtime';

export interface PeerCredentialOption {
  level: number;
  optionName: number;
}

/**
 * SOL_SOCKET / SO_PEERCRED as Linux numbers them. Most architectures use the
 * asm-generic values; a few (mips, powerpc, sparc, alpha, parisc) renumber
 * socket options and are not supported until someone can test on them.
 */
export function linuxPeerCredentialOption(arch: string): PeerCredentialOption {
  switch (arch) {
    case 'x64':
    case 'ia32':
    case 'arm':
    case 'arm64':
    case 'riscv64':
    case 'loong64':
    case 's390x':
      return { level: 1, optionName: 17 };
    default:
      throw new PlatformError('NOT_SUPPORTED', `SO_PEERCRED numbering for Linux on ${arch} is not known to Sysward`);
  }
}
