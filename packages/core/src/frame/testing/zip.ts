// Test fixtures: zips made by Python's own zipfile, as real wheels are.
import { execFileSync } from 'node:child_process'

/** A zip of `files`: { path: [text, 'deflate' | 'store'] }. */
export function zipOf(files: Record<string, [string, 'deflate' | 'store']>): Uint8Array {
  const script = String.raw`
import base64, io, json, sys, zipfile
out = io.BytesIO()
with zipfile.ZipFile(out, 'w') as z:
    for path, (text, how) in json.load(sys.stdin).items():
        z.writestr(path, text, zipfile.ZIP_DEFLATED if how == 'deflate' else zipfile.ZIP_STORED)
sys.stdout.write(base64.b64encode(out.getvalue()).decode())
`
  const b64 = execFileSync('python3', ['-c', script], { input: JSON.stringify(files), encoding: 'utf8' })
  return new Uint8Array(Buffer.from(b64, 'base64'))
}
