/** greenhub: eventlet's hub and green threads, and oslo.service's launchers, for Node.js. */
export * from './hub/index.js';
export * from './greenthread/index.js';
