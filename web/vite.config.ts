// Vite build for the two web areas: the public portal (served at `/`) and the
// government console (served at `/console/`). They are separate entries so the
// portal never downloads console code; libraries both use land in shared chunks.
//
//   build:  vite build --config web/vite.config.ts        -> dist/web
//   dev:    vite --config web/vite.config.ts               (API proxied to GONGXIN_API_URL)
//   preview: vite preview --config web/vite.config.ts
import { fileURLToPath } from 'node:url'
import type { Connect, Plugin } from 'vite'
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

const webRoot = fileURLToPath(new URL('.', import.meta.url))
const outDir = fileURLToPath(new URL('../dist/web', import.meta.url))
const namedGroups = new Set(['react-vendor'])
const apiTarget = process.env.GONGXIN_API_URL ?? 'http://127.0.0.1:3000'

/**
 * History-API fallback for the dev and preview servers, mirroring what the real
 * server does: `/console` and `/console/*` get the console page, every other
 * extension-less path that is not the API gets the portal page.
 */
export function spaFallback(): Plugin {
  const rewrite: Connect.NextHandleFunction = (req, _res, next) => {
    const url = req.url ?? '/'
    const path = url.split('?')[0] ?? '/'
    const isFile = /\.[a-z0-9]+$/i.test(path) && !path.endsWith('.html')
    if (path.startsWith('/api/') || path.startsWith('/@') || path.startsWith('/node_modules/') || isFile) {
      next()
      return
    }
    if (path === '/console' || path.startsWith('/console/')) req.url = '/console/index.html'
    else if (path !== '/readyz' && path !== '/healthz' && path !== '/metrics') req.url = '/portal/index.html'
    next()
  }
  return {
    name: 'gongxin-spa-fallback',
    configureServer(server) {
      server.middlewares.use(rewrite)
    },
    configurePreviewServer(server) {
      server.middlewares.use(rewrite)
    },
  }
}

export default defineConfig({
  root: webRoot,
  base: '/',
  publicDir: 'public',
  plugins: [react(), spaFallback()],
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
    // antd + react-dom are large by nature; we watch gzip totals instead (see docs/ui.md).
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      input: {
        portal: fileURLToPath(new URL('./portal/index.html', import.meta.url)),
        console: fileURLToPath(new URL('./console/index.html', import.meta.url)),
      },
      output: {
        // Lazy pages keep their module name; chunks rolldown splits out for sharing are "shared-*".
        chunkFileNames: (chunk) =>
          chunk.isDynamicEntry || namedGroups.has(chunk.name) ? 'assets/[name]-[hash].js' : 'assets/shared-[hash].js',
        codeSplitting: {
          groups: [
            // React and the router: needed by both areas on every page; cached across them.
            {
              name: 'react-vendor',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|cookie|set-cookie-parser)[\\/]/,
              priority: 20,
            },
          ],
        },
      },
    },
  },
})
