/** greenhub: eventlet's hub and green threads for Node.js. oslo.service's launchers are in 'greenhub/launcher'. */
export * from './hub/index.js';
export * from './greenthread/index.js';
