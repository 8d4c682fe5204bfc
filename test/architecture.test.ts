/**
 * The layout's promises, checked over the source: folders never import each other in a loop,
 * and every SQL statement lives in db/. (ESLint's no-restricted-imports rules keep each
 * folder's allowed directions; this catches what a per-file rule cannot see.)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every folder of sources is checked but the tests and benchmarks, which may reach anywhere. */
const UNCHECKED = ['test', 'bench'];

const sources = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.tsx'], {
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => f.includes('/') && !UNCHECKED.includes(f.split('/')[0]!));

const folderOf = (path: string) => (path.includes('/') ? path.split('/')[0]! : '(root)');

function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const from = folderOf(file);
      const to = folderOf(normalize(join(dirname(file), spec!)));
      if (from === to) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
  }
  return graph;
}

function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'visiting') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'visiting');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('layout', () => {
  it('no folder imports another in a loop', () => {
    const graph = folderGraph();
    expect(graph.get('domain') ?? new Set()).toEqual(new Set());
    expect(findCycle(graph)).toBeUndefined();
  });

  it('the cycle check sees a loop when there is one', () => {
    const looped = new Map([
      ['api', new Set(['db'])],
      ['db', new Set(['domain', 'api'])],
    ]);
    expect(findCycle(looped)).toEqual(['api', 'db', 'api']);
  });

  it('every SQL statement is in db/', () => {
    const statement = /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql`/;
    const outside = sources.filter((f) => !f.startsWith('db/') && statement.test(readFileSync(f, 'utf8')));
    expect(outside).toEqual([]);
  });
});
