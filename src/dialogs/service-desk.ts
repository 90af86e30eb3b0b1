import type { Lang } from '../i18n/languages';
import type { OrgValues } from '../knowledge/articles';
import type { ServiceDeskContacts } from './knowledge-lookup';

export type ServiceDeskDirectory = (language: Lang) => ServiceDeskContacts | undefined;

/**
 * How to reach the service desk, from the organisation file the articles use, read at each call
 * so a reload of organisation.yaml shows at once. Undefined while the file is broken: the bot
 * then says so in general words rather than inventing a number.
 */
export function serviceDeskDirectory(organisation: () => OrgValues | undefined): ServiceDeskDirectory {
  const pick = (value: string | Record<Lang, string>, language: Lang) =>
    typeof value === 'string' ? value : value[language];
  return (language) => {
    const values = organisation();
    if (!values) return undefined;
    return {
      phone: pick(values.serviceDeskPhone, language),
      email: pick(values.serviceDeskEmail, language),
    };
  };
}
