#!/usr/bin/env node
// The greenhub command line (src/launcher/cli.ts, compiled to dist/). `npm run build` first.
import { main } from '../dist/src/launcher/cli.js';

process.exit(await main(process.argv.slice(2)));
