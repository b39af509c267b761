// Stories for every state of <CodeRunner>, running real code on the real runtime (assets under /runcell/).
import type { Meta, StoryObj } from '@storybook/react-vite'
import { FeatureFlagProvider } from '../flags/index.js'
import { CodeRunner } from './CodeRunner.js'
import { RuncellProvider } from './state/runcell-context.js'

const meta = {
  title: 'Runner/CodeRunner',
  component: CodeRunner,
  decorators: [
    (Story) => (
      <RuncellProvider config={{ assetsBaseUrl: '/runcell/' }}>
        <Story />
      </RuncellProvider>
    ),
  ],
  args: { language: 'python', code: "print('Hello from Python')", title: 'Hello' },
} satisfies Meta<typeof CodeRunner>
export default meta
type Story = StoryObj<typeof meta>

/** Waits for an element the run will show, then acts on it; the stories need no test library. */
async function whenShown<T extends Element>(
  root: HTMLElement,
  selector: string,
  timeoutMs = 60_000,
): Promise<T> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    const found = root.querySelector<T>(selector)
    if (found) return found
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${selector} did not appear`)
}

const BUSY_PRINT =
  "import time\nfor i in range(1, 11):\n    print('tick', i)\n    t = time.time()\n    while time.time() - t < 0.5: pass"

export const Idle: Story = { args: { loading: 'click' } }
export const Loading: Story = { args: { loading: 'eager', config: { assetsBaseUrl: '/runcell/' } } }
export const Running: Story = {
  args: { code: 'while True: pass', autoRun: true, title: 'Runs until stopped' },
}
export const Streaming: Story = {
  args: { code: BUSY_PRINT, autoRun: true, title: 'Streams a line every half second' },
}
export const Ok: Story = {
  args: { code: 'import math\nfor n in range(1, 6):\n    print(n, math.factorial(n))', autoRun: true },
}
export const ErrorWithMarkedLine: Story = {
  args: {
    code: 'def area(r):\n    return 3.14159 * r * r\n\nprint(area(radius))',
    autoRun: true,
    title: 'NameError on line 4',
  },
}
export const Timeout: Story = {
  args: { code: 'while True: pass', autoRun: true, timeoutMs: 1500, title: 'Times out after 1.5 s' },
}
export const Stopped: Story = {
  args: { code: 'while True: pass', autoRun: true, title: 'Stopped by the reader' },
  play: async ({ canvasElement }) => (await whenShown<HTMLButtonElement>(canvasElement, '.rc-stop')).click(),
}
export const SqlTable: Story = {
  args: {
    language: 'sql',
    title: 'Languages by year',
    autoRun: true,
    code: "CREATE TABLE langs(name TEXT, year INT);\nINSERT INTO langs VALUES ('Python', 1991), ('SQL', 1974), ('JavaScript', 1995);\nSELECT name, year FROM langs ORDER BY year;",
  },
}
export const Truncated: Story = {
  args: {
    language: 'sql',
    title: 'More rows than the cap',
    autoRun: true,
    code: 'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n LIMIT 5000) SELECT x, x * x AS square FROM n;',
  },
}
export const Html: Story = {
  args: {
    title: 'HTML output in a sandboxed frame',
    autoRun: true,
    code: 'class Card:\n    def _repr_html_(self):\n        return \'<h3>Card</h3><p style="color:teal">Rendered in a sandbox="" frame.</p>\'\n\nCard()',
  },
}
export const Image: Story = {
  args: {
    title: 'SVG image output',
    autoRun: true,
    code: 'class Dot:\n    def _repr_svg_(self):\n        return \'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><circle cx="60" cy="30" r="25" fill="tomato"/></svg>\'\n\nDot()',
  },
}
export const ReadOnly: Story = { args: { readOnly: true, title: 'Read-only snippet' } }
export const JavaScript: Story = {
  args: {
    language: 'javascript',
    code: "console.log('squares', [1, 2, 3].map((n) => n * n))\n40 + 2",
    autoRun: true,
  },
}
export const Dark: Story = { args: { theme: 'dark', code: "print('dark theme')", autoRun: true } }
export const Rtl: Story = {
  args: {
    title: 'مثال',
    autoRun: true,
    messages: {
      run: 'تشغيل',
      stop: 'إيقاف',
      reset: 'إعادة',
      copy: 'نسخ',
      share: 'مشاركة',
      outputLabel: 'المخرجات',
    },
  },
  decorators: [
    (Story) => (
      <div dir="rtl" lang="ar">
        <Story />
      </div>
    ),
  ],
}
export const ExecutionOff: Story = {
  decorators: [
    (Story) => (
      <FeatureFlagProvider overrides={{ code_execution: false }}>
        <Story />
      </FeatureFlagProvider>
    ),
  ],
}
export const WithFeedback: Story = {
  args: { id: 'feedback-demo', feedback: (payload) => console.info('feedback', payload), autoRun: true },
}
