export { consoleConfigSchema, defaultWebDir, loadConsoleConfig } from './console-config.js';
export type { ConsoleConfig } from './console-config.js';
export { startConsole } from './console-server.js';
export type { ConsoleOptions, RunningConsole } from './console-server.js';
export type { SessionStore } from './sessions.js';
