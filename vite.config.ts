import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { reactRouter } from '@react-router/dev/vite';
import { type Plugin, defineConfig } from 'vite';

/**
 * Writes a Brotli and a gzip copy beside every script and stylesheet of the browser build, once, at the highest
 * settings; the server hands them out by Accept-Encoding (@fastify/static `preCompressed`), so no request pays
 * for compressing an immutable asset.
 */
function precompressAssets(): Plugin {
  return {
    name: 'egov-precompress-assets',
    apply: 'build',
    writeBundle(options, bundle) {
      if (!options.dir || path.basename(options.dir) !== 'client') return;
      for (const file of Object.values(bundle)) {
        if (!/\.(js|css)$/.test(file.fileName)) continue;
        const bytes = Buffer.from(file.type === 'chunk' ? file.code : file.source);
        const target = path.join(options.dir, file.fileName);
        writeFileSync(`${target}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${target}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

// Builds the web UI (`npm run build`). Tests use vitest.config.ts / vitest.e2e.config.ts, not this file.
export default defineConfig({
  plugins: [reactRouter(), precompressAssets()],
  build: {
    // Assets are content-hashed and served as immutable; keep source maps out of the public folder.
    sourcemap: false,
  },
});
