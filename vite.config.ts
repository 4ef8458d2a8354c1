import { reactRouter } from '@react-router/dev/vite';
import { defineConfig } from 'vite';

// Builds the web UI (`npm run build`). Tests use vitest.config.ts / vitest.e2e.config.ts, not this file.
export default defineConfig({
  plugins: [reactRouter()],
  build: {
    // Assets are content-hashed and served as immutable; keep source maps out of the public folder.
    sourcemap: false,
  },
});
