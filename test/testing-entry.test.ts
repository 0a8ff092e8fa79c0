import { LogDirectory } from '../testing';
import { orderBody } from './helpers/factories';
import { startTestApp } from './helpers/test-app';

describe('the testing entry point', () => {
  test('when an order is placed, then the flush control answers once its lines are on disk, and they are found by request and by trace across the files', async () => {
    const t = await startTestApp();
    const logs = new LogDirectory(t.dirs.logDir);
    const order = await t.http
      .post('/api/orders')
      .set('X-Request-Id', 'entry-1')
      .send(orderBody())
      .expect(201);
    const flushed = await t.http.post('/api/logs/flush').expect(200);
    expect(flushed.body.flushed).toEqual(
      expect.arrayContaining(['access.log', 'events.log', 'performance.log']),
    );

    const byRequest = logs.linesOf({ requestId: 'entry-1' });
    const files = new Set(byRequest.map((line) => line.file));
    expect(files).toEqual(new Set(['access.log', 'events.log', 'performance.log']));
    const traceId = order.headers['x-trace-id'];
    expect(
      logs
        .linesOf({ traceId })
        .map((line) => line.file)
        .sort(),
    ).toEqual([...byRequest.map((l) => l.file)].sort());
    expect(logs.records('events.log').find((line) => line.requestId === 'entry-1')).toMatchObject({
      event: 'order_created',
      orderId: order.body.id,
    });
  });

  test('when a line is still to come, then waitFor resolves with it as it lands, and follow sees it too', async () => {
    const t = await startTestApp();
    const logs = new LogDirectory(t.dirs.logDir);
    let follower: { stop(): void } | undefined;
    const followed = new Promise((resolve) => {
      follower = logs.follow('events.log', (record) => {
        if (record.event === 'CART_ADD') resolve(record);
      });
    });
    const coming = logs.waitFor('events.log', (line) => line.event === 'CART_ADD');
    await t.http
      .post('/api/events')
      .send({ event: 'CART_ADD', properties: { menuItemId: 'margherita' } })
      .expect(202);
    expect(await coming).toMatchObject({ event: 'CART_ADD', action: 'journey' });
    await logs.waitFor('access.log', (line) => line.path === '/api/events' && line.status === 202);
    expect(await followed).toMatchObject({ event: 'CART_ADD' });
    follower?.stop();
  });

  test('when no such line comes, then waitFor fails at its deadline saying what it waited for', async () => {
    const t = await startTestApp();
    const logs = new LogDirectory(t.dirs.logDir);
    await expect(logs.waitFor('errors.log', () => true, { timeoutMs: 200 })).rejects.toThrow(
      /nothing matched in .*errors\.log within 200 ms/,
    );
    expect(() => logs.waitFor('error.log' as 'errors.log', () => true)).toThrow(
      /not one of the seven log files/,
    );
  });
});
