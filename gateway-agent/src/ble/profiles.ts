import type { DeviceInformationStrings } from './events.ts';

/**
 * What the transport does with each measurement service it supports: which characteristics
 * to subscribe to (notify or indicate: BlueZ hides the difference) and which to read once per
 * connection because decoders need them (features, sensor location, session start).
 */
export interface ServiceProfile {
  /** 16-bit service UUID. */
  service: string;
  name: string;
  subscribe: readonly string[];
  read: readonly string[];
}

/** Supported measurement services (Bluetooth SIG assigned numbers). */
export const MEASUREMENT_PROFILES: readonly ServiceProfile[] = [
  { service: '1808', name: 'glucose', subscribe: ['2A18', '2A34'], read: ['2A51'] },
  { service: '181F', name: 'continuous-glucose', subscribe: ['2AA7'], read: ['2AA8', '2AAA'] },
  { service: '1810', name: 'blood-pressure', subscribe: ['2A35', '2A36'], read: ['2A49'] },
  { service: '1822', name: 'pulse-oximeter', subscribe: ['2A5E', '2A5F'], read: ['2A60'] },
  { service: '181D', name: 'weight-scale', subscribe: ['2A9D'], read: ['2A9E'] },
  { service: '1809', name: 'health-thermometer', subscribe: ['2A1C', '2A1E'], read: ['2A1D'] },
  { service: '180D', name: 'heart-rate', subscribe: ['2A37'], read: ['2A38'] },
];

/** The 16-bit UUIDs of {@link MEASUREMENT_PROFILES}, for discovery filtering. */
export const SUPPORTED_SERVICES: ReadonlySet<string> = new Set(MEASUREMENT_PROFILES.map((p) => p.service));

/** Standard services the transport uses on any device that has them. */
export const GLUCOSE = { service: '1808', measurement: '2A18', racp: '2A52' } as const;
export const BATTERY = { service: '180F', level: '2A19' } as const;
export const CURRENT_TIME = { service: '1805', currentTime: '2A2B' } as const;
export const DEVICE_INFORMATION: { service: '180A'; strings: Readonly<Record<keyof DeviceInformationStrings, string>> } = {
  service: '180A',
  strings: {
    manufacturer: '2A29',
    model: '2A24',
    serial: '2A25',
    hardwareRevision: '2A27',
    firmwareRevision: '2A26',
    softwareRevision: '2A28',
  },
};
