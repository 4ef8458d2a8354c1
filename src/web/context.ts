import type { WebLoadContext } from '../platform/http/web.ts';

// Loaders and actions receive the load context built by src/platform/http/web.ts for each request.
declare module 'react-router' {
  interface AppLoadContext extends WebLoadContext {}
}
