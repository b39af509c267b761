/// <reference types="vite/client" />
import type { Preview } from '@storybook/react-vite'

// Every stylesheet of @runcell/react, as the published styles.css bundles them.
import.meta.glob('../packages/react/src/**/*.css', { eager: true })

const preview: Preview = {
  parameters: {
    // Accessibility violations fail the story in the test runner and show as errors in the a11y panel.
    a11y: { test: 'error' },
    layout: 'padded',
  },
}

export default preview
