/** Field elements as 32-byte little-endian words: the layout of the WebAssembly field code and of tree files. */
export const FIELD_BYTES = 32;
const MASK64 = (1n << 64n) - 1n;

export function writeField(view: DataView, offset: number, value: bigint): void {
  view.setBigUint64(offset, value & MASK64, true);
  view.setBigUint64(offset + 8, (value >> 64n) & MASK64, true);
  view.setBigUint64(offset + 16, (value >> 128n) & MASK64, true);
  view.setBigUint64(offset + 24, value >> 192n, true);
}

export function readField(view: DataView, offset: number): bigint {
  return (
    view.getBigUint64(offset, true) |
    (view.getBigUint64(offset + 8, true) << 64n) |
    (view.getBigUint64(offset + 16, true) << 128n) |
    (view.getBigUint64(offset + 24, true) << 192n)
  );
}

export function fieldsToBytes(values: readonly bigint[]): Uint8Array {
  const bytes = new Uint8Array(values.length * FIELD_BYTES);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) writeField(view, i * FIELD_BYTES, values[i] as bigint);
  return bytes;
}

export function bytesToFields(bytes: Uint8Array, offset = 0, count = (bytes.length - offset) / FIELD_BYTES): bigint[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Array<bigint>(count);
  for (let i = 0; i < count; i++) out[i] = readField(view, offset + i * FIELD_BYTES);
  return out;
}
