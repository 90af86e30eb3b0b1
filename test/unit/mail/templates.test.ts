import fs from 'node:fs';
import path from 'node:path';
import { loadContent, defaultContentPaths } from '../../../src/content';
import { LANGUAGES } from '../../../src/i18n';
import { MAIL_TEMPLATE_NAMES, renderMail } from '../../../src/mail';
import { copyShippedContent, runContentCheck, SHIPPED_CONTENT } from '../../helpers/content-copy';

describe('e-mail templates (content/mail)', () => {
  const mail = loadContent(defaultContentPaths(SHIPPED_CONTENT)).content?.mail;

  it('ships every template in every language, each written for its language', () => {
    expect(mail).toBeDefined();
    for (const name of MAIL_TEMPLATE_NAMES) {
      const texts = LANGUAGES.map((lang) => mail![lang][name].text);
      expect(new Set(texts).size).toBe(LANGUAGES.length);
      // Each names what it is about: a ticket's number, or an incident's.
      const about = name.startsWith('incident-') ? '{incident}' : '{ticket}';
      for (const lang of LANGUAGES) expect(mail![lang][name].subject).toContain(about);
    }
  });

  it('escapes values into the HTML and keeps them as written in the text', () => {
    const rendered = renderMail(mail!.en['ticket-reply'], {
      ticket: 'HD-1001',
      title: 'Printer <jammed>',
      name: 'Ana',
      technician: 'Ada',
      reply: 'Line one\n<script>alert(1)</script>',
      chatLink: 'https://help.example/?a=1&b=2',
    });
    expect(rendered.subject).toBe('[HD-1001] Ada replied: Printer <jammed>');
    expect(rendered.text).toContain('<script>alert(1)</script>');
    expect(rendered.html).not.toContain('<script>');
    expect(rendered.html).toContain('Line one<br>\n&lt;script&gt;');
    expect(rendered.html).toContain('href="https://help.example/?a=1&amp;b=2"');
  });

  it('content check refuses a placeholder the template does not have, and a subject without the ticket', async () => {
    const dir = copyShippedContent();
    try {
      const edit = (file: string, change: (text: string) => string) =>
        fs.writeFileSync(
          path.join(dir, 'mail', file),
          change(fs.readFileSync(path.join(dir, 'mail', file), 'utf8')),
        );
      edit('pl/ticket-status.yaml', (text) => text.replace('{status}.', '{reply}.'));
      edit('ro/ticket-reply.yaml', (text) => text.replace(/^subject: .*$/m, 'subject: "Răspuns"'));
      // An incident's number is no ticket's: a ticket e-mail's subject cannot name one instead.
      edit('de/ticket-status.yaml', (text) => text.replace('[{ticket}]', '[{incident}]'));
      edit('en/incident-resolved.yaml', (text) => text.replace('{status}', '{ticket}'));
      const { code, output } = await runContentCheck(dir);
      expect(code).not.toBe(0);
      expect(output).toMatch(
        /mail\/pl\/ticket-status\.yaml.*\{reply\} is not a placeholder of ticket-status/,
      );
      expect(output).toMatch(/mail\/ro\/ticket-reply\.yaml:2: .*the subject must name the ticket/);
      expect(output).toMatch(
        /mail\/de\/ticket-status\.yaml.*\{incident\} is not a placeholder of ticket-status/,
      );
      expect(output).toMatch(
        /mail\/en\/incident-resolved\.yaml.*\{ticket\} is not a placeholder of incident-resolved/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
