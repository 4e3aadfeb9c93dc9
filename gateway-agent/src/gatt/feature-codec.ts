import { bitNames, bitsFromNames, type BitTable, type ReservedBit } from './bit-names.ts';
import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { ReadingCollector } from './readings.ts';
import { defineCodec, type GattCodec } from './types.ts';

/** Decoded "… Feature" characteristic: the names of the supported features. */
export interface FeatureFields<N extends string> {
  /** Set feature bits, lowest first; a reserved bit appears as `bitN`. */
  features: Array<N | ReservedBit>;
}

/**
 * Builds the codec of a feature characteristic that is a single bit field (Glucose Feature,
 * Blood Pressure Feature). Reserved bits are kept (as `bitN`) rather than rejected: a feature
 * bit announces a capability and changes no layout, so a newer device stays readable.
 */
export function bitFieldFeatureCodec<N extends string>(spec: { uuid: string; name: string; bits: BitTable<N>; size: number }): GattCodec<FeatureFields<N>> {
  const width = spec.size * 8;
  return defineCodec<FeatureFields<N>>(
    spec.uuid,
    spec.name,
    (value) => {
      const r = new ByteReader(value, spec.name);
      const features = bitNames(spec.bits, r.uint(spec.size, 'features'), width);
      r.end();
      return new ReadingCollector().result(spec.name, { features });
    },
    (fields) => new ByteWriter().uint(bitsFromNames(spec.bits, fields.features, width, 'features'), spec.size, 'features').toBytes(),
  );
}
