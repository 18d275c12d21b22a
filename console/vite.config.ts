import { defineConfig } from 'vite';

// The console's build: one entry (index.html), hashed assets under /assets/ (served with a long cache;
// index.html and config.json are never cached), everything bundled (no CDN). The local server serves
// dist/ at / on the API's own origin; template.yaml ships the same files to S3 behind CloudFront.
export default defineConfig({
  base: '/',
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
  server: {
    port: 5173,
    strictPort: true,
    // the dev server sends API calls to a local server on :3000 (README, "Console")
    proxy: Object.fromEntries(['/orgs', '/me', '/invitations', '/local', '/config.json'].map((path) => [
      path, { target: 'http://127.0.0.1:3000', changeOrigin: false },
    ])),
  },
});
