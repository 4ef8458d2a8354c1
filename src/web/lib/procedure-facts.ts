import { vnd } from '../../platform/i18n/vietnamese-format.ts';

type Deadline = { workingDays: number } | { workingHours: number };
type Tx = (key: string, params?: Record<string, string | number>) => string;

/** `15 ngày làm việc` / `4 giờ làm việc`: a procedure's legal deadline in words. */
export function deadlineText(tx: Tx, deadline: Deadline): string {
  return 'workingDays' in deadline
    ? tx('web.catalog.workingDays', { count: deadline.workingDays })
    : tx('web.catalog.workingHours', { count: deadline.workingHours });
}

/** An amount in VND as Vietnamese writes it (`50.000 đồng`); English readers see the same figure with "VND". */
export function amountText(language: string, amount: number): string {
  const text = vnd(amount);
  return language === 'vi' ? text : text.replace(/ đồng$/, ' VND');
}
