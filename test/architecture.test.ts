import { importGraph, LAYERS, pointsUp } from './helpers/import-graph';

describe('the import graph', () => {
  const edges = importGraph();

  test('when the sources are read, then every module belongs to a layer', () => {
    const unplaced = [
      ...new Set(edges.flatMap((e) => [e.fromLayer < 0 ? e.from : [], e.toLayer < 0 ? e.to : []]).flat()),
    ];
    expect(unplaced).toEqual([]);
    expect(edges.length).toBeGreaterThan(100);
  });

  test('when a module imports another, then it imports its own layer or one below', () => {
    const up = edges
      .filter(pointsUp)
      .map((e) => `${e.from} (${LAYERS[e.fromLayer]?.name}) -> ${e.to} (${LAYERS[e.toLayer]?.name})`);
    expect(up).toEqual([]);
  });

  test('when a browser page imports a module, then it is one of the pages own: no server code is bundled for the browser', () => {
    const pages = LAYERS.findIndex((layer) => layer.name === 'browser pages');
    const reaching = edges
      .filter((e) => e.fromLayer === pages && e.toLayer !== pages)
      .map((e) => `${e.from} -> ${e.to}`);
    expect(reaching).toEqual([]);
    expect(edges.some((e) => e.fromLayer === pages)).toBe(true);
  });
});
