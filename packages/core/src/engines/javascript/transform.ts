// Turns a snippet into a function that runs inside `with (scope)`. Top-level declarations stay real locals of
// the run (fast, with their normal TDZ and const rules); the run first binds each one onto the namespace's
// scope as a getter/setter pair, so later runs and their closures see the same live variable. Edits only
// insert text and never add a line break, so user line N is line N + WRAPPER_LINES of the generated script.
import { parse, type Node, type Pattern, type Program } from 'acorn'

/** Lines the generated script puts before the user's first line. */
export const WRAPPER_LINES = 1

/** The result of preparing a snippet. */
export interface PreparedCode {
  /**
   * A classic script that throws the compiled function, so that loading it hands the function to the loader
   * and to no one else (a global would be a hook for earlier snippets). The function takes the scope and a
   * `bind(name, get, set)` callback, and returns a promise for `{ hasValue, value }`.
   */
  script: string
  /** Top-level names (var, let, const, function, class) the snippet binds onto the scope. */
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

const SCOPE = '__runcell$scope'
const BIND = '__runcell$bind'
const VALUE = '__runcell$value'
// `using` declarations stay private to the run: their resources are disposed when it ends.
const KINDS = new Set(['var', 'let', 'const'])

/**
 * Parses a snippet with acorn (a classic script with top-level `await`) and wraps it: top-level names are
 * bound onto the scope first thing, and the last expression statement becomes the returned value.
 * Throws {@link UserSyntaxError} for code that does not parse.
 */
export function prepareCode(code: string, sourceUrl: string): PreparedCode {
  let program: Program
  try {
    program = parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowAwaitOutsideFunction: true })
  } catch (error) {
    throw toSyntaxError(error)
  }

  const declared = new Set<string>()
  const body = program.body
  let result = code
  for (const statement of body) {
    if (statement.type === 'VariableDeclaration' && KINDS.has(statement.kind)) {
      for (const declarator of statement.declarations)
        patternNames(declarator.id).forEach((n) => declared.add(n))
    } else if (
      (statement.type === 'ClassDeclaration' || statement.type === 'FunctionDeclaration') &&
      statement.id
    ) {
      declared.add(statement.id.name)
    }
  }
  const last = body[body.length - 1]
  if (last?.type === 'ExpressionStatement' && !isStrict(last)) {
    const { start, end } = last.expression
    result = `${code.slice(0, start)};return { hasValue: true, value: (${code.slice(start, end)}) };${code.slice(end)}`
  }

  const strict = body[0] !== undefined && isStrict(body[0])
  const binds = [...declared]
    .map((name) => `${BIND}(${JSON.stringify(name)}, () => ${name}, (${VALUE}) => { ${name} = ${VALUE} });`)
    .join(' ')
  const header =
    `throw function (${SCOPE}, ${BIND}) { with (${SCOPE}) { ` +
    `return (async () => { ${strict ? "'use strict'; " : ''}${binds}`
  const footer = `\n;return { hasValue: false, value: undefined } })() } }\n//# sourceURL=${sourceUrl}\n`
  return { script: `${header}\n${result}${footer}`, declared: [...declared] }
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

function toSyntaxError(error: unknown): UserSyntaxError {
  const e = error as { message?: unknown; loc?: { line?: unknown; column?: unknown } }
  const message = typeof e.message === 'string' ? e.message.replace(/ \(\d+:\d+\)$/, '') : String(error)
  const line = typeof e.loc?.line === 'number' ? e.loc.line : 1
  const column = typeof e.loc?.column === 'number' ? e.loc.column : 0
  return new UserSyntaxError(message, line, column)
}
