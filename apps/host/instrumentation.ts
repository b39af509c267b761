/** Next.js start-up hook: runs the host's start-up on the Node.js runtime only, and never during a build. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return
  const { startHost } = await import('./server/startup')
  await startHost()
}
