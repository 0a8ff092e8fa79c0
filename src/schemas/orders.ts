import { z } from 'zod';
import { email, idParam, money, phone, queryInteger, text, timestamp } from './common';

export const orderTypes = ['dine_in', 'takeout', 'delivery'] as const;
export const orderStatuses = [
  'pending_payment',
  'payment_failed',
  'paid',
  'preparing',
  'ready',
  'completed',
  'cancelled',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

const MAX_QUANTITY = 20;

const customerInput = z.strictObject({
  name: text(100),
  email,
  phone: phone.optional(),
});

export const createOrderBody = z.strictObject({
  customer: customerInput,
  items: z
    .array(
      z.strictObject({
        menuItemId: idParam,
        quantity: z.number().int().min(1).max(MAX_QUANTITY),
        notes: text(500).optional(),
      }),
    )
    .min(1)
    .max(50),
  type: z.enum(orderTypes).default('dine_in'),
  tableNumber: z.number().int().min(1).max(100).optional(),
});
export type CreateOrderInput = z.output<typeof createOrderBody>;

export const orderLine = z.object({
  menuItemId: z.string(),
  name: z.string(),
  unitPrice: money,
  quantity: z.number().int(),
  lineTotal: money,
  notes: z.string().nullable(),
});

export const order = z.object({
  id: z.string(),
  status: z.enum(orderStatuses),
  type: z.enum(orderTypes),
  tableNumber: z.number().int().nullable(),
  customer: z.object({ name: z.string(), email: z.string(), phone: z.string().nullable() }),
  items: z.array(orderLine),
  subtotal: money,
  tax: money,
  total: money,
  currency: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
  paidAt: timestamp.nullable(),
  kitchenStartedAt: timestamp.nullable(),
  readyAt: timestamp.nullable(),
  completedAt: timestamp.nullable(),
  cancelledAt: timestamp.nullable(),
});
export type Order = z.infer<typeof order>;

export const listOrdersQuery = z.strictObject({
  status: z.enum(orderStatuses).optional(),
  limit: queryInteger(1, 100).default(20),
});
export type ListOrdersQuery = z.output<typeof listOrdersQuery>;

export const orderParams = z.strictObject({ id: idParam });
