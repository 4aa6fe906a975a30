/**
 * The one way stack-accounts reads a user's file: only a regular file, with the size bound applied
 * while reading. The file is opened without blocking (a FIFO with no writer does not hang the open),
 * checked on the open descriptor (no window between a check and the read), and read up to one byte
 * past the bound, so /dev/zero, a FIFO, a socket or a device is refused at once and a file that
 * grows while read is still cut off at the bound.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'
import { errnoCode } from './errno.js'

export type FileReading =
  | { ok: true; text: string }
  | { ok: false; reason: 'missing' | 'not-regular' | 'not-utf8' | 'unreadable'; message: string }
  /** size: the file's size, or (when it grew while read) the bytes read before stopping. */
  | { ok: false; reason: 'too-large'; message: string; size: number }

export interface ReadOptions {
  /** Refuse a symbolic link itself (the caller resolved links it accepts). */
  noFollow?: boolean
  /** What the bound is, for the message ("for a policy file"). */
  what?: string
  /** Keep a leading byte-order mark in the text (by default the decoder drops it). */
  keepByteOrderMark?: boolean
}

export function readRegularFile(file: string, maxBytes: number, options: ReadOptions = {}): FileReading {
  const what = options.what ?? 'for this file'
  const tooLarge = (size: number, known: boolean): FileReading => ({
    ok: false,
    reason: 'too-large',
    size,
    message: `the file is ${known ? '' : 'more than '}${known ? size : maxBytes} bytes, over the ${maxBytes}-byte limit ${what}; refused`
  })
  let fd: number
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | (options.noFollow ? constants.O_NOFOLLOW : 0))
  } catch (error) {
    const code = errnoCode(error)
    if (code === 'ENOENT') return { ok: false, reason: 'missing', message: 'file not found (ENOENT)' }
    if (code === 'ELOOP') return { ok: false, reason: 'not-regular', message: 'the file is a symbolic link; refused' }
    return { ok: false, reason: 'unreadable', message: `the file cannot be read (${code})` }
  }
  try {
    const stat = fstatSync(fd)
    if (stat.isDirectory()) return { ok: false, reason: 'not-regular', message: 'is a directory, not a file' }
    if (!stat.isFile()) return { ok: false, reason: 'not-regular', message: 'is not a regular file (a FIFO, socket or device); refused' }
    if (stat.size > maxBytes) return tooLarge(stat.size, true)
    // Read up to one byte past the bound, whatever fstat said (a file may grow while it is read).
    const chunks: Buffer[] = []
    let length = 0
    let chunkSize = Math.min(stat.size, maxBytes) + 1
    while (length <= maxBytes) {
      const chunk = Buffer.allocUnsafe(Math.min(chunkSize, maxBytes + 1 - length))
      const bytesRead = readSync(fd, chunk, 0, chunk.length, null)
      if (bytesRead === 0) break
      chunks.push(chunk.subarray(0, bytesRead))
      length += bytesRead
      // A short read that brought every byte fstat counted is the end of the file: no further read
      // (and no 64 KiB buffer) for each small file. A file that grew since fstat fills the buffer.
      if (bytesRead < chunk.length && length >= stat.size) break
      chunkSize = 64 * 1024
    }
    if (length > maxBytes) return tooLarge(length, false)
    return decode(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length), options.keepByteOrderMark === true)
  } catch (error) {
    return { ok: false, reason: 'unreadable', message: `the file cannot be read (${errnoCode(error)})` }
  } finally {
    closeSync(fd)
  }
}

function decode(bytes: Buffer, keepByteOrderMark: boolean): FileReading {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: keepByteOrderMark }).decode(bytes) }
  } catch {
    return { ok: false, reason: 'not-utf8', message: 'the file is not valid UTF-8 text' }
  }
}
