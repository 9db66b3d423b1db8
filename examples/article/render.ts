/**
 * Rewrites the output blocks of docs/article.md from the examples that produce them, so the doc never shows
 * a pasted trace. A block is
 *   <!-- output: examples/article/NAME.ts -->  ```text ... ```  <!-- end output -->
 * Run: npm run article
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const distRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const repo = resolve(distRoot, '..');
export const ARTICLE = join(repo, 'docs', 'article.md');
export const BLOCK = /<!-- output: (examples\/article\/[\w-]+)\.ts -->\n```text\n([\s\S]*?)```\n<!-- end output -->/g;

/** Runs an example (from dist/) and returns what it printed. */
export function runExample(name: string): string {
  return execFileSync(process.execPath, [join(distRoot, `${name}.js`)], { encoding: 'utf8', timeout: 60_000 });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = readFileSync(ARTICLE, 'utf8');
  const out = text.replace(BLOCK, (_all, name: string) => {
    const output = runExample(name);
    return `<!-- output: ${name}.ts -->\n\`\`\`text\n${output}\`\`\`\n<!-- end output -->`;
  });
  writeFileSync(ARTICLE, out);
  console.log(`docs/article.md: ${[...text.matchAll(BLOCK)].length} output blocks rewritten`);
}
