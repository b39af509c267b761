// Flag states a designer must see: Runcell's execution switches on and off, a rollout, a variant, bootstrap
// values before the source answers, and development overrides. The runners are a stand-in built on the core
// runtime (.storybook/demo-runner.tsx) until <CodeRunner> lands; they run real code served at /runcell/.
import type { Meta, StoryObj } from '@storybook/react-vite'
import type { FlagDefinition } from '@runcell/core/flags'
import { DemoRunner, FlagTable } from '../../../../.storybook/demo-runner.js'
import { Feature } from './Feature.js'
import { FeatureFlagProvider } from './FeatureFlagProvider.js'

const SWITCHES = ['code_execution', 'python_execution', 'sql_execution', 'javascript_execution']

const switches = (off: string[] = []): FlagDefinition[] =>
  SWITCHES.map((key) => ({ key, enabled: !off.includes(key), version: 3 }))

const ALL_ON = switches()
const CODE_OFF = switches(['code_execution'])
const PYTHON_OFF = switches(['python_execution'])

function Runners() {
  return (
    <>
      <DemoRunner language="python" code={'print("hello from Python", 6 * 7)'} />
      <DemoRunner language="sql" code={"SELECT 'hello from SQL' AS greeting, 6 * 7 AS answer;"} />
      <DemoRunner language="javascript" code={'console.log("hello from JavaScript", 6 * 7)'} />
    </>
  )
}

const meta: Meta = { title: 'Flags/Flag states' }
export default meta
type Story = StoryObj

/** Every switch on: each runner shows its Run button. */
export const ExecutionOn: Story = {
  render: () => (
    <FeatureFlagProvider flags={ALL_ON}>
      <FlagTable keys={SWITCHES} caption="Execution switches" />
      <Runners />
    </FeatureFlagProvider>
  ),
}

/** `code_execution` off is the kill switch: every runner says execution is turned off and cannot run. */
export const CodeExecutionOff: Story = {
  render: () => (
    <FeatureFlagProvider flags={CODE_OFF}>
      <FlagTable keys={SWITCHES} caption="Execution switches" />
      <Runners />
    </FeatureFlagProvider>
  ),
}

/** One language off: Python runners are blocked, SQL and JavaScript still run. */
export const PythonExecutionOff: Story = {
  render: () => (
    <FeatureFlagProvider flags={PYTHON_OFF}>
      <FlagTable keys={SWITCHES} caption="Execution switches" />
      <Runners />
    </FeatureFlagProvider>
  ),
}

/** No provider at all: unknown switches allow execution, so a page with no flags runs code. */
export const NoProvider: Story = {
  render: () => <Runners />,
}

/** Development overrides (`?flags=code_execution:false`) win over the definitions, with reason STATIC. */
export const OverriddenOff: Story = {
  render: () => (
    <FeatureFlagProvider flags={ALL_ON} overrides={{ code_execution: false }}>
      <FlagTable keys={SWITCHES} caption="Execution switches with an override" />
      <Runners />
    </FeatureFlagProvider>
  ),
}

const ROLLOUT: FlagDefinition[] = [
  {
    key: 'collaborative_editing',
    enabled: true,
    rolloutPercentage: 25,
    conditions: { userGroups: ['beta_testers', 'premium_users'] },
    version: 7,
  },
]
const USERS = [
  { targetingKey: 'user-1', groups: ['beta_testers'] },
  { targetingKey: 'user-2', groups: ['beta_testers'] },
  { targetingKey: 'user-3', groups: ['premium_users'] },
  { targetingKey: 'user-4', groups: ['premium_users'] },
  { targetingKey: 'user-5', groups: ['beta_testers'] },
  { targetingKey: 'user-6', groups: [] },
]

/** A 25 % rollout to two groups: each row is one user, bucketed deterministically by the flag's hash. */
export const RolloutByUser: Story = {
  render: () => (
    <ul style={{ listStyle: 'none', padding: 0 }}>
      {USERS.map((user) => (
        <li key={user.targetingKey}>
          <FeatureFlagProvider flags={ROLLOUT} context={user}>
            <FlagTable
              keys={['collaborative_editing']}
              caption={`${user.targetingKey} (${user.groups.join(', ') || 'no group'})`}
            />
          </FeatureFlagProvider>
        </li>
      ))}
    </ul>
  ),
}

const LAYOUT: FlagDefinition[] = [
  {
    key: 'runner_layout',
    enabled: true,
    defaultValue: 'classic',
    variants: [
      { key: 'classic', weight: 50, value: 'classic' },
      { key: 'compact', weight: 50, value: 'compact' },
    ],
  },
]

/** `<Feature variant>` renders its children only for users in that variant, and the fallback for others. */
export const FeatureVariant: Story = {
  render: () => (
    <>
      {['reader-a', 'reader-b', 'reader-c', 'reader-d'].map((targetingKey) => (
        <FeatureFlagProvider key={targetingKey} flags={LAYOUT} context={{ targetingKey }}>
          <p>
            {targetingKey}:{' '}
            <Feature flag="runner_layout" variant="compact" fallback={<strong>classic layout</strong>}>
              <em>compact layout</em>
            </Feature>
          </p>
        </FeatureFlagProvider>
      ))}
    </>
  ),
}

/** A flag that is missing shows the fallback and reports reason ERROR, never a crash. */
export const MissingFlag: Story = {
  render: () => (
    <FeatureFlagProvider flags={ALL_ON}>
      <FlagTable keys={['no_such_flag']} caption="A flag that does not exist" />
      <Feature flag="no_such_flag" fallback={<p>Fallback content for a missing flag.</p>}>
        <p>Flagged content</p>
      </Feature>
    </FeatureFlagProvider>
  ),
}

const NEVER = () => new Promise<never>(() => {})

/** Server-evaluated `bootstrap` values serve the first paint (reason CACHED) while the source is loading. */
export const BootstrapWhileLoading: Story = {
  render: () => (
    <FeatureFlagProvider source={NEVER} bootstrap={{ code_execution: false }}>
      <FlagTable keys={['code_execution']} caption="Bootstrapped before the source answered" />
      <DemoRunner language="javascript" code={'console.log("blocked by a bootstrapped switch")'} />
    </FeatureFlagProvider>
  ),
}
