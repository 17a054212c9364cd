/// <reference types="vitest/config" />
// Builds the web app into web/dist, which `os1 serve` serves (API.md, "Serving").
// The service worker precaches the app shell only: /api, /v1 and /healthz are
// never cached or answered from the cache (a person's memories stay on the
// server, and a stale reply would be a lie).
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';

const server = process.env.OS1_SERVER ?? 'http://127.0.0.1:8470';

export default defineConfig({
  plugins: [
    preact(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false, // src/main.tsx registers it (production builds only)
      filename: 'sw.js',
      includeAssets: ['favicon.svg', 'icons/*.png'],
      manifest: {
        name: 'os1',
        short_name: 'os1',
        description: 'Your companion, on your phone, tablet and desk.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#fbf4ee',
        theme_color: '#d9644a',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api(\/|$)/, /^\/v1(\/|$)/, /^\/healthz/],
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: {
    outDir: 'dist', emptyOutDir: true, sourcemap: false,
    // The microphone's AudioWorklet is a file of its own: a data: URL would
    // break the page's Content-Security-Policy (script from 'self' only).
    assetsInlineLimit: (file: string) => (file.endsWith('_worklet.js') ? false : undefined),
  },
  server: {
    // `npm run dev` talks to a running `os1 serve` (OS1_SERVER to change it).
    proxy: {
      '/api': { target: server, ws: true, changeOrigin: false },
      '/v1': { target: server },
      '/healthz': { target: server },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    setupFiles: ['tests/unit/setup.ts'],
    // The sign-in and memory screen tests take ~4.6 s on a loaded 2-core
    // machine; vitest's 5 s default made them flaky there.
    testTimeout: 20000,
  },
});
