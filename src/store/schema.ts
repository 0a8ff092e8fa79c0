/**
 * The schema, as the versioned migrations build it: the same SQL on SQLite and PostgreSQL (both
 * read these types, checks, references and partial indexes alike), so the two databases have the
 * same tables and columns and rows map the same way (rows.ts). Money is stored in integer cents;
 * timestamps as ISO 8601 UTC text, which sorts by time. Each backend applies them in order,
 * with the seed (the menu and the tables) as migration 2 in its own parameter syntax; a
 * migration is never edited once released, only followed by a new one.
 */

/** Migration 1: the tables. */
export const TABLES = `
  CREATE TABLE menu_items (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    category TEXT NOT NULL,
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    prep_minutes INTEGER NOT NULL CHECK (prep_minutes > 0),
    allergens TEXT NOT NULL,
    available INTEGER NOT NULL,
    position INTEGER NOT NULL
  );
  CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    type TEXT NOT NULL,
    table_number INTEGER,
    customer_name TEXT NOT NULL,
    customer_email TEXT NOT NULL,
    customer_phone TEXT,
    subtotal_cents INTEGER NOT NULL,
    tax_cents INTEGER NOT NULL,
    total_cents INTEGER NOT NULL,
    currency TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    paid_at TEXT,
    kitchen_started_at TEXT,
    ready_at TEXT,
    completed_at TEXT,
    cancelled_at TEXT
  );
  CREATE INDEX orders_by_created ON orders (created_at);
  CREATE INDEX orders_by_status ON orders (status, created_at);
  CREATE TABLE order_items (
    order_id TEXT NOT NULL REFERENCES orders (id),
    line INTEGER NOT NULL,
    menu_item_id TEXT NOT NULL REFERENCES menu_items (id),
    name TEXT NOT NULL,
    unit_price_cents INTEGER NOT NULL,
    quantity INTEGER NOT NULL,
    prep_minutes INTEGER NOT NULL,
    notes TEXT,
    PRIMARY KEY (order_id, line)
  );
  CREATE TABLE payments (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders (id),
    status TEXT NOT NULL,
    method TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    currency TEXT NOT NULL,
    card_brand TEXT,
    card_last4 TEXT,
    decline_reason TEXT,
    gateway_latency_ms INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX payments_by_order ON payments (order_id);
  -- At most one payment in flight or captured per order: the database refuses a double charge.
  CREATE UNIQUE INDEX payments_one_live_per_order ON payments (order_id)
    WHERE status IN ('processing', 'authorized');
  CREATE TABLE dining_tables (
    id TEXT PRIMARY KEY,
    seats INTEGER NOT NULL CHECK (seats > 0)
  );
  CREATE TABLE reservations (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT,
    party_size INTEGER NOT NULL,
    table_id TEXT NOT NULL REFERENCES dining_tables (id),
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    notes TEXT,
    created_at TEXT NOT NULL,
    cancelled_at TEXT
  );
  CREATE INDEX reservations_by_table ON reservations (table_id, starts_at);
  CREATE INDEX reservations_by_start ON reservations (starts_at);
  CREATE TABLE idempotency_keys (
    key TEXT PRIMARY KEY,
    request_hash TEXT NOT NULL,
    response_status INTEGER,
    response_body TEXT,
    created_at TEXT NOT NULL
  );
  CREATE INDEX idempotency_keys_by_created ON idempotency_keys (created_at);
`;

/** Migration 3: the trace an order was placed in, so the kitchen's later spans can link back to it. */
export const ORDER_ORIGIN = `
  ALTER TABLE orders ADD COLUMN trace_id TEXT;
  ALTER TABLE orders ADD COLUMN span_id TEXT;
`;

/** Migration 4: which kitchen holds an order it owes work, and until when (replicas share the work). */
export const KITCHEN_LEASE = `
  ALTER TABLE orders ADD COLUMN kitchen_owner TEXT;
  ALTER TABLE orders ADD COLUMN kitchen_lease_until TEXT;
  CREATE INDEX orders_kitchen_lease ON orders (kitchen_lease_until)
    WHERE status IN ('paid', 'preparing', 'ready');
`;
