import { z } from 'zod';
import { idParam, money } from './common';

export const menuCategories = ['starters', 'mains', 'pizza', 'desserts', 'drinks'] as const;
export const allergens = [
  'gluten',
  'dairy',
  'egg',
  'nuts',
  'peanuts',
  'soy',
  'fish',
  'shellfish',
  'sesame',
  'celery',
] as const;

export const menuItem = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.enum(menuCategories),
  price: money,
  prepMinutes: z.number().int().positive(),
  allergens: z.array(z.enum(allergens)),
  available: z.boolean(),
});
export type MenuItem = z.infer<typeof menuItem>;

export const menuQuery = z.strictObject({
  category: z
    .string()
    .regex(/^[a-z_-]{1,32}$/, 'must be a category name')
    .optional()
    .meta({ description: `One of ${menuCategories.join(', ')}; other names match nothing` }),
});

export const menuItemParams = z.strictObject({ id: idParam });
