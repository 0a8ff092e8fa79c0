import { once } from 'node:events';
import net, { type Socket } from 'node:net';
import { disown, own } from './owned';

/**
 * A TCP relay on loopback that a test can cut, as a network partition or a server going down
 * does: `cut()` drops every connection and refuses new ones, `restore()` lets them through again.
 * Given several targets it is a load balancer: each new connection goes to the next one in turn,
 * and to the one after when a target refuses (it died).
 */
export interface TcpProxy {
  port: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

type Target = { host: string; port: number };

export async function startTcpProxy(targets: Target | readonly Target[]): Promise<TcpProxy> {
  const upstreams = Array.isArray(targets) ? targets : [targets as Target];
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  };
  let open = true;
  let turn = 0;
  const relay = (client: Socket, tries: number) => {
    const target = upstreams[turn++ % upstreams.length] as Target;
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      client.pipe(upstream).pipe(client);
      client.resume();
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    upstream.once('error', () => {
      if (connected) return;
      if (tries + 1 < upstreams.length) relay(client, tries + 1);
      else client.destroy();
    });
  };
  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    track(client);
    if (!open) {
      client.destroy();
      return;
    }
    relay(client, 0);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const proxy: TcpProxy = {
    port: (server.address() as net.AddressInfo).port,
    cut: () => {
      open = false;
      for (const socket of sockets) socket.destroy();
    },
    restore: () => {
      open = true;
    },
    close: async () => {
      disown(proxy);
      proxy.cut();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return own(proxy);
}
