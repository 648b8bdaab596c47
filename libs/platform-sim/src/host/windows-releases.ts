/**
 * Names for OS builds, so `sim set-os` can take what people say ("server2022",
 * "win11") and the sim can fill ProductName/DisplayVersion as Windows does.
 */
import { PlatformError, parseOsBuild, type OsVersion, type ProductType } from '@sysward/platform';

interface Release {
  alias: string;
  build: string;
  productType: ProductType;
  productName: string;
  displayVersion: string | null;
}

const RELEASES: Release[] = [
  { alias: 'win7', build: '6.1.7601', productType: 'workstation', productName: 'Windows 7 Enterprise', displayVersion: null },
  { alias: 'server2008r2', build: '6.1.7601', productType: 'server', productName: 'Windows Server 2008 R2 Standard', displayVersion: null },
  { alias: 'win81', build: '6.3.9600', productType: 'workstation', productName: 'Windows 8.1 Enterprise', displayVersion: null },
  { alias: 'server2012r2', build: '6.3.9600', productType: 'server', productName: 'Windows Server 2012 R2 Standard', displayVersion: null },
  { alias: 'server2016', build: '10.0.14393', productType: 'server', productName: 'Windows Server 2016 Standard', displayVersion: '1607' },
  { alias: 'server2019', build: '10.0.17763', productType: 'server', productName: 'Windows Server 2019 Standard', displayVersion: '1809' },
  { alias: 'win10', build: '10.0.19045', productType: 'workstation', productName: 'Windows 10 Enterprise', displayVersion: '22H2' },
  { alias: 'server2022', build: '10.0.20348', productType: 'server', productName: 'Windows Server 2022 Standard', displayVersion: '21H2' },
  { alias: 'win11-22h2', build: '10.0.22621', productType: 'workstation', productName: 'Windows 11 Enterprise', displayVersion: '22H2' },
  { alias: 'win11', build: '10.0.22631', productType: 'workstation', productName: 'Windows 11 Enterprise', displayVersion: '23H2' },
  { alias: 'win11-24h2', build: '10.0.26100', productType: 'workstation', productName: 'Windows 11 Enterprise', displayVersion: '24H2' },
  { alias: 'server2025', build: '10.0.26100', productType: 'server', productName: 'Windows Server 2025 Standard', displayVersion: '24H2' },
];

export const OS_ALIASES = RELEASES.map((r) => r.alias);
export const DEFAULT_OS = 'win11';
/** The inbox Sysmon optional feature ships with Windows 11 24H2 / Server 2025 builds (STACK-NOTES). */
export const INBOX_SYSMON_MIN_BUILD = 26100;

/** An alias or a build number (with an optional product type) -> a full OsVersion. */
export function resolveOsVersion(text: string, productType?: ProductType): OsVersion {
  const alias = RELEASES.find((r) => r.alias === text.trim().toLowerCase());
  if (alias) return fromRelease(alias, productType ?? alias.productType, 0);
  let parsed;
  try {
    parsed = parseOsBuild(text);
  } catch {
    throw new PlatformError('INVALID_ARGUMENT', `unknown OS ${JSON.stringify(text)}: give a build like 10.0.22631[.UBR] or one of ${OS_ALIASES.join(', ')}`);
  }
  const type = productType ?? 'workstation';
  const prefix = `${parsed.major}.${parsed.minor}.${parsed.build}`;
  const known = RELEASES.find((r) => r.build === prefix && r.productType === (type === 'domain-controller' ? 'server' : type)) ?? RELEASES.find((r) => r.build === prefix);
  const base = known ?? { alias: '', build: prefix, productType: type, productName: type === 'workstation' ? 'Windows (unknown release)' : 'Windows Server (unknown release)', displayVersion: null };
  return fromRelease(base, type, parsed.ubr);
}

function fromRelease(release: Release, productType: ProductType, ubr: number): OsVersion {
  const { major, minor, build } = parseOsBuild(release.build);
  return { major, minor, build, ubr, productType, productName: release.productName, displayVersion: release.displayVersion, architecture: 'x64' };
}
