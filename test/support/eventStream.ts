import { Buffer } from 'node:buffer';
import { crc32 } from 'node:zlib';

/**
 * An encoder of AWS's `application/vnd.amazon.eventstream` framing, written from its
 * specification so that the fake Bedrock server answers exactly as the service does, and so that
 * the SDK's decoder, not ours, reads it. A message is:
 *
 *   total length (uint32 BE) | headers length (uint32 BE) | prelude CRC32 (of the 8 bytes before)
 *   | headers | payload | message CRC32 (of every byte before it)
 *
 * and each header is: name length (uint8) | name (UTF-8) | value type (uint8; 7 = string) |
 * value length (uint16 BE) | value (UTF-8). Only string headers are written: they are the only
 * ones Bedrock's events use (`:event-type`, `:content-type`, `:message-type`, `:exception-type`).
 */

const STRING_HEADER = 7;
const PRELUDE_LENGTH = 8;
const CRC_LENGTH = 4;

export function encodeHeaders(headers: Readonly<Record<string, string>>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const valueBytes = Buffer.from(value, 'utf8');
    if (nameBytes.length > 255 || valueBytes.length > 65_535) throw new RangeError(`header ${name} is too long for the event-stream framing`);
    const header = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
    let at = header.writeUInt8(nameBytes.length, 0);
    at += nameBytes.copy(header, at);
    at = header.writeUInt8(STRING_HEADER, at);
    at = header.writeUInt16BE(valueBytes.length, at);
    valueBytes.copy(header, at);
    parts.push(header);
  }
  return Buffer.concat(parts);
}

export function encodeMessage(headers: Readonly<Record<string, string>>, payload: Uint8Array): Buffer {
  const headerBytes = encodeHeaders(headers);
  const total = PRELUDE_LENGTH + CRC_LENGTH + headerBytes.length + payload.length + CRC_LENGTH;
  const message = Buffer.alloc(total);
  message.writeUInt32BE(total, 0);
  message.writeUInt32BE(headerBytes.length, 4);
  message.writeUInt32BE(crc32(message.subarray(0, PRELUDE_LENGTH)), PRELUDE_LENGTH);
  headerBytes.copy(message, PRELUDE_LENGTH + CRC_LENGTH);
  Buffer.from(payload).copy(message, PRELUDE_LENGTH + CRC_LENGTH + headerBytes.length);
  message.writeUInt32BE(crc32(message.subarray(0, total - CRC_LENGTH)), total - CRC_LENGTH);
  return message;
}

/** A Bedrock event (`messageStart`, `contentBlockDelta`, `messageStop`, `metadata`…) with its JSON payload. */
export function encodeEvent(eventType: string, payload: unknown): Buffer {
  return encodeMessage({ ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' }, Buffer.from(JSON.stringify(payload), 'utf8'));
}

/** A modelled exception inside the stream (`throttlingException`, `modelStreamErrorException`…), as Bedrock sends one after a 200. */
export function encodeException(exceptionType: string, message: string): Buffer {
  return encodeMessage({ ':exception-type': exceptionType, ':content-type': 'application/json', ':message-type': 'exception' }, Buffer.from(JSON.stringify({ message }), 'utf8'));
}
