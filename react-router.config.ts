import type { Config } from '@react-router/dev/config';

/**
 * The web UI: React Router framework mode, rendered on the server and mounted in the Fastify process
 * (src/platform/http/web.ts). Pages work without JavaScript; hydration only enhances them.
 */
export default {
  appDirectory: 'src/web',
  buildDirectory: 'build',
  ssr: true,
} satisfies Config;
