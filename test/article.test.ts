/**
 * docs/article.md's traces are produced by examples/article/ (#7): each output block must be exactly what its
 * example prints now; and the respawn-loop example shows sleep as timer -> hub wait -> timer fire -> resume.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ARTICLE, BLOCK, runExample } from '../examples/article/render.js';

const doc = readFileSync(ARTICLE, 'utf8');
const blocks = [...doc.matchAll(BLOCK)].map((m) => ({ name: m[1]!, shown: m[2]! }));

test('the article has an output block for each of its three examples', () => {
  assert.deepEqual(blocks.map((b) => b.name).sort(), [
    'examples/article/01-service-launcher',
    'examples/article/02-respawn-loop',
    'examples/article/03-child-process',
  ]);
});

for (const { name, shown } of blocks) {
  test(`article: ${name} prints what docs/article.md shows`, () => {
    assert.equal(runExample(name), shown, 'run `npm run article` after changing an example');
  });
}

test('article: the parent\'s respawn loop sleeps through one hub timer (L23, G3, H6)', () => {
  const shown = blocks.find((b) => b.name.endsWith('02-respawn-loop'))!.shown;
  const kinds = shown
    .split('\n')
    .filter((l) => /^ {2}(main|hub)/.test(l))
    .map((l) => l.trim().split(/\s+/)[1]);
  assert.deepEqual(kinds, ['timer-add', 'suspend', 'wait', 'timer-fire', 'resume']);
  assert.match(shown, /timers in the heap: 1, staged: 0, 0-timers: 0\n {2}listeners: 0\n {2}green threads: main#1, suspended: true/);
});
