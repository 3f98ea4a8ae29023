import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// Paths relative to this file, so the config works from any working directory (nx runs it from the workspace root).
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** Where the gridlens server listens during `vite` dev (`npm start` serves the built dashboard itself). */
const SERVER = process.env.GRIDLENS_SERVER_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [svelte()],
  resolve: {
    alias: { '@gridlens/contracts': here('../../libs/contracts/src/index.ts') },
  },
  build: {
    outDir: here('../../dist/apps/web'),
    emptyOutDir: true,
    sourcemap: true,
    // deck.gl + luma.gl are large; one vendor chunk is expected.
    chunkSizeWarningLimit: 2000,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: SERVER, changeOrigin: true },
      '/socket.io': { target: SERVER, changeOrigin: true, ws: true },
    },
  },
});
