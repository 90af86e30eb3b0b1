import { play } from '../chat-harness';
import { flowCase, flowChat, library } from './shipped-flow-chat';

describe('shipped flow: power-problems', () => {
  it('is loaded', () => {
    expect(library.get('power-problems')).toBeDefined();
  });

  it('en: a dead laptop that a hard reset brings back', async () => {
    const chat = flowChat();
    await play(chat, [
      ["my laptop won't turn on", /What happens when you press the power button\?/],
      ['Nothing at all: no light, no fan', /was the device dropped, or did any liquid get on it\?/],
      ['no', /Plug the charger straight into a wall socket/],
      ['no', /Give a drained battery time/],
      ['no', /Hard reset/],
      ['yes, it worked', (text) => expect(text).not.toMatch(/technician/)],
    ]);
    const file = await flowCase(chat);
    expect(file.resolution).toMatchObject({ flowId: 'power-problems', nodeId: 'resolved-reset' });
  });

  it('de: a laptop that fell is not switched on again and goes to a technician as high priority', async () => {
    const chat = flowChat();
    await play(chat, [
      ['mein Laptop geht nicht mehr an', /Was passiert, wenn Sie den Einschaltknopf drücken\?/],
      ['Gar nichts: kein Licht, kein Lüfter', /heruntergefallen/],
      ['ja, er ist mir gestern runtergefallen', /bitte nicht mehr einschalten[\s\S]*HD-\d+/],
    ]);
    const file = await flowCase(chat);
    expect(file.handoffRequested).toMatchObject({
      category: 'hardware',
      priority: 'high',
      skills: ['hardware'],
    });
    expect(file.flowSteps ?? []).toEqual([]);
  });

  /** A Polish laptop that shows no sign of life, up to the first step (the charger plugged in directly). */
  async function polishDeadLaptopAtFirstStep() {
    const chat = flowChat();
    await play(chat, [
      ['laptop się nie włącza', /Co się dzieje, gdy naciskasz przycisk zasilania\?/],
      ['Zupełnie nic: bez diody, bez wentylatora', /czy urządzenie upadło/],
      ['nie', /Podłącz ładowarkę bezpośrednio/],
    ]);
    return chat;
  }

  it('pl: nothing helps; the asset tag is noted for the technician', async () => {
    const chat = await polishDeadLaptopAtFirstStep();
    await play(chat, [
      ['nie', /Daj rozładowanej baterii czas/],
      ['nie', /Twardy reset/],
      ['nie', /Odłącz wszystko inne/],
      ['nie', /Spróbuj innej ładowarki/],
      ['nie', /numer inwentarzowy/],
      ['NB-20417', /wymaga naprawy lub wymiany[\s\S]*HD-\d+/],
    ]);
    const file = await flowCase(chat);
    expect(file.facts.assetTag).toBe('NB-20417');
    expect(file.handoffRequested).toMatchObject({ priority: 'high' });
  });

  it('pl: "nie włącza się" at a step is the step not working, kept for the technician', async () => {
    const chat = await polishDeadLaptopAtFirstStep();
    await play(chat, [['nie włącza się', /Daj rozładowanej baterii czas/]]);
    const file = await flowCase(chat);
    expect(file.flowSteps?.at(-1)).toMatchObject({ result: 'failed', said: 'nie włącza się' });
  });

  it('ro: another charger works, so a replacement charger is a ticket, not a hand-over', async () => {
    const chat = flowChat();
    await play(chat, [
      ['laptopul nu mai pornește', /Ce se întâmplă când apăsați butonul de pornire\?/],
      ['Absolut nimic: niciun led, niciun ventilator', /a căzut dispozitivul/],
      ['nu', /Conectați încărcătorul direct/],
      ['nu', /Lăsați bateria descărcată/],
      ['nu', /Resetare forțată/],
      ['nu', /Deconectați tot restul/],
      ['nu', /Încercați alt încărcător/],
      ['da', /încărcătorul dumneavoastră e defect[\s\S]*HD-\d+/],
    ]);
    const file = await flowCase(chat);
    expect(file.ticketRequested).toMatchObject({ flowId: 'power-problems', category: 'hardware' });
    expect(file.handoffRequested).toBeUndefined();
  });

  it('en: a step answered "no" with detail goes on; a "no" with another problem leaves the flow', async () => {
    const chat = flowChat();
    await play(chat, [
      ['pressing the power button does nothing', /What happens when you press the power button\?/],
      ['Nothing at all: no light, no fan', /was the device dropped/],
      ['no, it was on my desk all weekend', /Plug the charger straight into a wall socket/],
      ['no, the charger light is on but the laptop stays dead', /Give a drained battery time/],
      [
        'no. also my VPN does not connect anymore',
        (text) => {
          expect(text).not.toMatch(/Hard reset/);
          expect(text).toMatch(/VPN/);
        },
      ],
    ]);
  });

  it('en: lights but a black screen is checked as a screen problem first', async () => {
    const chat = flowChat();
    await play(chat, [
      ['the computer turns on but the screen stays black', /What happens when you press the power button\?/],
      ['Lights or fan, but the screen stays black', /Check it isn't just the screen/],
      ['yes', /./],
    ]);
    expect((await flowCase(chat)).resolution).toMatchObject({ nodeId: 'resolved-screen' });
  });
});
