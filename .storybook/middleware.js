// Dev-server headers for /runcell/. The runner loads in an opaque-origin iframe, so every asset request it
// makes is CORS with `Origin: null` and needs Access-Control-Allow-Origin. The built Storybook needs the same
// headers from whatever serves it (test/storybook does this; docs/self-hosting.md lists them).
export default function runcellHeaders(router) {
  router.use('/runcell/', (req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*')
    next()
  })
}
