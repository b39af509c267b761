import { describe, expect, it } from 'vitest'
import { prepareCode, UserSyntaxError, WRAPPER_LINES } from './transform.js'

const prepare = (code: string) => prepareCode(code, 'snippet.js')

function userPart(script: string, code: string): string[] {
  return script.split('\n').slice(WRAPPER_LINES, WRAPPER_LINES + code.split('\n').length)
}

describe('prepareCode', () => {
  it('collects every top-level name, including destructuring, functions and classes', () => {
    const code =
      'var a = 1, { b, c: [d, ...e] = [], ...f } = {}\nlet g\nconst [h = 1, , i] = []\n' +
      'function j() {}\nasync function* k() {}\nclass L {}\nif (true) { let inner = 1 }\nfor (let m = 0; m < 1; m++) {}'
    expect(prepare(code).declared.sort()).toEqual(['L', 'a', 'b', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'])
  })

  it('keeps every user line on its own line, so line N of the snippet is line N + WRAPPER_LINES', () => {
    const code =
      'const a =\n  1\nlet {\n  b\n} = { b: 2 }\nclass C {\n}\nfunction f() {\n  return a\n}\na + b'
    const lines = userPart(prepare(code).script, code)
    expect(lines).toHaveLength(11)
    expect(lines[1]).toContain('1')
    expect(lines[3]).toContain('b')
    expect(lines[9]).toBe('}')
    expect(lines[10]).toContain('a + b')
  })

  it('binds every top-level name onto the scope before the user code, on the wrapper line', () => {
    const { script } = prepare('let x\nfunction f() {}')
    const [header = ''] = script.split('\n')
    expect(header).toContain('__runcell$bind("x", () => x, (__runcell$value) => { x = __runcell$value });')
    expect(header).toContain('__runcell$bind("f", () => f,')
  })

  it('leaves declarations inside top-level blocks local to the run', () => {
    expect(prepare('{ const inner = 1 }').declared).toEqual([])
  })

  it('reports syntax errors with the user line and column, without acorn position suffix', () => {
    try {
      prepare('let ok = 1\nlet bad = = 2')
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(UserSyntaxError)
      expect(error).toMatchObject({ name: 'SyntaxError', line: 2, message: 'Unexpected token' })
    }
  })

  it('refuses import declarations and top-level return, as a classic script does', () => {
    expect(() => prepare("import x from 'y'")).toThrow(UserSyntaxError)
    expect(() => prepare('return 1')).toThrow(UserSyntaxError)
  })

  it("keeps a leading 'use strict' in force and shows other lone strings as values", () => {
    expect(prepare("'use strict'\nx = 1").script).toContain("async () => { 'use strict';")
    expect(prepare("'hello'").script).toContain("value: ('hello')")
  })
})
