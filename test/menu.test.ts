import { startTestApp, type TestApp } from './helpers/test-app';

describe('menu', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });

  test('when the menu is listed, then it has at least 20 complete items in at least 4 categories', async () => {
    const res = await t.http
      .get('/api/menu')
      .expect(200)
      .expect('content-type', /application\/json/);
    expect(res.body.length).toBeGreaterThanOrEqual(20);
    expect(new Set(res.body.map((item: { category: string }) => item.category)).size).toBeGreaterThanOrEqual(
      4,
    );
    for (const item of res.body) {
      expect(Object.keys(item).sort()).toEqual(
        ['allergens', 'available', 'category', 'description', 'id', 'name', 'prepMinutes', 'price'].sort(),
      );
      expect(Number.isInteger(item.price * 100)).toBe(true);
      expect(item.prepMinutes).toBeGreaterThan(0);
      expect(Array.isArray(item.allergens)).toBe(true);
    }
  });

  test('when a category is given, then only its items come back', async () => {
    const res = await t.http.get('/api/menu?category=desserts').expect(200);
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.body.every((item: { category: string }) => item.category === 'desserts')).toBe(true);
  });

  test('when a category matches nothing, then the list is empty', async () => {
    const res = await t.http.get('/api/menu?category=breakfast').expect(200);
    expect(res.body).toEqual([]);
  });

  test('when the category is not a name, then 400 names the query field', async () => {
    const res = await t.http.get('/api/menu?category=%3Cscript%3E').expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ location: 'query', field: 'category' })]);
  });

  test('when one item is fetched, then it is returned; an unknown id is a 404 problem', async () => {
    const item = await t.http.get('/api/menu/tiramisu').expect(200);
    expect(item.body).toMatchObject({ id: 'tiramisu', category: 'desserts', price: 8.75 });
    const missing = await t.http
      .get('/api/menu/no-such-dish')
      .expect(404)
      .expect('content-type', /problem\+json/);
    expect(missing.body).toMatchObject({ status: 404, code: 'not_found' });
  });
});
