import fs from 'node:fs';
import path from 'node:path';

const README = path.join(__dirname, '..', '..', 'README.md');

/** The first ```language block after `heading` in the README: what a reader would paste. */
export function readmeBlock(heading: string, language: 'bash' | 'ts'): string {
  const text = fs.readFileSync(README, 'utf8');
  const at = text.indexOf(heading);
  if (at < 0) throw new Error(`the README has no "${heading}"`);
  const match = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(text.slice(at));
  if (!match?.[1]) throw new Error(`the README has no ${language} block under "${heading}"`);
  return match[1];
}
