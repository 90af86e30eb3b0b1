import type { Lang } from '../i18n/languages';
import { loadOrganisation } from '../knowledge/articles';
import type { Logger } from '../logging';
import type { ServiceDeskContacts } from './knowledge-lookup';

export type ServiceDeskDirectory = (language: Lang) => ServiceDeskContacts | undefined;

/**
 * How to reach the service desk, from the organisation file the articles use. Undefined when
 * the file is broken: the bot then says so in general words rather than inventing a number.
 */
export function loadServiceDesk(orgFile: string, logger: Logger): ServiceDeskDirectory {
  const { values, problems } = loadOrganisation(orgFile);
  if (!values) {
    logger.warn(
      { orgFile, problems: problems.length },
      'organisation file unreadable; no service desk contacts',
    );
    return () => undefined;
  }
  const pick = (value: string | Record<Lang, string>, language: Lang) =>
    typeof value === 'string' ? value : value[language];
  return (language) => ({
    phone: pick(values.serviceDeskPhone, language),
    email: pick(values.serviceDeskEmail, language),
  });
}
