// A Docusaurus site as the guide (docs/getting-started/docusaurus.md) sets one up, under a base path.
export default {
  title: 'Runcell in Docusaurus',
  url: 'http://localhost',
  baseUrl: '/docs-site/',
  onBrokenLinks: 'throw',
  favicon: undefined,
  presets: [
    [
      'classic',
      {
        docs: { routeBasePath: '/', sidebarPath: undefined },
        blog: false,
        pages: false,
        theme: { customCss: undefined },
      },
    ],
  ],
}
