import { simpleParser } from 'mailparser';
import { ignoredBecause, replyText, ticketNumberOf } from '../../../src/mail/inbound-rules';

const OWN = ['helpdesk@contoso.example'];

async function mail(headers: string, body = 'Hello'): Promise<Awaited<ReturnType<typeof simpleParser>>> {
  return simpleParser(`${headers.trim()}\r\n\r\n${body}\r\n`);
}

describe('which incoming mail is never answered', () => {
  it.each([
    ['Auto-Submitted: auto-replied', 'auto-submitted'],
    ['Auto-Submitted: auto-generated', 'auto-submitted'],
    ['X-Autoreply: yes', 'auto-submitted'],
    ['Content-Type: multipart/report; report-type=delivery-status; boundary="b"', 'bounce'],
    ['Return-Path: <>', 'bounce'],
    ['List-Id: <it-news.contoso.example>', 'bulk'],
    ['Precedence: bulk', 'bulk'],
  ])('%s → %s', async (header, because) => {
    expect(ignoredBecause(await mail(`From: ana@contoso.example\r\nSubject: x\r\n${header}`), OWN)).toBe(
      because,
    );
  });

  it('drops mail from a mailer daemon, from our own address, and without a sender', async () => {
    expect(ignoredBecause(await mail('From: MAILER-DAEMON@contoso.example\r\nSubject: x'), OWN)).toBe(
      'bounce',
    );
    expect(ignoredBecause(await mail('From: IT <Helpdesk@Contoso.example>\r\nSubject: x'), OWN)).toBe(
      'own-address',
    );
    expect(ignoredBecause(await mail('Subject: x'), OWN)).toBe('no-sender');
  });

  it('answers a person: Auto-Submitted: no and an ordinary message', async () => {
    expect(
      ignoredBecause(await mail('From: ana@contoso.example\r\nAuto-Submitted: no\r\nSubject: x'), OWN),
    ).toBeUndefined();
    expect(
      ignoredBecause(await mail('From: Ana <ana@contoso.example>\r\nSubject: VPN'), OWN),
    ).toBeUndefined();
  });
});

describe('which ticket a reply is about', () => {
  it('reads the ticket from the Message-ID it answers before the subject', async () => {
    const reply = await mail(
      'From: ana@contoso.example\r\nSubject: Re: [HD-1002] x\r\nIn-Reply-To: <HD-1001.5f0c@contoso.example>',
    );
    expect(ticketNumberOf(reply)).toBe('HD-1001');
    expect(ticketNumberOf(await mail('From: a@b.example\r\nSubject: AW: [hd-0042] Drucker'))).toBe('HD-42');
    expect(ticketNumberOf(await mail('From: a@b.example\r\nSubject: new problem'))).toBeUndefined();
  });
});

describe('what the user wrote above the quoted message', () => {
  it.each([
    ['Still broken.\n\nOn Mon, 7 Dec 2026, IT Service Desk wrote:\n> Hello', 'Still broken.'],
    [
      'Geht immer noch nicht.\n\nAm 07.12.2026 um 09:00 schrieb IT Service Desk:\n> Hallo',
      'Geht immer noch nicht.',
    ],
    ['Nadal nie działa.\n\nW dniu 7.12.2026 IT Service Desk napisał:\n> Dzień dobry', 'Nadal nie działa.'],
    ['Tot nu merge.\n\nÎn 7 dec. 2026, IT Service Desk a scris:\n> Bună ziua', 'Tot nu merge.'],
    ['Works now.\n\n-----Original Message-----\nFrom: IT', 'Works now.'],
    ['Line one\nline two', 'Line one\nline two'],
  ])('%j', (text, expected) => {
    expect(replyText(text)).toBe(expected);
  });
});
