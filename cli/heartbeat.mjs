#!/usr/bin/env node
// The `heartbeat` command: runs cli/main.ts through tsx, so it needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
