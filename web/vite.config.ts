import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

const root = fileURLToPath(new URL('.', import.meta.url));
// `npm run web:dev` talks to a running `npm start` (the gateway on :8080) for everything that is not the app.
const gateway = 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  plugins: [react(), tailwindcss()],
  build: { outDir: 'dist', emptyOutDir: true, manifest: true, sourcemap: false },
  server: {
    proxy: Object.fromEntries(
      ['/api', '/auth', '/health', '/config.json'].map((path) => [path, { target: gateway }]),
    ),
  },
});
