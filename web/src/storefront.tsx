import type { Context } from '@opentelemetry/api';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { call, journeyEvent, Problem } from './api';
import { submitted } from './forms';
import { Layout, ProblemMessage, TraceList } from './layout';
import { boot, currentAction } from './telemetry';

interface MenuItem {
  id: string;
  name: string;
  description: string;
  category: string;
  price: number;
  available: boolean;
}

interface Order {
  id: string;
  status: string;
  total: number;
  currency: string;
  items: { name: string; quantity: number; lineTotal: number }[];
}

type Cart = Record<string, number>;

/** Cards the simulated gateway always declines, with the reason it gives. */
const DECLINING_CARDS: [string, string][] = [
  ['4000 0000 0000 0002', 'do not honor'],
  ['4000 0000 0000 9995', 'insufficient funds'],
  ['4000 0000 0000 0069', 'expired card'],
  ['4000 0000 0000 0127', 'incorrect CVC'],
];

const STEPS = ['paid', 'preparing', 'ready', 'completed'];
const FINAL = new Set(['completed', 'cancelled']);
const CANCELLABLE = new Set(['pending_payment', 'payment_failed', 'paid']);

const money = (value: number, currency = 'USD') =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(value);

function MenuSection({ menu, onAdd }: { menu: MenuItem[]; onAdd: (item: MenuItem) => void }) {
  const categories = [...new Set(menu.map((item) => item.category))];
  return (
    <section aria-labelledby="menu-heading">
      <h2 id="menu-heading">Menu</h2>
      {categories.map((category) => (
        <div key={category}>
          <h3 class="category">{category}</h3>
          <ul class="menu">
            {menu
              .filter((item) => item.category === category)
              .map((item) => (
                <li key={item.id} class="dish">
                  <div>
                    <strong>{item.name}</strong> <span class="price">{money(item.price)}</span>
                    <p>{item.description}</p>
                  </div>
                  <button type="button" disabled={!item.available} onClick={() => onAdd(item)}>
                    Add<span class="visually-hidden"> {item.name}</span>
                  </button>
                </li>
              ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function CartSection(props: { menu: MenuItem[]; cart: Cart; onRemove: (item: MenuItem) => void }) {
  const lines = props.menu.filter((item) => (props.cart[item.id] ?? 0) > 0);
  const total = lines.reduce((sum, item) => sum + item.price * (props.cart[item.id] ?? 0), 0);
  return (
    <section aria-labelledby="cart-heading">
      <h2 id="cart-heading">Your order</h2>
      {lines.length === 0 ? (
        <p>Nothing yet: add a dish from the menu.</p>
      ) : (
        <ul class="cart">
          {lines.map((item) => (
            <li key={item.id}>
              {props.cart[item.id]} × {item.name}{' '}
              <span class="price">{money(item.price * (props.cart[item.id] ?? 0))}</span>
              <button type="button" class="link" onClick={() => props.onRemove(item)}>
                Remove<span class="visually-hidden"> one {item.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <p>
        Subtotal <strong data-testid="subtotal">{money(total)}</strong> (tax added at checkout)
      </p>
    </section>
  );
}

/** A labelled input; its id is unique on the page (`form`-`name`) and its API message is tied to it. */
function Field(props: {
  form: string;
  label: string;
  name: string;
  error?: string;
  [attr: string]: unknown;
}) {
  const { form, label, name, error, ...input } = props;
  const id = `${form}-${name}`;
  return (
    <p class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...input}
      />
      {error && (
        <span id={`${id}-error`} class="error">
          {error}
        </span>
      )}
    </p>
  );
}

/** Field messages keyed by the form field they belong to (`card.number` → `card.number`). */
function fieldErrors(problem: Problem | null): Record<string, string> {
  return Object.fromEntries((problem?.fields ?? []).map((f) => [f.field, f.message]));
}

function Checkout(props: { cart: Cart; onPlaced: (order: Order) => void }) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [order, setOrder] = useState<Order | null>(null);
  const errors = fieldErrors(problem);

  const submit = async (event: Event) => {
    const action = currentAction();
    const value = submitted(event);
    setBusy(true);
    setProblem(null);
    try {
      let placed = order;
      if (!placed) {
        journeyEvent('checkout_started', { lines: Object.keys(props.cart).length }, action);
        placed = await call<Order>('POST', '/api/orders', {
          action,
          body: {
            customer: { name: value('name'), email: value('email') },
            type: value('type'),
            items: Object.entries(props.cart).map(([menuItemId, quantity]) => ({ menuItemId, quantity })),
          },
        });
        setOrder(placed);
      }
      journeyEvent('payment_initiated', { orderId: placed.id }, action);
      const [expMonth, expYear] = value('expiry')
        .split('/')
        .map((part) => Number(part.trim()));
      await call('POST', '/api/payments', {
        action,
        headers: { 'Idempotency-Key': crypto.randomUUID() },
        body: {
          orderId: placed.id,
          method: 'card',
          amount: placed.total,
          card: {
            number: value('card').replace(/\s+/g, ''),
            expMonth,
            expYear: (expYear ?? 0) < 100 ? 2000 + (expYear ?? 0) : expYear,
            cvc: value('cvc'),
          },
        },
      });
      props.onPlaced(placed);
    } catch (error) {
      setProblem(error instanceof Problem ? error : new Problem(0, 'network', String(error), [], null, {}));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="checkout-heading">
      <h2 id="checkout-heading">Checkout</h2>
      <form onSubmit={submit} noValidate aria-labelledby="checkout-heading">
        <Field
          form="checkout"
          label="Name"
          name="name"
          autocomplete="name"
          required
          error={errors['customer.name']}
        />
        <Field
          form="checkout"
          label="Email"
          name="email"
          type="email"
          autocomplete="email"
          required
          error={errors['customer.email']}
        />
        <p class="field">
          <label for="checkout-type">Order type</label>
          <select id="checkout-type" name="type">
            <option value="takeout">Takeout</option>
            <option value="dine_in">Dine in</option>
            <option value="delivery">Delivery</option>
          </select>
        </p>
        <Field
          form="checkout"
          label="Card number"
          name="card"
          inputMode="numeric"
          autocomplete="cc-number"
          defaultValue="4242 4242 4242 4242"
          error={errors['card.number']}
        />
        <Field
          form="checkout"
          label="Expiry (MM/YY)"
          name="expiry"
          autocomplete="cc-exp"
          defaultValue={`12/${(new Date().getFullYear() + 2) % 100}`}
          error={errors['card.expMonth'] ?? errors['card.expYear']}
        />
        <Field
          form="checkout"
          label="CVC"
          name="cvc"
          inputMode="numeric"
          autocomplete="cc-csc"
          defaultValue="123"
          error={errors['card.cvc']}
        />
        {order && (
          <p>
            Order {order.id}: {money(order.total, order.currency)} with tax.
          </p>
        )}
        {problem && (
          <ProblemMessage
            problem={problem}
            retry={problem.code === 'payment_declined' ? 'Try another card and pay again.' : undefined}
          />
        )}
        <button type="submit" disabled={busy || Object.keys(props.cart).length === 0}>
          {order ? 'Pay again' : 'Place order and pay'}
        </button>
      </form>
      <details>
        <summary>Test cards that always decline</summary>
        <ul>
          {DECLINING_CARDS.map(([number, reason]) => (
            <li key={number}>
              <code>{number}</code>: {reason}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

function OrderTracker({ placed, onDone }: { placed: Order; onDone: () => void }) {
  const [order, setOrder] = useState(placed);
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    if (FINAL.has(order.status)) return;
    const timer = setTimeout(() => {
      call<Order>('GET', `/api/orders/${order.id}`, { poll: true }).then(setOrder, (error) =>
        setProblem(error as Problem),
      );
    }, 1000);
    return () => clearTimeout(timer);
  }, [order]);
  const cancel = async () => {
    const action: Context = currentAction();
    try {
      setOrder(await call<Order>('POST', `/api/orders/${order.id}/cancel`, { action }));
    } catch (error) {
      setProblem(error as Problem);
    }
  };
  const reached = STEPS.indexOf(order.status);
  return (
    <section aria-labelledby="status-heading">
      <h2 id="status-heading">Order {order.id}</h2>
      <p role="status" aria-live="polite">
        Status: <strong data-testid="order-status">{order.status}</strong>
      </p>
      <ol class="steps">
        {STEPS.map((step, i) => (
          <li key={step} class={i <= reached ? 'done' : ''}>
            {step}
          </li>
        ))}
      </ol>
      {problem && <ProblemMessage problem={problem} />}
      {CANCELLABLE.has(order.status) && (
        <button type="button" onClick={cancel}>
          Cancel this order
        </button>
      )}
      {FINAL.has(order.status) && (
        <button type="button" onClick={onDone}>
          Start a new order
        </button>
      )}
    </section>
  );
}

function Reservation() {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [booked, setBooked] = useState<{ id: string; tableId: string; time: string } | null>(null);
  const errors = fieldErrors(problem);
  const submit = async (event: Event) => {
    const action = currentAction();
    const value = submitted(event);
    setProblem(null);
    try {
      const at =
        value('date') && value('time') ? new Date(`${value('date')}T${value('time')}`).toISOString() : '';
      setBooked(
        await call('POST', '/api/reservations', {
          action,
          body: { name: value('name'), email: value('email'), partySize: Number(value('party')), time: at },
        }),
      );
    } catch (error) {
      setProblem(error as Problem);
    }
  };
  return (
    <section aria-labelledby="reserve-heading">
      <h2 id="reserve-heading">Book a table</h2>
      <form onSubmit={submit} noValidate aria-labelledby="reserve-heading">
        <Field form="reserve" label="Name" name="name" required error={errors.name} />
        <Field form="reserve" label="Email" name="email" type="email" required error={errors.email} />
        <Field form="reserve" label="Date" name="date" type="date" required error={errors.time} />
        <Field form="reserve" label="Time" name="time" type="time" step="900" defaultValue="19:00" required />
        <Field
          form="reserve"
          label="Party size"
          name="party"
          type="number"
          min="1"
          max="12"
          defaultValue="2"
          error={errors.partySize}
        />
        {problem && (
          <ProblemMessage
            problem={problem}
            retry={
              problem.status === 409
                ? 'We are full at that time; another time or a smaller party may fit.'
                : undefined
            }
          />
        )}
        {booked && (
          <p role="status">
            Booked: table {booked.tableId} on {new Date(booked.time).toLocaleString()} ({booked.id}).
          </p>
        )}
        <button type="submit">Reserve</button>
      </form>
    </section>
  );
}

function Storefront() {
  const [menu, setMenu] = useState<MenuItem[]>([]);
  const [cart, setCart] = useState<Cart>({});
  const [placed, setPlaced] = useState<Order | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    journeyEvent('page_view', { page: '/' });
    call<MenuItem[]>('GET', '/api/menu').then(setMenu, (error) => setProblem(error as Problem));
  }, []);
  const add = (item: MenuItem) => {
    journeyEvent('CART_ADD', { menuItemId: item.id, price: item.price }, currentAction());
    setCart((c) => ({ ...c, [item.id]: (c[item.id] ?? 0) + 1 }));
  };
  const remove = (item: MenuItem) => {
    journeyEvent('CART_REMOVE', { menuItemId: item.id }, currentAction());
    setCart((c) => {
      const { [item.id]: quantity = 0, ...rest } = c;
      return quantity > 1 ? { ...rest, [item.id]: quantity - 1 } : rest;
    });
  };
  return (
    <Layout page="storefront">
      {problem && <ProblemMessage problem={problem} />}
      <div class="columns">
        <MenuSection menu={menu} onAdd={add} />
        <div>
          {placed ? (
            <OrderTracker placed={placed} onDone={() => setPlaced(null)} />
          ) : (
            <>
              <CartSection menu={menu} cart={cart} onRemove={remove} />
              <Checkout
                cart={cart}
                onPlaced={(order) => {
                  setCart({});
                  setPlaced(order);
                }}
              />
            </>
          )}
          <Reservation />
          <TraceList />
        </div>
      </div>
    </Layout>
  );
}

// The order's status, polled every second while it is followed, is not traced from the browser.
boot([/\/api\/orders\/[^/]+$/]).then(() =>
  render(<Storefront />, document.getElementById('app') as HTMLElement),
);
