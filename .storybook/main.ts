import type { StorybookConfig } from '@storybook/react-vite'
import { syncRuncellAssets } from './runcell-assets.js'

// Telemetry stays off even when the CLI is started without the npm script's environment.
process.env.STORYBOOK_DISABLE_TELEMETRY = '1'

const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['../packages/react/src/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-a11y'],
  // Runner stories run real code: the runner page and engines are served at /runcell/, the zero-config path.
  staticDirs: [{ from: syncRuncellAssets(), to: '/runcell' }],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
}

export default config
