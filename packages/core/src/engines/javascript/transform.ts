// Turns a snippet into the body of a function that runs inside `with (scope)`, so that top-level declarations
// live on the namespace's scope object and persist across runs. Edits are splices by source range that never
// add or remove a line break, so user line N is line N + WRAPPER_LINES of the generated script.
import { parse, type Node, type Pattern, type Program, type Statement } from 'acorn'

/** Lines the generated script puts before the user's first line. */
export const WRAPPER_LINES = 1

/** The result of preparing a snippet: the script to load, and the names it declares at top level. */
export interface PreparedCode {
  /** A classic script that assigns the compiled function to `globalThis[globalKey]`. */
  script: string
  /** Top-level names (var, let, const, function, class); they must exist on the scope before the run. */
  declared: string[]
}

/** A syntax error in the user's code, with the user's 1-based line. */
export class UserSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message)
    this.name = 'SyntaxError'
  }
}

interface Edit {
  start: number
  end: number
  text: string
}

const SCOPE_PARAM = '__runcell$scope'
// `using` declarations stay local to the run: their resources are disposed when it ends.
const KINDS = new Set(['var', 'let', 'const'])

/**
 * Parses a snippet with acorn and rewrites it:
 * - top-level `var`/`let`/`const` become assignments to scope properties (destructuring included);
 * - top-level classes become `Name = class Name {}` in place;
 * - top-level function declarations stay hoisted locally and are copied onto the scope first thing;
 * - the last expression statement becomes the function's return value.
 * The function returns a promise for `{ value, hasValue }` so top-level `await` works.
 * Throws {@link UserSyntaxError} for code that does not parse.
 */
export function prepareCode(code: string, globalKey: string, sourceUrl: string): PreparedCode {
  let program: Program
  try {
    program = parse(code, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowAwaitOutsideFunction: true,
      locations: true,
    })
  } catch (error) {
    throw toSyntaxError(error)
  }

  const edits: Edit[] = []
  const declared = new Set<string>()
  const functions: string[] = []
  const body = program.body
  body.forEach((statement, index) => {
    if (statement.type === 'VariableDeclaration' && KINDS.has(statement.kind))
      rewriteDeclaration(code, statement, edits, declared)
    else if (statement.type === 'ClassDeclaration' && statement.id) {
      declared.add(statement.id.name)
      edits.push({ start: statement.start, end: statement.start, text: `;${statement.id.name} = ` })
      edits.push({ start: statement.end, end: statement.end, text: ';' })
    } else if (statement.type === 'FunctionDeclaration' && statement.id) {
      declared.add(statement.id.name)
      functions.push(statement.id.name)
    } else if (
      index === body.length - 1 &&
      statement.type === 'ExpressionStatement' &&
      !isStrict(statement)
    ) {
      const expression = statement.expression
      edits.push({
        start: expression.start,
        end: expression.start,
        text: ';return { hasValue: true, value: (',
      })
      edits.push({ start: expression.end, end: expression.end, text: ') };' })
    }
  })

  const strict = body[0] !== undefined && isStrict(body[0])
  const exports = functions.map((name) => `${SCOPE_PARAM}.${name} = ${name};`).join(' ')
  const header =
    `globalThis[${JSON.stringify(globalKey)}] = function (${SCOPE_PARAM}) { with (${SCOPE_PARAM}) { ` +
    `return (async () => { ${strict ? "'use strict'; " : ''}${exports}`
  const footer = `\n;return { hasValue: false, value: undefined } })() } }\n//# sourceURL=${sourceUrl}\n`
  return { script: `${header}\n${applyEdits(code, edits)}${footer}`, declared: [...declared] }
}

function rewriteDeclaration(
  code: string,
  statement: Extract<Statement, { type: 'VariableDeclaration' }>,
  edits: Edit[],
  declared: Set<string>,
): void {
  const first = statement.declarations[0]
  const last = statement.declarations[statement.declarations.length - 1]
  if (!first || !last) return
  // The keyword goes; the parenthesised comma expression that replaces it keeps any line break after it.
  edits.push({
    start: statement.start,
    end: first.start,
    text: `;(${lineBreaks(code, statement.start, first.start)}`,
  })
  for (const declarator of statement.declarations) {
    for (const name of patternNames(declarator.id)) declared.add(name)
    if (declarator.init) continue
    // `let x` resets x; `var x` keeps what a previous run left there.
    const text =
      statement.kind === 'var' ? 'void 0' : `${code.slice(declarator.start, declarator.end)} = void 0`
    edits.push({ start: declarator.start, end: declarator.end, text })
  }
  edits.push({ start: last.end, end: last.end, text: ');' })
}

/** Every name a binding pattern declares. */
export function patternNames(pattern: Pattern): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name]
    case 'ObjectPattern':
      return pattern.properties.flatMap((p) => patternNames(p.type === 'RestElement' ? p.argument : p.value))
    case 'ArrayPattern':
      return pattern.elements.flatMap((element) => (element ? patternNames(element) : []))
    case 'RestElement':
      return patternNames(pattern.argument)
    case 'AssignmentPattern':
      return patternNames(pattern.left)
    default:
      return []
  }
}

function isStrict(statement: Node): boolean {
  return 'directive' in statement && statement.directive === 'use strict'
}

function lineBreaks(code: string, start: number, end: number): string {
  return code.slice(start, end).replace(/[^\n]/g, '')
}

function applyEdits(code: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end)
  let out = ''
  let at = 0
  for (const edit of sorted) {
    out += code.slice(at, edit.start) + edit.text
    at = Math.max(at, edit.end)
  }
  return out + code.slice(at)
}

function toSyntaxError(error: unknown): UserSyntaxError {
  const e = error as { message?: unknown; loc?: { line?: unknown; column?: unknown } }
  const message = typeof e.message === 'string' ? e.message.replace(/ \(\d+:\d+\)$/, '') : String(error)
  const line = typeof e.loc?.line === 'number' ? e.loc.line : 1
  const column = typeof e.loc?.column === 'number' ? e.loc.column : 0
  return new UserSyntaxError(message, line, column)
}
