import { createContext, useContext } from 'react';

/**
 * The CSP nonce of the response being rendered, provided by entry.server. In the browser it is undefined: the
 * inline scripts that needed it have already run.
 */
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
