#!/usr/bin/env node
// The greenhub command line (src/launcher/cli.ts, compiled and bundled into dist/pkg). `npm run build` first.
// It runs on the bundle so that the service modules it loads, which import 'greenhub', share its hub.
import { main } from '../dist/pkg/launcher/cli.js';

process.exit(await main(process.argv.slice(2)));
