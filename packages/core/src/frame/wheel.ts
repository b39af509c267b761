// Unpacks a pure-Python wheel in the runner page, which then hands the worker files to write. Pyodide's own
// installer unpacks with Python's zipfile, shutil and tempfile, and in an interpreter restored from the memory
// snapshot that first heavy Python runs on cold wasm code: 3 MB of wheels took seconds. Reading the zip here and
// inflating with the browser's DecompressionStream takes milliseconds, on the runner's thread while the worker's
// is busy. Anything unusual (shared libraries, data files, zip64, encryption, odd paths) is left to Pyodide's
// installer in the worker, which stays the reference.
import { inflateSized } from '../engines/inflate.js'
import type { WheelFile } from '../protocol/packages.js'

/** Why a wheel is left to Pyodide's installer. */
export class NotPlainWheel extends Error {}

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50

interface Entry {
  path: string
  method: number
  offset: number
  size: number
  packed: number
}

/**
 * The files of a wheel that needs nothing but its files written out: no shared library (`.so`) to load, no
 * `.data` folder to move. Throws {@link NotPlainWheel} for any other archive.
 */
export async function plainWheelFiles(bytes: Uint8Array): Promise<WheelFile[]> {
  if (typeof DecompressionStream === 'undefined') throw new NotPlainWheel('no DecompressionStream')
  const entries = centralDirectory(bytes)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return Promise.all(
    entries.map(async (entry) => {
      if (view.getUint32(entry.offset, true) !== LOCAL) throw new NotPlainWheel('bad local header')
      const start =
        entry.offset + 30 + view.getUint16(entry.offset + 26, true) + view.getUint16(entry.offset + 28, true)
      if (start + entry.packed > bytes.byteLength) throw new NotPlainWheel('truncated entry')
      const packed = bytes.subarray(start, start + entry.packed)
      const data = entry.method === 0 ? packed.slice() : await inflateSized('deflate-raw', packed, entry.size)
      if (data.byteLength !== entry.size) throw new NotPlainWheel(`size mismatch in ${entry.path}`)
      return { path: entry.path, data }
    }),
  )
}

function centralDirectory(bytes: Uint8Array): Entry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let end = -1
  for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      end = i
      break
    }
  }
  if (end < 0) throw new NotPlainWheel('not a zip archive')
  const count = view.getUint16(end + 10, true)
  let at = view.getUint32(end + 16, true)
  if (count === 0xffff || at === 0xffffffff) throw new NotPlainWheel('zip64')
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const entries: Entry[] = []
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.byteLength || view.getUint32(at, true) !== CENTRAL)
      throw new NotPlainWheel('bad directory')
    const flags = view.getUint16(at + 8, true)
    const method = view.getUint16(at + 10, true)
    const nameLength = view.getUint16(at + 28, true)
    const path = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength))
    if (flags & 1) throw new NotPlainWheel('encrypted')
    if (method !== 0 && method !== 8) throw new NotPlainWheel(`compression method ${method}`)
    if (!plainPath(path)) throw new NotPlainWheel(`path ${path}`)
    if (!path.endsWith('/')) {
      entries.push({
        path,
        method,
        packed: view.getUint32(at + 20, true),
        size: view.getUint32(at + 24, true),
        offset: view.getUint32(at + 42, true),
      })
    }
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true)
  }
  return entries
}

/** A relative path that stays inside the install folder and holds nothing the fast path can't do. */
function plainPath(path: string): boolean {
  if (path === '' || path.startsWith('/') || /[\\\0:]/.test(path)) return false
  const parts = path.split('/')
  if (parts.some((part) => part === '..' || part === '.')) return false
  // Shared libraries must be loaded and .data folders moved: Pyodide's installer does both.
  if (/\.so(\.|$)/.test(path)) return false
  return !(parts.length > 1 && parts[0]?.endsWith('.data'))
}

/**
 * The files to write for a pure-Python wheel, with the installer's records (as Pyodide's installer writes them),
 * or null when it needs Pyodide's installer.
 */
export async function unpackedWheel(bytes: ArrayBuffer, installDir: string): Promise<WheelFile[] | null> {
  if (installDir !== 'site') return null
  let files: WheelFile[]
  try {
    files = await plainWheelFiles(new Uint8Array(bytes))
  } catch {
    // Not plain, or corrupt: Pyodide's installer gets the bytes and says what is wrong with them.
    return null
  }
  const distInfo = distInfoFolder(files)
  if (distInfo === null) return null
  const text = new TextEncoder()
  files.push(
    { path: `${distInfo}/INSTALLER`, data: text.encode('runcell') },
    { path: `${distInfo}/PYODIDE_SOURCE`, data: text.encode('runcell') },
  )
  return files
}

/** The wheel's one top-level `.dist-info` folder, where the installer records itself; null if not exactly one. */
export function distInfoFolder(files: readonly WheelFile[]): string | null {
  const folders = new Set<string>()
  for (const { path } of files) {
    const top = path.split('/')[0] ?? ''
    if (path.includes('/') && top.endsWith('.dist-info')) folders.add(top)
  }
  return folders.size === 1 ? ([...folders][0] ?? null) : null
}
