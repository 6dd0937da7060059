/** `npm start`'s first port: the hub takes it, each agency ten further. Far from NATS's 4222. */
export const defaultBasePort = 7400;
