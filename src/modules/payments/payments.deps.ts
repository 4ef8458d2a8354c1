import type { AppConfig } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';

/**
 * What the payment services need beyond the service context. The `Platform` object built in app.ts satisfies it;
 * it is read at each call, so tests may move the clock or point the IPN at a listening port.
 */
export type PaymentDeps = {
  clock: Clock;
  config: Pick<AppConfig, 'vnpay' | 'publicUrl'>;
};
