import { hoursFromNow, reservationBody } from './helpers/factories';
import { startTestApp, type TestApp } from './helpers/test-app';

describe('reservations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RESERVATION_SEATING_MINUTES: '90' });
  });

  test('when a party books, then the smallest table that seats it is held for one seating', async () => {
    const time = hoursFromNow(24);
    const res = await t.http
      .post('/api/reservations')
      .send(reservationBody({ partySize: 3, time }))
      .expect(201);
    expect(res.body).toMatchObject({
      status: 'confirmed',
      partySize: 3,
      tableSeats: 4,
      time,
      name: 'Grace Hopper',
    });
    expect(Date.parse(res.body.endsAt) - Date.parse(time)).toBe(90 * 60_000);
    expect(res.body.id).toMatch(/^res_/);
  });

  test('when a time has an offset, then it is stored in UTC', async () => {
    const utc = new Date(hoursFromNow(30));
    const local = new Date(utc.getTime() + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
    const res = await t.http
      .post('/api/reservations')
      .send(reservationBody({ time: local }))
      .expect(201);
    expect(res.body.time).toBe(utc.toISOString());
  });

  test('when the only table for 20 is taken, then an overlapping booking is refused with 409 until it is cancelled', async () => {
    const time = hoursFromNow(72);
    const first = await t.http
      .post('/api/reservations')
      .send(reservationBody({ partySize: 20, time }))
      .expect(201);
    expect(first.body.tableSeats).toBe(20);

    const overlapping = new Date(Date.parse(time) + 60 * 60_000).toISOString();
    const refused = await t.http
      .post('/api/reservations')
      .send(reservationBody({ partySize: 12, time: overlapping }))
      .expect(409);
    expect(refused.body.code).toBe('no_table_available');

    // The seating ends 90 minutes after the start: a booking at that minute fits.
    const after = new Date(Date.parse(time) + 90 * 60_000).toISOString();
    await t.http
      .post('/api/reservations')
      .send(reservationBody({ partySize: 20, time: after }))
      .expect(201);

    await t.http.delete(`/api/reservations/${first.body.id}`).expect(200);
    await t.http
      .post('/api/reservations')
      .send(reservationBody({ partySize: 12, time: overlapping }))
      .expect(409);
    const earlier = new Date(Date.parse(time) - 30 * 60_000).toISOString();
    await t.http
      .post('/api/reservations')
      .send(reservationBody({ partySize: 12, time: earlier }))
      .expect(201);
  });

  test('when every table that fits is taken, then small parties spill to bigger tables and then get 409', async () => {
    const time = hoursFromNow(96);
    const seats: number[] = [];
    for (;;) {
      const res = await t.http.post('/api/reservations').send(reservationBody({ partySize: 2, time }));
      if (res.status === 409) break;
      expect(res.status).toBe(201);
      seats.push(res.body.tableSeats);
    }
    // 4 two-tops, 6 four-tops, 3 six-tops, one eight-top and the private room: 15 tables.
    expect(seats).toHaveLength(15);
    expect(seats).toEqual([...seats].sort((a, b) => a - b));
    expect(seats.slice(0, 4)).toEqual([2, 2, 2, 2]);
  });

  test('when many bookings race for the last tables, then no table is double-booked', async () => {
    const time = hoursFromNow(120);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.http.post('/api/reservations').send(reservationBody({ partySize: 6, time })),
      ),
    );
    const booked = results.filter((res) => res.status === 201).map((res) => res.body.tableId);
    expect(booked).toHaveLength(5); // three six-tops, the eight-top and the private room
    expect(new Set(booked).size).toBe(booked.length);
    expect(results.filter((res) => res.status === 409)).toHaveLength(15);
  });

  test.each([
    ['in the past', () => hoursFromNow(-2)],
    ['beyond 60 days', () => hoursFromNow(61 * 24)],
  ])('when the time is %s, then 422 names the time field', async (_case, time) => {
    const res = await t.http
      .post('/api/reservations')
      .send(reservationBody({ time: time() }))
      .expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'time' })]);
  });

  test.each([
    ['party of 0', { partySize: 0 }, 'partySize'],
    ['party of 21', { partySize: 21 }, 'partySize'],
    ['a time without an offset', { time: '2030-01-01T19:00:00' }, 'time'],
    ['a date only', { time: '2030-01-01' }, 'time'],
    ['no name', { name: '' }, 'name'],
  ])('when the body has %s, then 400 names the field', async (_case, overrides, field) => {
    const res = await t.http.post('/api/reservations').send(reservationBody(overrides)).expect(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  test('when reservations are listed for a day, then only that UTC day comes back, by time', async () => {
    const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const late = await t.http
      .post('/api/reservations')
      .send(reservationBody({ time: `${day}T21:00:00Z` }))
      .expect(201);
    const early = await t.http
      .post('/api/reservations')
      .send(reservationBody({ time: `${day}T12:00:00Z` }))
      .expect(201);
    await t.http
      .post('/api/reservations')
      .send(reservationBody({ time: new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString() }))
      .expect(201);

    const res = await t.http.get(`/api/reservations?date=${day}`).expect(200);
    expect(res.body.map((r: { id: string }) => r.id)).toEqual([early.body.id, late.body.id]);
    await t.http.get('/api/reservations?date=2030-13-45').expect(400);
  });

  test('when a reservation is fetched and cancelled twice, then each call is 200 and the second changes nothing', async () => {
    const made = (
      await t.http
        .post('/api/reservations')
        .send(reservationBody({ time: hoursFromNow(200) }))
        .expect(201)
    ).body;
    expect((await t.http.get(`/api/reservations/${made.id}`).expect(200)).body).toEqual(made);
    const once = await t.http.delete(`/api/reservations/${made.id}`).expect(200);
    expect(once.body).toMatchObject({ status: 'cancelled' });
    const twice = await t.http.delete(`/api/reservations/${made.id}`).expect(200);
    expect(twice.body).toEqual(once.body);
    await t.http.get('/api/reservations/res_000000000000000000000000').expect(404);
    await t.http.delete('/api/reservations/res_000000000000000000000000').expect(404);
  });
});
