export { writePrivateFile } from './write-private-file.js';
