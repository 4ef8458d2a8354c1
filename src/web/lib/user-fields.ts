import type { MessageKey } from '../../platform/i18n/index.ts';

/** Messages next to the staff-account fields, shared by the create and edit forms. */
export const USER_MESSAGES: Record<string, MessageKey> = {
  fullName: 'web.admin.users.fullNameError',
  username: 'web.admin.users.usernameError',
  email: 'web.admin.users.emailError',
  phone: 'web.admin.users.phoneError',
  homeUnitId: 'web.admin.users.homeUnitError',
};
