// Stories for every state of <Exercise>. Each state is the learner's stored progress (localStorage), written by a
// loader before the story renders, so every state shows at once and looks the same on every visit; pressing Check
// in a story runs the real check on the runtime at /runcell/.
import type { Meta, StoryObj } from '@storybook/react-vite'
import type { ExerciseProgress } from './progress.js'
import { RuncellProvider } from '../code-runner/state/runcell-context.js'
import { Exercise } from './Exercise.js'
import { clearProgress, writeProgress } from './progress.js'

const meta = {
  title: 'Runner/Exercise',
  component: Exercise,
  decorators: [
    (Story) => (
      <RuncellProvider config={{ assetsBaseUrl: '/runcell/' }}>
        <Story />
      </RuncellProvider>
    ),
  ],
  args: {
    id: 'story-exercise',
    language: 'python',
    title: 'Sum of three numbers',
    code: 'total = 0',
    loading: 'click',
    persist: false,
    check: { code: "assert ns.get('total') == 6, f\"total should be 6, not {ns.get('total')}\"" },
    hints: ['Add 1, 2 and 3.', 'total = 1 + 2 + 3'],
    solution: 'total = 1 + 2 + 3',
    children: (
      <p>
        Set <code>total</code> to the sum of 1, 2 and 3, then press Check.
      </p>
    ),
  },
} satisfies Meta<typeof Exercise>
export default meta
type Story = StoryObj<typeof meta>

/** A story whose exercise starts from this stored progress. */
function withProgress(id: string, progress: ExerciseProgress | null): Pick<Story, 'args' | 'loaders'> {
  return {
    args: { id },
    loaders: [
      () => {
        if (progress) writeProgress(id, progress)
        else clearProgress(id)
        return {}
      },
    ],
  }
}

export const Untouched: Story = withProgress('story-untouched', null)

export const Failing: Story = withProgress('story-failing', {
  passed: false,
  attempts: 1,
  hintsUsed: 0,
  solutionShown: false,
  lastCheck: { status: 'fail', message: 'total should be 6, not 5' },
})

export const Passing: Story = withProgress('story-passing', {
  passed: true,
  attempts: 2,
  hintsUsed: 0,
  solutionShown: false,
  lastCheck: { status: 'pass' },
})

export const HintShown: Story = withProgress('story-hint', {
  passed: false,
  attempts: 1,
  hintsUsed: 1,
  solutionShown: false,
  lastCheck: { status: 'fail', message: 'total should be 6, not 0' },
})

export const SolutionShown: Story = withProgress('story-solution', {
  passed: false,
  attempts: 3,
  hintsUsed: 2,
  solutionShown: true,
  lastCheck: { status: 'fail', message: 'total should be 6, not 7' },
})

export const AuthorError: Story = {
  ...withProgress('story-author-error', {
    passed: false,
    attempts: 0,
    hintsUsed: 0,
    solutionShown: false,
    lastCheck: { status: 'error', message: "NameError: name 'nss' is not defined" },
  }),
  args: { id: 'story-author-error', check: { code: "assert nss['total'] == 6" } },
}

export const Dark: Story = {
  ...withProgress('story-dark', {
    passed: true,
    attempts: 1,
    hintsUsed: 1,
    solutionShown: false,
    lastCheck: { status: 'pass' },
  }),
  args: { id: 'story-dark', theme: 'dark' },
}
