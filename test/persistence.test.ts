import { cardPayment, hoursFromNow, orderBody, reservationBody } from './helpers/factories';
import { startTestApp, tempDir } from './helpers/test-app';

describe('persistence', () => {
  test('when the app restarts on the same DATA_DIR, then orders, payments and reservations are still there', async () => {
    const dirs = { logDir: tempDir('logs'), dataDir: tempDir('data') };
    const before = await startTestApp({}, {}, dirs);
    const order = (await before.http.post('/api/orders').send(orderBody()).expect(201)).body;
    const payment = (await before.http.post('/api/payments').send(cardPayment(order)).expect(201)).body;
    const reservation = (
      await before.http
        .post('/api/reservations')
        .send(reservationBody({ time: hoursFromNow(30) }))
        .expect(201)
    ).body;
    const unpaid = (await before.http.post('/api/orders').send(orderBody()).expect(201)).body;
    await before.close();

    const after = await startTestApp({}, {}, dirs);
    const reloaded = (await after.http.get(`/api/orders/${order.id}`).expect(200)).body;
    expect(reloaded).toMatchObject({
      id: order.id,
      total: order.total,
      items: order.items,
      paidAt: expect.any(String),
    });
    expect((await after.http.get(`/api/payments/${payment.id}`).expect(200)).body).toEqual(payment);
    expect((await after.http.get(`/api/reservations/${reservation.id}`).expect(200)).body).toEqual(
      reservation,
    );
    expect((await after.http.get(`/api/orders/${unpaid.id}`).expect(200)).body).toEqual(unpaid);
    // Migrations ran once: the menu was not seeded twice.
    const menu = (await after.http.get('/api/menu').expect(200)).body;
    expect(new Set(menu.map((item: { id: string }) => item.id)).size).toBe(menu.length);
    // The restarted app still refuses a second payment for the paid order.
    await after.http.post('/api/payments').send(cardPayment(order)).expect(409);
  });
});
