import { addTechnician, apiCall, signIn } from './console-harness';
import { useConsoleWorld } from './console-world';

// A technician in the real console (Chromium) on one real server sets their own work e-mail.
jest.setTimeout(180_000);

interface Me {
  technician: { id: string; email?: string };
}

describe('a technician sets their own work e-mail in the console settings', () => {
  const world = useConsoleWorld('Emil Email', 'technician');

  it('saves, keeps, changes and removes only their own address; the API refuses bad or taken ones', async () => {
    const { url } = world.firstline;
    const other = await addTechnician(world.firstline.dataDir, 'Olga Other', 'technician');
    const page = await world.open();
    await signIn(page, url, world.tech.token);

    await page.locator('#settings-open').click();
    await page.locator('#settings-dialog').waitFor({ state: 'visible' });
    expect(await page.locator('#my-email').inputValue()).toBe('');
    // A field an address fits in, between its label and Save (it was a 17-pixel square).
    const field = (await page.locator('#my-email').boundingBox())!;
    const save = (await page.locator('#my-email-save').boundingBox())!;
    expect(field.width).toBeGreaterThan(240);
    expect(field.x + field.width).toBeLessThanOrEqual(save.x);
    // A typo is caught in the page; nothing is stored.
    await page.locator('#my-email').fill('emil at example');
    await page.locator('#my-email-save').click();
    await page.locator('#my-email-status', { hasText: 'not an e-mail address' }).waitFor();
    expect(
      (await apiCall<Me>(url, world.tech.token, 'GET', '/api/console/me')).technician.email,
    ).toBeUndefined();

    // Enter saves (and leaves the dialog open); the domain is kept in lower case.
    await page.locator('#my-email').fill('Emil@Example.COM');
    await page.locator('#my-email').press('Enter');
    await page.locator('#my-email-status', { hasText: 'Saved.' }).waitFor();
    expect(await page.locator('#settings-dialog').isVisible()).toBe(true);
    expect(await page.locator('#my-email').inputValue()).toBe('emil@example.com');
    await page.locator('#settings-dialog [data-close]').last().click();

    // Signed out and in again, the address comes back from the technician record.
    await page.locator('#logout').click();
    await page.locator('#login-view').waitFor({ state: 'visible' });
    await signIn(page, url, world.tech.token);
    await page.locator('#settings-open').click();
    expect(await page.locator('#my-email').inputValue()).toBe('emil@example.com');

    // Only the caller's own record changed.
    expect((await apiCall<Me>(url, other.token, 'GET', '/api/console/me')).technician.email).toBeUndefined();

    // Through the API: not signed in 401, a malformed address 400, another's address 409.
    const put = (token: string | undefined, body: unknown) =>
      fetch(`${url}/api/console/me/email`, {
        method: 'PUT',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
    expect((await put(undefined, { email: 'x@example.com' })).status).toBe(401);
    expect((await put(other.token, { email: 'not an address' })).status).toBe(400);
    expect((await put(other.token, { email: 'x@example.com', technicianId: world.tech.id })).status).toBe(
      400,
    );
    expect((await put(other.token, { email: 'EMIL@example.com' })).status).toBe(409);
    expect((await apiCall<Me>(url, world.tech.token, 'GET', '/api/console/me')).technician.email).toBe(
      'emil@example.com',
    );

    // Emptied in the page: the address is removed.
    await page.locator('#my-email').fill('');
    await page.locator('#my-email-save').click();
    await page.locator('#my-email-status', { hasText: 'Removed.' }).waitFor();
    expect(
      (await apiCall<Me>(url, world.tech.token, 'GET', '/api/console/me')).technician.email,
    ).toBeUndefined();
    // Now free, the other technician may take it.
    expect((await put(other.token, { email: 'emil@example.com' })).status).toBe(200);
    await page.locator('#settings-dialog [data-close]').last().click();
  });
});
