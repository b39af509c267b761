// Interactive input (issue 16): the same behaviour on each of the three mechanisms. Chromium here always has
// JSPI (its build has no switch that turns WebAssembly.Suspending off: --js-flags and --disable-features were
// tried), so the replay fallback is chosen with the runtime's `inputMechanism: 'replay'`, the same code path a
// browser without JSPI takes.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunEvent, RunRequest, RunResult } from '../../packages/core/src/index.js'
import { launchChromium } from '../support/chromium.js'
import { openRuntimePage, type RuntimePage } from '../support/runtime-page.js'

let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
})

interface Answered {
  events: RunEvent[]
  result: RunResult
}

/**
 * Runs `request` in the page and answers each input request with the next answer after `delayMs`; a `null`
 * answer presses Stop instead.
 */
function runAnswering(
  rt: RuntimePage,
  request: RunRequest,
  answers: (string | null)[],
  delayMs = 0,
): Promise<Answered> {
  return rt.page.evaluate(
    async ({ request, answers, delayMs }) => {
      interface PageExecution {
        events: AsyncIterable<{ type: string }>
        result: Promise<unknown>
        stop(): void
        sendInput(text: string): void
      }
      const runcell = (
        window as unknown as {
          runcell: { start(r: unknown): string; executions: Map<string, PageExecution> }
        }
      ).runcell
      const execution = runcell.executions.get(runcell.start(request))
      if (!execution) throw new Error('no execution')
      const events: unknown[] = []
      for await (const event of execution.events) {
        events.push(event)
        if (event.type === 'input-request') {
          const answer = answers.shift()
          setTimeout(
            () => (typeof answer === 'string' ? execution.sendInput(answer) : execution.stop()),
            delayMs,
          )
        }
      }
      return { events, result: await execution.result } as never
    },
    { request, answers, delayMs },
  )
}

const requests = (events: RunEvent[]) => events.filter((event) => event.type === 'input-request')

const mechanisms = [
  { name: 'shared memory on a cross-origin isolated page', isolated: true },
  { name: 'JSPI on a plain page', isolated: false },
  { name: 'the replay fallback', isolated: false, runtime: { inputMechanism: 'replay' as const } },
]

describe.each(mechanisms)('interactive input through $name', ({ isolated, runtime }) => {
  let rt: RuntimePage

  beforeAll(async () => {
    rt = await openRuntimePage({ browser, isolated, runtime })
    const warm = await rt.run({ language: 'python', code: 'print(1)' })
    expect(warm.result.status).toBe('ok')
  })

  afterAll(async () => {
    await rt?.close()
  })

  it('asks for a single input() and shows prompt and answer as a terminal would', async () => {
    const { events, result } = await runAnswering(
      rt,
      { language: 'python', code: 'name = input("Name? ")\nprint("Hello, " + name)' },
      ['Ada'],
    )
    expect(requests(events)).toEqual([{ type: 'input-request', prompt: 'Name? ' }])
    expect(result.status).toBe('ok')
    expect(result.stdout).toBe('Name? Ada\nHello, Ada\n')
  })

  it('asks too when input() is reached through a function an earlier cell of the session defined', async () => {
    const session = 'indirect-input'
    const define = await runAnswering(
      rt,
      { language: 'python', session, code: 'def ask():\n    return input("Q? ")' },
      [],
    )
    expect(define.result.status).toBe('ok')
    // This cell never names input(), yet the input() it reaches still asks the reader.
    const { events, result } = await runAnswering(
      rt,
      { language: 'python', session, code: 'print("got", ask())' },
      ['yes'],
    )
    expect(requests(events)).toEqual([{ type: 'input-request', prompt: 'Q? ' }])
    expect(result.status).toBe('ok')
    expect(result.stdout).toBe('Q? yes\ngot yes\n')
  })

  it('asks too when the code reaches input() under a name it never spells, and shows earlier output once', async () => {
    // On JSPI such a run starts as a plain call (only code that mentions input pays for a promising one), ends
    // at the question, and is replayed, promising, with the answer.
    const code = [
      'import builtins',
      'print("before")',
      'ask = getattr(builtins, "in" + "put")',
      'first = ask("A? ")',
      'second = ask("B? ")',
      'print("got", first, second)',
    ].join('\n')
    const { events, result } = await runAnswering(rt, { language: 'python', code }, ['x', 'y'])
    expect(requests(events).map((event) => event.type === 'input-request' && event.prompt)).toEqual([
      'A? ',
      'B? ',
    ])
    expect(result.status).toBe('ok')
    expect(result.stdout).toBe('before\nA? x\nB? y\ngot x y\n')
  })

  it('sums three numbers read in a loop, with the state kept between answers', async () => {
    const code = 'total = 0\nfor i in range(3):\n    total += int(input(f"n{i}? "))\nprint("sum", total)'
    const { events, result } = await runAnswering(rt, { language: 'python', code }, ['1', '2', '39'])
    expect(requests(events).map((event) => event.type === 'input-request' && event.prompt)).toEqual([
      'n0? ',
      'n1? ',
      'n2? ',
    ])
    expect(result.stdout).toBe('n0? 1\nn1? 2\nn2? 39\nsum 42\n')
  })

  it('iterates sys.stdin until an empty answer ends the input', async () => {
    const code = 'import sys\nlines = [line.strip() for line in sys.stdin]\nprint(lines)'
    const { result } = await runAnswering(rt, { language: 'python', code }, ['a', 'b', ''])
    expect(result.status).toBe('ok')
    expect(result.stdout).toBe("a\nb\n\n['a', 'b']\n")
  })

  it("resolves JavaScript's await prompt() with the reader's answer", async () => {
    const code = "const name = await prompt('Name? ')\nconsole.log('Hi ' + name)"
    const { events, result } = await runAnswering(rt, { language: 'javascript', code }, ['Grace'])
    expect(requests(events)).toEqual([{ type: 'input-request', prompt: 'Name? ' }])
    expect(result.stdout).toBe('Name? Grace\nHi Grace\n')
  })

  it('reads preset stdin without asking, and ends with EOFError past its end', async () => {
    const preset = await runAnswering(
      rt,
      { language: 'python', code: 'print(input("x? "))\ninput()', stdin: 'given\n' },
      ['never used'],
    )
    expect(requests(preset.events)).toEqual([])
    expect(preset.result.stdout).toBe('x? given\n')
    expect(preset.result.error?.name).toBe('EOFError')
    const js = await runAnswering(
      rt,
      { language: 'javascript', code: "[await prompt('a? '), await prompt('b? ')]", stdin: 'one\n' },
      ['never used'],
    )
    expect(requests(js.events)).toEqual([])
    expect(js.result.outputs).toEqual([{ type: 'display', mime: 'text/plain', data: "[ 'one', null ]" }])
  })

  it('stops a run that waits for input, and the next run works', async () => {
    const { result } = await runAnswering(rt, { language: 'python', code: 'input("wait? ")\nprint("no")' }, [
      null,
    ])
    expect(result.status).toBe('stopped')
    expect(result.stdout).not.toContain('no')
    const next = await rt.run({ language: 'python', code: 'print("after")' })
    expect(next.result).toMatchObject({ status: 'ok', stdout: 'after\n' })
  })

  it('does not count the wait toward a 2 s timeout when the reader answers after 3 s', async () => {
    const { result } = await runAnswering(
      rt,
      { language: 'python', code: 'print("got", input("slow? "))', timeoutMs: 2_000 },
      ['late'],
      3_000,
    )
    expect(result.status).toBe('ok')
    expect(result.stdout).toBe('slow? late\ngot late\n')
    expect(result.durationMs).toBeLessThan(2_000)
  })
})

describe('with interactiveInput: false', () => {
  it('never asks: input() past stdin is EOFError and prompt() resolves null', async () => {
    const rt = await openRuntimePage({ browser, runtime: { interactiveInput: false } })
    try {
      const python = await runAnswering(rt, { language: 'python', code: 'input("x? ")' }, ['never used'])
      expect(requests(python.events)).toEqual([])
      expect(python.result.error?.name).toBe('EOFError')
      const js = await runAnswering(rt, { language: 'javascript', code: "await prompt('y? ')" }, [
        'never used',
      ])
      expect(requests(js.events)).toEqual([])
      expect(js.result.outputs).toEqual([{ type: 'display', mime: 'text/plain', data: 'null' }])
    } finally {
      await rt.close()
    }
  })
})
