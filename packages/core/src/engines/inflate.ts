// Inflating in the worker with the browser's DecompressionStream, into one buffer of the size the caller expects.
// Reading the stream through `new Response(stream).arrayBuffer()` concatenates every chunk: in Chromium 156 the
// 6 MB snapshot took 450-530 ms that way, and about 250 ms written in one piece and read into its final buffer.

/**
 * Inflates `packed` (`format` as DecompressionStream names it) into a buffer of `expected` bytes. A stream that
 * gives more grows the buffer, and one that gives less is cut to size: `expected` is a hint, and the caller checks
 * the length where it must be exact. `packed` may be a stream (a Blob's), which inflates as it is read.
 */
export async function inflateSized(
  format: 'gzip' | 'deflate-raw',
  packed: Uint8Array | ReadableStream<Uint8Array>,
  expected: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new DecompressionStream(format)
  if (packed instanceof ReadableStream) {
    // Corrupt bytes fail the read below; the pipe's own rejection says the same.
    packed.pipeTo(stream.writable as WritableStream<Uint8Array>).catch(() => {})
  } else {
    const writer = stream.writable.getWriter()
    writer
      .write(packed as Uint8Array<ArrayBuffer>)
      .then(() => writer.close())
      .catch(() => {})
  }
  const reader = stream.readable.getReader()
  let out = new Uint8Array(expected)
  let length = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    if (length + value.length > out.length) {
      const grown = new Uint8Array(Math.max(out.length * 2, length + value.length))
      grown.set(out.subarray(0, length))
      out = grown
    }
    out.set(value, length)
    length += value.length
  }
  return length === out.length ? out : out.slice(0, length)
}
