import { MemoryStorage } from 'botbuilder';
import { buttons, play, type Row } from '../chat-harness';
import { ARTICLE_STEPS, Clock, flowCase, flowChat } from './flow-chat';

describe('flow engine transcripts', () => {
  it('choice, collect, branch, step worked → resolved, and records it all', async () => {
    const chat = flowChat();
    await play(chat, [
      ['my printer is not printing', /Which device are you printing from\?[\s\S]*1\. Laptop/],
      ['laptop', /Which operating system[\s\S]*Windows 11/],
      [
        'Windows 11',
        /Restart the print queue[\s\S]*Windows help\]\(https:\/\/support\.microsoft\.com\/windows\)[\s\S]*Did that work\?/,
      ],
      ['yes', /glad that's sorted[\s\S]*anything else/i],
    ]);
    const file = await flowCase(chat);
    expect(file.facts).toEqual({ deviceType: 'laptop', os: 'windows-11' });
    expect(file.answers?.map((a) => [a.nodeId, a.fact, a.value])).toEqual([
      ['ask-device', 'deviceType', 'laptop'],
      ['collect-os', 'os', 'windows-11'],
    ]);
    expect(file.flowSteps?.map((s) => [s.nodeId, s.result])).toEqual([['restart-spooler', 'worked']]);
    expect(file.resolution).toEqual(
      expect.objectContaining({ flowId: 'demo-printer', text: 'Restarting the print spooler fixed it' }),
    );
    expect(file.outcome).toBe('resolved');
  });

  it('skips questions whose facts the first message already gave', async () => {
    const chat = flowChat();
    await play(chat, [
      [
        "my Windows 10 laptop can't print",
        (text) => {
          expect(text).toMatch(/Restart the print queue/);
          expect(text).not.toMatch(/Which device|operating system/);
        },
      ],
    ]);
    expect((await flowCase(chat)).facts).toEqual({ os: 'windows-10', deviceType: 'laptop' });
  });

  it('step failed → yes/no → ticket with the facts on the case file', async () => {
    const chat = flowChat();
    await play(chat, [
      ['printer on my win11 desktop is broken', /Restart the print queue/],
      ['no', /paper jam\?[\s\S]*1\. Yes[\s\S]*2\. No/],
      [
        'yes',
        /ticket request \(category: printer-hardware, priority: normal\)[\s\S]*please also call .* or write to /,
      ],
    ]);
    const file = await flowCase(chat);
    expect(file.flowSteps?.map((s) => s.result)).toEqual(['failed']);
    expect(file.ticketRequested).toEqual(
      expect.objectContaining({
        flowId: 'demo-printer',
        nodeId: 'ticket-hardware',
        category: 'printer-hardware',
        priority: 'normal',
        facts: { os: 'windows-11', deviceType: 'desktop' },
      }),
    );
  });

  it('validates text and number answers with re-prompts, then escalates urgent cases', async () => {
    const chat = flowChat();
    await play(chat, [
      ['URGENT: printer on my Windows 11 laptop', /Restart the print queue/],
      ['no', /paper jam/],
      ['no', /What does the error message say\?/],
      ['ab', /At least 3 characters[\s\S]*What does the error message say\?/],
      ['"Printer offline" it says', /How many pages are waiting\?/],
      ['lots', /How many pages/],
      ['9999', /between 1 and 500/],
      [
        'about 12',
        /Since this is urgent, a technician[\s\S]*team: printing, priority: high[\s\S]*please contact the service desk: call .* or write to /,
      ],
    ]);
    const file = await flowCase(chat);
    expect(file.facts).toEqual(
      expect.objectContaining({ urgency: 'urgent', errorMessage: '"Printer offline" it says' }),
    );
    expect(file.answers?.filter((a) => !a.prefilled).map((a) => a.value)).toEqual([
      'no',
      '"Printer offline" it says',
      '12',
    ]);
    // The device and the system came with the first message: kept as answers nobody asked for.
    expect(file.answers?.filter((a) => a.prefilled).map((a) => a.value)).toEqual(['laptop', 'windows-11']);
    expect(file.handoffRequested).toEqual(
      expect.objectContaining({
        category: 'printing',
        priority: 'high',
        skills: ['printers'],
        nodeId: 'escalate-urgent',
      }),
    );
    expect(file.outcome).toBe('handoffRequested');
  });

  it('uses the custom retry text, and a ticket when nothing is urgent', async () => {
    await play(flowChat(), [
      ['printer problem on my windows 11 laptop', /Restart the print queue/],
      ['no', /paper jam/],
      ['no', /error message/],
      ['Access denied', /How many pages/],
      ['hmm', /Just the number of pages please/],
      ['3', /ticket request \(category: printing, priority: low\)/],
    ]);
  });

  it('walks an article step by step and resolves with the custom text', async () => {
    const chat = flowChat();
    await play(chat, [
      ['printing from my MacBook fails', /Step 1 of 3[\s\S]*Check the cable[\s\S]*Did that work\?/],
      ['no', /Step 2 of 3[\s\S]*Restart the printer/],
      ['yes', /happy printing/],
    ]);
    const file = await flowCase(chat);
    expect(file.steps.map((s) => [s.articleId, s.step, s.result])).toEqual([
      ['printer-not-printing', 1, 'failed'],
      ['printer-not-printing', 2, 'worked'],
    ]);
    expect(file.resolution?.text).toBe('The printer article fixed it');
  });

  it('takes the failed path after the last article step', async () => {
    const rows: Row[] = [['mac cannot print', /Step 1 of 3/]];
    for (let i = 2; i <= ARTICLE_STEPS.length; i++) rows.push(['no', new RegExp(`Step ${i} of 3`)]);
    rows.push(['no', /What does the error message say\?/]);
    await play(flowChat(), rows);
  });

  it('goes to another flow and renders organisation values', async () => {
    const chat = flowChat();
    await play(chat, [
      ['printer', /Which device/],
      ['phone', /Connect the phone to the company Wi-Fi network/],
      ['no', /needs a technician \(team: printing/],
    ]);
    const file = await flowCase(chat);
    expect(file.flowSteps).toEqual([
      expect.objectContaining({ flowId: 'demo-mobile-print', nodeId: 'same-network', result: 'failed' }),
    ]);
    expect(file.handoffRequested?.skills).toEqual(['printers', 'mobile']);
  });

  it('"back" returns to the previous question and lets the user change the answer', async () => {
    const chat = flowChat();
    await play(chat, [
      ['my printer has an issue', /Which device/],
      ['back', /first question[\s\S]*Which device/],
      ['desktop', /operating system/],
      ['zurück', /Which device/],
      ['laptop', /operating system/],
      ['macOS', /Step 1 of 3/],
      ['wstecz', /operating system/],
      ['Windows 10', /Restart the print queue/],
    ]);
    const file = await flowCase(chat);
    expect(file.facts).toEqual({ deviceType: 'laptop', os: 'windows-10' });
    expect(file.answers?.map((a) => a.value)).toEqual(['desktop', 'laptop', 'macos', 'windows-10']);
  });

  it("runs in the user's language", async () => {
    await play(flowChat(), [
      ['Mein Drucker druckt nicht', /Von welchem Gerät drucken Sie\?[\s\S]*Desktop-PC/],
      ['Laptop', /Welches Betriebssystem/],
      ['Windows 11', /Druckwarteschlange neu starten[\s\S]*Windows-Hilfe/],
      ['nein', /Papierstau/],
    ]);
  });

  it('leaves the flow at once for a message about another problem', async () => {
    await play(flowChat(), [
      ['printer', /Which device/],
      ['also Outlook crashes when I open it', /couldn't open that guide/],
    ]);
  });

  it('asks whether a message it cannot read as an answer the third time is a new problem', async () => {
    await play(flowChat(), [
      ['printer', /Which device/],
      ['purple', /didn't get that[\s\S]*Which device/],
      ['banana', /didn't get that/],
      ['my screen flickers', /Is this a new problem\?/],
      ['yes', /don't have an answer/],
    ]);
  });
});

describe('flow questions as Adaptive Cards', () => {
  it('shows options as buttons and takes clicks as answers', async () => {
    const chat = flowChat({ channelId: 'directline' });
    const first = await chat.send('my printer is not printing');
    expect(buttons(first).map((b) => b.value)).toEqual(['laptop', 'desktop', 'mac', 'phone']);
    const os = await chat.click('desktop');
    expect(buttons(os).map((b) => b.value)).toEqual([
      'windows-11',
      'windows-10',
      'macos',
      'ios',
      'android',
      'linux',
      'other',
    ]);
    const step = await chat.click('windows-10');
    expect(buttons(step).map((b) => b.value)).toEqual(['worked', 'failed']);
    await play(chat, [[{ click: 'worked' }, /glad that's sorted/]]);
    expect((await flowCase(chat)).facts).toEqual({ deviceType: 'desktop', os: 'windows-10' });
  });
});

describe('flow position across time and restarts', () => {
  it('continues after a restart from the stored dialog state', async () => {
    const storage = new MemoryStorage();
    await play(flowChat({ storage }), [
      ['printer', /Which device/],
      ['laptop', /operating system/],
    ]);
    // A new bot on the same storage is what a restarted server is.
    await play(flowChat({ storage }), [['Windows 11', /Restart the print queue/]]);
  });

  it('asks whether to continue after more than FLOW_RESUME_AFTER_HOURS, and continues', async () => {
    const clock = new Clock();
    const chat = flowChat({ clock });
    await play(chat, [
      ['printer', /Which device/],
      ['laptop', /operating system/],
    ]);
    clock.advanceHours(13);
    await play(chat, [
      ['hello again', /Welcome back![\s\S]*\*\*Printer problems\*\*[\s\S]*Continue[\s\S]*Start fresh/],
      ['continue', /operating system/],
      ['Windows 11', /Restart the print queue/],
    ]);
  });

  it('starts fresh when the returning user asks to', async () => {
    const clock = new Clock();
    const chat = flowChat({ clock });
    await play(chat, [['printer', /Which device/]]);
    clock.advanceHours(24 * 3);
    await play(chat, [
      ['so where were we', /Welcome back/],
      ['start fresh', /start fresh\. What's the problem\?/],
      ['my printer is not printing', /Which device/],
    ]);
  });

  it('does not ask within the resume window', async () => {
    const clock = new Clock();
    const chat = flowChat({ clock });
    await play(chat, [['printer', /Which device/]]);
    clock.advanceHours(11);
    await play(chat, [['laptop', /operating system/]]);
  });
});
