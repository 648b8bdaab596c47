export { createPosixPlatform, type PeerCredentials, type PosixPlatform } from './peer-credentials';
export { linuxPeerCredentialOption, type PeerCredentialOption } from './socket-options';
